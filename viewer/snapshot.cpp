// Scenes drawn to memory and PNG files by SDL's software renderer (snapshot.h).
#include "transit/viewer/snapshot.h"

#include <SDL.h>

#include <cstring>
#include <memory>

#include "png_file.h"
#include "transit/viewer/font.h"
#include "transit/viewer/renderer.h"

namespace transit::viewer {

namespace {

struct SurfaceDeleter {
  void operator()(SDL_Surface* s) const { SDL_FreeSurface(s); }
};
using SurfacePtr = std::unique_ptr<SDL_Surface, SurfaceDeleter>;

// The scene drawn on a new RGB surface, or nullptr and the reason in `error`.
SurfacePtr draw_surface(const Scene& scene, std::string& error) {
  auto font = find_font();
  if (auto* e = std::get_if<FontError>(&font)) {
    error = e->message;
    return nullptr;
  }
  SurfacePtr surface(SDL_CreateRGBSurfaceWithFormat(0, scene.width, scene.height, 32, SDL_PIXELFORMAT_RGB888));
  if (!surface) {
    error = std::string("SDL: ") + SDL_GetError();
    return nullptr;
  }
  SDL_Renderer* soft = SDL_CreateSoftwareRenderer(surface.get());
  if (!soft) {
    error = std::string("SDL software renderer: ") + SDL_GetError();
    return nullptr;
  }
  {
    auto r = Renderer::create(soft, std::get<std::string>(font));
    if (auto* e = std::get_if<RenderError>(&r)) {
      error = e->message;
      SDL_DestroyRenderer(soft);
      return nullptr;
    }
    std::get<std::unique_ptr<Renderer>>(r)->draw(scene);
    SDL_RenderPresent(soft);
  }
  SDL_DestroyRenderer(soft);
  return surface;
}

}  // namespace

std::string draw_picture(const Scene& scene, Picture& out) {
  std::string error;
  SurfacePtr s = draw_surface(scene, error);
  if (!s) return error;
  out.width = s->w;
  out.height = s->h;
  out.pixels.resize(std::size_t(s->w) * std::size_t(s->h));
  SDL_LockSurface(s.get());
  for (int y = 0; y < s->h; ++y) {
    const auto* row = static_cast<const std::uint8_t*>(s->pixels) + std::size_t(y) * std::size_t(s->pitch);
    for (int x = 0; x < s->w; ++x) {
      std::uint32_t p;
      std::memcpy(&p, row + 4 * x, 4);
      Uint8 r, g, b;
      SDL_GetRGB(p, s->format, &r, &g, &b);
      out.pixels[std::size_t(y) * std::size_t(s->w) + std::size_t(x)] = Colour{r, g, b};
    }
  }
  SDL_UnlockSurface(s.get());
  return "";
}

std::string write_png(const Scene& scene, const std::string& path) {
  std::string error;
  SurfacePtr s = draw_surface(scene, error);
  if (!s) return error;
  return write_png_file(s.get(), path);
}

}  // namespace transit::viewer
