// Draws a Scene on an SDL_Renderer (renderer.h).
#include "transit/viewer/renderer.h"

#include <SDL.h>
#include <SDL_ttf.h>

#include <cmath>

#include "transit/viewer/palette.h"

namespace transit::viewer {

namespace {

constexpr int kFontPoints = 14;
constexpr int kSmallPoints = 11;
constexpr std::size_t kMaxCachedTexts = 4096;  // then the cache starts again (labels change slowly)

SDL_Vertex vertex(float x, float y, Colour c) {
  return SDL_Vertex{SDL_FPoint{x, y}, SDL_Color{c.r, c.g, c.b, 255}, SDL_FPoint{0, 0}};
}

}  // namespace

std::variant<std::unique_ptr<Renderer>, RenderError> Renderer::create(SDL_Renderer* target,
                                                                      const std::string& font_path) {
  if (!TTF_WasInit() && TTF_Init() != 0) return RenderError{std::string("SDL2_ttf: ") + TTF_GetError()};
  TTF_Font* font = TTF_OpenFont(font_path.c_str(), kFontPoints);
  TTF_Font* small = font ? TTF_OpenFont(font_path.c_str(), kSmallPoints) : nullptr;
  if (!font || !small) {
    if (font) TTF_CloseFont(font);
    return RenderError{font_path + ": " + TTF_GetError()};
  }
  return std::unique_ptr<Renderer>(new Renderer(target, font, small));
}

Renderer::Renderer(SDL_Renderer* target, TTF_Font* font, TTF_Font* small)
    : target_(target), font_(font), small_(small) {}

Renderer::~Renderer() {
  for (auto& [key, c] : texts_) SDL_DestroyTexture(c.texture);
  TTF_CloseFont(font_);
  TTF_CloseFont(small_);
}

void Renderer::thick_line(const Line& l) {
  if (l.width <= 1 && !l.arrow) {
    SDL_SetRenderDrawColor(target_, l.colour.r, l.colour.g, l.colour.b, 255);
    SDL_RenderDrawLineF(target_, l.x0, l.y0, l.x1, l.y1);
    return;
  }
  float dx = l.x1 - l.x0, dy = l.y1 - l.y0;
  float len = std::sqrt(dx * dx + dy * dy);
  if (len < 0.5f) return;
  float ux = dx / len, uy = dy / len;  // along the line
  float head = l.arrow ? std::min(len * 0.5f, 7.0f + 1.5f * l.width) : 0.0f;
  float ex = l.x1 - ux * head, ey = l.y1 - uy * head;  // where the shaft ends
  float h = std::max(l.width, 1.0f) / 2;
  float nx = -uy * h, ny = ux * h;
  SDL_Vertex quad[6] = {vertex(l.x0 + nx, l.y0 + ny, l.colour), vertex(l.x0 - nx, l.y0 - ny, l.colour),
                        vertex(ex + nx, ey + ny, l.colour),     vertex(ex + nx, ey + ny, l.colour),
                        vertex(l.x0 - nx, l.y0 - ny, l.colour), vertex(ex - nx, ey - ny, l.colour)};
  SDL_RenderGeometry(target_, nullptr, quad, 6, nullptr, 0);
  if (l.arrow) {
    float w = head * 0.6f + h;
    SDL_Vertex tip[3] = {vertex(l.x1, l.y1, l.colour), vertex(ex - uy * w, ey + ux * w, l.colour),
                         vertex(ex + uy * w, ey - ux * w, l.colour)};
    SDL_RenderGeometry(target_, nullptr, tip, 3, nullptr, 0);
  }
}

void Renderer::box(const Box& b) {
  SDL_FRect r{b.x, b.y, b.w, b.h};
  SDL_SetRenderDrawColor(target_, b.fill.r, b.fill.g, b.fill.b, 255);
  SDL_RenderFillRectF(target_, &r);
  SDL_SetRenderDrawColor(target_, b.border.r, b.border.g, b.border.b, 255);
  SDL_RenderDrawRectF(target_, &r);
}

void Renderer::text(const Text& t) {
  if (t.text.empty()) return;
  std::string key;
  key.reserve(t.text.size() + 5);
  key += char(t.colour.r), key += char(t.colour.g), key += char(t.colour.b), key += t.small ? 's' : 'n';
  key += t.text;
  auto it = texts_.find(key);
  if (it == texts_.end()) {
    if (texts_.size() >= kMaxCachedTexts) {
      for (auto& [k, c] : texts_) SDL_DestroyTexture(c.texture);
      texts_.clear();
    }
    SDL_Surface* s = TTF_RenderUTF8_Blended(t.small ? small_ : font_, t.text.c_str(),
                                            SDL_Color{t.colour.r, t.colour.g, t.colour.b, 255});
    if (!s) return;
    SDL_Texture* tex = SDL_CreateTextureFromSurface(target_, s);
    Cached c{tex, s->w, s->h};
    SDL_FreeSurface(s);
    if (!tex) return;
    it = texts_.emplace(std::move(key), c).first;
  }
  SDL_Rect dst{int(std::lround(t.x)), int(std::lround(t.y)), it->second.w, it->second.h};
  SDL_RenderCopy(target_, it->second.texture, nullptr, &dst);
}

void Renderer::draw(const Scene& scene) {
  SDL_SetRenderDrawBlendMode(target_, SDL_BLENDMODE_NONE);
  SDL_SetRenderDrawColor(target_, scene.background.r, scene.background.g, scene.background.b, 255);
  SDL_RenderClear(target_);
  for (const Box& b : scene.backdrops) box(b);
  for (const Line& l : scene.lines) thick_line(l);
  for (const Box& b : scene.boxes) box(b);
  for (const Text& t : scene.texts) text(t);
  int lines = int(scene.status.size());
  if (lines) {
    SDL_Rect bar{0, scene.height - lines * kStatusLineHeight - 4, scene.width, lines * kStatusLineHeight + 4};
    SDL_SetRenderDrawColor(target_, kStatusBar.r, kStatusBar.g, kStatusBar.b, 255);
    SDL_RenderFillRect(target_, &bar);
    for (int i = 0; i < lines; ++i)
      text(Text{6, float(bar.y + 2 + i * kStatusLineHeight), scene.status[std::size_t(i)], kStatusText, false});
  }
}

}  // namespace transit::viewer
