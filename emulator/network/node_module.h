// NodeModule: one transputer as a SystemC module, and LinkWire: one link as a timed point-to-point
// connection between two modules. A module's method runs at the SystemC time equal to its node's
// cycle and joins the RunBatch of that time; the batch lets every node in it run ahead as far as
// its neighbours' times allow (conservative lookahead, see docs/network.md), the runs spread over
// host threads, then hands what each sent to the wires; the module sleeps until its next cycle or event.
#pragma once

#include <systemc>

#include <array>
#include <vector>

#include "transit/emu/network/network.h"

namespace transit::network {

class NodeModule;
class RunBatch;

// The most cycles a node runs in one activation when nothing else bounds it (a node computing
// with no link in use): the grain of parallel runs (RunBatch) and of progress reports. About 100 us
// of host time, far above the cost of an activation.
inline constexpr Cycle kRunCap = Cycle{1} << 16;
// A node runs before its time (RunBatch) only if it can go on this much: fewer, longer runs.
inline constexpr Cycle kEarlyRunMin = kRunCap / 4;

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
  void set_batch(RunBatch* batch) { batch_ = batch; }

  // One activation in three parts, which RunBatch calls for all the modules due at one time.
  // prepare: decides how far the node may run from the network as it is before any of them runs
  // (false: the node has stopped). begin: forgets the wake-up that brought it here.
  bool prepare();
  // Whether the module is in the current batch without being due (RunBatch sets it; true between batches).
  bool early() const { return early_; }
  void set_early(bool e) { early_ = e; }
  bool may_run_early() const { return may_run_early_; }
  void begin();
  // A running node not due yet that can go on now: its last run ended at its cycle cap, not at the
  // safe horizon (it computes, away from the links), and it is not far ahead of SystemC's time. Running it now, with the nodes that are due, up to a window past SystemC's time
  // is as exact as running it at its time (where runs stop never changes what a node computes), and
  // lets the runs of one batch go on in parallel. (Not without run-ahead.)
  bool ready_early() const {
    return may_run_early_ && node_.now() + kEarlyRunMin <= std::min(max_cycles_, now_cycles() + kRunCap);
  }
  // How many cycles the node's last run covered: a guess at the next one's length, for deciding
  // whether a batch is worth spreading over threads (which never changes a result).
  Cycle last_run_cycles() const { return last_run_cycles_; }
  // run: runs the node; touches this node alone, so runs of a batch may go on any host threads.
  void run() { node_.run(until_, safe_, link_safe_); }
  // finish: in a fixed order, one module at a time: hands on the trace and the signals sent, and
  // schedules the next activation.
  void finish();

  // The cycle the module is woken at next (kNever: not woken); whether it ended the run (sc_stop).
  Cycle wake_time() const { return wake_at_; }
  bool ended() const { return ended_; }
  // After a chain (RunBatch): makes SystemC's notification the module's wake-up, at `now` (the
  // chain's time) at the earliest.
  void notify_wake(Cycle now);

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

  // The kernel's view of the node for a livelock report: its clock, next event, wake-up and horizon.
  std::string kernel_state() const;

  NetworkNode& node() { return node_; }
  const NetworkNode& node() const { return node_; }
  const NodeStats& stats() const { return stats_; }
  std::uint64_t steps() const { return steps_; }
  int id() const { return id_; }

 private:
  void start_of_simulation() override;
  void step();  // the SystemC method: joins the batch of this time
  void wake_at(Cycle c);
  Cycle now_cycles() const;
  struct Horizons {
    Cycle processor = kNever, link = kNever;  // run_until's `safe` and `link_safe`
  };
  Horizons safe_horizons() const;
  Cycle earliest_action() const;
  void refresh();  // after the node ran or received a signal: activity_, next_event_, next_action_

  struct Attachment {
    LinkWire* wire = nullptr;
    int side = 0;
  };

  int id_;
  bool root_;
  NetworkNode& node_;
  sc_core::sc_time cycle_time_;
  Cycle lookahead_ = 0, data_lookahead_ = 0, reaction_ = 0;  // the node's (constant), read once: asked at every step
  sc_core::sc_event wake_;
  Cycle wake_at_ = kNever;
  Cycle notified_ = kNever;  // the cycle of SystemC's pending notification of wake_
  // The node's activity, next event and the earliest cycle of its next action (its emission bound
  // when it runs, its next event when it waits), as they stand after its last run or delivery, the
  // only times a node changes: every neighbour asks for them at every step (earliest_send).
  Activity activity_ = Activity::Running;
  Cycle next_action_ = 0, next_event_ = 0;
  Cycle max_cycles_ = kNever;
  bool run_ahead_ = true;
  std::array<Attachment, kLinksPerNode> wires_{};
  const std::vector<NodeModule*>* all_ = nullptr;
  RunBatch* batch_ = nullptr;
  Cycle until_ = 0, safe_ = 0, link_safe_ = 0, woke_at_ = 0;  // the prepared run; woke_at_: SystemC's cycle then
  Cycle last_run_cycles_ = 0, started_at_ = 0, next_before_ = 0;
  bool may_run_early_ = false;  // set by finish(): running, not stopped at the horizon, run-ahead on
  bool early_ = true;
  bool ended_ = false;
  std::vector<LinkSignal> sent_;
  NodeStats stats_;
  std::uint64_t steps_ = 0;
};

}  // namespace transit::network
