// NodeModule: one transputer as a SystemC module, and LinkWire: one link as a timed point-to-point
// connection between two modules. A module's method runs at the SystemC time equal to its node's
// cycle, lets the node run ahead as far as its neighbours' times allow (conservative lookahead, see
// docs/network.md), hands what it sent to the wires, and sleeps until its next cycle or event.
#pragma once

#include <systemc>

#include <array>
#include <vector>

#include "network.h"

namespace transit::network {

class NodeModule;

// One direction-agnostic wire: carries signals from either end to the other, delivered in the
// receiver at their own time (the sender already added the link latency).
struct LinkWire {
  NodeModule* end[2] = {nullptr, nullptr};
  int link[2] = {0, 0};
};

class NodeModule : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(NodeModule);
  // The run ends (sc_stop) when the root stops, or when any node stops on an error.
  NodeModule(sc_core::sc_module_name name, int id, bool root, NetworkNode& node, sc_core::sc_time cycle_time);

  void attach(int link, LinkWire* wire, int side) { wires_[std::size_t(link)] = {wire, side}; }

  // A signal delivered from a neighbour: handed to the node, and the module woken at its time.
  void deliver(const LinkSignal& s);

  // The earliest cycle at which this node could send a signal, as far as `asking` (a neighbour,
  // which caps its own run after each signal it sends) needs to know.
  Cycle earliest_send(const NodeModule& asking) const;
  // Every module of the network, for the bound on waiting nodes (set once before the run).
  void set_network(const std::vector<NodeModule*>* all) { all_ = all; }

  // Upper bound of the run: the network's cycle limit, and a cap so progress lines stay live.
  void set_limit(Cycle max_cycles, bool run_ahead) {
    max_cycles_ = max_cycles;
    run_ahead_ = run_ahead;
  }

  NetworkNode& node() { return node_; }
  const NodeStats& stats() const { return stats_; }
  std::uint64_t steps() const { return steps_; }
  int id() const { return id_; }

 private:
  void start_of_simulation() override;
  void step();
  void wake_at(Cycle c);
  Cycle now_cycles() const;
  Cycle safe_until() const;
  Cycle earliest_action() const;

  struct Attachment {
    LinkWire* wire = nullptr;
    int side = 0;
  };

  int id_;
  bool root_;
  NetworkNode& node_;
  sc_core::sc_time cycle_time_;
  sc_core::sc_event wake_;
  Cycle wake_at_ = kNever;
  Cycle max_cycles_ = kNever;
  bool run_ahead_ = true;
  std::array<Attachment, kLinksPerNode> wires_{};
  const std::vector<NodeModule*>* all_ = nullptr;
  std::vector<LinkSignal> sent_;
  NodeStats stats_;
  std::uint64_t steps_ = 0;
};

}  // namespace transit::network
