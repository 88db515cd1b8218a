// Channels between programs and machines over TCP (Boost.Asio). A local Channel<T> is bound to a
// Link, one TCP connection, by a bridge process running beside the program's processes:
//
//   auto link = transit::net::Link::open({"127.0.0.1", 5000, false}, hello, {}, error);   // connect
//   co_await transit::par(producer(c), transit::net::send_over(*link, c, stop));          // c ! x ...
//   co_await transit::par(consumer(c), transit::net::receive_over(*link, c, done));       // c ? x ...
//
// The program keeps using c as any channel (send, recv, ALT guard). The rendezvous holds across
// the network: the sending bridge reads the value where the writer waits (Alt::writer_ready) and
// releases the writer only when the peer's receiving process has taken it (an ACK), so a slow
// consumer holds a fast producer back. At connect both ends exchange the channel's name and
// protocol description (net_wire.h); a mismatch fails the connect, naming both. A fault (peer
// gone, bad frame, no word for the timeout) stops the program with a NetError naming the channel,
// the peer and how many values completed: exit status exit_network_error.
#pragma once

#include <chrono>
#include <coroutine>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "transit/alt.h"
#include "transit/channel.h"
#include "transit/error.h"
#include "transit/net_error.h"
#include "transit/net_wire.h"
#include "transit/proc.h"
#include "transit/site.h"

namespace transit::net {

// Where a link goes: connect to host:port, or listen on host:port for one peer.
struct Endpoint {
  std::string host = "127.0.0.1";  // loopback unless a wider address is written
  std::uint16_t port = 0;          // listen on 0: any free port (announced on stderr)
  bool listen = false;
};
// "HOST:PORT" or "PORT" (host 127.0.0.1); nothing, with `error` set, for anything else.
std::optional<Endpoint> parse_endpoint(std::string_view text, bool listen, std::string& error);
std::string endpoint_text(const Endpoint& at);

struct LinkOptions {
  // Connecting (retried while refused), accepting, and the longest silence of a live peer.
  std::chrono::milliseconds timeout{10000};
  std::size_t frame_limit = default_frame_limit;
};

// One channel's TCP connection after the HELLOs. A reader thread takes frames off the socket and
// wakes the bridge process waiting in next().
class Link {
 public:
  // Connects (or listens and accepts one peer) and exchanges HELLOs: the link, or null with
  // `error` naming the channel and the peer.
  static std::unique_ptr<Link> open(const Endpoint& at, const Hello& mine, const LinkOptions& options, std::string& error);
  ~Link();
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;

  // Sends a frame; a NetError if the link has failed.
  void send(FrameKind kind, std::string_view payload);

  class Next {
   public:
    Next(Link& link, SiteRef site) : link_(link), site_(site) {}
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> h) { return link_.park(h, site_); }
    std::optional<Frame> await_resume() { return link_.take(); }

   private:
    Link& link_;
    SiteRef site_;
  };
  // The peer's next frame (not PING); nothing once stop() was called; a NetError on a fault.
  [[nodiscard]] Next next(SiteRef site = {}) { return Next(*this, site); }

  // The sending end has ended: a CLOSE if the link still works (a peer gone while no value was
  // waiting hurts no one).
  void close() noexcept;
  // This program has ended: the socket closes and a waiting next() returns nothing.
  void stop() noexcept;
  bool stopped() const noexcept;

  // A NetError naming the channel, the peer and how many values completed.
  [[noreturn]] void fail(const std::string& what) const;

  const Hello& mine() const noexcept;
  const std::string& peer() const noexcept;  // host:port of the other end
  std::uint64_t completed = 0;               // values that have crossed (acknowledged)

 private:
  struct State;
  explicit Link(std::unique_ptr<State> s);
  bool park(std::coroutine_handle<> h, const SiteRef& site);  // false: a frame (or fault) is there already
  std::optional<Frame> take();

  std::unique_ptr<State> s_;
};

// How a value of T crosses: by default its bytes (T trivially copyable; both ends the same
// architecture, which the protocol description names). Specialise for other types.
template <class T>
struct Codec {
  static_assert(std::is_trivially_copyable_v<T>, "specialise transit::net::Codec<T> for a type that is not trivially copyable");
  static void encode(const T& value, std::string& out) { out.append(reinterpret_cast<const char*>(&value), sizeof value); }
  static bool decode(std::string_view in, T& value) {
    if (in.size() != sizeof value) return false;
    std::memcpy(static_cast<void*>(&value), in.data(), sizeof value);
    return true;
  }
};
template <>
struct Codec<bool> {
  static void encode(bool value, std::string& out) { out.push_back(value ? 1 : 0); }
  static bool decode(std::string_view in, bool& value) {
    if (in.size() != 1 || static_cast<unsigned char>(in[0]) > 1) return false;
    value = in[0] == 1;
    return true;
  }
};

namespace detail {
// The value of the writer waiting on ch, encoded in place (the writer stays blocked).
template <class T>
std::string encode_waiting_writer(transit::detail::ChannelCore& ch) {
  std::string out;
  ch.lock.lock();
  const transit::detail::Waiter* w = ch.slot;
  if (w != nullptr && w->writer) Codec<T>::encode(*static_cast<const T*>(w->data), out);
  ch.lock.unlock();
  return out;
}
// Releases the writer waiting on ch: its output has completed.
void release_writer(transit::detail::ChannelCore& ch, SiteRef site);
// Waits for the ACK of value number link.completed + 1; a NetError for anything else.
void expect_ack(Link& link, const std::optional<Frame>& frame);
inline const Site bridge_site{"<network>", 0, 0, "network link"};
}  // namespace detail

// The bridge of a channel this program outputs on: each value a local writer offers on c crosses
// to the peer, and the writer goes on when the peer's reader has taken it. Ends (sending CLOSE)
// when `stop` delivers.
template <class T>
Proc send_over(Link& link, Channel<T>& c, Channel<int>& stop) {
  const Site& site = detail::bridge_site;
  for (;;) {
    int stopped = 0;
    Alt alt;
    alt.writer_ready(c).input(stop, stopped);
    if (co_await alt.pri_select(site) == 1) break;
    link.send(FrameKind::data, detail::encode_waiting_writer<T>(c.core()));
    detail::expect_ack(link, co_await link.next(site));
    detail::release_writer(c.core(), site);
  }
  link.close();
}

// The bridge of a channel this program inputs from: each value from the peer is output on c, and
// acknowledged once a local reader has taken it. Ends when the peer closes or the link is stopped,
// then delivers on `done`.
template <class T>
Proc receive_over(Link& link, Channel<T>& c, Channel<int>& done) {
  const Site& site = detail::bridge_site;
  for (;;) {
    std::optional<Frame> f = co_await link.next(site);
    if (!f || f->kind == FrameKind::close) break;
    if (f->kind != FrameKind::data) link.fail(std::string("the peer sent ") + frame_kind_name(f->kind) + " where a value was due");
    T value{};
    if (!Codec<T>::decode(f->payload, value))
      link.fail("a value of " + std::to_string(f->payload.size()) + " bytes does not decode as " + link.mine().protocol);
    co_await c.send(std::move(value), site);
    if (link.stopped()) break;  // taken by the program's end, not by a reader: not acknowledged
    ++link.completed;
    link.send(FrameKind::ack, encode_count(link.completed));
  }
  co_await done.send(0, site);
}

}  // namespace transit::net
