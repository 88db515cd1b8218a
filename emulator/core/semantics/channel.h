// Channel communication: in out outbyte outword resetch. A channel is a word holding NotProcess
// or the descriptor of the process waiting on it (its message pointer in W[-3]); the 8 link
// channel words hand the message to the link engine instead.
#pragma once

#include "transit/emu/core/scheduler.h"
#include "core/semantics/memory_access.h"
#include "core/semantics/stack.h"
#include "transit/emu/core/link_port.h"

namespace transit::emu {

// The current process waits on `chan` with its message at `ptr`.
inline void wait_on_channel(Cpu& c, Word chan, Word ptr) {
  c.store(chan, c.wdesc());
  c.mark_wait(chan, Cpu::kMarkChannel);
  c.set_ws(c.wptr, kSlotState, ptr);
  deschedule(c);
}

// The second process on an internal channel copies the message (n bytes) and readies the first;
// a long copy at low priority is interruptible (core/block_move.h).
inline void transfer(Cpu& c, Word chan, Word other, Word from, Word to, Word n) {
  Cycle cost = 2 * words_of(n);
  if (copy_may_be_interrupted(c, cost)) [[unlikely]] {
    start_copy(c, from, to, n, chan, other);
    return;
  }
  c.cycles += cost;
  copy_bytes(c, from, to, n);
  c.store(chan, kNotProcess);
  schedule(c, other);
}

// An input on the event channel takes a pending event request (nothing is copied).
inline bool take_event(Cpu& c, Word chan) {
  if (chan != kEventChannel || !c.event_pending) return false;
  c.event_pending = false;
  return true;
}

// in or out on a link channel: the process waits while the link hardware moves the message (out
// of line, so that the dispatch loop keeps the internal channel paths inlined).
[[gnu::cold, gnu::noinline]] inline void link_message(Cpu& c, bool input, Word chan, Word ptr, Word n) {
  c.set_ws(c.wptr, kSlotIptr, c.iptr);
  c.set_ws(c.wptr, kSlotState, ptr);
  c.store(chan, c.wdesc());
  if (input)
    c.links->start_input(link_of_channel(chan), ptr, n, c.wdesc());
  else
    c.links->start_output(link_of_channel(chan), ptr, n, c.wdesc());
  run_next(c);
}

// Areg: count, Breg: channel, Creg: destination.
[[gnu::always_inline]] inline void exec_in(Cpu& c) {
  Word n = c.areg, chan = c.breg, ptr = c.creg;
  if (is_link_channel(chan)) [[unlikely]] {
    link_message(c, true, chan, ptr, n);
    return;
  }
  Word other = c.load(chan);
  if (other == kNotProcess) {
    if (take_event(c, chan)) [[unlikely]]
      return;
    wait_on_channel(c, chan, ptr);
    return;
  }
  transfer(c, chan, other, c.ws(other & ~3u, kSlotState), ptr, n);
}

// Areg: count, Breg: channel, Creg: source.
inline void exec_out(Cpu& c) {
  Word n = c.areg, chan = c.breg, ptr = c.creg;
  if (is_link_channel(chan)) [[unlikely]] {
    link_message(c, false, chan, ptr, n);
    return;
  }
  Word other = c.load(chan);
  if (other == kNotProcess) {
    wait_on_channel(c, chan, ptr);
    return;
  }
  Word ow = other & ~3u;
  Word state = c.ws(ow, kSlotState);
  if (state == kEnabling || state == kReady) {
    // The other side is an ALT still enabling (or already ready): mark it ready and wait.
    c.set_ws(ow, kSlotState, kReady);
    wait_on_channel(c, chan, ptr);
  } else if (state == kWaiting) {
    c.set_ws(ow, kSlotState, kReady);
    schedule(c, other);
    wait_on_channel(c, chan, ptr);
  } else {
    transfer(c, chan, other, ptr, state, n);
  }
}

// Areg: the word, Breg: channel. The word is sent from W[0].
inline void exec_outword(Cpu& c) {
  c.store(c.wptr, c.areg);
  c.areg = 4;
  c.creg = c.wptr;
  exec_out(c);
}

inline void exec_outbyte(Cpu& c) {
  c.store_byte(c.wptr, std::uint8_t(c.areg));
  c.areg = 1;
  c.creg = c.wptr;
  exec_out(c);
}

inline void exec_resetch(Cpu& c) {
  Word chan = c.areg;
  if (is_link_channel(chan)) {
    c.areg = c.links->reset_channel(chan);
    return;
  }
  c.areg = c.load(chan);
  c.store(chan, kNotProcess);
}

}  // namespace transit::emu
