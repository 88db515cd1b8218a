// Timers: ldtimer sttimer tin, and the T425/T805 timer enable/disable. The clocks tick from the cycle count (1 us high priority,
// 64 us low priority), never from the host's clock.
#pragma once

#include "transit/emu/core/scheduler.h"
#include "core/semantics/stack.h"

namespace transit::emu {

inline void exec_ldtimer(Cpu& c) { push(c, c.clock(c.pri)); }

inline void exec_sttimer(Cpu& c) {
  c.timer_base_cycle[0] = c.timer_base_cycle[1] = c.cycles;
  c.timer_base[0] = c.timer_base[1] = c.areg;
  c.timers_running = true;
  pop(c);
  timer_recompute(c);
}

// Wait until the clock of the current priority is AFTER Areg.
inline void exec_tin(Cpu& c) {
  Word t = c.areg;
  if (after(c.clock(c.pri), t)) return;
  c.cycles += 26;
  c.set_ws(c.wptr, kSlotState, kWaiting);
  timer_insert(c, c.pri, c.wptr, t);
  deschedule(c);
}

// T425 / T805: stop or restart the clock (and timer queue) of one priority.
inline void exec_timerdisableh(Cpu& c) { set_timer_enabled(c, 0, false); }
inline void exec_timerdisablel(Cpu& c) { set_timer_enabled(c, 1, false); }
inline void exec_timerenableh(Cpu& c) { set_timer_enabled(c, 0, true); }
inline void exec_timerenablel(Cpu& c) { set_timer_enabled(c, 1, true); }

}  // namespace transit::emu
