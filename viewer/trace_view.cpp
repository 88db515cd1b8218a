// A counterexample trace, step by step (trace_view.h).
#include "transit/viewer/trace_view.h"

#include <chrono>
#include <thread>

#include "transit/viewer/process_model.h"
#include "transit/viewer/process_scene.h"
#include "transit/viewer/snapshot.h"
#include "transit/viewer/window.h"

namespace transit::viewer {

Scene trace_scene(const Trace& trace, std::size_t k, const std::string& controls, int selected, ProcessPlaces* places) {
  const TraceStep& step = trace.steps.at(k);
  bool end = k + 1 == trace.steps.size();
  ProcessSceneOptions o;
  o.title = trace.title;
  o.controls = controls;
  o.selected = selected;
  o.step = "step " + std::to_string(k) + " of " + std::to_string(trace.steps.size() - 1) + ": " +
           (k == 0 ? "the start (each process runs to its first wait)" : step.text);
  o.step_writer = step.writer;
  o.step_reader = step.reader;
  o.step_channel = step.channel;
  o.blocked_red = end && trace.deadlock;
  ProcessRecords shown = step.records;
  if (!end) shown.cycles.clear();  // the wait-for cycle in red only where the trace ends
  shown.headline = end ? trace.outcome : "on the way";
  return process_scene(process_model(shown), o, places);
}

std::string write_trace_png(const Trace& trace, const std::string& path) {
  if (trace.steps.empty()) return "no trace to draw";
  return write_png(trace_scene(trace, trace.steps.size() - 1), path);
}

LiveTraceView::LiveTraceView(Trace trace) : trace_(std::move(trace)) {}

LiveTraceView::~LiveTraceView() {
  {
    std::lock_guard lock(mutex_);
    state_.quit = true;
  }
  window_.join();
}

std::string LiveTraceView::open() {
  if (trace_.steps.empty()) return "no trace to show";
  return window_.start("transit verify " + trace_.title, 1024, 768, [this](Window& w) { window_loop(w); });
}

void LiveTraceView::wait_closed() { window_.join(); }

LiveTraceView::State LiveTraceView::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

// On the window thread, with the lock held.
void LiveTraceView::handle(const ControlEvent& c, const Scene& shown) {
  std::size_t last = trace_.steps.size() - 1, before = state_.step;
  switch (c.control) {
    case Control::step: state_.step = std::min(last, state_.step + 1); break;
    case Control::back: state_.step = state_.step ? state_.step - 1 : 0; break;
    case Control::first: state_.step = 0; break;
    case Control::last: state_.step = last; break;
    case Control::quit: state_.quit = true; break;
    case Control::click: state_.selected = shown.hit_at(float(c.x), float(c.y)); break;
    default: break;
  }
  if (state_.step != before) state_.selected = -1;  // another state: other boxes
}

void LiveTraceView::window_loop(Window& window) {
  using Clock = std::chrono::steady_clock;
  const std::string controls = keys_help({{Control::step, "next"}, {Control::back, "previous"}, {Control::first, "first"},
                                          {Control::last, "last"}, {Control::quit, "quit"}, {Control::click, "a box's processes"}});
  Scene scene;
  for (Clock::time_point next = Clock::now();; next += std::chrono::milliseconds(33)) {
    State s;
    {
      std::lock_guard lock(mutex_);
      for (const ControlEvent& c : window.poll()) handle(c, scene);
      if (state_.quit) break;
      s = state_;
    }
    scene = trace_scene(trace_, s.step, controls, s.selected);
    window.present(scene);
    {
      std::lock_guard lock(mutex_);
      ++state_.frames;
    }
    std::this_thread::sleep_until(next);
    if (Clock::now() > next + std::chrono::milliseconds(130)) next = Clock::now();
  }
}

}  // namespace transit::viewer
