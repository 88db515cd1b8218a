// RunBatch: the nodes due at one SystemC time, run together. Every module woken at a time joins the
// batch; one delta cycle later the batch prepares each node's run from the network as it stands
// (so no node's horizon depends on another's run in the same batch), runs the nodes on the
// WorkerPool's host threads, then finishes them one at a time in node order. The batches, and so
// every result, are the same whatever the number of threads (docs/network.md, "Parallel runs").
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
  std::uint64_t batches() const { return batches_; }
  std::uint64_t shared_runs() const { return runs_; }  // node runs in batches spread over the threads

 private:
  void execute();

  WorkerPool pool_;
  RunMonitor* monitor_ = nullptr;  // told of every activation (progress lines, livelock watchdog)
  sc_core::sc_event ready_;
  std::vector<NodeModule*> joined_, batch_, running_;  // kept to keep their storage
  std::vector<NodeModule*> eager_;  // the modules that may run early (NodeModule::may_run_early)
  std::uint64_t batches_ = 0, runs_ = 0;
};

}  // namespace transit::network
