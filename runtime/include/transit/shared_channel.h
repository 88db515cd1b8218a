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
#include <optional>
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
  SharedSendAwaiter(SharedChannelCore& ch, T&& value, const Site& site) : ch_(ch), value_(std::move(value)), site_(site) {}

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
  void await_suspend(std::coroutine_handle<> h) noexcept {
    self_.process = block(h, State::output, &ch_, wait_shared_channel, &site_);
    self_.data = &value_;
    self_.writer = true;
    ch_.writers.push(&self_);
    ch_.last_writer = self_.process->id;
    ch_.lock.unlock();
  }
  void await_resume() const noexcept {}

 private:
  SharedChannelCore& ch_;
  T value_;
  Site site_;
  Waiter self_;
};

template <class T, bool Construct>
class SharedRecvAwaiter {
  using Storage = std::conditional_t<Construct, std::optional<T>, T&>;

 public:
  SharedRecvAwaiter(SharedChannelCore& ch, T* into, const Site& site) requires(!Construct) : ch_(ch), into_(*into), site_(site) {}
  SharedRecvAwaiter(SharedChannelCore& ch, const Site& site) requires(Construct) : ch_(ch), into_(), site_(site) {}

  bool await_ready() {
    ch_.lock.lock();
    Waiter* w = ch_.writers.pop();
    if (w == nullptr) return false;  // block (lock still held)
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
    self_.process = block(h, State::input, &ch_, wait_shared_channel, &site_);
    self_.data = &into_;
    self_.construct = Construct;
    ch_.readers.push(&self_);
    ch_.last_reader = self_.process->id;
    ch_.lock.unlock();
  }
  auto await_resume() noexcept(!Construct || std::is_nothrow_move_constructible_v<T>) {
    if constexpr (Construct) return T(std::move(*into_));
  }

 private:
  SharedChannelCore& ch_;
  Storage into_;
  Site site_;
  Waiter self_;
};

// The common implementation of the three shared-end channel types.
template <class T>
class SharedChannel {
 public:
  using value_type = T;

  explicit SharedChannel(const char* name = nullptr) noexcept { core_.name = name; }
  SharedChannel(const SharedChannel&) = delete;
  SharedChannel& operator=(const SharedChannel&) = delete;

  [[nodiscard]] SharedSendAwaiter<T> send(T value, Site site = Site::current()) {
    return SharedSendAwaiter<T>(core_, std::move(value), site);
  }
  [[nodiscard]] SharedRecvAwaiter<T, true> recv(Site site = Site::current()) {
    return SharedRecvAwaiter<T, true>(core_, site);
  }
  [[nodiscard]] SharedRecvAwaiter<T, false> recv(T& into, Site site = Site::current()) {
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
