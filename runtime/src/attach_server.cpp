// AttachServer on Boost.Asio: a local stream acceptor on its own thread. An inspector sends
// "snapshot\n"; the server sets the request bit the schedulers poll (inspection_requested) and
// wakes a sleeping scheduler; the scheduler formats the snapshot and hands it back with answer().
#include "attach_server.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/buffers_iterator.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <thread>
#include <vector>

#include "attach_directory.h"
#include "attach_trace.h"
#include "scheduler.h"
#include "transit/attach.h"
#include "transit/process_records.h"

namespace transit::detail {


std::atomic<AttachServer*> attach_server{nullptr};

namespace {

namespace asio = boost::asio;
using local = asio::local::stream_protocol;

// The socket of the run in progress, removed at exit even if the program leaves by exit().
std::string socket_to_remove;
void remove_socket_at_exit() {
  if (!socket_to_remove.empty()) ::unlink(socket_to_remove.c_str());
}

class AsioAttachServer final : public AttachServer {
 public:
  // `request` gets inspection_for_attach or inspection_for_records when an inspector asks; a server
  // without `traces` (not a run of the runtime's) refuses trace and count.
  AsioAttachServer(std::function<void(int)> request, bool traces, std::string path)
      : request_(std::move(request)), traces_(traces), path_(std::move(path)), acceptor_(io_) {}

  bool listen(std::string& problem) {
    boost::system::error_code ec;
    ::unlink(path_.c_str());  // a socket left by a killed program whose pid this one reuses
    acceptor_.open(local(), ec);
    if (!ec) acceptor_.bind(local::endpoint(path_), ec);
    if (!ec && ::chmod(path_.c_str(), 0600) != 0) ec.assign(errno, boost::system::system_category());
    if (!ec) acceptor_.listen(4, ec);
    if (ec) {
      problem = path_ + ": " + ec.message();
      ::unlink(path_.c_str());
      return false;
    }
    accept();
    thread_ = std::thread([this] { io_.run(); });
    return true;
  }

  ~AsioAttachServer() override {
    remove_all_tracers();  // before the io_context their wake posts to goes away
    io_.stop();
    if (thread_.joinable()) thread_.join();
    ::unlink(path_.c_str());
    socket_to_remove.clear();
  }

  void answer(std::string text) override { send_to(waiting_, std::move(text)); }
  void answer_records(std::string text) override { send_to(waiting_records_, std::move(text)); }
  void answer_later(std::vector<ProcessInfo> live, std::string headline) override {
    auto data = std::make_shared<std::vector<ProcessInfo>>(std::move(live));
    asio::post(io_, [this, data, headline = std::move(headline)] { deliver(waiting_, [&] { return attach_text(*data, headline); }); });
  }
  void answer_records_later(std::vector<ProcessInfo> live) override {
    auto data = std::make_shared<std::vector<ProcessInfo>>(std::move(live));
    asio::post(io_, [this, data] {
      deliver(waiting_records_, [&] { return records_text(*data, wait_for_cycles(*data), "running"); });
    });
  }

