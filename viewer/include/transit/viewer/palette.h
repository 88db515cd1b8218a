// The viewer's colours: one table of states and their colours and names, read by the scenes, the
// legend and the tests (which look for these colours at known places).
#pragma once

#include <string_view>

#include "transit/viewer/scene.h"

namespace transit::viewer {

enum class NodeState : unsigned char {
  RunningHigh,  // a transputer running a high-priority process
  RunningLow,   // ... a low-priority one
  Idle,         // nothing to run, no process waits on a link (timers, internal channels)
  WaitingLink,  // a process waits on a link
  Finished,     // stopped: the program ended
  Failed,       // stopped on an error (halted)
  // Native processes (transit run):
  Ready,        // ready or running
  Input,        // waits to input
  Output,       // waits to output
  Alt,          // waits in an ALT
  Timer,        // waits on a timer
  Other,        // PAR (waits for its children), external, ...
};

struct StateStyle {
  NodeState state;
  std::string_view name;
  Colour colour;
};

inline constexpr StateStyle kStateStyles[] = {
    {NodeState::RunningHigh, "running (high)", {230, 120, 20}},
    {NodeState::RunningLow, "running (low)", {70, 170, 70}},
    {NodeState::Idle, "idle", {190, 190, 190}},
    {NodeState::WaitingLink, "waiting on a link", {80, 130, 220}},
    {NodeState::Finished, "finished", {120, 120, 120}},
    {NodeState::Failed, "halted on error", {150, 40, 150}},
    {NodeState::Ready, "running or ready", {70, 170, 70}},
    {NodeState::Input, "waits to input", {80, 130, 220}},
    {NodeState::Output, "waits to output", {110, 200, 220}},
    {NodeState::Alt, "waits in an ALT", {220, 180, 50}},
    {NodeState::Timer, "waits on a timer", {190, 190, 190}},
    {NodeState::Other, "waits for its PAR", {210, 210, 210}},
};

constexpr const StateStyle& style_of(NodeState s) { return kStateStyles[static_cast<int>(s)]; }
constexpr Colour colour_of(NodeState s) { return style_of(s).colour; }

inline constexpr Colour kInk{20, 20, 20};              // text and borders
inline constexpr Colour kDeadlockRed{220, 20, 20};     // the wait-for cycle, a deadlock's chain
inline constexpr Colour kQuietLink{170, 170, 170};     // a link with no traffic in the frame
inline constexpr Colour kBusyLink{240, 140, 0};        // the busiest link (interpolated from quiet)
inline constexpr Colour kStatusBar{40, 44, 52};
inline constexpr Colour kStatusText{235, 235, 235};
inline constexpr Colour kSelected{0, 0, 0};            // the border of the node clicked on
inline constexpr Colour kStepHighlight{200, 0, 200};   // a trace's current communication (transit verify --view)

}  // namespace transit::viewer
