// Link (transit/net.h): one network channel's TCP connection. Boost.Asio resolves, connects (with
// retries while refused) and accepts, each bounded by the timeout; then a reader thread polls the
// socket, decodes frames (net_wire.h), answers silence with PINGs and wakes the bridge process
// waiting in next() through the scheduler's inbox.
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <deque>
#include <iostream>
#include <mutex>
#include <thread>

#include "scheduler.h"
#include "transit/net.h"

namespace transit::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

struct Link::State {
  Hello mine;
  std::string peer;
  LinkOptions options;
  asio::io_context io;
  tcp::socket socket{io};
  int fd = -1;
  std::thread reader;
  std::mutex write_mutex;  // the bridge's frames and the reader's PINGs
  std::optional<FrameDecoder> decoder;  // from the HELLO on: it may hold the peer's next frames already

  std::mutex mutex;  // everything below
  std::deque<Frame> frames;
  std::string fault;  // set once: what went wrong
  bool stopped = false;
  std::uint64_t data_in = 0;     // DATA frames received
  std::uint64_t acks_out = 0;    // ACK frames sent
  transit::detail::Process* waiting = nullptr;
  std::shared_ptr<transit::detail::Inbox> inbox;

  // Wakes the waiting bridge; called with `mutex` held.
  void wake() {
    if (waiting == nullptr) return;
    inbox->post(waiting);
    waiting = nullptr;
    inbox.reset();
  }
  void set_fault(const std::string& what) {
    std::lock_guard lock(mutex);
    if (fault.empty() && !stopped) fault = what;
    wake();
  }
  bool write_all(std::string_view bytes, std::string& error) {
    std::lock_guard lock(write_mutex);
    while (!bytes.empty()) {
      ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        error = std::string("sending failed: ") + std::strerror(errno);
        return false;
      }
      bytes.remove_prefix(std::size_t(n));
    }
    return true;
  }
  void read_loop();
};

namespace {

std::string ms_text(milliseconds t) { return std::to_string(t.count()) + " ms"; }

// Blocking mode and no delay for small frames: the bridge writes from a scheduler thread.
void tune(int fd) {
  int flags = ::fcntl(fd, F_GETFL, 0);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// Reads one frame within the deadline (the HELLO); nothing with `error` set.
std::optional<Frame> read_frame(int fd, FrameDecoder& decoder, steady_clock::time_point deadline, std::string& error) {
  char buf[4096];
  for (;;) {
    if (auto f = decoder.next()) return f;
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    int r = left.count() > 0 ? ::poll(&p, 1, int(left.count())) : 0;
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) {
      error = "no HELLO from the peer in time";
      return std::nullopt;
    }
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = n == 0 ? "the peer closed the connection before its HELLO" : std::string("reading failed: ") + std::strerror(errno);
      return std::nullopt;
    }
    if (!decoder.feed(buf, std::size_t(n))) {
      error = decoder.error();
      return std::nullopt;
    }
  }
}

}  // namespace

void Link::State::read_loop() {
  FrameDecoder& decoder = *this->decoder;  // it may hold frames already, read with the HELLO
  std::vector<char> buf(64 * 1024);
  const milliseconds quiet = std::max(options.timeout / 4, milliseconds(1));
  auto heard = steady_clock::now();
  auto said = steady_clock::now();
  for (;;) {
    while (auto f = decoder.next()) {
      if (f->kind == FrameKind::ping) continue;
      std::lock_guard lock(mutex);
      if (f->kind == FrameKind::hello) {
        fault = "the peer sent a second HELLO";
      } else if (f->kind == FrameKind::data && ++data_in > acks_out + 1) {
        fault = "the peer sent a value before the last one was acknowledged";
      } else {
        frames.push_back(std::move(*f));
      }
      wake();
      if (!fault.empty()) return;
    }
    {
      std::lock_guard lock(mutex);
      if (stopped) return;
    }
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, int(quiet.count()));
    if (r < 0 && errno == EINTR) continue;
    const auto now = steady_clock::now();
    if (r == 0) {
      if (now - heard > options.timeout) return set_fault("no word from the peer for " + ms_text(options.timeout) + " (stalled)");
      std::string error;
      if (now - said >= quiet && !write_all(encode_frame(FrameKind::ping, ""), error)) return set_fault(error);
      said = now;
      continue;
    }
    ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return set_fault(n == 0 ? "the peer closed the connection" : std::string("the connection failed: ") + std::strerror(errno));
    heard = now;
    if (!decoder.feed(buf.data(), std::size_t(n))) return set_fault(decoder.error());
  }
}

