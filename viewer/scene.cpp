// Geometry shared by the scenes (scene.h).
#include "transit/viewer/scene.h"

#include <algorithm>
#include <cmath>

#include "transit/viewer/palette.h"

namespace transit::viewer {

Line line_between(float ax, float ay, float ahw, float ahh, float bx, float by, float bhw, float bhh, float offset) {
  float dx = bx - ax, dy = by - ay;
  float len = std::max(std::sqrt(dx * dx + dy * dy), 1e-3f);
  float ux = dx / len, uy = dy / len;
  // From a box's centre to its border along (ux, uy), and a gap of 2 pixels.
  auto reach = [&](float hw, float hh) {
    float tx = std::abs(ux) > 1e-6f ? hw / std::abs(ux) : 1e9f, ty = std::abs(uy) > 1e-6f ? hh / std::abs(uy) : 1e9f;
    return std::min(tx, ty) + 2;
  };
  float ta = reach(ahw, ahh), tb = reach(bhw, bhh);
  float ox = -uy * offset, oy = ux * offset;
  return Line{ax + ux * ta + ox, ay + uy * ta + oy, bx - ux * tb + ox, by - uy * tb + oy, kInk, 1, false};
}

}  // namespace transit::viewer
