// The live windows' keys and clicks: an SDL event as what it asks the view to do, one table of
// keys that feeds the event handling and the status lines that name them.
#pragma once

#include <initializer_list>
#include <string>

union SDL_Event;

namespace transit::viewer {

// step: a network's frame, a trace's next step; back, first, last: a trace's (transit verify --view);
// expand: a native program's replicated PAR's box.
enum class Control { none, pause, step, back, first, last, faster, slower, quit, click, expand };

struct ControlEvent {
  Control control = Control::none;
  int x = 0, y = 0;  // a click's place in the window
  int clicks = 1;    // a click: 2 for a double click
};

ControlEvent control_of(const SDL_Event& e);

// A status line naming the keys of each control: "space: pause/go on   s/right: one frame ...".
struct KeyHelp {
  Control control;
  const char* does;
};
std::string keys_help(std::initializer_list<KeyHelp> what);
// The network view's line.
std::string controls_help();

}  // namespace transit::viewer