std::optional<Endpoint> parse_endpoint(std::string_view text, bool listen, std::string& error) {
  Endpoint at;
  at.listen = listen;
  std::string_view port = text;
  if (auto colon = text.rfind(':'); colon != std::string_view::npos) {
    at.host = std::string(text.substr(0, colon));
    port = text.substr(colon + 1);
    if (at.host.size() >= 2 && at.host.front() == '[' && at.host.back() == ']') at.host = at.host.substr(1, at.host.size() - 2);
    if (at.host.empty()) {
      error = "'" + std::string(text) + "': no host before ':'";
      return std::nullopt;
    }
  } else if (!listen) {
    error = "'" + std::string(text) + "': expected HOST:PORT";
    return std::nullopt;
  }
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || port.empty() || value > 65535 || (!listen && value == 0)) {
    error = "'" + std::string(text) + "': the port must be a number from " + (listen ? "0" : "1") + " to 65535";
    return std::nullopt;
  }
  at.port = std::uint16_t(value);
  return at;
}

std::string endpoint_text(const Endpoint& at) {
  const bool v6 = at.host.find(':') != std::string::npos;
  return (v6 ? "[" + at.host + "]" : at.host) + ":" + std::to_string(at.port);
}

std::unique_ptr<Link> Link::open(const Endpoint& at, const Hello& mine, const LinkOptions& options, std::string& error) {
  auto s = std::make_unique<State>();
  s->mine = mine;
  s->options = options;
  s->peer = endpoint_text(at);
  const std::string what = "channel '" + mine.channel + "' ";
  const auto deadline = steady_clock::now() + options.timeout;
  boost::system::error_code ec;
  if (at.listen) {
    tcp::acceptor acceptor(s->io);
    tcp::endpoint local(asio::ip::make_address(at.host, ec), at.port);
    if (!ec) acceptor.open(local.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(local, ec);
    if (!ec) acceptor.listen(1, ec);
    if (ec) {
      error = what + "cannot listen on " + s->peer + ": " + ec.message();
      return nullptr;
    }
    if (at.port == 0) {
      Endpoint bound = at;
      bound.port = acceptor.local_endpoint().port();
      std::cerr << "transit: channel '" << mine.channel << "' listens on " << endpoint_text(bound) << std::endl;
    }
    acceptor.async_accept(s->socket, [&](const boost::system::error_code& e) { ec = e; });
    s->io.run_for(options.timeout);
    if (!s->io.stopped()) {
      error = what + "at " + s->peer + ": no peer connected within " + ms_text(options.timeout);
      return nullptr;
    }
    if (ec) {
      error = what + "accepting on " + s->peer + " failed: " + ec.message();
      return nullptr;
    }
    auto remote = s->socket.remote_endpoint(ec);
    if (!ec) s->peer = endpoint_text({remote.address().to_string(), remote.port(), false});
  } else {
    tcp::resolver resolver(s->io);
    auto targets = resolver.resolve(at.host, std::to_string(at.port), ec);
    if (ec) {
      error = what + "cannot find the peer " + s->peer + ": " + ec.message();
      return nullptr;
    }
    for (;;) {  // retried while refused: the peer may not be listening yet
      s->socket = tcp::socket(s->io);
      asio::connect(s->socket, targets, ec);
      if (!ec) break;
      if (ec != asio::error::connection_refused || steady_clock::now() + milliseconds(50) >= deadline) {
        error = what + "could not connect to " + s->peer + ": " + ec.message() +
                (ec == asio::error::connection_refused ? " (for " + ms_text(options.timeout) + ")" : "");
        return nullptr;
      }
      std::this_thread::sleep_for(milliseconds(50));
    }
  }
  s->fd = s->socket.native_handle();
  tune(s->fd);
  if (!s->write_all(encode_frame(FrameKind::hello, encode_hello(mine)), error)) {
    error = what + "to " + s->peer + ": " + error;
    return nullptr;
  }
  FrameDecoder& decoder = s->decoder.emplace(options.frame_limit);
  std::optional<Frame> f = read_frame(s->fd, decoder, deadline + options.timeout, error);
  std::optional<Hello> theirs;
  if (f && f->kind != FrameKind::hello) error = std::string("the peer sent ") + frame_kind_name(f->kind) + " before its HELLO";
  else if (f) theirs = decode_hello(f->payload, error);
  if (theirs) error = hello_mismatch(mine, *theirs);
  if (!theirs || !error.empty()) {
    error = what + "and peer " + s->peer + ": " + error;
    return nullptr;
  }
  auto link = std::unique_ptr<Link>(new Link(std::move(s)));
  State* state = link->s_.get();
  state->reader = std::thread([state] { state->read_loop(); });
  return link;
}

Link::Link(std::unique_ptr<State> s) : s_(std::move(s)) {}

Link::~Link() {
  stop();
  if (s_->reader.joinable()) s_->reader.join();
}

void Link::send(FrameKind kind, std::string_view payload) {
  {
    std::lock_guard lock(s_->mutex);
    if (!s_->fault.empty()) fail(s_->fault);
    if (kind == FrameKind::ack) ++s_->acks_out;
  }
  std::string error;
  if (!s_->write_all(encode_frame(kind, payload), error)) fail(error);
}

bool Link::park(std::coroutine_handle<> h, const SiteRef& site) {
  std::lock_guard lock(s_->mutex);
  if (!s_->frames.empty() || !s_->fault.empty() || s_->stopped) return false;
  s_->waiting = transit::detail::block(h, transit::detail::State::external, nullptr, transit::detail::wait_none, &site);
  s_->inbox = transit::detail::active_scheduler->expect_external();
  return true;
}

std::optional<Frame> Link::take() {
  std::lock_guard lock(s_->mutex);
  if (s_->stopped) return std::nullopt;
  if (!s_->frames.empty()) {
    Frame f = std::move(s_->frames.front());
    s_->frames.pop_front();
    return f;
  }
  fail(s_->fault);
}

void Link::close() noexcept {
  std::string ignored;
  s_->write_all(encode_frame(FrameKind::close, encode_count(completed)), ignored);
}

void Link::stop() noexcept {
  std::lock_guard lock(s_->mutex);
  if (s_->stopped) return;
  s_->stopped = true;
  if (s_->fd >= 0) ::shutdown(s_->fd, SHUT_RDWR);
  s_->wake();
}

bool Link::stopped() const noexcept {
  std::lock_guard lock(s_->mutex);
  return s_->stopped;
}

void Link::fail(const std::string& what) const {
  throw NetError(detail::bridge_site, "network channel '" + s_->mine.channel + "' (peer " + s_->peer + "): " + what + ", after " +
                                          std::to_string(completed) + " value" + (completed == 1 ? "" : "s") + " completed");
}

const Hello& Link::mine() const noexcept { return s_->mine; }
const std::string& Link::peer() const noexcept { return s_->peer; }

namespace detail {

void release_writer(transit::detail::ChannelCore& ch, SiteRef site) {
  ch.lock.lock();
  transit::detail::Waiter* w = ch.take_writer(site);
  ch.last_reader = transit::detail::current()->id;
  ch.lock.unlock();
  if (w != nullptr) transit::detail::make_ready(w->process);
}

void expect_ack(Link& link, const std::optional<Frame>& frame) {
  if (!frame) link.fail("the program ended while a value was on its way");
  if (frame->kind == FrameKind::close) link.fail("the peer's program ended without taking the value");
  if (frame->kind != FrameKind::ack) link.fail(std::string("the peer sent ") + frame_kind_name(frame->kind) + " where an ACK was due");
  std::string error;
  std::optional<std::uint64_t> count = decode_count(frame->payload, error);
  if (!count) link.fail(error);
  if (*count != link.completed + 1)
    link.fail("the peer acknowledged value " + std::to_string(*count) + " where " + std::to_string(link.completed + 1) + " was due");
  ++link.completed;
}

}  // namespace detail
}  // namespace transit::net
