// run: start a program's main process on a scheduler and wait until it ends, deadlocks or fails.
// Returns the exit status (the named constants below; docs/runtime.md).
//
//   int main() { return transit::run(main_proc()); }                         // deterministic
//   transit::run(main_proc(), {.seed = 42});                                 // random schedule 42
//   transit::run(main_proc(), {.threads = 0, .real_time = true});            // all cores
//
// threads == 1 selects the deterministic scheduler (one thread; with a seed it picks among ready
// processes at random, and the same seed replays the same schedule). threads == 0 means one
// worker per core, threads > 1 that many workers of the work-stealing scheduler.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "transit/inspect.h"
#include "transit/proc.h"
#include "transit/site.h"

namespace transit {

inline constexpr int exit_ok = 0;                  // main ended
inline constexpr int exit_deadlock = 3;            // no process can run: report printed
inline constexpr int exit_runtime_error = 4;       // a process threw transit::RuntimeError
inline constexpr int exit_uncaught_exception = 5;  // another exception escaped main
// 6: a network channel failed (net::exit_network_error, transit/net_error.h)

struct RunOptions {
  unsigned threads = 1;                 // 1: deterministic; 0: one per core; n: work stealing
  std::optional<std::uint64_t> seed{};  // deterministic scheduler: random choice among ready processes
  bool real_time = false;               // steady clock instead of virtual time
  std::ostream* report = nullptr;       // where reports go (default std::cerr)
  bool handle_sigquit = true;           // print the live processes on SIGQUIT
  bool attach = false;                  // answer `transit attach PID` while running (transit/attach.h)
  std::string record{};                 // write the run's choices (ALT guards, shared-channel partners, clock readings) to this file
  std::string replay{};                 // run on one thread taking the choices recorded in this file
};

struct RunResult {
  int status = exit_ok;
  std::string message;                              // the error or the deadlock report, as printed
  std::vector<ProcessInfo> blocked;                 // on deadlock: every live process
  std::vector<std::vector<std::uint64_t>> cycles;   // on deadlock: the wait-for cycles
};

// Runs main to completion and returns the exit status; reports go to options.report.
// `site` (default: the caller) is main's spawn site in reports.
int run(Proc main, RunOptions options = {}, Site site = Site::current());
// The same, returning the details too (tests use this).
RunResult run_detailed(Proc main, RunOptions options = {}, Site site = Site::current());

// Runs `body`, a process closed to the outside (it talks only over channels it declares, like an
// occam VALOF), to completion on the calling thread in a nested run of the deterministic
// scheduler (FIFO), and returns when it ends. Callable from a plain function inside a process of
// any run (or outside a run): the caller's scheduler state is put aside and restored, and other
// workers of a work-stealing run carry on. The closed run reads the caller's clock; on virtual
// time the caller's clock moves on by the time it waited. A run-time error (or other exception) in
// `body` is rethrown to the caller; a deadlock throws DeadlockError (error.h), which ends the
// whole program with exit_deadlock and the closed run's report. `site` names the closed run.
void run_closed(Proc body, Site site = Site::current());

}  // namespace transit
