// Keys and clicks of the live windows (controls.h).
#include "transit/viewer/controls.h"

#include <SDL.h>

namespace transit::viewer {

namespace {

struct KeyRow {
  SDL_Keycode key;
  Control control;
  const char* name;  // in the help lines; nullptr: a second key not named there
};

constexpr KeyRow kKeys[] = {
    {SDLK_SPACE, Control::pause, "space"},
    {SDLK_p, Control::pause, nullptr},
    {SDLK_s, Control::step, "s"},
    {SDLK_RIGHT, Control::step, "right"},
    {SDLK_n, Control::step, nullptr},
    {SDLK_LEFT, Control::back, "left"},
    {SDLK_b, Control::back, nullptr},
    {SDLK_HOME, Control::first, "Home"},
    {SDLK_END, Control::last, "End"},
    {SDLK_PLUS, Control::faster, "+"},
    {SDLK_EQUALS, Control::faster, nullptr},
    {SDLK_KP_PLUS, Control::faster, nullptr},
    {SDLK_MINUS, Control::slower, "-"},
    {SDLK_KP_MINUS, Control::slower, nullptr},
    {SDLK_e, Control::expand, "e"},
    {SDLK_RETURN, Control::expand, nullptr},
    {SDLK_q, Control::quit, "q"},
    {SDLK_ESCAPE, Control::quit, nullptr},
};

}  // namespace

ControlEvent control_of(const SDL_Event& e) {
  switch (e.type) {
    case SDL_QUIT:
      return {Control::quit};
    case SDL_WINDOWEVENT:
      if (e.window.event == SDL_WINDOWEVENT_CLOSE) return {Control::quit};
      break;
    case SDL_KEYDOWN:
      for (const KeyRow& k : kKeys)
        if (k.key == e.key.keysym.sym) return {k.control};
      break;
    case SDL_MOUSEBUTTONDOWN:
      if (e.button.button == SDL_BUTTON_LEFT) return {Control::click, e.button.x, e.button.y, e.button.clicks};
      break;
    default:
      break;
  }
  return {};
}

std::string keys_help(std::initializer_list<KeyHelp> what) {
  std::string s;
  for (const KeyHelp& h : what) {
    std::string keys;
    for (const KeyRow& k : kKeys)
      if (k.control == h.control && k.name) keys += (keys.empty() ? "" : "/") + std::string(k.name);
    if (h.control == Control::click) keys = "click";
    s += (s.empty() ? "" : "   ") + keys + ": " + h.does;
  }
  return s;
}

std::string controls_help() {
  return keys_help({{Control::pause, "pause/go on"},
                    {Control::step, "one frame"},
                    {Control::faster, "faster"},
                    {Control::slower, "slower (down to real time)"},
                    {Control::quit, "quit"},
                    {Control::click, "a node's state"}});
}

}  // namespace transit::viewer
