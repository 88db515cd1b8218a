// What `transit attach` and `transit top` share: the PID operand, and Ctrl-C as a request to stop.
#pragma once

#include <signal.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <string>

#include "option_table.h"

namespace transit::cli {

// The pid, or nullopt with the command's usage error (exit status in `status`).
inline std::optional<long> pid_operand(const Command& command, const Operands& in, int& status) {
  if (in.operands.size() != 1) {
    status = usage_error(command, "give one PID");
    return std::nullopt;
  }
  char* end = nullptr;
  errno = 0;
  const long pid = std::strtol(in.operands[0], &end, 10);
  if (errno != 0 || end == in.operands[0] || *end != 0 || pid <= 0) {
    status = usage_error(command, "'" + std::string(in.operands[0]) + "' is not a process id");
    return std::nullopt;
  }
  return pid;
}

// Set by SIGINT and SIGTERM once catch_interrupts() has run: the command ends with status 0.
inline std::atomic<bool> interrupted{false};
extern "C" inline void on_interrupt(int) { interrupted.store(true); }
inline void catch_interrupts() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

}  // namespace transit::cli
