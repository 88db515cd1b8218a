// A live window on a native program (live_process_view.h).
#include "transit/viewer/live_process_view.h"

#include <signal.h>

#include <chrono>

#include "transit/attach.h"
#include "transit/viewer/process_model.h"
#include "transit/viewer/process_scene.h"
#include "transit/viewer/window.h"

namespace transit::viewer {

namespace {
using Clock = std::chrono::steady_clock;
constexpr int kAttachTimeoutMs = 250;  // a program that does not answer in time keeps its last picture
}  // namespace

LiveProcessView::LiveProcessView(std::string title, double frames_per_second)
    : title_(std::move(title)), fps_(frames_per_second) {}

LiveProcessView::~LiveProcessView() {
  {
    std::lock_guard lock(mutex_);
    state_.quit = true;
  }
  window_.join();
}

std::string LiveProcessView::open() {
  return window_.start("transit run", 1024, 768, [this](Window& w) { window_loop(w); });
}

void LiveProcessView::watch(pid_t pid) {
  std::lock_guard lock(mutex_);
  pid_ = pid;
}

void LiveProcessView::ended(std::optional<ProcessRecords> last, const std::string& how) {
  std::lock_guard lock(mutex_);
  if (last) records_ = std::move(last);
  how_ = how;
  state_.ended = true;
  state_.paused = false;
}

void LiveProcessView::wait_closed() {
  window_.join();
}

LiveProcessView::State LiveProcessView::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

// On the window thread, with the lock held.
void LiveProcessView::handle(const ControlEvent& c, const Scene& shown) {
  bool running = pid_ > 0 && !state_.ended;
  switch (c.control) {
    case Control::pause:
      if (!running) break;
      state_.paused = !state_.paused;
      ::kill(pid_, state_.paused ? SIGSTOP : SIGCONT);
      break;
    case Control::step:  // one frame of the program's time, then stopped again
      if (!running) break;
      if (!state_.paused) {
        state_.paused = true;
        ::kill(pid_, SIGSTOP);
      } else {
        ::kill(pid_, SIGCONT);
        std::this_thread::sleep_for(std::chrono::duration<double>(1.0 / fps_));
        ::kill(pid_, SIGSTOP);
      }
      break;
    case Control::quit:
      state_.quit = true;
      if (running) {
        ::kill(pid_, SIGTERM);
        ::kill(pid_, SIGCONT);
      }
      break;
    case Control::click:
      state_.selected = shown.hit_at(float(c.x), float(c.y));
      if (c.clicks >= 2) expand_or_collapse(state_.selected);
      break;
    case Control::expand:
      expand_or_collapse(state_.selected);
      break;
    case Control::faster:
    case Control::slower:  // a native program runs on the host's clock: no speed to set
    case Control::back:    // nor steps back
    case Control::first:
    case Control::last:
    case Control::none:
      break;
  }
}

// A collapsed box's processes get a box each; a box of an expanded kind collapses with its kind again.
void LiveProcessView::expand_or_collapse(int box) {
  if (box < 0 || std::size_t(box) >= shown_kinds_.size() || shown_kinds_[std::size_t(box)].empty()) return;
  const std::string& kind = shown_kinds_[std::size_t(box)];
  if (!expanded_.erase(kind)) expanded_.insert(kind);
  state_.expanded = expanded_.size();
  state_.selected = -1;  // the boxes are numbered anew
}

void LiveProcessView::window_loop(Window& window) {
  Scene scene;
  const std::string controls =
      keys_help({{Control::pause, "stop/resume the program"}, {Control::step, "one frame"}, {Control::quit, "quit"},
                 {Control::click, "a box's processes"}, {Control::expand, "(or a double click) expand/collapse"}});
  auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / fps_));
  for (Clock::time_point next = Clock::now();; next += period) {
    pid_t pid;
    bool ask;
    {
      std::lock_guard lock(mutex_);
      for (const ControlEvent& c : window.poll()) handle(c, scene);
      if (state_.quit) break;
      pid = pid_;
      ask = pid > 0 && !state_.ended && !state_.paused;
    }
    // Outside the lock: the program answers at its next scheduling point.
    std::optional<ProcessRecords> fresh;
    if (ask) {
      auto answer = attach_records(pid, kAttachTimeoutMs);
      if (auto* text = std::get_if<std::string>(&answer)) fresh = parse_records(*text);
    }
    ProcessSceneOptions o;
    o.title = title_;
    o.controls = controls;
    std::optional<ProcessRecords> shown;
    std::set<std::string> expanded;
    {
      std::lock_guard lock(mutex_);
      if (fresh && !state_.ended) {
        records_ = std::move(fresh);
        ++state_.polls;
      }
      shown = records_;
      o.selected = state_.selected;
      expanded = expanded_;
      if (shown) shown->headline = state_.ended ? how_ : state_.paused ? "stopped (space resumes)" : "running";
    }
    std::vector<std::string> kinds;
    if (shown) {
      ProcessModel model = process_model(*shown, kCollapseAbove, expanded);
      for (const ProcessBox& b : model.boxes) kinds.push_back(b.kind);
      scene = process_scene(model, o);
    } else {
      scene = Scene{};
      scene.status.push_back(title_ + ": starting...");
    }
    window.present(scene);
    {
      std::lock_guard lock(mutex_);
      ++state_.frames;
      state_.boxes = kinds.size();
      if (expanded == expanded_) shown_kinds_ = std::move(kinds);  // else a key changed them while drawing
    }
    std::this_thread::sleep_until(next);
    if (Clock::now() > next + 4 * period) next = Clock::now();
  }
}

}  // namespace transit::viewer
