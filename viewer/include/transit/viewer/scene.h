// Scene: one frame of a picture as a list of shapes in window pixels (boxes, lines with arrow
// heads, text), built from a model by network_scene / process_scene and drawn by the renderer, so
// what is drawn can be tested without SDL and the same scene makes a window frame or a PNG.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace transit::viewer {

struct Colour {
  std::uint8_t r = 0, g = 0, b = 0;
  friend bool operator==(const Colour&, const Colour&) = default;
};

struct Box {
  float x = 0, y = 0, w = 0, h = 0;
  Colour fill;
  Colour border;
  int hit = -1;  // what a click on it selects (a node or a process group), -1: nothing
};

struct Line {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  Colour colour;
  float width = 1;
  bool arrow = false;  // an arrow head at (x1, y1)
};

struct Text {
  float x = 0, y = 0;
  std::string text;
  Colour colour;
  bool small = false;  // the small font (labels inside boxes)
};

struct Scene {
  int width = 1024, height = 768;
  Colour background{250, 250, 250};
  std::vector<Box> backdrops;  // drawn first: panels that group boxes
  std::vector<Line> lines;     // then lines, under the boxes
  std::vector<Box> boxes;
  std::vector<Text> texts;  // drawn last
  std::vector<std::string> status;  // the status bar's lines, at the bottom

  // The `hit` of the topmost box at (x, y), or -1.
  int hit_at(float x, float y) const {
    for (auto it = boxes.rbegin(); it != boxes.rend(); ++it)
      if (it->hit >= 0 && x >= it->x && x < it->x + it->w && y >= it->y && y < it->y + it->h) return it->hit;
    return -1;
  }
};

// The line from the border of a box centred at (ax, ay) with half sizes (ahw, ahh) to the border of
// one at (bx, by) (bhw, bhh), moved `offset` pixels to its right (in screen coordinates).
Line line_between(float ax, float ay, float ahw, float ahh, float bx, float by, float bhw, float bhh, float offset);

// Lines of the status bar at the bottom of the window, in pixels each.
inline constexpr int kStatusLineHeight = 18;

}  // namespace transit::viewer
