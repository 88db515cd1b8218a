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
// Invariants: at most one of the two queues is non-empty (but while replaying a recording, where
// each arriving party waits for the partner it met when recorded); a queued Waiter of an ALT may be
// stale and is skipped (dropped) by a writer whose claim on that ALT fails.
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

struct SharedChannelCore;
// While a run records or replays (stable_ids), who meets whom on a shared channel is part of the
// recording (runtime/src/replay_hooks.cpp):
// the party in q the arriving process `key` meets: under replay its recorded partner, if that waits
// there and its own next recorded meeting is this one (else null); otherwise the first.
Waiter* waiting_partner(WaiterQueue& q, std::uint64_t key) noexcept;
// That party taken out of q and the meeting noted (an ALT's once its claim succeeds); throws, after
// unlocking ch, when a replay has no meeting left for the arriving process.
Waiter* take_partner(SharedChannelCore& ch, WaiterQueue& q, SiteRef site);
// Processes a and b met: recorded, or taken from the replay.
void shared_met(std::uint64_t a, std::uint64_t b) noexcept;

// The store of a channel with shared ends (rendezvous.h): a FIFO queue of waiting parties per side.
struct SharedChannelCore {
  static constexpr WaitObject kind = wait_shared_channel;

  WaiterQueue writers;
  WaiterQueue readers;
  SpinLock lock;
  const char* name = nullptr;
  std::uint64_t last_writer = 0;
  std::uint64_t last_reader = 0;

  Waiter* take_reader(SiteRef site) { return stable_ids ? take_partner(*this, readers, site) : readers.pop(); }
  Waiter* take_writer(SiteRef site) { return stable_ids ? take_partner(*this, writers, site) : writers.pop(); }
  void park_writer(Waiter* w) noexcept {
    TRANSIT_INVARIANT(readers.empty() || stable_ids, "channel '%s': a writer waits while readers wait", shown_name(name));
    writers.push(w);
  }
  void park_reader(Waiter* w) noexcept {
    TRANSIT_INVARIANT(writers.empty() || stable_ids, "channel '%s': a reader waits while writers wait", shown_name(name));
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
