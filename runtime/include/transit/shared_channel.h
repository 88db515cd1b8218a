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

#include "transit/channel.h"
#include "transit/invariant.h"
#include "transit/process.h"
#include "transit/rendezvous.h"
#include "transit/site.h"

namespace transit {

namespace detail {

struct WaiterQueue : IntrusiveFifo<Waiter> {
  bool remove(Waiter* w) noexcept;  // true if it was queued
};

// The store of a channel with shared ends (rendezvous.h): a FIFO queue of waiting parties per side.
struct SharedChannelCore {
  static constexpr WaitObject kind = wait_shared_channel;

  WaiterQueue writers;
  WaiterQueue readers;
  SpinLock lock;
  const char* name = nullptr;
  std::uint64_t last_writer = 0;
  std::uint64_t last_reader = 0;

  Waiter* take_reader(SiteRef) noexcept { return readers.pop(); }
  Waiter* take_writer(SiteRef) noexcept { return writers.pop(); }
  void park_writer(Waiter* w) noexcept {
    TRANSIT_INVARIANT(readers.empty(), "channel '%s': a writer waits while readers wait", shown_name(name));
    writers.push(w);
  }
  void park_reader(Waiter* w) noexcept {
    TRANSIT_INVARIANT(writers.empty(), "channel '%s': a reader waits while writers wait", shown_name(name));
    readers.push(w);
  }
};

// The common implementation of the three shared-end channel types.
template <class T>
using SharedChannel = ChannelOver<T, SharedChannelCore>;

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
