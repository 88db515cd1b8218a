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

#include "transit/invariant.h"
#include "transit/process.h"
#include "transit/rendezvous.h"
#include "transit/site.h"

namespace transit {

namespace detail {

struct ChannelCore;
// Two processes at one end of a one-to-one channel: a RuntimeError naming the channel.
[[noreturn]] void usage_error(const ChannelCore& channel, const char* what, SiteRef site);
inline constexpr const char* two_readers = "two processes input on a one-to-one channel at once";
inline constexpr const char* two_writers = "two processes output on a one-to-one channel at once";

// A one-to-one channel's named states, from its slot (for invariants and reports).
enum class ChannelState : std::uint8_t { empty, writer_waiting, reader_waiting, alt_waiting };
const char* channel_state_name(ChannelState s) noexcept;

// The store of a one-to-one channel (rendezvous.h): one slot.
struct ChannelCore {
  static constexpr WaitObject kind = wait_channel;

  Waiter* slot = nullptr;
  SpinLock lock;
  const char* name = nullptr;
  std::uint64_t last_writer = 0;  // process ids, for the wait-for graph of deadlock reports
  std::uint64_t last_reader = 0;

  ChannelState state() const noexcept {
    if (slot == nullptr) return ChannelState::empty;
    if (slot->writer) return ChannelState::writer_waiting;
    return slot->alt ? ChannelState::alt_waiting : ChannelState::reader_waiting;
  }
  Waiter* take_reader(SiteRef site) { return take<false>(site); }
  Waiter* take_writer(SiteRef site) { return take<true>(site); }
  void park_writer(Waiter* w) noexcept { park(w); }
  void park_reader(Waiter* w) noexcept { park(w); }

 private:
  template <bool Writer>
  Waiter* take(SiteRef site) {
    Waiter* w = slot;
    if (w == nullptr) return nullptr;
    if (w->writer != Writer) two_at_once(Writer ? two_readers : two_writers, site);
    slot = nullptr;
    return w;
  }
  [[noreturn, gnu::cold, gnu::noinline]] void two_at_once(const char* what, SiteRef site) {
    lock.unlock();
    usage_error(*this, what, site);
  }
  void park(Waiter* w) noexcept {
    TRANSIT_INVARIANT(slot == nullptr, "channel '%s': a party waits while the channel is '%s'", shown_name(name),
                      channel_state_name(state()));
    slot = w;
  }
};

}  // namespace detail

template <class T>
class Channel : public detail::ChannelOver<T, detail::ChannelCore> {
 public:
  using detail::ChannelOver<T, detail::ChannelCore>::ChannelOver;
};

}  // namespace transit
