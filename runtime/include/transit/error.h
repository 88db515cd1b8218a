// RuntimeError: a process failing with an error stops the whole program (like KRoC's
// "STOP/error in process at file:line"): transit::run prints the message and site and returns
// exit_runtime_error. Other exceptions travel up through the enclosing PAR instead (see par.h).
//
//   if (i >= n) throw transit::RuntimeError("index out of range", transit::Site{"a.occ", 7, 3, "main"});
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "transit/inspect.h"

#include "transit/site.h"

namespace transit {

namespace detail {
// The calls the current process is inside (Proc::called_at), outermost first; empty outside a process.
std::vector<Site> current_calls();
}  // namespace detail

class RuntimeError : public std::runtime_error {
 public:
  RuntimeError(Site site, const std::string& message)
      : std::runtime_error(message), site_(site), calls_(detail::current_calls()) {}
  explicit RuntimeError(const std::string& message, Site site = Site::current())
      : std::runtime_error(message), site_(site), calls_(detail::current_calls()) {}

  const Site& site() const noexcept { return site_; }
  // Where the failing process had called from, outermost first (captured when thrown).
  const std::vector<Site>& calls() const noexcept { return calls_; }

 private:
  Site site_;
  std::vector<Site> calls_;
};

// A closed run (run_closed, run.h) deadlocked: it stops the program like a RuntimeError, and
// transit::run reports it as a deadlock (report(), exit_deadlock) rather than as an error.
class DeadlockError : public RuntimeError {
 public:
  DeadlockError(Site site, std::string report, std::vector<ProcessInfo> blocked, std::vector<std::vector<std::uint64_t>> cycles)
      : RuntimeError(site, "deadlock"), report_(std::move(report)), blocked_(std::move(blocked)), cycles_(std::move(cycles)) {}

  const std::string& report() const noexcept { return report_; }
  const std::vector<ProcessInfo>& blocked() const noexcept { return blocked_; }
  const std::vector<std::vector<std::uint64_t>>& cycles() const noexcept { return cycles_; }

 private:
  std::string report_;
  std::vector<ProcessInfo> blocked_;
  std::vector<std::vector<std::uint64_t>> cycles_;
};

}  // namespace transit
