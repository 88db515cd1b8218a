// Renderer: draws a Scene with an SDL_Renderer (a window's or a software renderer on a surface),
// text with SDL2_ttf. Text is rendered once per string and colour and kept as a texture, so a frame
// of a 256-node grid costs its boxes and lines, not its labels.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <variant>

#include "transit/viewer/scene.h"

struct SDL_Renderer;
struct SDL_Texture;
typedef struct _TTF_Font TTF_Font;

namespace transit::viewer {

struct RenderError {
  std::string message;
};

class Renderer {
 public:
  // A renderer drawing on `target` (not owned) with the font at `font_path`; an error when
  // SDL2_ttf cannot start or open it.
  static std::variant<std::unique_ptr<Renderer>, RenderError> create(SDL_Renderer* target, const std::string& font_path);
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  void draw(const Scene& scene);

 private:
  Renderer(SDL_Renderer* target, TTF_Font* font, TTF_Font* small);
  void text(const Text& t);
  void thick_line(const Line& l);
  void box(const Box& b);

  SDL_Renderer* target_;
  TTF_Font* font_;
  TTF_Font* small_;
  struct Cached {
    SDL_Texture* texture;
    int w, h;
  };
  std::unordered_map<std::string, Cached> texts_;  // by colour, size and string
};

}  // namespace transit::viewer
