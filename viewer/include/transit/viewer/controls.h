// The live window's keys and clicks: an SDL event as what it asks the view to do, one table of
// keys that feeds the event handling and the status line that names them.
#pragma once

#include <string>

union SDL_Event;

namespace transit::viewer {

enum class Control { none, pause, step, faster, slower, quit, click, expand };

struct ControlEvent {
  Control control = Control::none;
  int x = 0, y = 0;  // a click's place in the window
  int clicks = 1;    // a click: 2 for a double click
};

ControlEvent control_of(const SDL_Event& e);

// "space: pause  s: one frame  +/-: faster/slower  q: quit  click: a node's state".
std::string controls_help();

}  // namespace transit::viewer
