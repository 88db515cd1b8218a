// A live window on a network run (live_network_view.h).
#include "transit/viewer/live_network_view.h"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "transit/viewer/network_scene.h"
#include "transit/viewer/window.h"

namespace transit::viewer {

namespace {

using Clock = std::chrono::steady_clock;

std::string speed_text(double limit) {
  if (limit <= 0) return "full speed";
  if (limit == 1) return "real time";
  char buf[40];
  std::snprintf(buf, sizeof buf, "at most %gx real time", limit);
  return buf;
}

std::string hex(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "#%08X", v);
  return buf;
}

}  // namespace

LiveNetworkView::LiveNetworkView(LiveOptions options) : options_(options) {}

LiveNetworkView::~LiveNetworkView() {
  {
    std::lock_guard lock(mutex_);
    state_.quit = true;
    publish_controls();
  }
  changed_.notify_all();
  window_.join();
}

std::string LiveNetworkView::open() {
  return window_.start(options_.title, options_.width, options_.height, [this](Window& w) { window_loop(w); });
}

void LiveNetworkView::wait_closed() {
  window_.join();
}

void LiveNetworkView::start(const network::Topology& topology, double clock_hz) {
  std::lock_guard lock(mutex_);
  topology_ = topology;
  layout_ = layout_network(topology);
  clock_hz_ = clock_hz;
  started_ = true;
}

bool LiveNetworkView::sample_due(network::Cycle at) {
  if (hold_.load(std::memory_order_relaxed) || at >= step_due_.load(std::memory_order_relaxed)) return true;
  return Clock::now().time_since_epoch().count() >= next_sample_.load(std::memory_order_relaxed);
}

void LiveNetworkView::publish_controls() {
  hold_.store(state_.quit || (state_.paused && !stepping_), std::memory_order_relaxed);
  step_due_.store(stepping_ ? step_until_ : network::kNever, std::memory_order_relaxed);
}

int LiveNetworkView::detail_node() const {
  std::lock_guard lock(mutex_);
  return detail_;
}

network::NetworkObserver::Reply LiveNetworkView::sample(const network::NetworkSample& s) {
  std::unique_lock lock(mutex_);
  latest_ = s;
  latest_wall_ = Clock::now();
  next_sample_.store((latest_wall_ + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(1.0 / options_.frames_per_second)))
                         .time_since_epoch()
                         .count(),
                     std::memory_order_relaxed);
  ++samples_;
  detail_sampled_ = s.detail_node;
  if (stepping_ && s.at >= step_until_) {
    stepping_ = false;
    publish_controls();
  }
  changed_.notify_all();
  // Paused: the run waits here (a click asks for a new sample with that node's state).
  while (!state_.quit && state_.paused && !stepping_) {
    if (detail_ != detail_sampled_) return Reply::again;
    changed_.wait(lock);
  }
  if (state_.quit) return Reply::stop;
  // A speed limit: the run waits until the wall clock has caught up with the simulated time.
  if (limit_ > 0 && s.at > limit_cycle_) {
    double due = double(s.at - limit_cycle_) / clock_hz_ / limit_;
    auto wake = limit_wall_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(due));
    double limit = limit_;
    changed_.wait_until(lock, wake, [&] { return state_.quit || state_.paused || limit_ != limit; });
    if (state_.quit) return Reply::stop;
  }
  return Reply::go_on;
}

void LiveNetworkView::finished(const network::NetworkSample& s, const network::NetworkResult& r,
                               const std::vector<network::WaitChain>& chains) {
  std::lock_guard lock(mutex_);
  latest_ = s;
  latest_wall_ = Clock::now();
  ++samples_;
  outcome_ = outcome_text(r);
  chains_ = chains;
  state_.finished = true;
  state_.paused = false;
  publish_controls();
  changed_.notify_all();
}

LiveNetworkView::State LiveNetworkView::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

std::string LiveNetworkView::capture(Picture& out) {
  std::unique_lock lock(mutex_);
  if (!window_.opened()) return "the window is not open";
  capture_ = &out;
  captured_ = false;
  changed_.wait(lock, [&] { return captured_ || state_.quit; });
  capture_ = nullptr;
  return captured_ ? capture_error_ : "the window was closed";
}

