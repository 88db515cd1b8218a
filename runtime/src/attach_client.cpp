// The inspector's side of attach: find the program's socket, check it is this user's alone,
// ask for a snapshot and read the answer. Plain POSIX sockets with a deadline.
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "attach_directory.h"
#include "transit/attach.h"

namespace transit {

namespace {

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

namespace {

// Connects to the program's socket and sends `request` ("snapshot\n", "records\n", "trace NAME\n").
std::variant<int, AttachError> open_request(long pid, const std::string& request) {
  const std::string who = "process " + std::to_string(pid);
  if (pid <= 0) return AttachError{"no such process: " + std::to_string(pid)};
  if (::kill(pid_t(pid), 0) != 0) {
    if (errno == EPERM) return AttachError{who + " belongs to another user: only its owner can attach"};
    return AttachError{"no such process: " + std::to_string(pid) + " (it is not running)"};
  }
  const std::string dir = attach_directory();
  const std::string path = attach_socket_path(pid);
  const std::string not_listening =
      who + " does not listen for an inspector (no socket " + path +
      "): it is not a transit program, was started with --no-attach, or has not started its run yet";
  if (::access(dir.c_str(), F_OK) != 0 || (::access(path.c_str(), F_OK) != 0 && errno == ENOENT))
    return AttachError{not_listening};
  if (std::string problem = detail::private_path_problem(dir, true); !problem.empty())
    return AttachError{"refusing to attach: " + problem};
  if (std::string problem = detail::private_path_problem(path, false); !problem.empty())
    return AttachError{"refusing to attach: " + problem};

  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) return AttachError{path + ": the path is too long for a socket"};
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  Fd s{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  if (s.fd < 0) return AttachError{std::string("cannot make a socket: ") + std::strerror(errno)};
  if (::connect(s.fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    if (errno == ECONNREFUSED) return AttachError{not_listening + " (" + path + " is left from an earlier program)"};
    return AttachError{path + ": " + std::strerror(errno)};
  }
  if (::send(s.fd, request.data(), request.size(), MSG_NOSIGNAL) != ssize_t(request.size()))
    return AttachError{path + ": " + std::strerror(errno)};
  return std::exchange(s.fd, -1);
}

// Sends `request` ("snapshot\n" or "records\n") to the program and reads its whole answer.
std::variant<std::string, AttachError> ask(long pid, int timeout_ms, const std::string& request) {
  auto opened = open_request(pid, request);
  if (auto* error = std::get_if<AttachError>(&opened)) return *error;
  Fd s{std::get<int>(opened)};
  const std::string who = "process " + std::to_string(pid);
  const std::string path = attach_socket_path(pid);
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{s.fd, POLLIN, 0};
    const int ready = left.count() > 0 ? ::poll(&p, 1, int(left.count())) : 0;
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0)
      return AttachError{who + " did not answer within " + std::to_string(timeout_ms) +
                         " ms (a process computing without reaching a scheduling point holds the scheduler)"};
    char buffer[4096];
    const ssize_t n = ::read(s.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return AttachError{path + ": " + std::strerror(errno)};
    if (n == 0) break;
    text.append(buffer, std::size_t(n));
  }
  if (text.empty()) return AttachError{who + " ended its run before it answered"};
  if (text.rfind("error: ", 0) == 0) return AttachError{who + " refused: " + text.substr(7)};
  return text;
}

}  // namespace

std::optional<AttachError> attach_trace(long pid, const std::string& name,
                                       const std::function<void(std::string_view)>& print,
                                       const std::function<bool()>& stop) {
  if (name.empty() || name.size() > 200 || name.find('\n') != std::string::npos)
    return AttachError{"a trace names one channel or process (at most 200 characters, no newline)"};
  auto opened = open_request(pid, "trace " + name + "\n");
  if (auto* error = std::get_if<AttachError>(&opened)) return *error;
  Fd s{std::get<int>(opened)};
  bool any = false;
  while (!stop()) {
    pollfd p{s.fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, 100);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return AttachError{std::string("poll: ") + std::strerror(errno)};
    if (ready == 0) continue;
    char buffer[8192];
    const ssize_t n = ::read(s.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return AttachError{attach_socket_path(pid) + ": " + std::strerror(errno)};
    if (n == 0) {
      if (!any) return AttachError{"process " + std::to_string(pid) + " ended its run before it answered"};
      print("transit: trace: the program ended its run\n");
      return std::nullopt;
    }
    if (!any && std::string_view(buffer, std::size_t(n)).starts_with("error: "))
      return AttachError{"process " + std::to_string(pid) + " refused: " + std::string(buffer + 7, std::size_t(n) - 7)};
    any = true;
    print(std::string_view(buffer, std::size_t(n)));
  }
  return std::nullopt;
}

std::variant<ChannelCounter, AttachError> ChannelCounter::open(long pid) {
  auto opened = open_request(pid, "count\n");
  if (auto* error = std::get_if<AttachError>(&opened)) return *error;
  return ChannelCounter(std::get<int>(opened), pid);
}

ChannelCounter::~ChannelCounter() {
  if (fd_ >= 0) ::close(fd_);
}

// Reads one answer (lines up to "end"): the first right after open, then one per "count" sent.
std::variant<ChannelCounter::Totals, AttachError> ChannelCounter::totals(int timeout_ms) {
  const std::string who = "process " + std::to_string(pid_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  // Where the line "end" starts, or npos.
  auto end_line = [this] {
    if (buffer_.starts_with("end\n")) return std::size_t(0);
    const std::size_t at = buffer_.find("\nend\n");
    return at == std::string::npos ? at : at + 1;
  };
  std::size_t end;
  while ((end = end_line()) == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd_, POLLIN, 0};
    const int ready = left.count() > 0 ? ::poll(&p, 1, int(left.count())) : 0;
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return AttachError{who + " did not answer within " + std::to_string(timeout_ms) + " ms"};
    char chunk[8192];
    const ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return AttachError{who + " ended its run"};
    if (buffer_.size() > (64u << 20)) return AttachError{who + " sent an answer too long to be counts"};
    buffer_.append(chunk, std::size_t(n));
  }
  Totals totals;
  for (std::size_t at = 0; at < end;) {
    const std::size_t nl = buffer_.find('\n', at), tab = buffer_.find('\t', at);
    if (tab == std::string::npos || tab > nl) return AttachError{who + " sent a count line without a tab"};
    totals.emplace_back(buffer_.substr(tab + 1, nl - tab - 1), std::strtoull(buffer_.c_str() + at, nullptr, 10));
    at = nl + 1;
  }
  buffer_.erase(0, end + 4);
  static const char ask_again[] = "count\n";
  if (::send(fd_, ask_again, sizeof ask_again - 1, MSG_NOSIGNAL) != ssize_t(sizeof ask_again - 1))
    return AttachError{who + ": " + std::strerror(errno)};
  return totals;
}

std::variant<std::string, AttachError> attach_snapshot(long pid, int timeout_ms) { return ask(pid, timeout_ms, "snapshot\n"); }

std::variant<std::string, AttachError> attach_records(long pid, int timeout_ms) { return ask(pid, timeout_ms, "records\n"); }

}  // namespace transit
