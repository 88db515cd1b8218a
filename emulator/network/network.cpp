// Builds the SystemC modules and wires of a network, runs it, and reports how it ended.
#include "transit/emu/network/network.h"

#include <chrono>
#include <ctime>
#include <cstdio>
#include <sstream>

#include "transit/emu/network/network_observer.h"
#include "node_module.h"
#include "report_text.h"
#include "run_batch.h"
#include "run_monitor.h"
#include "sim_context.h"

namespace transit::network {

namespace {

std::string end_name(LinkEnd e) { return "node " + std::to_string(e.node) + " link " + std::to_string(e.link); }

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// Each node's state when the watchdog stopped the run: the kernel's view (clock, next event, wake
// time, horizon) and the node's (processes, queues, transfers in flight).
std::string livelock_report(const std::vector<std::unique_ptr<NodeModule>>& modules, const RunMonitor& monitor,
                            Cycle at) {
  std::ostringstream out;
  char line[300];
  std::snprintf(line, sizeof line,
                "livelock at cycle %llu: no node's clock moved in %.1f s of host CPU time while the kernel went "
                "on (%llu activations); each node's state:\n",
                (unsigned long long)at, monitor.stuck_cpu_seconds(), (unsigned long long)monitor.stuck_ticks());
  out << line;
  for (const auto& m : modules) out << "node " << m->id() << ": " << m->kernel_state() << "\n" << m->node().state_report();
  return out.str();
}

}  // namespace

NetworkResult run_network(const Topology& topology, std::vector<std::unique_ptr<NetworkNode>>& nodes,
                          const NetworkOptions& options) {
  if (int(nodes.size()) != topology.nodes) throw std::logic_error("run_network: one node per topology node");
  SimulationContext context;
  sc_core::sc_time cycle_time(1e9 / options.clock_hz, sc_core::SC_NS);

  RunBatch batch("batch", std::max(1u, options.threads));
  std::vector<std::unique_ptr<NodeModule>> modules;
  for (int i = 0; i < topology.nodes; ++i) {
    std::string name = "node" + std::to_string(i);
    modules.push_back(std::make_unique<NodeModule>(name.c_str(), i, i == options.root, *nodes[std::size_t(i)], cycle_time));
    modules.back()->set_limit(options.max_cycles, options.run_ahead);
    modules.back()->set_batch(&batch);
  }
  std::vector<NodeModule*> all;
  for (auto& m : modules) {
    all.push_back(m.get());
    m->set_network(&all);
  }
  batch.set_network(&all, cycle_time, options.max_cycles, options.chains);
  std::vector<LinkWire> wires(topology.edges.size());
  for (std::size_t i = 0; i < topology.edges.size(); ++i) {
    const Edge& e = topology.edges[i];
    LinkWire& w = wires[i];
    w.end[0] = modules[std::size_t(e.a.node)].get();
    w.end[1] = modules[std::size_t(e.b.node)].get();
    w.link[0] = e.a.link;
    w.link[1] = e.b.link;
    w.end[0]->attach(e.a.link, &w, 0);
    w.end[1]->attach(e.b.link, &w, 1);
  }

  if (options.observer) options.observer->start(topology, options.clock_hz);
  auto start = std::chrono::steady_clock::now();
  double cpu_start = cpu_seconds();
  RunMonitor monitor(all, options, batch);
  batch.set_monitor(&monitor);
  if (options.max_cycles == kNever) sc_core::sc_start();
  else sc_core::sc_start(cycle_time * double(options.max_cycles));
  monitor.end();

  NetworkResult r;
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.cpu_seconds = cpu_seconds() - cpu_start;
  r.batches = batch.batches();
  r.shared_runs = batch.shared_runs();
  r.chained = batch.chained();
  r.threads = std::max(1u, options.threads);
  // The nodes' clocks, not SystemC's: sc_start(limit) runs SystemC time to the limit even when
  // the network deadlocked long before.
  r.end_cycle = 0;
  bool root_stopped = false, all_stopped = true;
  std::string failures;
  for (auto& m : modules) {
    NetworkNode& n = m->node();
    NodeStats s = m->stats();
    s.cycles = n.now();
    s.instructions = n.instructions();
    s.idle_cycles = n.idle_cycles();
    r.nodes.push_back(s);
    r.steps += m->steps();
    r.end_cycle = std::max(r.end_cycle, n.now());
    bool stopped = n.activity() == Activity::Stopped;
    all_stopped &= stopped;
    if (stopped && m->id() == options.root) root_stopped = true;
    if (stopped && n.failed())
      failures += "node " + std::to_string(m->id()) + ": " + n.stop_reason() + "\n";
  }
  if (!failures.empty()) {
    r.outcome = Outcome::Failed;
    r.report = failures;
  } else if (monitor.stopped_by_observer()) {
    r.outcome = Outcome::Stopped;
  } else if (monitor.livelocked()) {
    r.outcome = Outcome::Livelock;
    r.report = livelock_report(modules, monitor, r.end_cycle);
  } else if (root_stopped || all_stopped) {
    r.outcome = Outcome::Finished;
  } else if (!sc_core::sc_pending_activity()) {
    r.outcome = Outcome::Deadlock;
    r.report = deadlock_report(topology, nodes, r.end_cycle);
  } else {
    r.outcome = Outcome::CycleLimit;
  }
  if (options.observer) {
    std::vector<WaitChain> chains;
    if (r.outcome == Outcome::Deadlock) chains = wait_chains(topology, nodes);
    options.observer->finished(sample_network(all, r.end_cycle, options.observer->detail_node(), true), r, chains);
  }
  modules.clear();  // before the context that registered them
  return r;
}

std::string deadlock_report(const Topology& topology, const std::vector<std::unique_ptr<NetworkNode>>& nodes,
                            Cycle at) {
  std::ostringstream out;
  out << "deadlock at cycle " << at << ": every node waits, no timer is pending, no link signal is in flight\n";
  std::vector<std::vector<BlockedProcess>> blocked;
  for (const auto& n : nodes) blocked.push_back(n->blocked());

  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const NetworkNode& n = *nodes[i];
    out << "node " << i << ":";
    if (n.activity() == Activity::Stopped) {
      out << " stopped (" << n.stop_reason() << ")\n";
      continue;
    }
    if (blocked[i].empty()) {
      out << " no process waits (all finished)\n";
      continue;
    }
    out << "\n";
    for (const BlockedProcess& p : blocked[i]) {
      if (p.wdesc == 0) {  // not a process: the node itself (e.g. still waiting to boot)
        out << "  " << p.what << "\n";
        continue;
      }
      out << "  process " << hex_word(p.wdesc & ~3u) << (p.wdesc & 1 ? " (low)" : " (high)") << " at Iptr "
          << hex_word(p.iptr) << ": " << p.what;
      if (p.link >= 0) {
        LinkEnd here{int(i), p.link};
        if (topology.host && *topology.host == here) out << " <-> host";
        else if (auto peer = topology.peer(here)) out << (p.input ? " <- " : " -> ") << end_name(*peer);
        else out << " (link not connected)";
      }
      out << "\n";
    }
  }

