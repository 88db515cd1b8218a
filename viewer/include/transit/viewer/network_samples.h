// NetworkSamples: the samples a network view keeps, one frame of simulated time apart, so a frame
// always spans about that much time (also the last frame of a run, which ends between two samples).
#pragma once

#include "transit/emu/network/network_observer.h"

namespace transit::viewer {

class NetworkSamples {
 public:
  explicit NetworkSamples(network::Cycle frame_cycles) : frame_cycles_(frame_cycles) {}

  // Whether a sample at `at` starts a new frame.
  bool due(network::Cycle at) const { return at >= newest_.at + frame_cycles_ || newest_.nodes.empty(); }
  void add(const network::NetworkSample& s) {
    older_ = std::move(newest_);
    newest_ = s;
  }
  // The sample a frame ending at `end` starts from: the newest one at least half a frame before it.
  const network::NetworkSample& start_for(network::Cycle end) const {
    return newest_.at + frame_cycles_ / 2 <= end || older_.nodes.empty() ? newest_ : older_;
  }

 private:
  network::Cycle frame_cycles_;
  network::NetworkSample newest_, older_;
};

// How a network run ended, for the status bar: "finished", "deadlock", ...
std::string outcome_text(const network::NetworkResult& r);

}  // namespace transit::viewer
