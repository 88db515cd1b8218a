// `transit verify --view / --snapshot`: a counterexample trace as pictures of the program's processes,
// one per step (a communication, or an ALT's SKIP or timeout): the step's two processes and its
// channel highlighted, and at the end every blocked process and the wait-for cycle in red. The live
// window steps through it with the keys (next, previous, first, last); a picture shows the end.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "transit/process_records.h"
#include "transit/viewer/controls.h"
#include "transit/viewer/process_scene.h"
#include "transit/viewer/scene.h"
#include "transit/viewer/window_thread.h"

namespace transit::viewer {

struct TraceStep {
  std::string text;                       // "philosopher[0] -> fork[0] on left[0]: TRUE  (...)"; the start: ""
  std::uint64_t writer = 0, reader = 0;   // its two processes (record ids; 0: none)
  std::string channel;                    // its channel, "" for a step that is no communication
  ProcessRecords records;                 // the processes after the step
};

struct Trace {
  std::string title;    // the program
  std::string outcome;  // "deadlock after 5 communications"
  bool deadlock = false;  // its end is a deadlock: the blocked processes in red
  std::vector<TraceStep> steps;  // the start first; the last is the state the trace ends in
};

// The picture of step `k` (the last: the end, a deadlock's blocked processes in red); `controls` a key line or "".
// `places`: where its boxes are (tests, hit tests).
Scene trace_scene(const Trace& trace, std::size_t k, const std::string& controls = "", int selected = -1,
                  ProcessPlaces* places = nullptr);

// The trace's end drawn into the PNG `path`: the error, or "".
std::string write_trace_png(const Trace& trace, const std::string& path);

class LiveTraceView {
 public:
  explicit LiveTraceView(Trace trace);
  ~LiveTraceView();
  // Opens the window on the view's thread at the trace's start; the reason when it cannot ("").
  std::string open();
  void wait_closed();

  struct State {
    std::size_t step = 0;  // the step on screen
    int selected = -1;     // the box clicked on
    bool quit = false;
    std::uint64_t frames = 0;
  };
  State state() const;

 private:
  void handle(const ControlEvent& c, const Scene& shown);
  void window_loop(Window& window);

  const Trace trace_;
  mutable std::mutex mutex_;
  State state_;
  WindowThread window_;  // last: its thread stops before the members it reads go
};

}  // namespace transit::viewer
