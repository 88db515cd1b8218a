// Interruptible block copies: move, the copy of a long message between two processes on an
// internal channel, and the T800's 2D moves. On the chip a high-priority process that becomes
// ready during such a copy preempts the low-priority process midway; the copy resumes where it
// stopped when the low-priority process runs again. Here a copy whose whole time fits before the
// next event that could ready a high-priority process (Cpu::next_event) is done at once (the fast
// path); otherwise it is done in pieces up to each such event, the rest kept in Cpu::block_move.
#pragma once

#include "transit/emu/core/cpu.h"

namespace transit::emu {

// Starts `m` (its kind, addresses and size set) and runs it up to c.next_event; what is left
// stays in c.block_move and the run loop continues it (continue_block_move) after the events.
void start_block_move(Cpu& c, const BlockMove& m);
// Starts an interruptible copy of n bytes (the slow path of move and of a channel transfer: then
// `channel` is cleared and `other` scheduled at the end; kNotProcess for a move).
[[gnu::cold, gnu::noinline]] void start_copy(Cpu& c, Word from, Word to, Word n, Word channel, Word other);
// Copies more of c.block_move, up to c.next_event or the end; at the end a channel transfer
// clears the channel and schedules the waiting process.
void continue_block_move(Cpu& c);

// Would a copy taking `cost` cycles from now run past the next event while a low-priority process
// runs? (Only then can a high-priority process become ready before it ends.)
inline bool copy_may_be_interrupted(const Cpu& c, Cycle cost) {
  return c.pri == 1 && c.cycles + cost > c.next_event;
}

}  // namespace transit::emu