  std::vector<WaitChain> chains = wait_chains(topology, nodes);
  if (!chains.empty()) {
    out << "chains:\n";
    for (const WaitChain& c : chains) {
      out << "  " << end_name(c.path[0]);
      for (std::size_t k = 1; k < c.path.size(); ++k) out << (k % 2 ? " -> " : ", ") << end_name(c.path[k]);
      out << c.tail << "\n";
    }
  }
  return out.str();
}

// Chains across links: from a process waiting on a link, follow the wire to the node at the other
// end and on through that node's process waiting on another link, until a node repeats (a cycle
// of waits) or the chain ends in internal channels, the host or an unconnected link.
std::vector<WaitChain> wait_chains(const Topology& topology, const std::vector<std::unique_ptr<NetworkNode>>& nodes) {
  std::vector<std::vector<BlockedProcess>> blocked;
  for (const auto& n : nodes) blocked.push_back(n->blocked());
  std::vector<WaitChain> chains;
  std::vector<std::vector<bool>> covered(nodes.size(), std::vector<bool>(kLinksPerNode, false));
  for (std::size_t i = 0; i < nodes.size(); ++i)
    for (const BlockedProcess& p : blocked[i]) {
      if (p.link < 0 || covered[i][std::size_t(p.link)]) continue;  // already part of a chain
      covered[i][std::size_t(p.link)] = true;
      WaitChain chain;
      chain.path.push_back({int(i), p.link});
      std::vector<bool> seen(nodes.size(), false);
      seen[i] = true;
      LinkEnd cur{int(i), p.link};
      for (;;) {
        auto peer = topology.peer(cur);
        if (!peer) {
          chain.tail = (topology.host && *topology.host == cur) ? " -> host" : " -> (not connected)";
          break;
        }
        chain.path.push_back(*peer);
        const BlockedProcess* there = nullptr;
        const BlockedProcess* onward = nullptr;
        for (const BlockedProcess& q : blocked[std::size_t(peer->node)]) {
          if (q.link == peer->link) there = &q;
          else if (q.link >= 0 && !onward) onward = &q;
        }
        if (there) {  // both ends wait: two inputs or two outputs facing each other
          chain.tail = std::string(" (also waits to ") + (there->input ? "input)" : "output)");
          break;
        }
        if (seen[std::size_t(peer->node)]) {
          chain.tail = " (back to node " + std::to_string(peer->node) + ": a cycle)";
          break;
        }
        if (!onward) {
          chain.tail = " (no process waits on this link)";
          break;
        }
        seen[std::size_t(peer->node)] = true;
        cur = {peer->node, onward->link};
        covered[std::size_t(cur.node)][std::size_t(cur.link)] = true;
        chain.path.push_back(cur);
      }
      chains.push_back(std::move(chain));
    }
  return chains;
}

