// Range checks and the error flags: csub0 ccnt1 cword xword, seterr testerr stoperr
// clrhalterr sethalterr testhalterr testpranal.
#pragma once

#include "transit/emu/core/scheduler.h"
#include "core/semantics/stack.h"

namespace transit::emu {

inline void exec_csub0(Cpu& c) {
  if (c.breg >= c.areg) c.set_error();
  pop(c);
}

inline void exec_ccnt1(Cpu& c) {
  if (c.breg == 0 || c.breg > c.areg) c.set_error();
  pop(c);
}

// Areg: the most significant bit of a part word (e.g. #80); Breg: the value to check.
inline void exec_cword(Cpu& c) {
  if (sgn(c.breg) >= sgn(c.areg) || sgn(c.breg) < -sgn(c.areg)) c.set_error();
  pop(c);
}

// Sign-extend the part word in Breg whose most significant bit is Areg.
inline void exec_xword(Cpu& c) {
  Word v = c.breg;
  c.areg = v >= c.areg ? v - 2 * c.areg : v;
  c.breg = c.creg;
}

inline void exec_seterr(Cpu& c) { c.set_error(); }

inline void exec_testerr(Cpu& c) {
  if (c.error) c.cycles += 1;
  push(c, c.error ? 0 : 1);
  c.error = false;
}

inline void exec_stoperr(Cpu& c) {
  if (c.error) deschedule(c);
}

inline void exec_clrhalterr(Cpu& c) { c.halt_on_error = false; }
inline void exec_sethalterr(Cpu& c) { c.halt_on_error = true; }
inline void exec_testhalterr(Cpu& c) { push(c, c.halt_on_error ? 1 : 0); }
// No analyse signal on an emulated board.
inline void exec_testpranal(Cpu& c) { push(c, 0); }

}  // namespace transit::emu