 private:
  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, local::socket s) {
      if (ec) return;
      serve(std::make_shared<local::socket>(std::move(s)));
      accept();
    });
  }

  void send_to(std::vector<std::shared_ptr<local::socket>>& waiting, std::string text) {
    asio::post(io_, [this, &waiting, text = std::move(text)] { deliver(waiting, [&] { return text; }); });
  }
  // On the listener's thread: makes the text and writes it to every inspector waiting.
  template <class Make>
  void deliver(std::vector<std::shared_ptr<local::socket>>& waiting, Make make) {
    if (waiting.empty()) return;
    std::shared_ptr<std::string> text;
    try {
      text = std::make_shared<std::string>(make());
    } catch (const std::exception& e) {
      text = std::make_shared<std::string>(std::string("error: the snapshot could not be made: ") + e.what() + "\n");
    }
    for (auto& c : waiting) asio::async_write(*c, asio::buffer(*text), [c, text](auto, auto) { c->close(); });
    waiting.clear();
  }

  // One request line of at most 256 bytes: "snapshot" (the report's text), "records" (process
  // records, for the viewer), "trace NAME" (communications, as they happen) or "count" (every
  // channel's communications, for `transit top`); anything else is refused.
  void serve(std::shared_ptr<local::socket> c) {
    auto line = std::make_shared<asio::streambuf>(256);
    asio::async_read_until(*c, *line, '\n', [this, c, line](boost::system::error_code ec, std::size_t n) {
      if (ec) return;
      std::string request(asio::buffers_begin(line->data()), asio::buffers_begin(line->data()) + n);
      if (request.rfind("trace ", 0) == 0 || request == "count\n") {
        if (!traces_) return refuse(c, "traces and counts are for programs run by the runtime, not an emulated transputer\n");
        if (request == "count\n") return count(c);
        if (request.size() > 7) return trace(c, request.substr(6, request.size() - 7));
      }
      bool records = request == "records\n";
      if (request != "snapshot\n" && !records)
        return refuse(c, "unknown request (expected \"snapshot\", \"records\", \"trace NAME\" or \"count\")\n");
      (records ? waiting_records_ : waiting_).push_back(c);
      request_(records ? inspection_for_records : inspection_for_attach);
    });
  }
  void refuse(const std::shared_ptr<local::socket>& c, const std::string& why) {
    auto reply = std::make_shared<std::string>("error: " + why);
    asio::async_write(*c, asio::buffer(*reply), [c, reply](auto, auto) { c->close(); });
  }

  // A tracing inspector: its tracer's text is written as it comes; its closing the socket (or any
  // error) ends the trace, and the program goes on.
  struct TraceSession {
    std::shared_ptr<local::socket> socket;
    std::shared_ptr<Tracer> tracer;
    std::string out;
    char byte = 0;
    bool writing = false, ended = false;
  };

  void trace(std::shared_ptr<local::socket> c, std::string name) {
    auto session = std::make_shared<TraceSession>();
    session->socket = std::move(c);
    session->tracer = std::make_shared<Tracer>();
    session->tracer->name = name;
    std::weak_ptr<TraceSession> weak = session;
    session->tracer->wake = [this, weak] {
      asio::post(io_, [this, weak] {
        if (auto s = weak.lock()) flush(s);
      });
    };
    add_tracer(session->tracer);
    session->out = "transit: trace: pid " + std::to_string(::getpid()) + ", communications on channel or by process '" +
                   name + "' as they happen\n";
    write(session);
    asio::async_read(*session->socket, asio::buffer(&session->byte, 1),
                     [this, session](boost::system::error_code, std::size_t) { end(session); });
  }
  // A counting inspector (transit top): counts from now on; each further "count" line it sends is
  // answered with the totals so far, COUNT<TAB>CHANNEL lines and "end".
  void count(std::shared_ptr<local::socket> c) {
    auto session = std::make_shared<TraceSession>();
    session->socket = std::move(c);
    session->tracer = std::make_shared<Tracer>();
    session->tracer->counting = true;
    add_tracer(session->tracer);
    answer_counts(session, std::make_shared<asio::streambuf>(64));
  }
  void answer_counts(const std::shared_ptr<TraceSession>& s, const std::shared_ptr<asio::streambuf>& line) {
    s->out = counts_text(*s->tracer) + "end\n";
    asio::async_write(*s->socket, asio::buffer(s->out), [this, s, line](boost::system::error_code ec, std::size_t) {
      if (ec) return end(s);
      asio::async_read_until(*s->socket, *line, '\n', [this, s, line](boost::system::error_code ec, std::size_t n) {
        if (ec) return end(s);
        line->consume(n);
        answer_counts(s, line);
      });
    });
  }
  void flush(const std::shared_ptr<TraceSession>& s) {
    if (s->writing || s->ended) return;
    s->out = take_pending(*s->tracer);
    if (!s->out.empty()) write(s);
  }
  void write(const std::shared_ptr<TraceSession>& s) {
    s->writing = true;
    asio::async_write(*s->socket, asio::buffer(s->out), [this, s](boost::system::error_code ec, std::size_t) {
      s->writing = false;
      if (ec) return end(s);
      flush(s);
    });
  }
  void end(const std::shared_ptr<TraceSession>& s) {
    if (s->ended) return;
    s->ended = true;
    remove_tracer(s->tracer);
    boost::system::error_code ignored;
    s->socket->close(ignored);
  }

  std::function<void(int)> request_;
  bool traces_;
  std::string path_;
  asio::io_context io_;
  local::acceptor acceptor_;
  std::vector<std::shared_ptr<local::socket>> waiting_, waiting_records_;  // on the server thread only
  std::thread thread_;
};

