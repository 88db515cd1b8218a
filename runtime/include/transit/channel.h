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
#include <new>
#include <type_traits>
#include <utility>

#include "transit/process.h"
#include "transit/site.h"

namespace transit {

namespace detail {

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
[[noreturn]] void usage_error(const void* channel, bool shared, const char* what, SiteRef site);

// Room for one T, constructed by the writer and taken (moved out and destroyed) by the reader
// exactly once; nothing to destroy if the frame goes away before a value arrives.
template <class T>
class RawStorage {
 public:
  RawStorage() noexcept {}
  RawStorage(const RawStorage&) = delete;
  RawStorage& operator=(const RawStorage&) = delete;
  void construct(T&& value) { ::new (static_cast<void*>(bytes_)) T(std::move(value)); }
  T take() {
    T* p = std::launder(reinterpret_cast<T*>(bytes_));
    T value(std::move(*p));
    p->~T();
    return value;
  }

 private:
  alignas(T) unsigned char bytes_[sizeof(T)];
};

template <class T>
inline void deliver(Waiter& reader, T&& value) {
  if (reader.construct) {
    static_cast<RawStorage<T>*>(reader.data)->construct(std::move(value));
  } else {
    *static_cast<T*>(reader.data) = std::move(value);
  }
}

template <class T>
class SendAwaiter {
 public:
  SendAwaiter(ChannelCore& ch, T&& value, SiteRef site) : ch_(ch), value_(std::move(value)), site_(site) {}

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
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> h) noexcept {
    Process* p = block(h, State::output, &ch_, wait_channel, &site_);
    ch_.slot = plain_waiter(p, &value_, true, false);
    ch_.last_writer = p->id;
    ch_.lock.unlock();
    return next_process();
  }
  void await_resume() const noexcept {}

 private:
  ChannelCore& ch_;
  T value_;
  SiteRef site_;
};

template <class T, bool Construct>
class RecvAwaiter {
  using Storage = std::conditional_t<Construct, RawStorage<T>, T&>;

 public:
  RecvAwaiter(ChannelCore& ch, T* into, SiteRef site) requires(!Construct) : ch_(ch), into_(*into), site_(site) {}
  RecvAwaiter(ChannelCore& ch, SiteRef site) requires(Construct) : ch_(ch), into_(), site_(site) {}

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
      into_.construct(std::move(*static_cast<T*>(w->data)));
    } else {
      into_ = std::move(*static_cast<T*>(w->data));
    }
    make_ready(w->process);
    return true;
  }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> h) noexcept {
    Process* p = block(h, State::input, &ch_, wait_channel, &site_);
    ch_.slot = plain_waiter(p, &into_, false, Construct);
    ch_.last_reader = p->id;
    ch_.lock.unlock();
    return next_process();
  }
  auto await_resume() noexcept(!Construct || std::is_nothrow_move_constructible_v<T>) {
    if constexpr (Construct) return into_.take();
  }

 private:
  ChannelCore& ch_;
  Storage into_;
  SiteRef site_;
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
  [[nodiscard]] detail::SendAwaiter<T> send(T value, SiteRef site = {}) {
    return detail::SendAwaiter<T>(core_, std::move(value), site);
  }
  // c ? x, as an expression
  [[nodiscard]] detail::RecvAwaiter<T, true> recv(SiteRef site = {}) {
    return detail::RecvAwaiter<T, true>(core_, site);
  }
  // c ? x, into x
  [[nodiscard]] detail::RecvAwaiter<T, false> recv(T& into, SiteRef site = {}) {
    return detail::RecvAwaiter<T, false>(core_, &into, site);
  }

  const char* name() const noexcept { return core_.name; }
  detail::ChannelCore& core() noexcept { return core_; }

 private:
  detail::ChannelCore core_;
};

}  // namespace transit
