// Channel<T>: occam's synchronous channel between one writer and one reader. A send blocks until
// the reader takes the value (a rendezvous), so backpressure is built in; the value is moved
// across at the rendezvous, never buffered. T is any movable type.
//
//   transit::Channel<int> c{"numbers"};            // the name appears in reports
//   co_await c.send(42);                            // writer: c ! 42
//   int x = co_await c.recv();                      // reader: c ? x
//   co_await c.recv(x);                             // reader, into an existing variable
//
// Two processes writing (or reading) one Channel at once is a usage error reported as a
// RuntimeError; channels with shared ends are AnyToOne, OneToAny and AnyToAny (shared_channel.h).
//
// Invariants (argued in docs/runtime.md):
//  1. `slot` is null, or points at the one party (Waiter) that arrived first and is blocked.
//  2. The second party to arrive performs the move and makes the first ready; so a writer
//     continues only after its value has reached the reader's variable.
//  3. A Waiter in `slot` belonging to an ALT may be stale (the ALT chose another guard); a writer
//     claims the ALT atomically before moving into it, and treats a failed claim as an empty slot.
//  4. In a multi-threaded run every access to `slot` holds `lock`; the lock is skipped otherwise.
#pragma once

#include <cstdint>
#include <optional>
#include <type_traits>
#include <utility>

#include "transit/process.h"
#include "transit/site.h"

namespace transit {

namespace detail {

struct AltCore;

// One blocked party of a rendezvous: a plain send/recv, or one input guard of an ALT.
struct Waiter {
  Process* process = nullptr;
  void* data = nullptr;           // writer: T* source; reader: T* (assign) or std::optional<T>* (construct)
  AltCore* alt = nullptr;         // non-null for an ALT guard
  Waiter* next = nullptr;         // queue link on shared channels
  std::uint32_t guard = 0;        // ALT guard index
  bool writer = false;
  bool construct = false;         // reader: emplace into std::optional<T>
};

struct ChannelCore {
  Waiter* slot = nullptr;
  SpinLock lock;
  const char* name = nullptr;
  std::uint64_t last_writer = 0;  // process ids, for the wait-for graph of deadlock reports
  std::uint64_t last_reader = 0;
};

// Claims an ALT for guard `w` (returns false if the ALT already chose); the caller then moves the
// value and calls alt_fired.
bool alt_claim(Waiter& w) noexcept;
void alt_fired(Waiter& w) noexcept;
[[noreturn]] void usage_error(const void* channel, bool shared, const char* what, const Site& site);

template <class T>
inline void deliver(Waiter& reader, T&& value) {
  if (reader.construct) {
    static_cast<std::optional<T>*>(reader.data)->emplace(std::move(value));
  } else {
    *static_cast<T*>(reader.data) = std::move(value);
  }
}

template <class T>
class SendAwaiter {
 public:
  SendAwaiter(ChannelCore& ch, T&& value, const Site& site) : ch_(ch), value_(std::move(value)), site_(site) {}

  bool await_ready() {
    ch_.lock.lock();
    for (;;) {
      Waiter* r = ch_.slot;
      if (r == nullptr) return false;  // first to arrive: block (lock still held)
      if (r->writer) {
        ch_.lock.unlock();
        usage_error(&ch_, false, "two processes output on a one-to-one channel at once", site_);
      }
      ch_.slot = nullptr;
      ch_.last_writer = current()->id;
      if (r->alt == nullptr) {
        ch_.lock.unlock();
        deliver(*r, std::move(value_));
        make_ready(r->process);
        return true;
      }
      if (alt_claim(*r)) {
        ch_.lock.unlock();
        deliver(*r, std::move(value_));
        alt_fired(*r);
        return true;
      }
      // A stale ALT registration: the slot is ours (loop once more to see it empty).
    }
  }
  void await_suspend(std::coroutine_handle<> h) noexcept {
    self_.process = block(h, State::output, &ch_, wait_channel, &site_);
    self_.data = &value_;
    self_.writer = true;
    ch_.slot = &self_;
    ch_.last_writer = self_.process->id;
    ch_.lock.unlock();
  }
  void await_resume() const noexcept {}

 private:
  ChannelCore& ch_;
  T value_;
  Site site_;
  Waiter self_;
};

template <class T, bool Construct>
class RecvAwaiter {
  using Storage = std::conditional_t<Construct, std::optional<T>, T&>;

 public:
  RecvAwaiter(ChannelCore& ch, T* into, const Site& site) requires(!Construct) : ch_(ch), into_(*into), site_(site) {}
  RecvAwaiter(ChannelCore& ch, const Site& site) requires(Construct) : ch_(ch), into_(), site_(site) {}

  bool await_ready() {
    ch_.lock.lock();
    Waiter* w = ch_.slot;
    if (w == nullptr) return false;  // first to arrive: block (lock still held)
    if (!w->writer) {
      ch_.lock.unlock();
      usage_error(&ch_, false, "two processes input on a one-to-one channel at once", site_);
    }
    ch_.slot = nullptr;
    ch_.last_reader = current()->id;
    ch_.lock.unlock();
    if constexpr (Construct) {
      into_.emplace(std::move(*static_cast<T*>(w->data)));
    } else {
      into_ = std::move(*static_cast<T*>(w->data));
    }
    make_ready(w->process);
    return true;
  }
  void await_suspend(std::coroutine_handle<> h) noexcept {
    self_.process = block(h, State::input, &ch_, wait_channel, &site_);
    self_.data = &into_;
    self_.construct = Construct;
    ch_.slot = &self_;
    ch_.last_reader = self_.process->id;
    ch_.lock.unlock();
  }
  auto await_resume() noexcept(!Construct || std::is_nothrow_move_constructible_v<T>) {
    if constexpr (Construct) return T(std::move(*into_));
  }

 private:
  ChannelCore& ch_;
  Storage into_;
  Site site_;
  Waiter self_;
};

}  // namespace detail

template <class T>
class Channel {
 public:
  using value_type = T;

  explicit Channel(const char* name = nullptr) noexcept { core_.name = name; }
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  // c ! value
  [[nodiscard]] detail::SendAwaiter<T> send(T value, Site site = Site::current()) {
    return detail::SendAwaiter<T>(core_, std::move(value), site);
  }
  // c ? x, as an expression
  [[nodiscard]] detail::RecvAwaiter<T, true> recv(Site site = Site::current()) {
    return detail::RecvAwaiter<T, true>(core_, site);
  }
  // c ? x, into x
  [[nodiscard]] detail::RecvAwaiter<T, false> recv(T& into, Site site = Site::current()) {
    return detail::RecvAwaiter<T, false>(core_, &into, site);
  }

  const char* name() const noexcept { return core_.name; }
  detail::ChannelCore& core() noexcept { return core_; }

 private:
  detail::ChannelCore core_;
};

}  // namespace transit