// On the window thread, with the lock held.
void LiveNetworkView::handle(const ControlEvent& c, const Scene& shown) {
  auto restart_limit = [&] {
    limit_wall_ = Clock::now();
    limit_cycle_ = latest_.at;
  };
  switch (c.control) {
    case Control::pause:
      if (state_.finished) break;
      state_.paused = !state_.paused;
      stepping_ = false;
      restart_limit();
      break;
    case Control::step:
      if (state_.finished) break;
      if (!state_.paused) state_.paused = true;
      else {
        stepping_ = true;
        step_until_ = latest_.at + options_.frame_cycles;
      }
      restart_limit();
      break;
    case Control::faster:
    case Control::slower: {
      const double* at = std::find(std::begin(kSpeedLimits), std::end(kSpeedLimits), limit_);
      long i = at - std::begin(kSpeedLimits) + (c.control == Control::slower ? 1 : -1);
      limit_ = kSpeedLimits[std::clamp(i, 0L, long(std::size(kSpeedLimits)) - 1)];
      state_.speed_limit = limit_;
      restart_limit();
      break;
    }
    case Control::quit:
      state_.quit = true;
      break;
    case Control::click:
      detail_ = shown.hit_at(float(c.x), float(c.y));
      state_.selected = detail_;
      break;
    case Control::expand:  // a network has no collapsed boxes, no steps back
    case Control::back:
    case Control::first:
    case Control::last:
    case Control::none:
      break;
  }
  publish_controls();
  changed_.notify_all();
}

void LiveNetworkView::window_loop(Window& window) {

  network::NetworkSample before, now;
  Clock::time_point before_wall{}, now_wall{};
  std::uint64_t seen = 0, frames_drawn = 0;
  Scene scene;
  NetworkFrame shown;
  NetworkLayout layout;
  network::Topology shown_topology;
  bool shown_layout = false;
  NetworkSceneOptions o{options_.width, options_.height, controls_help()};
  auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / options_.frames_per_second));
  for (Clock::time_point next = Clock::now();; next += period) {
    std::vector<ControlEvent> events = window.poll();
    NetworkFrame frame;
    Picture* capture = nullptr;
    bool started = false, fresh = false;
    {  // under the lock only what the kernel's thread writes: copied, then drawn without it
      std::lock_guard lock(mutex_);
      for (const ControlEvent& c : events) handle(c, scene);
      if (state_.quit) break;
      started = started_;
      if (started && samples_ != seen) {  // a new sample: the frame runs from the one shown before to it
        seen = samples_;
        before = std::move(now);
        before_wall = now_wall;
        now = latest_;
        now_wall = latest_wall_;
        fresh = true;
      }
      if (started) {
        frame.chains = chains_;
        frame.outcome = state_.finished ? outcome_ : state_.paused ? "paused" : "running, " + speed_text(limit_);
        if (state_.finished && detail_ >= 0 && std::size_t(detail_) < now.reports.size()) {
          frame.selected = detail_;
          frame.detail = now.reports[std::size_t(detail_)];
        }
        if (!shown_layout) {  // set once by start()
          layout = layout_;
          shown_topology = topology_;
          shown_layout = true;
        }
      }
      capture = capture_;
    }
    std::string shown_detail;
    if (!started) {
      scene = Scene{};
      scene.status.push_back("starting the network...");
    } else {
      if (fresh || frames_drawn == 0) {
        double wall = before.nodes.empty() ? 0 : std::chrono::duration<double>(now_wall - before_wall).count();
        shown = make_frame(shown_topology, before, now, wall, clock_hz_, options_.link_mbits);
      }
      NetworkFrame f = shown;
      f.chains = std::move(frame.chains);
      f.outcome = std::move(frame.outcome);
      if (frame.selected >= 0) f.selected = frame.selected, f.detail = frame.detail;
      if (f.selected >= 0 && std::size_t(f.selected) < now.nodes.size()) {
        std::uint32_t iptr = now.nodes[std::size_t(f.selected)].iptr;
        std::string line = options_.iptr_line ? options_.iptr_line(f.selected, iptr) : "";
        f.detail = "  Iptr " + hex(iptr) + (line.empty() ? "" : " at " + line) + "\n" + f.detail;
      }
      if (f.selected >= 0) shown_detail = f.detail;
      scene = network_scene(shown_topology, layout, f, o);
    }
    ++frames_drawn;
    std::string error = window.present(scene, capture);
    {
      std::lock_guard lock(mutex_);
      ++state_.frames;
      state_.detail = std::move(shown_detail);
      if (capture) {
        captured_ = true;
        capture_error_ = error;
      }
    }
    if (capture) changed_.notify_all();
    std::this_thread::sleep_until(next);
    if (Clock::now() > next + 4 * period) next = Clock::now();  // fell behind: do not run to catch up
  }
  changed_.notify_all();
}

}  // namespace transit::viewer
