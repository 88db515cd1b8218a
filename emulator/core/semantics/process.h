// Processes and queues: startp endp runp stopp ldpri, the queue registers sthf sthb stlf stlb
// saveh savel.
#pragma once

#include "transit/emu/core/scheduler.h"
#include "core/semantics/stack.h"

namespace transit::emu {

// Areg: workspace of the new process; Breg: offset of its code from the next instruction.
inline void exec_startp(Cpu& c) {
  Word w = c.areg & ~3u;
  c.set_ws(w, kSlotIptr, c.iptr + c.breg);
  schedule(c, w | c.pri);
}

// Areg: the parent's workspace, holding {continuation Iptr, count of processes still running}.
inline void exec_endp(Cpu& c) {
  Word w = c.areg & ~3u;
  Word count = c.load(w + 4);
  if (count == 1) {
    c.wptr = w;
    c.iptr = c.load(w);
  } else {
    c.store(w + 4, count - 1);
    run_next(c);
  }
}

inline void exec_runp(Cpu& c) { schedule(c, c.areg); }
inline void exec_stopp(Cpu& c) { deschedule(c); }
inline void exec_ldpri(Cpu& c) { push(c, c.pri); }

inline void exec_sthf(Cpu& c) {
  c.fptr[0] = c.areg;
  pop(c);
}
inline void exec_sthb(Cpu& c) {
  c.bptr[0] = c.areg;
  pop(c);
}
inline void exec_stlf(Cpu& c) {
  c.fptr[1] = c.areg;
  pop(c);
}
inline void exec_stlb(Cpu& c) {
  c.bptr[1] = c.areg;
  pop(c);
}
inline void exec_saveh(Cpu& c) {
  c.store(c.areg, c.fptr[0]);
  c.store(c.areg + 4, c.bptr[0]);
  pop(c);
}
inline void exec_savel(Cpu& c) {
  c.store(c.areg, c.fptr[1]);
  c.store(c.areg + 4, c.bptr[1]);
  pop(c);
}

}  // namespace transit::emu
