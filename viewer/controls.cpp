// Keys and clicks of the live window (controls.h).
#include "transit/viewer/controls.h"

#include <SDL.h>

namespace transit::viewer {

namespace {

struct KeyRow {
  SDL_Keycode key;
  Control control;
  const char* help;  // the first row of a control names it in the help line
};

constexpr KeyRow kKeys[] = {
    {SDLK_SPACE, Control::pause, "space: pause/go on"},
    {SDLK_p, Control::pause, nullptr},
    {SDLK_s, Control::step, "s: one frame"},
    {SDLK_RIGHT, Control::step, nullptr},
    {SDLK_PLUS, Control::faster, "+/-: faster/slower (down to real time)"},
    {SDLK_EQUALS, Control::faster, nullptr},
    {SDLK_KP_PLUS, Control::faster, nullptr},
    {SDLK_MINUS, Control::slower, nullptr},
    {SDLK_KP_MINUS, Control::slower, nullptr},
    {SDLK_e, Control::expand, nullptr},  // native programs: expand or collapse a replicated PAR's box
    {SDLK_RETURN, Control::expand, nullptr},
    {SDLK_q, Control::quit, "q: quit"},
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

std::string controls_help() {
  std::string s;
  for (const KeyRow& k : kKeys)
    if (k.help) s += std::string(s.empty() ? "" : "   ") + k.help;
  return s + "   click: a node's state";
}

}  // namespace transit::viewer
