// Timers: ldtimer sttimer tin. The clocks tick from the cycle count (1 us high priority,
// 64 us low priority), never from the host's clock.
#pragma once

#include "core/scheduler.h"
#include "core/semantics/stack.h"

namespace transit::emu {

inline void exec_ldtimer(Cpu& c) { push(c, c.clock(c.pri)); }

inline void exec_sttimer(Cpu& c) {
  c.timer_base_cycle = c.cycles;
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

}  // namespace transit::emu