// Removes the sockets of programs that were killed before they could (their pid is gone).
void sweep_stale_sockets(const std::string& dir) {
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos || name.size() > 9) continue;
    if (::kill(pid_t(std::stol(name)), 0) != 0 && errno == ESRCH) ::unlink(it->path().c_str());
  }
}

}  // namespace

std::unique_ptr<AttachServer> AttachServer::start(Scheduler& scheduler, std::string& problem) {
  return start(
      [&scheduler](int bits) {
        inspection_requested.fetch_or(bits, std::memory_order_relaxed);
        scheduler.wake();
      },
      true, problem);
}

std::unique_ptr<AttachServer> AttachServer::start(std::function<void(int)> request, bool traces, std::string& problem) {
  const std::string dir = attach_directory();
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    problem = dir + ": " + std::strerror(errno);
    return nullptr;
  }
  problem = private_path_problem(dir, true);
  if (!problem.empty()) return nullptr;
  sweep_stale_sockets(dir);
  const std::string path = attach_socket_path(::getpid());
  auto server = std::make_unique<AsioAttachServer>(std::move(request), traces, path);
  if (!server->listen(problem)) return nullptr;
  static bool registered = (std::atexit(remove_socket_at_exit), true);
  (void)registered;
  socket_to_remove = path;
  return server;
}

}  // namespace transit::detail

namespace transit {

std::string attach_text(const std::vector<ProcessInfo>& live, const std::string& headline) {
  return headline + "\n" + std::to_string(live.size()) + " live processes:\n" + format_processes(live) +
         detail::cycles_text(live, wait_for_cycles(live), "no wait-for cycle\n");
}

struct AttachListener::Impl {
  std::atomic<bool> asked{false};
  std::unique_ptr<detail::AttachServer> server;
};

std::unique_ptr<AttachListener> AttachListener::start(std::string& problem) {
  std::unique_ptr<AttachListener> listener(new AttachListener);
  Impl* impl = listener->impl_.get();
  impl->server = detail::AttachServer::start([impl](int) { impl->asked.store(true, std::memory_order_release); },
                                             false, problem);
  if (!impl->server) return nullptr;
  return listener;
}

AttachListener::AttachListener() : impl_(std::make_unique<Impl>()) {}
AttachListener::~AttachListener() = default;

bool AttachListener::asked() const noexcept { return impl_->asked.load(std::memory_order_acquire); }

void AttachListener::answer(std::string text) {
  impl_->asked.store(false, std::memory_order_release);
  std::string records_refused = "error: an emulated transputer answers snapshots, not process records\n";
  impl_->server->answer(std::move(text));
  impl_->server->answer_records(std::move(records_refused));
}

}  // namespace transit

namespace transit::detail {

std::string attach_headline(const Scheduler& scheduler) {
  return "transit: attach: pid " + std::to_string(::getpid()) + ", clock " + std::to_string(scheduler.now());
}

}  // namespace transit::detail
