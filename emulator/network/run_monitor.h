// RunMonitor: watches a network run from the kernel's thread, between node runs. It prints a
// progress line about once per host second (simulated time, instructions, MIPS), and it is the
// livelock watchdog: when no node's clock has moved while the kernel went on for a bounded amount
// of host CPU time, it stops the run (sc_stop) for run_network to report each node's state
// (docs/network.md, "Liveness"). It also hands the observer (the viewer) its samples when it asks.
// None of these changes what the network computes.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "transit/emu/network/network.h"
#include "transit/emu/network/network_observer.h"

namespace transit::network {

class NodeModule;
class RunBatch;

// Every node's counters now (for `detail_node`, its state report too; with `all_reports`, every node's).
NetworkSample sample_network(const std::vector<NodeModule*>& modules, Cycle at, int detail_node, bool all_reports = false);

class RunMonitor {
 public:
  // `batch` gives the kernel's time (a chain's runs while SystemC's time stands still).
  RunMonitor(const std::vector<NodeModule*>& modules, const NetworkOptions& options, const RunBatch& batch);

  // Called by the kernel at every activation, never while nodes run on other threads.
  void tick() {
    if (++ticks_ % kCheckEvery == 0) check();
  }
  bool livelocked() const { return livelocked_; }
  bool stopped_by_observer() const { return observer_stopped_; }
  bool stopped() const { return livelocked_ || observer_stopped_; }  // it called sc_stop
  double stuck_cpu_seconds() const { return stuck_cpu_; }  // at the livelock: CPU time without progress
  std::uint64_t stuck_ticks() const { return ticks_ - stuck_since_tick_; }
  // Ends the progress display (clears a line overwritten on a terminal).
  void end();

 private:
  static constexpr std::uint64_t kCheckEvery = 64;  // activations: a few microseconds of host time
  void check();
  void print_progress(double wall, Cycle at);

  const std::vector<NodeModule*>& modules_;
  NetworkOptions options_;
  const RunBatch& batch_;
  std::chrono::steady_clock::time_point start_;
  double next_line_ = 1.0;  // wall seconds
  bool printed_ = false;
  std::uint64_t ticks_ = 0;
  // The watchdog: the sum of the nodes' clocks, which only grows; the tick and the thread's CPU
  // time when it last grew (-1: not read yet since then).
  Cycle progress_mark_ = 0;
  std::uint64_t stuck_since_tick_ = 0;
  double stuck_since_cpu_ = -1;
  double stuck_cpu_ = 0;
  bool livelocked_ = false;
  bool observer_stopped_ = false;
};

}  // namespace transit::network
