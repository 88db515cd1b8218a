// An SDL window showing scenes (window.h).
#include "transit/viewer/window.h"

#include <SDL.h>

#include <cstdlib>

#include "transit/viewer/font.h"
#include "transit/viewer/renderer.h"

namespace transit::viewer {

std::variant<std::unique_ptr<Window>, std::string> Window::open(const std::string& title, int width, int height) {
  auto font = find_font();
  if (auto* e = std::get_if<FontError>(&font)) return e->message;
  if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) return std::string("cannot open a window: ") + SDL_GetError();
  // With no display SDL falls back on drivers that show nothing: a window nobody sees never closes.
  const std::string driver = SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "";
  const char* asked = std::getenv("SDL_VIDEODRIVER");
  if ((driver == "offscreen" || driver == "dummy") && !(asked && driver == asked)) {
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    return "no display to open a window on (DISPLAY and WAYLAND_DISPLAY are not set); --snapshot draws pictures "
           "without one";
  }
  SDL_Window* w = SDL_CreateWindow(title.c_str(), SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, width, height, 0);
  if (!w) {
    std::string why = std::string("cannot open a window: ") + SDL_GetError();
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    return why;
  }
  SDL_Renderer* r = SDL_CreateRenderer(w, -1, 0);
  if (!r) r = SDL_CreateRenderer(w, -1, SDL_RENDERER_SOFTWARE);
  if (!r) {
    std::string why = std::string("cannot draw in the window: ") + SDL_GetError();
    SDL_DestroyWindow(w);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    return why;
  }
  auto drawer = Renderer::create(r, std::get<std::string>(font));
  if (auto* e = std::get_if<RenderError>(&drawer)) {
    SDL_DestroyRenderer(r);
    SDL_DestroyWindow(w);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    return e->message;
  }
  return std::unique_ptr<Window>(new Window(w, r, std::move(std::get<std::unique_ptr<Renderer>>(drawer))));
}

Window::Window(SDL_Window* w, SDL_Renderer* r, std::unique_ptr<Renderer> renderer)
    : window_(w), target_(r), renderer_(std::move(renderer)) {}

Window::~Window() {
  renderer_.reset();  // its textures belong to target_
  SDL_DestroyRenderer(target_);
  SDL_DestroyWindow(window_);
  SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

std::string Window::present(const Scene& scene, Picture* capture_to) {
  renderer_->draw(scene);
  std::string error = capture_to ? capture(*capture_to) : "";
  SDL_RenderPresent(target_);
  return error;
}

std::vector<ControlEvent> Window::poll() {
  std::vector<ControlEvent> out;
  SDL_Event e;
  while (SDL_PollEvent(&e)) {
    ControlEvent c = control_of(e);
    if (c.control != Control::none) out.push_back(c);
  }
  return out;
}

std::string Window::capture(Picture& out) {
  int w = 0, h = 0;
  if (SDL_GetRendererOutputSize(target_, &w, &h) != 0) return SDL_GetError();
  std::vector<Uint32> pixels(std::size_t(w) * std::size_t(h));
  if (SDL_RenderReadPixels(target_, nullptr, SDL_PIXELFORMAT_RGB888, pixels.data(), w * 4) != 0) return SDL_GetError();
  out.width = w;
  out.height = h;
  out.pixels.resize(pixels.size());
  for (std::size_t i = 0; i < pixels.size(); ++i)
    out.pixels[i] = Colour{Uint8(pixels[i] >> 16), Uint8(pixels[i] >> 8), Uint8(pixels[i])};
  return "";
}

}  // namespace transit::viewer
