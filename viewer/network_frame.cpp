// A frame of a network view from two samples (network_frame.h).
#include "transit/viewer/network_frame.h"

namespace transit::viewer {

using network::Activity;

NodeState node_state(const network::NodeSample& s) {
  switch (s.activity) {
    case Activity::Running:
      return s.priority == 0 ? NodeState::RunningHigh : NodeState::RunningLow;
    case Activity::Waiting:
      return s.waits_on_link ? NodeState::WaitingLink : NodeState::Idle;
    case Activity::Stopped:
      return s.failed ? NodeState::Failed : NodeState::Finished;
  }
  return NodeState::Idle;
}

NetworkFrame make_frame(const network::Topology& topology, const network::NetworkSample& before,
                        const network::NetworkSample& now, double wall, double clock_hz, double link_mbits) {
  NetworkFrame f;
  f.clock_hz = clock_hz;
  f.link_bytes_per_second = link_mbits * 1e6 / 11;
  f.at = now.at;
  f.nodes.resize(now.nodes.size());
  std::uint64_t instructions = 0;
  for (std::size_t i = 0; i < now.nodes.size(); ++i) {
    const network::NodeSample& n = now.nodes[i];
    const network::NodeSample* b = i < before.nodes.size() ? &before.nodes[i] : nullptr;
    NodeView& v = f.nodes[i];
    v.state = node_state(n);
    network::Cycle cycles = b ? n.now - b->now : n.now;
    network::Cycle idle = b ? n.idle_cycles - b->idle_cycles : n.idle_cycles;
    if (cycles > 0) v.utilisation = 1.0 - double(std::min(idle, cycles)) / double(cycles);
    else v.utilisation = n.activity == Activity::Running ? 1.0 : 0.0;
    instructions += n.instructions - (b ? b->instructions : 0);
  }
  double seconds = double(now.at - (before.nodes.empty() ? 0 : before.at)) / f.clock_hz;
  f.edge_rate.resize(topology.edges.size());
  for (std::size_t e = 0; e < topology.edges.size(); ++e) {
    const network::Edge& edge = topology.edges[e];
    auto sent = [&](network::LinkEnd end) -> double {
      const auto& n = now.nodes[std::size_t(end.node)];
      std::uint64_t bytes = n.link_bytes_out[std::size_t(end.link)];
      if (std::size_t(end.node) < before.nodes.size())
        bytes -= before.nodes[std::size_t(end.node)].link_bytes_out[std::size_t(end.link)];
      return seconds > 0 ? double(bytes) / seconds : 0.0;
    };
    f.edge_rate[e] = {sent(edge.a), sent(edge.b)};
  }
  if (wall > 0) {
    f.sim_per_wall = seconds / wall;
    f.mips = double(instructions) / wall / 1e6;
  }
  f.selected = now.detail_node;
  f.detail = now.detail;
  return f;
}

}  // namespace transit::viewer
