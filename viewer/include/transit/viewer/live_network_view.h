// LiveNetworkView: `transit emu ... --view`: a window on a network run, drawn on a thread of its
// own from the samples the kernel hands over about 60 times a host second (never per instruction
// or signal). Its keys pause the run, run one frame of simulated time, and limit its speed (down to
// real time); a click shows a node's state. At the end the last frame stays on screen (a
// deadlock's chains in red) until the window is closed.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>

#include "transit/viewer/controls.h"
#include "transit/viewer/window_thread.h"
#include "transit/viewer/network_frame.h"
#include "transit/viewer/network_layout.h"
#include "transit/viewer/network_samples.h"
#include "transit/viewer/scene.h"
#include "transit/viewer/snapshot.h"

namespace transit::viewer {

struct LiveOptions {
  std::string title = "transit emu";
  // The occam line of a node's Iptr ("prog.occ:12:5") from the program's line table, for the node
  // panel; "" or no function: the Iptr is shown as an address alone.
  std::function<std::string(int node, std::uint32_t iptr)> iptr_line;
  double link_mbits = 10;
  network::Cycle frame_cycles = 20'000;  // one frame of simulated time for the step key (1 ms at 20 MHz)
  int width = 1024, height = 768;
  double frames_per_second = 60;
};

class LiveNetworkView : public network::NetworkObserver {
 public:
  explicit LiveNetworkView(LiveOptions options);
  ~LiveNetworkView() override;

  // Opens the window on the view's thread; the reason when it cannot ("" when it is open).
  std::string open();
  // After the run: waits until the user closes the window.
  void wait_closed();

  // The kernel's side (network_observer.h).
  void start(const network::Topology& topology, double clock_hz) override;
  bool sample_due(network::Cycle at) override;
  int detail_node() const override;
  Reply sample(const network::NetworkSample& s) override;
  void finished(const network::NetworkSample& s, const network::NetworkResult& r,
                const std::vector<network::WaitChain>& chains) override;

  // The speed limits the +/- keys step through, in simulated seconds per wall second (0: none).
  static constexpr double kSpeedLimits[] = {0, 100, 10, 1};

  // For tests: what the view shows and would do.
  struct State {
    bool paused = false, quit = false, finished = false;
    double speed_limit = 0;
    int selected = -1;
    std::string detail;        // the node panel's text on screen
    std::uint64_t frames = 0;  // frames drawn
  };
  State state() const;
  // The pixels of the next frame drawn (waits for it); the error, or "".
  std::string capture(Picture& out);

 private:
  void window_loop(Window& window);
  void handle(const ControlEvent& c, const Scene& shown);

  LiveOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  // Set by start() and finished(), read by the window thread.
  network::Topology topology_;
  NetworkLayout layout_;
  double clock_hz_ = 20e6;
  bool started_ = false;
  network::NetworkSample latest_;
  std::chrono::steady_clock::time_point latest_wall_;
  std::uint64_t samples_ = 0;
  std::string outcome_ = "running";
  std::vector<network::WaitChain> chains_;
  // Controls, set by the window thread, obeyed by the kernel's.
  State state_;
  network::Cycle step_until_ = 0;  // a step runs the paused network to here
  bool stepping_ = false;
  int detail_ = -1;
  int detail_sampled_ = -1;  // the node of the last sample's detail
  // What sample_due reads without the lock, every few microseconds: whether the run is held (paused
  // or quit), where a step ends (kNever: none), when the next sample is due in wall time.
  std::atomic<bool> hold_{false};
  std::atomic<network::Cycle> step_due_{network::kNever};
  std::atomic<std::chrono::steady_clock::rep> next_sample_{0};
  void publish_controls();  // with the lock held: hold_ and step_due_ from state_ and stepping_
  // The kernel's pacing: the speed limit's origin.
  std::chrono::steady_clock::time_point limit_wall_{};
  network::Cycle limit_cycle_ = 0;
  double limit_ = 0;
  Picture* capture_ = nullptr;
  bool captured_ = false;
  std::string capture_error_;
  WindowThread window_;  // last: its thread stops before the members it reads go
};

}  // namespace transit::viewer
