// Progress lines and the livelock watchdog of a network run (see run_monitor.h).
#include "run_monitor.h"

#include <systemc>

#include <cstdio>
#include <ctime>

#include "node_module.h"
#include "run_batch.h"

namespace transit::network {

namespace {

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

}  // namespace

NetworkSample sample_network(const std::vector<NodeModule*>& modules, Cycle at, int detail_node, bool all_reports) {
  NetworkSample s;
  s.at = at;
  s.nodes.reserve(modules.size());
  for (const NodeModule* m : modules) {
    const NetworkNode& n = m->node();
    NodeSample& x = s.nodes.emplace_back();
    x.now = n.now();
    x.instructions = n.instructions();
    x.idle_cycles = n.idle_cycles();
    x.link_bytes_out = m->stats().link_bytes_out;
    x.activity = n.activity();
    x.failed = x.activity == Activity::Stopped && n.failed();
    x.priority = n.running_priority();
    x.iptr = n.iptr();
    x.waits_on_link = x.activity == Activity::Waiting && n.waits_on_link();
    if (all_reports) s.reports.push_back(n.state_report());
  }
  if (detail_node >= 0 && detail_node < int(modules.size())) {
    s.detail_node = detail_node;
    s.detail = modules[std::size_t(detail_node)]->node().state_report();
  }
  return s;
}

RunMonitor::RunMonitor(const std::vector<NodeModule*>& modules, const NetworkOptions& options, const RunBatch& batch)
    : modules_(modules), options_(options), batch_(batch), start_(std::chrono::steady_clock::now()) {}

void RunMonitor::check() {
  Cycle mark = 0;
  for (const NodeModule* m : modules_) mark += m->node().now();
  if (mark != progress_mark_) {
    progress_mark_ = mark;
    stuck_since_tick_ = ticks_;
    stuck_since_cpu_ = -1;
  } else if (options_.watchdog_seconds > 0) {
    // Host CPU time, not wall time: a run waiting for the host (a key on stdin) uses none.
    double cpu = thread_cpu_seconds();
    if (stuck_since_cpu_ < 0) stuck_since_cpu_ = cpu;
    stuck_cpu_ = cpu - stuck_since_cpu_;
    if (stuck_cpu_ >= options_.watchdog_seconds && !livelocked_) {
      livelocked_ = true;
      sc_core::sc_stop();
    }
  }
  Cycle at = batch_.now();
  if (options_.observer) {
    NetworkObserver& o = *options_.observer;
    if (o.sample_due(at)) {
      NetworkObserver::Reply reply;
      do reply = o.sample(sample_network(modules_, at, o.detail_node()));
      while (reply == NetworkObserver::Reply::again);
      if (reply == NetworkObserver::Reply::stop && !observer_stopped_) {
        observer_stopped_ = true;
        sc_core::sc_stop();
      }
    }
  }
  if (options_.progress) {
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (wall >= next_line_) {
      print_progress(wall, at);
      next_line_ = wall + 1.0;
    }
  }
}

void RunMonitor::print_progress(double wall, Cycle at) {
  std::uint64_t instructions = 0;
  for (const NodeModule* m : modules_) instructions += m->node().instructions();
  double simulated = double(at) / options_.clock_hz;
  std::fprintf(stderr, "%s[transit emu] %.6f s simulated, %llu instructions, %.1f MIPS, %.1f s wall%s",
               options_.progress_overwrite ? "\r" : "", simulated, (unsigned long long)instructions,
               double(instructions) / wall / 1e6, wall, options_.progress_overwrite ? "" : "\n");
  printed_ = true;
}

void RunMonitor::end() {
  if (printed_ && options_.progress_overwrite) std::fputs("\r\033[K", stderr);
}

}  // namespace transit::network
