// NetworkObserver: what a network run shows a watcher (the viewer, viewer/): samples of each node's
// counters taken between node runs when the observer asks (never per instruction or per signal),
// and the last sample at the end with the deadlock's wait chains as data.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "transit/emu/network/network.h"

namespace transit::network {

struct NodeSample {
  Cycle now = 0;
  std::uint64_t instructions = 0;
  Cycle idle_cycles = 0;
  std::array<std::uint64_t, kLinksPerNode> link_bytes_out{};  // data bytes sent so far, by link
  Activity activity = Activity::Running;
  bool failed = false;
  int priority = -1;           // of the running process: 0 high, 1 low, -1 none
  std::uint32_t iptr = 0;      // the instruction pointer
  bool waits_on_link = false;  // a process waits on a link
};

struct NetworkSample {
  Cycle at = 0;  // the kernel's simulated time
  std::vector<NodeSample> nodes;
  int detail_node = -1;  // the node the observer asked about, and its state_report()
  std::string detail;
  std::vector<std::string> reports;  // the last sample only: every node's state_report()
};

// A chain of waits across links, as deadlock_report prints it: `path` alternates a waiting end and
// the end its wire leads to (path[0] -> path[1], path[2] -> path[3], ...); `tail` is how it ends.
struct WaitChain {
  std::vector<LinkEnd> path;
  std::string tail;    // " -> host", " (back to node 3: a cycle)", ...
};

// The chains of waits of nodes in the state they are in (deadlock_report's "chains:").
std::vector<WaitChain> wait_chains(const Topology& topology, const std::vector<std::unique_ptr<NetworkNode>>& nodes);

class NetworkObserver {
 public:
  virtual ~NetworkObserver() = default;
  // Before the run: the network it watches, and the processors' clock.
  virtual void start(const Topology& topology, double clock_hz) = 0;
  // Asked by the kernel's thread between node runs, every few microseconds of host time: keep it cheap.
  virtual bool sample_due(Cycle at) = 0;
  // The node whose state_report() the next sample carries (-1: none).
  virtual int detail_node() const { return -1; }
  // What the observer wants after a sample: go on, a new sample at once (detail_node changed while
  // it held the run), or the run stopped (Outcome::Stopped: the viewer's window was closed).
  enum class Reply { go_on, again, stop };
  // A sample of the running network, on the kernel's thread; blocking here pauses the run.
  virtual Reply sample(const NetworkSample& s) = 0;
  // The last sample, the outcome and (on a deadlock) the chains of waits.
  virtual void finished(const NetworkSample& s, const NetworkResult& r, const std::vector<WaitChain>& chains) = 0;
};

}  // namespace transit::network
