// transit::run: set up a scheduler, run main, and turn the outcome into an exit status and a
// report (deadlock, run-time error, uncaught exception).
#include <csignal>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "attach_server.h"
#include "scheduler.h"
#include "transit/error.h"
#include "transit/net_error.h"
#include "transit/run.h"

namespace transit {
namespace detail {
std::vector<ProcessInfo> snapshot_from(const Process& root);
std::uint64_t allocate_ids(std::size_t count) noexcept;
std::string site_text(const Site& s);
}  // namespace detail

namespace {

void on_sigquit(int) { detail::inspection_requested.fetch_or(detail::inspection_for_sigquit, std::memory_order_relaxed); }

std::string describe_failure(std::exception_ptr error, const detail::Process* p, const std::vector<ProcessInfo>& live) {
  std::ostringstream out;
  std::string name = "?";
  for (const ProcessInfo& info : live)
    if (p && info.id == p->id) name = info.name;
  try {
    std::rethrow_exception(error);
  } catch (const RuntimeError& e) {
    const Site& s = e.site();
    out << "transit: error in process " << (s.process ? s.process : name.c_str()) << " (#" << (p ? p->id : 0)
        << ") at " << detail::site_text(s) << ": " << e.what() << "\n";
    if (!e.calls().empty()) out << "  at " << detail::site_text(s) << calls_text(s, e.calls()) << "\n";
  } catch (const std::exception& e) {
    out << "transit: uncaught exception in main: " << e.what() << "\n";
  } catch (...) {
    out << "transit: uncaught exception of unknown type in main\n";
  }
  return out.str();
}

}  // namespace

namespace detail {

std::string cycles_text(const std::vector<ProcessInfo>& live, const std::vector<std::vector<std::uint64_t>>& cycles,
                        const std::string& none) {
  std::ostringstream out;
  if (cycles.empty()) {
    out << none;
  } else {
    // Each process of a cycle with the file name and line where it waits: "#7 fork (forks.occ:22)".
    std::map<std::uint64_t, std::string> names;
    for (const ProcessInfo& p : live) {
      names[p.id] = p.name;
      if (p.site.file && p.site.line > 0) {
        std::string file = p.site.file;
        names[p.id] += " (" + file.substr(file.rfind('/') + 1) + ":" + std::to_string(p.site.line) + ")";
      }
    }
    out << "wait-for cycles:\n";
    for (const auto& cycle : cycles) {
      out << " ";
      for (std::uint64_t id : cycle) out << " #" << id << " " << names[id] << " ->";
      out << " #" << cycle.front() << " " << names[cycle.front()] << "\n";
    }
  }
  return out.str();
}

}  // namespace detail

std::string deadlock_text(const std::vector<ProcessInfo>& live, const std::vector<std::vector<std::uint64_t>>& cycles,
                          const std::string& headline) {
  std::ostringstream out;
  out << "transit: deadlock: " << headline << "\n";
  out << live.size() << " live processes:\n" << format_processes(live)
      << detail::cycles_text(live, cycles, "no wait-for cycle found (a channel's other end may never have been used)\n");
  return out.str();
}

RunResult run_detailed(Proc main, RunOptions options, Site site) {
  if (detail::active_scheduler) throw std::logic_error("transit::run: a run is already in progress");
  std::optional<detail::ChoiceReplay> replay;
  if (!options.replay.empty()) {
    std::string problem;
    replay = detail::ChoiceReplay::load(options.replay, problem);
    if (!replay) {
      RunResult failed{exit_runtime_error, "transit: cannot replay " + options.replay + ": " + problem + "\n", {}, {}};
      (options.report ? *options.report : std::cerr) << failed.message << std::flush;
      return failed;
    }
    options.threads = 1;  // a replay runs on one thread
  }
  detail::ChoiceRecorder recorder;
  unsigned threads = options.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : options.threads;
  std::unique_ptr<detail::Scheduler> scheduler =
      threads == 1 && options.threads != 0 ? detail::make_deterministic_scheduler(options)
                                            : detail::make_work_stealing_scheduler(options, threads);
  detail::Scheduler& s = *scheduler;
  detail::init_process(s.root, std::move(main), site, &s.root_join);
  if (!options.record.empty()) s.recorder = &recorder;
  if (replay) s.replay = &*replay;
  detail::stable_ids = s.recorder || s.replay;
  s.root.id = detail::stable_ids ? detail::root_key : detail::allocate_ids(1);
  s.root_join.children = &s.root;
  s.root_join.count = 1;
  s.root_join.remaining.store(1);

  void (*previous)(int) = SIG_ERR;
  if (options.handle_sigquit) previous = std::signal(SIGQUIT, on_sigquit);
  detail::active_scheduler = &s;
  detail::multi_threaded = threads > 1 || options.threads == 0;
  std::unique_ptr<detail::AttachServer> attach;
  if (options.attach) {
    std::string problem;
    attach = detail::AttachServer::start(s, problem);
    if (!attach) std::cerr << "transit: attach is off: " << problem << "\n";
    detail::attach_server.store(attach.get(), std::memory_order_release);
  }
  s.ready(&s.root);
  s.execute();
  detail::attach_server.store(nullptr, std::memory_order_release);
  attach.reset();  // inspectors still waiting see the connection close
  detail::multi_threaded = false;
  detail::stable_ids = false;
  detail::tls_current = nullptr;
  if (previous != SIG_ERR) std::signal(SIGQUIT, previous);

  RunResult result;
  std::vector<ProcessInfo> live = detail::snapshot_from(s.root);
  if (s.failure()) {
    try {
      std::rethrow_exception(s.failure());
    } catch (const DeadlockError& e) {  // a closed run deadlocked: its report
      result.status = exit_deadlock;
      result.blocked = e.blocked();
      result.cycles = e.cycles();
      result.message = e.report();
    } catch (const net::NetError&) {  // a network channel failed: its own status
      result.status = net::exit_network_error;
      result.message = describe_failure(s.failure(), s.failed_process(), live);
    } catch (...) {
      result.status = exit_runtime_error;
      result.message = describe_failure(s.failure(), s.failed_process(), live);
    }
  } else if (s.main_done()) {
    if (s.root_join.error) {
      result.status = exit_uncaught_exception;
      result.message = describe_failure(s.root_join.error, nullptr, live);
    }
  } else {
    result.status = exit_deadlock;
    result.blocked = live;
    result.cycles = wait_for_cycles(live);
    result.message = deadlock_text(result.blocked, result.cycles);
  }
  // Tear down what is left. Frames blocked in an outside event are leaked rather than freed
  // under the helper thread that will write into them.
  if (s.externals() == 0 && s.root.root) {
    std::coroutine_handle<> h = s.root.root;
    s.root.root = {};
    h.destroy();
  }
  detail::active_scheduler = nullptr;
  if (s.recorder) {
    std::string problem;
    if (!recorder.write(options.record, problem)) {
      result.message += "transit: cannot write the recording " + options.record + ": " + problem + "\n";
      if (result.status == exit_ok) result.status = exit_runtime_error;
    }
  }
  if (!result.message.empty()) {
    std::ostream& out = options.report ? *options.report : std::cerr;
    out << result.message << std::flush;
  }
  return result;
}

int run(Proc main, RunOptions options, Site site) { return run_detailed(std::move(main), options, site).status; }

void run_closed(Proc body, Site site) {
  // What the caller's thread runs on, put back on every way out (the deterministic scheduler
  // puts back fast_queue itself).
  struct Saved {
    detail::Scheduler* scheduler = detail::active_scheduler;
    detail::Process* process = detail::tls_current;
    ~Saved() {
      detail::active_scheduler = scheduler;
      detail::tls_current = process;
    }
  } saved;
  RunOptions options;
  options.handle_sigquit = false;
  std::unique_ptr<detail::Scheduler> scheduler = detail::make_deterministic_scheduler(options);
  detail::Scheduler& s = *scheduler;
  if (saved.scheduler) s.follow_clock(*saved.scheduler);
  detail::init_process(s.root, std::move(body), site, &s.root_join);
  s.root.id = detail::allocate_ids(1);
  s.root_join.children = &s.root;
  s.root_join.count = 1;
  s.root_join.remaining.store(1);

  detail::active_scheduler = &s;
  s.ready(&s.root);
  s.execute();

  std::exception_ptr error;
  if (s.failure()) {
    error = s.failure();
  } else if (s.main_done()) {
    error = s.root_join.error;
  } else {
    std::vector<ProcessInfo> live = detail::snapshot_from(s.root);
    std::vector<std::vector<std::uint64_t>> cycles = wait_for_cycles(live);
    std::string where = detail::site_text(site);
    std::string text = deadlock_text(live, cycles, "no process of the closed run (FUNCTION or VALOF) at " + where + " can run");
    error = std::make_exception_ptr(DeadlockError(site, std::move(text), std::move(live), std::move(cycles)));
  }
  if (s.externals() == 0 && s.root.root) {  // tear down under the closed run's scheduler
    std::coroutine_handle<> h = s.root.root;
    s.root.root = {};
    h.destroy();
  }
  if (saved.scheduler) saved.scheduler->catch_up_clock(s);
  if (error) std::rethrow_exception(error);
}

}  // namespace transit
