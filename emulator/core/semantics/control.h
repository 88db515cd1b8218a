// Control flow: j cj call ret gcall gajw ajw lend; j and lend are the timeslice points.
#pragma once

#include "transit/emu/core/scheduler.h"
#include "core/semantics/stack.h"

namespace transit::emu {

inline void exec_j(Cpu& c, Word n) {
  c.iptr += n;
  maybe_timeslice(c);
}

inline void exec_cj(Cpu& c, Word n) {
  if (c.areg == 0) {
    c.iptr += n;
    c.cycles += 2;
  } else {
    pop(c);
  }
}

inline void exec_call(Cpu& c, Word n) {
  Word w = c.wptr - 16;
  c.store(w, c.iptr);
  c.store(w + 4, c.areg);
  c.store(w + 8, c.breg);
  c.store(w + 12, c.creg);
  c.wptr = w;
  c.areg = c.iptr;
  c.iptr += n;
}

inline void exec_ret(Cpu& c) {
  c.iptr = c.load(c.wptr);
  c.wptr += 16;
}

inline void exec_ajw(Cpu& c, Word n) { c.wptr += 4 * n; }

inline void exec_gcall(Cpu& c) {
  Word t = c.iptr;
  c.iptr = c.areg;
  c.areg = t;
}

inline void exec_gajw(Cpu& c) {
  Word t = c.wptr;
  c.wptr = c.areg & ~3u;
  c.areg = t;
}

// Areg: offset back to the loop start; Breg: the control block {index, count}.
inline void exec_lend(Cpu& c) {
  Word block = c.breg;
  Word count = c.load(block + 4) - 1;
  c.store(block + 4, count);
  if (sgn(count) > 0) {
    c.store(block, c.load(block) + 1);
    c.iptr -= c.areg;
    c.cycles += 5;
    maybe_timeslice(c);
  }
}

// pfix and nfix are folded into the operand by the fetch loop (core/execute.h).
inline void exec_pfix(Cpu&, Word) {}
inline void exec_nfix(Cpu&, Word) {}

}  // namespace transit::emu
