// NetworkFrame: what one frame of a network view shows, computed from two samples of the nodes'
// counters (the frame's start and end): each node's state and utilisation over the frame, each
// link's traffic in each direction in bytes per simulated second, and the run's speed.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "transit/emu/network/network_observer.h"
#include "transit/viewer/palette.h"

namespace transit::viewer {

struct NodeView {
  NodeState state = NodeState::Idle;
  double utilisation = 0;  // 0..1: cycles not idle over the frame's cycles
};

struct NetworkFrame {
  network::Cycle at = 0;
  double clock_hz = 20e6;
  double link_bytes_per_second = 10e6 / 11;  // a link's capacity (11 bits a byte), for line widths
  std::vector<NodeView> nodes;
  std::vector<std::array<double, 2>> edge_rate;  // by topology edge: bytes/s from a to b, from b to a
  std::vector<network::WaitChain> chains;        // at a deadlock
  std::string outcome;                           // "running", "paused", "deadlock", "finished", ...
  double sim_per_wall = 0;                       // simulated seconds per wall second over the frame
  double mips = 0;                               // emulated instructions per wall second, millions
  int selected = -1;                             // the node clicked on, and its state report
  std::string detail;
};

// The frame from `before` to `now` (`wall` seconds apart; 0: the speed is not shown), for processors
// at `clock_hz` with links of `link_mbits`.
NetworkFrame make_frame(const network::Topology& topology, const network::NetworkSample& before,
                        const network::NetworkSample& now, double wall, double clock_hz, double link_mbits);

// A node's state in a sample.
NodeState node_state(const network::NodeSample& s);

}  // namespace transit::viewer
