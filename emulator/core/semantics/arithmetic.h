// Integer arithmetic and logic: adc eqc ldc, add sub mul div rem (checked), sum diff prod
// (modulo), and or xor not shl shr gt rev mint.
#pragma once

#include "core/semantics/stack.h"

namespace transit::emu {

inline void exec_ldc(Cpu& c, Word n) { push(c, n); }

inline void exec_adc(Cpu& c, Word n) {
  std::int32_t r;
  if (__builtin_add_overflow(sgn(c.areg), sgn(n), &r)) c.set_error();
  c.areg = Word(r);
}

inline void exec_eqc(Cpu& c, Word n) { c.areg = c.areg == n; }

inline void exec_rev(Cpu& c) {
  Word t = c.areg;
  c.areg = c.breg;
  c.breg = t;
}

inline void exec_add(Cpu& c) {
  std::int32_t r;
  if (__builtin_add_overflow(sgn(c.breg), sgn(c.areg), &r)) c.set_error();
  c.areg = Word(r);
  c.breg = c.creg;
}

inline void exec_sub(Cpu& c) {
  std::int32_t r;
  if (__builtin_sub_overflow(sgn(c.breg), sgn(c.areg), &r)) c.set_error();
  c.areg = Word(r);
  c.breg = c.creg;
}

inline void exec_mul(Cpu& c) {
  std::int32_t r;
  if (__builtin_mul_overflow(sgn(c.breg), sgn(c.areg), &r)) c.set_error();
  c.areg = Word(r);
  c.breg = c.creg;
}

inline void exec_div(Cpu& c) {
  if (c.areg == 0 || (c.areg == 0xFFFFFFFFu && c.breg == kMostNeg)) {
    c.set_error();
    c.areg = 0;
  } else {
    c.areg = Word(sgn(c.breg) / sgn(c.areg));
  }
  c.breg = c.creg;
}

inline void exec_rem(Cpu& c) {
  if (c.areg == 0) {
    c.set_error();
    c.areg = 0;
  } else if (c.areg == 0xFFFFFFFFu) {
    c.areg = 0;
  } else {
    c.areg = Word(sgn(c.breg) % sgn(c.areg));
  }
  c.breg = c.creg;
}

inline void exec_sum(Cpu& c) {
  c.areg = c.breg + c.areg;
  c.breg = c.creg;
}

inline void exec_diff(Cpu& c) {
  c.areg = c.breg - c.areg;
  c.breg = c.creg;
}

inline void exec_prod(Cpu& c) {
  // b+4 cycles: b is the bit number of the highest bit set in Areg.
  if (c.areg != 0) c.cycles += 31 - unsigned(__builtin_clz(c.areg));
  c.areg = c.breg * c.areg;
  c.breg = c.creg;
}

inline void exec_and(Cpu& c) {
  c.areg &= c.breg;
  c.breg = c.creg;
}
inline void exec_or(Cpu& c) {
  c.areg |= c.breg;
  c.breg = c.creg;
}
inline void exec_xor(Cpu& c) {
  c.areg ^= c.breg;
  c.breg = c.creg;
}
inline void exec_not(Cpu& c) { c.areg = ~c.areg; }

inline void exec_shl(Cpu& c) {
  Word n = c.areg;
  c.cycles += n;
  c.areg = n < 32 ? c.breg << n : 0;
  c.breg = c.creg;
}
inline void exec_shr(Cpu& c) {
  Word n = c.areg;
  c.cycles += n;
  c.areg = n < 32 ? c.breg >> n : 0;
  c.breg = c.creg;
}

inline void exec_gt(Cpu& c) {
  c.areg = sgn(c.breg) > sgn(c.areg);
  c.breg = c.creg;
}

inline void exec_mint(Cpu& c) { push(c, kMostNeg); }

}  // namespace transit::emu
