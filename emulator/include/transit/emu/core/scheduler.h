// The process model the transputer keeps in microcode: two run queues (high and low priority)
// linked through W[-2], preemption of low priority by high, the low-priority timeslice, and the
// two timer queues (linked through W[-4], ordered by the time in W[-5], heads in memory at
// TPtrLoc0/1). Instructions call these; so do the link engine and the node between instructions.
#pragma once

#include "transit/emu/core/cpu.h"

namespace transit::emu {

// Cycles the microcode takes to save a low-priority process and start a high one (datasheet
// interrupt latency, typical figure).
inline constexpr Cycle kPreemptCycles = 19;
// Timeslice period in high-priority ticks (1 us each): a low-priority process is descheduled at
// the first j or lend after two timeslice ticks have passed since it started running.
inline constexpr Cycle kTimesliceTicks = 1024;

// a AFTER b in the transputer's modular time.
inline bool after(Word a, Word b) { return std::int32_t(a - b) > 0; }

// Put process `wdesc` (workspace | priority) on the back of its run queue.
inline void schedule(Cpu& c, Word wdesc) {
  Word p = wdesc & 1, w = wdesc & ~3u;
  if (c.fptr[p] == kNotProcess)
    c.fptr[p] = w;
  else
    c.set_ws(c.bptr[p], kSlotLink, w);
  c.bptr[p] = w;
  // A high-priority process preempts a running low one; an idle processor wakes up.
  if (!c.running || (p == 0 && c.pri == 1)) c.request_stop();
}

// The running process has stopped (waiting, ended, or timesliced); start the next one, or go idle.
void run_next(Cpu& c);

// Save the running process's Iptr in W[-1] and run the next process.
inline void deschedule(Cpu& c) {
  c.set_ws(c.wptr, kSlotIptr, c.iptr);
  run_next(c);
}

// j / lend at low priority past the timeslice: move the process to the back of its queue.
void timeslice(Cpu& c);
inline void maybe_timeslice(Cpu& c) {
  if (c.cycles >= c.timeslice_end) [[unlikely]]
    timeslice(c);
}

// A high-priority process is ready while a low-priority one runs: save it and switch.
void preempt(Cpu& c);

// Timer queues (priority p).
void timer_insert(Cpu& c, unsigned p, Word w, Word time);
bool timer_remove(Cpu& c, unsigned p, Word w);  // true if w was in the queue
void timer_fire(Cpu& c);                         // ready every process whose time has come
void timer_recompute(Cpu& c);                    // after sttimer or a queue change
// T425/T805 timerenableh/l, timerdisableh/l: a disabled clock keeps its value and its queue does
// not fire; enabled again, it counts on from that value.
void set_timer_enabled(Cpu& c, unsigned p, bool on);

// The event pin has been raised: ready the process waiting on the event channel (or the ALT that
// enabled it), or keep the request pending for the next input on the event channel.
void signal_event(Cpu& c);

}  // namespace transit::emu
