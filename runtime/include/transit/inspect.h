// Inspection: every live process and its state, while the program runs (like Go's SIGQUIT dump
// or Erlang's observer). The deadlock report uses the same records and format.
//
//   co_await ...;
//   transit::inspect(std::cerr);                 // from inside a process
//   auto procs = transit::snapshot();            // the same, as data
//
// A program run by transit::run also prints this on SIGQUIT (Ctrl-\) and carries on.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "transit/site.h"

namespace transit {

struct ProcessInfo {
  std::uint64_t id = 0;
  std::string name;                     // Site::process given at spawn, else the coroutine function
  std::string state;                    // ready, running, input, output, alt, timer, par, stopped, external
  std::string waits_on;                 // e.g. "input on channel 'c'", "ALT over: a?, b?, after 100"
  Site site{};                          // where it blocks (file null when running or ready)
  Site spawned{};                       // where it was spawned
  std::vector<Site> calls;              // the calls it is inside (Proc::called_at), outermost first
  std::vector<std::uint64_t> waits_for; // processes it waits for (edges of the wait-for graph)
};

// Every live process, parents before children. Call from inside a running process.
std::vector<ProcessInfo> snapshot();
// Prints snapshot() in the report format (docs/runtime.md).
void inspect(std::ostream& out);

// " in get, called at f.occ:6:7 in main": the calls (outermost first) of a process at `site`,
// innermost first, with the PROC of each place where its Site names one; "" for no calls.
std::string calls_text(const Site& site, const std::vector<Site>& calls);
// Formats records as the report lines (used by inspect and the deadlock report).
std::string format_processes(const std::vector<ProcessInfo>& processes);
// The elementary wait-for cycles among `processes`, each as a list of process ids.
std::vector<std::vector<std::uint64_t>> wait_for_cycles(const std::vector<ProcessInfo>& processes);
// The deadlock report: the headline, the live processes and the wait-for cycles (also `transit verify`'s).
std::string deadlock_text(const std::vector<ProcessInfo>& live, const std::vector<std::vector<std::uint64_t>>& cycles,
                          const std::string& headline = "no process can run, and none waits for a timer or an outside event");

}  // namespace transit
