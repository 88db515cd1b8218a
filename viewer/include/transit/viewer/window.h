// Window: an SDL window with a renderer that shows scenes, hands on the user's keys and clicks,
// and reads back what it shows (tests, screenshots). Used from one thread, the one that opened it.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "transit/viewer/controls.h"
#include "transit/viewer/scene.h"
#include "transit/viewer/snapshot.h"

struct SDL_Window;
struct SDL_Renderer;

namespace transit::viewer {

class Renderer;

class Window {
 public:
  // Opens a window (SDL's video driver: $SDL_VIDEODRIVER, else X11 or Wayland), or says why not.
  static std::variant<std::unique_ptr<Window>, std::string> open(const std::string& title, int width, int height);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  // Draws and shows `scene`; with `capture`, reads back its pixels first (the error, or "").
  std::string present(const Scene& scene, Picture* capture = nullptr);
  // The user's keys and clicks since the last call.
  std::vector<ControlEvent> poll();

 private:
  Window(SDL_Window* w, SDL_Renderer* r, std::unique_ptr<Renderer> renderer);
  std::string capture(Picture& out);
  SDL_Window* window_;
  SDL_Renderer* target_;
  std::unique_ptr<Renderer> renderer_;
};

}  // namespace transit::viewer
