// NetworkPicture: `transit emu ... --snapshot OUT.png`: watches a network run and, at its end (the
// program's exit, a deadlock, or --snapshot-at's cycle), draws its last frame into a PNG.
#pragma once

#include <string>

#include "transit/viewer/network_layout.h"
#include "transit/viewer/network_samples.h"

namespace transit::viewer {

struct PictureOptions {
  std::string path;             // the PNG to write
  double link_mbits = 10;
  network::Cycle frame_cycles = 20'000;  // the simulated time a frame spans (1 ms at 20 MHz)
  int width = 1024, height = 768;
};

class NetworkPicture : public network::NetworkObserver {
 public:
  explicit NetworkPicture(PictureOptions options);

  void start(const network::Topology& topology, double clock_hz) override;
  bool sample_due(network::Cycle at) override { return samples_.due(at); }
  Reply sample(const network::NetworkSample& s) override {
    samples_.add(s);
    return Reply::go_on;
  }
  void finished(const network::NetworkSample& s, const network::NetworkResult& r,
                const std::vector<network::WaitChain>& chains) override;

  // After the run: "" when the PNG was written, else why not.
  const std::string& error() const { return error_; }

 private:
  network::Topology topology_;
  NetworkLayout layout_;
  PictureOptions options_;
  double clock_hz_ = 20e6;
  NetworkSamples samples_;
  std::string error_ = "the run ended before the picture could be drawn";
};

}  // namespace transit::viewer
