// The send and receive of every channel kind, written once over the store of waiting parties:
// ChannelCore (one slot, channel.h) or SharedChannelCore (FIFO queues, shared_channel.h). A store
// has a lock, the ids of the last writer and reader, the WaitObject `kind` its waiters block on,
// and, called with the lock held:
//   Waiter* take_reader(SiteRef) / take_writer(SiteRef)   the waiting party removed, or null
//   void park_writer(Waiter*) / park_reader(Waiter*)       the arriving party made to wait
// A store that forbids a second party of the same side (one-to-one) throws its usage error from
// take_*, after unlocking. Invariants of the rendezvous: docs/runtime.md, "Channels".
#pragma once

#include <coroutine>
#include <new>
#include <type_traits>
#include <utility>

#include "transit/attach_trace.h"
#include "transit/invariant.h"
#include "transit/process.h"
#include "transit/site.h"

namespace transit::detail {

// Claims an ALT for guard `w` (returns false if the ALT already chose); the caller then moves the
// value and calls alt_fired.
bool alt_claim(Waiter& w) noexcept;
void alt_fired(Waiter& w) noexcept;

// A channel's name as reports show it ("?" when it has none).
inline const char* shown_name(const char* name) noexcept { return name ? name : "?"; }

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

template <class T, class Store>
class SendAwaiter {
 public:
  SendAwaiter(Store& ch, T&& value, SiteRef site) : ch_(ch), value_(std::move(value)), site_(site) {}

  bool await_ready() {
    ch_.lock.lock();
    while (Waiter* r = ch_.take_reader(site_)) {
      TRANSIT_INVARIANT(!r->writer, "a writer waits among the readers of channel '%s'", shown_name(ch_.name));
      ch_.last_writer = current()->id;
      if (r->alt == nullptr) {
        ch_.lock.unlock();
        trace_to(r->process);
        deliver(*r, std::move(value_));
        make_ready(r->process);
        return continue_or_give_way();
      }
      if (alt_claim(*r)) {
        ch_.lock.unlock();
        trace_to(r->process);
        deliver(*r, std::move(value_));
        alt_fired(*r);
        return continue_or_give_way();
      }
      // A stale ALT registration (the ALT chose another guard): gone from the store, look again.
    }
    return false;  // first to arrive: block (lock still held)
  }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> h) noexcept {
    if (giving_way()) return give_way(h);
    Process* p = block(h, State::output, &ch_, Store::kind, &site_);
    ch_.park_writer(plain_waiter(p, &value_, true, false));
    ch_.last_writer = p->id;
    ch_.lock.unlock();
    return next_process();
  }
  void await_resume() const noexcept {}

 private:
  // The one test a communication pays while no one traces (attach_trace.h).
  void trace_to(const Process* reader) const noexcept {
    if (tracing.load(std::memory_order_relaxed)) [[unlikely]]
      trace_communication(&ch_, ch_.name, current(), &site_, reader, reader->wait_site, &show_value<T>, &value_);
  }

  Store& ch_;
  T value_;
  SiteRef site_;
};

template <class T, bool Construct, class Store>
class RecvAwaiter {
  using Storage = std::conditional_t<Construct, RawStorage<T>, T&>;

 public:
  RecvAwaiter(Store& ch, T* into, SiteRef site) requires(!Construct) : ch_(ch), into_(*into), site_(site) {}
  RecvAwaiter(Store& ch, SiteRef site) requires(Construct) : ch_(ch), into_(), site_(site) {}

  bool await_ready() {
    ch_.lock.lock();
    Waiter* w = ch_.take_writer(site_);
    if (w == nullptr) return false;  // first to arrive: block (lock still held)
    TRANSIT_INVARIANT(w->writer && w->alt == nullptr, "a reader waits among the writers of channel '%s'",
                      shown_name(ch_.name));
    ch_.last_reader = current()->id;
    ch_.lock.unlock();
    if (tracing.load(std::memory_order_relaxed)) [[unlikely]]
      trace_communication(&ch_, ch_.name, w->process, w->process->wait_site, current(), &site_, &show_value<T>, w->data);
    if constexpr (Construct) {
      into_.construct(std::move(*static_cast<T*>(w->data)));
    } else {
      into_ = std::move(*static_cast<T*>(w->data));
    }
    make_ready(w->process);
    return continue_or_give_way();
  }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> h) noexcept {
    if (giving_way()) return give_way(h);
    Process* p = block(h, State::input, &ch_, Store::kind, &site_);
    ch_.park_reader(plain_waiter(p, &into_, false, Construct));
    ch_.last_reader = p->id;
    ch_.lock.unlock();
    return next_process();
  }
  auto await_resume() noexcept(!Construct || std::is_nothrow_move_constructible_v<T>) {
    if constexpr (Construct) return into_.take();
  }

 private:
  Store& ch_;
  Storage into_;
  SiteRef site_;
};

// The calls of a channel over a store: c.send(v), c.recv(), c.recv(x), its name and its store.
template <class T, class Store>
class ChannelOver {
 public:
  using value_type = T;

  explicit ChannelOver(const char* name = nullptr) noexcept { core_.name = name; }
  ChannelOver(const ChannelOver&) = delete;
  ChannelOver& operator=(const ChannelOver&) = delete;

  // c ! value
  [[nodiscard]] SendAwaiter<T, Store> send(T value, SiteRef site = {}) {
    return SendAwaiter<T, Store>(core_, std::move(value), site);
  }
  // c ? x, as an expression
  [[nodiscard]] RecvAwaiter<T, true, Store> recv(SiteRef site = {}) { return RecvAwaiter<T, true, Store>(core_, site); }
  // c ? x, into x
  [[nodiscard]] RecvAwaiter<T, false, Store> recv(T& into, SiteRef site = {}) {
    return RecvAwaiter<T, false, Store>(core_, &into, site);
  }

  const char* name() const noexcept { return core_.name; }
  Store& core() noexcept { return core_; }

 private:
  Store core_;
};

}  // namespace transit::detail
