// A network run's last frame as a PNG (network_picture.h).
#include "transit/viewer/network_picture.h"

#include "transit/viewer/network_scene.h"
#include "transit/viewer/snapshot.h"

namespace transit::viewer {

std::string outcome_text(const network::NetworkResult& r) {
  switch (r.outcome) {
    case network::Outcome::Finished: return "finished";
    case network::Outcome::Failed: return "a node halted on an error";
    case network::Outcome::Deadlock: return "deadlock (the chains of waits in red)";
    case network::Outcome::CycleLimit: return "stopped at cycle " + std::to_string(r.end_cycle);
    case network::Outcome::Livelock: return "livelock (no node's clock moves)";
    case network::Outcome::Stopped: return "stopped (the view was closed)";
  }
  return "";
}

NetworkPicture::NetworkPicture(PictureOptions options)
    : options_(std::move(options)), samples_(options_.frame_cycles) {}

void NetworkPicture::start(const network::Topology& topology, double clock_hz) {
  topology_ = topology;
  layout_ = layout_network(topology);
  clock_hz_ = clock_hz;
}

void NetworkPicture::finished(const network::NetworkSample& s, const network::NetworkResult& r,
                              const std::vector<network::WaitChain>& chains) {
  NetworkFrame f = make_frame(topology_, samples_.start_for(s.at), s, 0, clock_hz_, options_.link_mbits);
  f.chains = chains;
  f.outcome = outcome_text(r);
  NetworkSceneOptions o;
  o.width = options_.width;
  o.height = options_.height;
  error_ = write_png(network_scene(topology_, layout_, f, o), options_.path);
}

}  // namespace transit::viewer
