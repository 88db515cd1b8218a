// RunBatch: the nodes due at one SystemC time, run together. Every module woken at a time joins the
// batch; one delta cycle later the batch prepares each node's run from the network as it stands
// (so no node's horizon depends on another's run in the same batch), runs the nodes on the
// WorkerPool's host threads, then finishes them one at a time in node order. The batches, and so
// every result, are the same whatever the number of threads (docs/network.md, "Parallel runs").
// A module due alone is run at once; then the modules due after it, one at a time in time order,
// are run in the same call while each would be alone at its time (a chain), without a round
// trip through SystemC's scheduler for each (docs/network.md, "Chains").
#pragma once

#include <systemc>

#include <vector>

#include "node_module.h"
#include "worker_pool.h"

namespace transit::network {

class RunMonitor;

class RunBatch : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(RunBatch);
  RunBatch(sc_core::sc_module_name name, unsigned threads);

  void join(NodeModule* m);
  void set_monitor(RunMonitor* monitor) { monitor_ = monitor; }
  // Every module, the length of a cycle in SystemC time, the run's cycle limit, and whether chains
  // run (false: every activation goes through SystemC's scheduler).
  void set_network(const std::vector<NodeModule*>* all, sc_core::sc_time cycle_time, Cycle max_cycles, bool chains) {
    all_ = all;
    cycle_time_ = cycle_time;
    max_cycles_ = max_cycles;
    chains_ = chains;
  }
  // The kernel's time in cycles: the chain's while one runs, else SystemC's.
  Cycle now() const;
  // While a chain runs: its modules' time (SystemC's stays where the chain began; the wake-ups are
  // notified to SystemC when the chain ends).
  bool chaining() const { return chaining_; }
  Cycle chain_now() const { return chain_now_; }
  std::uint64_t batches() const { return batches_; }
  std::uint64_t shared_runs() const { return runs_; }  // node runs in batches spread over the threads
  std::uint64_t chained() const { return chained_; }   // activations in chains

 private:
  void execute();
  void run_alone(NodeModule* m);
  void chain();

  WorkerPool pool_;
  RunMonitor* monitor_ = nullptr;  // told of every activation (progress lines, livelock watchdog)
  sc_core::sc_event ready_;
  std::vector<NodeModule*> joined_, batch_, running_;  // kept to keep their storage
  std::vector<NodeModule*> eager_;  // the modules that may run early (NodeModule::may_run_early)
  std::uint64_t batches_ = 0, runs_ = 0, chained_ = 0;
  const std::vector<NodeModule*>* all_ = nullptr;
  sc_core::sc_time cycle_time_;
  Cycle max_cycles_ = kNever;
  bool chains_ = false;
  bool chaining_ = false;
  Cycle chain_now_ = 0;
};

}  // namespace transit::network
