// Network: runs transputers wired by a Topology on the SystemC kernel, each node a module, each
// link a timed point-to-point wire, and reports how the run ended (finished, deadlock, cycle limit).
// SystemC stays inside this library: this header does not include it.
//
//   std::vector<std::unique_ptr<NetworkNode>> nodes = ...;   // one per topology node
//   NetworkResult r = run_network(topology, nodes, {});
//   if (r.outcome == Outcome::Deadlock) std::fputs(r.report.c_str(), stderr);
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "transit/emu/network/network_node.h"
#include "transit/emu/network/topology.h"

namespace transit::network {

class NetworkObserver;  // network_observer.h: samples of a run for the viewer

struct NetworkOptions {
  Cycle max_cycles = kNever;
  double clock_hz = 20e6;    // for simulated seconds and SystemC time
  int root = 0;              // the run ends when this node stops (the host's node)
  // A progress line on stderr about once per host second (simulated time, instructions, MIPS);
  // progress_overwrite: each over the last (a terminal), else one line each.
  bool progress = false;
  bool progress_overwrite = false;
  // The livelock watchdog: the run stops with Outcome::Livelock when no node's clock moves while
  // the kernel goes on for this much host CPU time (0: never).
  double watchdog_seconds = 5.0;
  // false: every node stops at its safe horizon, computed from its neighbours' clocks alone (the
  // plainest conservative scheme: slower, and the same results, which tests check).
  bool run_ahead = true;
  // false: every activation goes through SystemC's scheduler (RunBatch, chains: the same results,
  // which tests check).
  bool chains = true;
  // Host threads for the nodes' runs. Any number gives the same run, byte for byte and cycle for
  // cycle (docs/network.md, "Parallel runs").
  unsigned threads = 1;
  // Sampled between node runs, when it asks, and at the end (the viewer); never changes the run.
  NetworkObserver* observer = nullptr;
};

enum class Outcome {
  Finished,    // the root stopped by itself (the host's exit), or every node stopped
  Failed,      // a node stopped on an error
  Deadlock,    // every node waits, no timer pending, no signal in flight
  CycleLimit,  // max_cycles reached
  Livelock,    // the watchdog stopped a run whose nodes' clocks no longer moved
  Stopped,     // the observer stopped the run (the viewer's window was closed)
};

struct NodeStats {
  Cycle cycles = 0;
  std::uint64_t instructions = 0;
  Cycle idle_cycles = 0;
  std::uint64_t bytes_in = 0, bytes_out = 0;  // data bytes over links (acknowledges not counted)
  std::array<std::uint64_t, kLinksPerNode> link_bytes_out{};  // bytes_out by link
};

struct NetworkResult {
  Outcome outcome = Outcome::Finished;
  Cycle end_cycle = 0;           // the simulated time at the end
  std::vector<NodeStats> nodes;
  std::uint64_t steps = 0;       // node activations by the kernel (synchronisation points)
  std::uint64_t batches = 0;     // kernel steps that ran the nodes due at one time together
  std::uint64_t shared_runs = 0;  // node runs in batches spread over the host threads
  std::uint64_t chained = 0;      // activations run in chains, without SystemC's scheduler (RunBatch)
  unsigned threads = 1;
  double wall_seconds = 0;
  double cpu_seconds = 0;        // host CPU time of the process during the run
  std::string report;            // deadlock, livelock or failure report, empty otherwise
};

NetworkResult run_network(const Topology& topology, std::vector<std::unique_ptr<NetworkNode>>& nodes,
                          const NetworkOptions& options);

// The deadlock report for nodes in the state they are in (used by run_network; public for tests).
std::string deadlock_report(const Topology& topology, const std::vector<std::unique_ptr<NetworkNode>>& nodes,
                            Cycle at);

// Per-node statistics and totals, as `transit emu --stats` prints them.
std::string format_stats(const NetworkResult& r, double clock_hz);

}  // namespace transit::network
