// Attach: a running program answers an inspector (`transit attach PID`) with a snapshot of its
// live processes, taken at a scheduling point, in the deadlock report's format (docs/runtime.md).
//
//   transit::run(main_proc(), {.attach = true});      // C++ programs opt in; occam ones listen by default
//   auto text = transit::attach_snapshot(pid);       // the inspector's side
//
// The program listens on a Unix-domain socket named after its pid in a per-user directory
// ($XDG_RUNTIME_DIR/transit/, else /tmp/transit-<uid>/), directory 0700 and socket 0600.
#pragma once

#include <functional>
#include <optional>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "transit/inspect.h"

namespace transit {

// The per-user directory of the sockets, and the socket of the program with this pid.
std::string attach_directory();
std::string attach_socket_path(long pid);

// What an inspector gets: the headline line, then the live processes and the wait-for cycles as
// the deadlock report gives them.
std::string attach_text(const std::vector<ProcessInfo>& live, const std::string& headline);

// Attach for a program that is not a transit::run (the emulator, `transit run --target`): it
// listens on the pid's socket like a run; when asked() it answers at a point of its choosing with
// its snapshot text. Traces and counts are refused.
class AttachListener {
 public:
  static std::unique_ptr<AttachListener> start(std::string& problem);  // nullptr and why if it cannot
  ~AttachListener();                                                  // stops listening, removes the socket
  bool asked() const noexcept;  // an inspector waits for the snapshot
  void answer(std::string text);

 private:
  AttachListener();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Why a snapshot could not be had; the message names the pid and the path concerned.
struct AttachError {
  std::string message;
};

// Asks the program with this pid for its snapshot (waits at most `timeout_ms` for the answer).
std::variant<std::string, AttachError> attach_snapshot(long pid, int timeout_ms = 5000);
// Streams the program's communications on the channel, or by the process, called `name` (a process
// name without [index] takes every branch of its replicated PAR): `print` gets each piece of text
// as it comes, one line per communication, with the value in occam notation. Runs until `stop()`
// is true (asked every 100 ms) or the program ends; the program goes on when it returns.
std::optional<AttachError> attach_trace(long pid, const std::string& name,
                                       const std::function<void(std::string_view)>& print,
                                       const std::function<bool()>& stop);
// `transit top`'s counts: while open, the program counts every channel's communications (it pays
// the trace's cold path on each); closing it (the destructor) stops that.
class ChannelCounter {
 public:
  using Totals = std::vector<std::pair<std::string, std::uint64_t>>;  // channel name, communications
  static std::variant<ChannelCounter, AttachError> open(long pid);
  // The totals since open (a channel named twice appears twice).
  std::variant<Totals, AttachError> totals(int timeout_ms = 5000);

  ChannelCounter(ChannelCounter&& other) noexcept : fd_(std::exchange(other.fd_, -1)), pid_(other.pid_) {}
  ChannelCounter& operator=(ChannelCounter&&) = delete;
  ~ChannelCounter();

 private:
  ChannelCounter(int fd, long pid) : fd_(fd), pid_(pid) {}
  int fd_;
  long pid_;
  std::string buffer_;
};

// The same snapshot as process records (transit/process_records.h), for the viewer.
std::variant<std::string, AttachError> attach_records(long pid, int timeout_ms = 5000);

}  // namespace transit
