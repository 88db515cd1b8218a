// Pictures without a screen: a Scene drawn by the software renderer on a memory surface (no video
// driver is needed at all), kept as pixels for tests or written as a PNG with SDL2_image.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "transit/viewer/scene.h"

namespace transit::viewer {

// Pixels of a drawn scene, row by row.
struct Picture {
  int width = 0, height = 0;
  std::vector<Colour> pixels;
  Colour at(int x, int y) const { return pixels[std::size_t(y) * std::size_t(width) + std::size_t(x)]; }
};

// Draws `scene`; the error message when the font or SDL fails ("" on success).
std::string draw_picture(const Scene& scene, Picture& out);
// Draws `scene` into a PNG file; the error message, or "" on success.
std::string write_png(const Scene& scene, const std::string& path);

}  // namespace transit::viewer
