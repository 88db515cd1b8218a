// Channels with shared ends (occam-pi's SHARED channels): AnyToOne (many writers, one reader),
// OneToAny (one writer, many readers) and AnyToAny. Each communication is still a rendezvous
// between one writer and one reader; processes waiting at a shared end queue in arrival order
// (FIFO), so none starves. They are distinct types so that the one-to-one Channel pays nothing.
//
//   transit::AnyToOne<Job> jobs{"jobs"};
//   // many clients:  co_await jobs.send(job);
//   // one server:    Job j = co_await jobs.recv();   (or as an ALT guard: alt.input(jobs, j))
//
//   transit::OneToAny<Task> tasks{"tasks"};          // a farm: workers all do tasks.recv()
//
// Invariants: at most one of the two queues is non-empty; a queued Waiter of an ALT may be stale
// and is skipped (dropped) by a writer whose claim on that ALT fails.
#pragma once

#include <cstdint>
#include <type_traits>
#include <utility>

#include "transit/channel.h"
#include "transit/process.h"
#include "transit/site.h"

namespace transit {

namespace detail {

struct WaiterQueue {
  Waiter* head = nullptr;
  Waiter* tail = nullptr;

  bool empty() const noexcept { return head == nullptr; }
  void push(Waiter* w) noexcept {
    w->next = nullptr;
    if (tail) tail->next = w; else head = w;
    tail = w;
  }
  Waiter* pop() noexcept {
    Waiter* w = head;
    if (w) {
      head = w->next;
      if (!head) tail = nullptr;
    }
    return w;
  }
  bool remove(Waiter* w) noexcept;  // true if it was queued
};

struct SharedChannelCore {
  WaiterQueue writers;
  WaiterQueue readers;
  SpinLock lock;
  const char* name = nullptr;
  std::uint64_t last_writer = 0;
  std::uint64_t last_reader = 0;
};

template <class T>
class SharedSendAwaiter {
 public:
  SharedSendAwaiter(SharedChannelCore& ch, T&& value, SiteRef site) : ch_(ch), value_(std::move(value)), site_(site) {}

  bool await_ready() {
    ch_.lock.lock();
    while (Waiter* r = ch_.readers.pop()) {
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
      // stale ALT registration: dropped
    }
    return false;  // block (lock still held)
  }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> h) noexcept {
    Process* p = block(h, State::output, &ch_, wait_shared_channel, &site_);
    ch_.writers.push(plain_waiter(p, &value_, true, false));
    ch_.last_writer = p->id;
    ch_.lock.unlock();
    return next_process();
  }
  void await_resume() const noexcept {}

 private:
  SharedChannelCore& ch_;
  T value_;
  SiteRef site_;
};

template <class T, bool Construct>
class SharedRecvAwaiter {
  using Storage = std::conditional_t<Construct, RawStorage<T>, T&>;

 public:
  SharedRecvAwaiter(SharedChannelCore& ch, T* into, SiteRef site) requires(!Construct) : ch_(ch), into_(*into), site_(site) {}
  SharedRecvAwaiter(SharedChannelCore& ch, SiteRef site) requires(Construct) : ch_(ch), into_(), site_(site) {}

  bool await_ready() {
    ch_.lock.lock();
    Waiter* w = ch_.writers.pop();
    if (w == nullptr) return false;  // block (lock still held)
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
    Process* p = block(h, State::input, &ch_, wait_shared_channel, &site_);
    ch_.readers.push(plain_waiter(p, &into_, false, Construct));
    ch_.last_reader = p->id;
    ch_.lock.unlock();
    return next_process();
  }
  auto await_resume() noexcept(!Construct || std::is_nothrow_move_constructible_v<T>) {
    if constexpr (Construct) return into_.take();
  }

 private:
  SharedChannelCore& ch_;
  Storage into_;
  SiteRef site_;
};

// The common implementation of the three shared-end channel types.
template <class T>
class SharedChannel {
 public:
  using value_type = T;

  explicit SharedChannel(const char* name = nullptr) noexcept { core_.name = name; }
  SharedChannel(const SharedChannel&) = delete;
  SharedChannel& operator=(const SharedChannel&) = delete;

  [[nodiscard]] SharedSendAwaiter<T> send(T value, SiteRef site = {}) {
    return SharedSendAwaiter<T>(core_, std::move(value), site);
  }
  [[nodiscard]] SharedRecvAwaiter<T, true> recv(SiteRef site = {}) {
    return SharedRecvAwaiter<T, true>(core_, site);
  }
  [[nodiscard]] SharedRecvAwaiter<T, false> recv(T& into, SiteRef site = {}) {
    return SharedRecvAwaiter<T, false>(core_, &into, site);
  }

  const char* name() const noexcept { return core_.name; }
  SharedChannelCore& core() noexcept { return core_; }

 private:
  SharedChannelCore core_;
};

}  // namespace detail

// Many writers, one reader.
template <class T>
class AnyToOne : public detail::SharedChannel<T> {
 public:
  using detail::SharedChannel<T>::SharedChannel;
};

// One writer, many readers.
template <class T>
class OneToAny : public detail::SharedChannel<T> {
 public:
  using detail::SharedChannel<T>::SharedChannel;
};

// Many writers, many readers.
template <class T>
class AnyToAny : public detail::SharedChannel<T> {
 public:
  using detail::SharedChannel<T>::SharedChannel;
};

}  // namespace transit