std::string format_stats(const NetworkResult& r, double clock_hz) {
  std::ostringstream out;
  char line[200];
  std::snprintf(line, sizeof line, "%-6s %14s %14s %14s %10s %10s\n", "node", "cycles", "instructions", "idle",
                "bytes in", "bytes out");
  out << line;
  std::uint64_t instr = 0;
  for (std::size_t i = 0; i < r.nodes.size(); ++i) {
    const NodeStats& s = r.nodes[i];
    instr += s.instructions;
    std::snprintf(line, sizeof line, "%-6zu %14llu %14llu %14llu %10llu %10llu\n", i,
                  (unsigned long long)s.cycles, (unsigned long long)s.instructions,
                  (unsigned long long)s.idle_cycles, (unsigned long long)s.bytes_in,
                  (unsigned long long)s.bytes_out);
    out << line;
  }
  double sim = double(r.end_cycle) / clock_hz;
  // MIPS per host core: emulated instructions over the process's CPU time, as for one node.
  double cpu = r.cpu_seconds > 0 ? r.cpu_seconds : 1e-9;
  double wall = r.wall_seconds > 0 ? r.wall_seconds : 1e-9;
  std::snprintf(line, sizeof line,
                "simulated %.6f s in %.3f s wall, %.3f s CPU: %.1f emulated MIPS, simulated/wall %.3f, "
                "%llu kernel steps\n",
                sim, r.wall_seconds, r.cpu_seconds, double(instr) / cpu / 1e6, sim / wall,
                (unsigned long long)r.steps);
  out << line;
  std::snprintf(line, sizeof line,
                "%u host threads: %llu batches (%llu in chains), %llu node runs spread over the threads, %.1f emulated MIPS "
                "over wall time\n",
                r.threads, (unsigned long long)r.batches, (unsigned long long)r.chained, (unsigned long long)r.shared_runs,
                double(instr) / wall / 1e6);
  out << line;
  return out.str();
}

}  // namespace transit::network
