// The picture of a native program: each PAR's group a framed panel of process boxes (coloured by
// state; a collapsed box shows its count and a bar of its states), the waits as arrows, red on
// a wait-for cycle, and the cycles with their occam lines above the status bar.
#pragma once

#include "transit/viewer/process_model.h"
#include "transit/viewer/scene.h"

namespace transit::viewer {

struct ProcessSceneOptions {
  int width = 1024, height = 768;
  std::string title;     // the program, for the status bar
  std::string controls;  // a status line for the keys (live windows), empty for pictures
  int selected = -1;     // the box clicked on: its processes listed in a panel
  // A step of a trace (transit verify --view): its text as a line over the status bar, the boxes of its
  // two processes (record ids; 0: none) and the channel between them highlighted, and with
  // `blocked_red` (the trace's end) every waiting process's box framed in red.
  std::string step;
  std::uint64_t step_writer = 0, step_reader = 0;
  std::string step_channel;
  bool blocked_red = false;
};

// Where box i is drawn (filled in by process_scene for the tests and hit tests).
struct ProcessPlaces {
  std::vector<Box> boxes;
};

Scene process_scene(const ProcessModel& model, const ProcessSceneOptions& options, ProcessPlaces* places = nullptr);

}  // namespace transit::viewer
