// Multiple-length arithmetic: ladd lsub (checked), lsum ldiff lmul ldiv lshl lshr norm, and the
// conversions xdble csngl.
#pragma once

#include "core/semantics/stack.h"

namespace transit::emu {

inline void exec_ladd(Cpu& c) {
  std::int64_t r = std::int64_t(sgn(c.breg)) + sgn(c.areg) + (c.creg & 1);
  if (r != std::int32_t(r)) c.set_error();
  c.areg = Word(r);
}

inline void exec_lsub(Cpu& c) {
  std::int64_t r = std::int64_t(sgn(c.breg)) - sgn(c.areg) - (c.creg & 1);
  if (r != std::int32_t(r)) c.set_error();
  c.areg = Word(r);
}

inline void exec_lsum(Cpu& c) {
  std::uint64_t r = std::uint64_t(c.breg) + c.areg + (c.creg & 1);
  c.areg = Word(r);
  c.breg = Word(r >> 32);
}

inline void exec_ldiff(Cpu& c) {
  std::uint64_t r = std::uint64_t(c.breg) - c.areg - (c.creg & 1);
  c.areg = Word(r);
  c.breg = Word(r >> 32) & 1;
}

inline void exec_lmul(Cpu& c) {
  std::uint64_t r = std::uint64_t(c.breg) * c.areg + c.creg;
  c.areg = Word(r);
  c.breg = Word(r >> 32);
}

inline void exec_ldiv(Cpu& c) {
  if (c.creg >= c.areg) {
    c.set_error();
    return;
  }
  std::uint64_t n = std::uint64_t(c.creg) << 32 | c.breg;
  Word q = Word(n / c.areg), r = Word(n % c.areg);
  c.areg = q;
  c.breg = r;
}

inline void exec_lshl(Cpu& c) {
  Word n = c.areg;
  c.cycles += n;
  std::uint64_t v = std::uint64_t(c.creg) << 32 | c.breg;
  v = n < 64 ? v << n : 0;
  c.areg = Word(v);
  c.breg = Word(v >> 32);
}

inline void exec_lshr(Cpu& c) {
  Word n = c.areg;
  c.cycles += n;
  std::uint64_t v = std::uint64_t(c.creg) << 32 | c.breg;
  v = n < 64 ? v >> n : 0;
  c.areg = Word(v);
  c.breg = Word(v >> 32);
}

// Normalise the double length value Breg:Areg: shift left until the top bit is set; Creg gets
// the number of places shifted (64 for zero).
inline void exec_norm(Cpu& c) {
  std::uint64_t v = std::uint64_t(c.breg) << 32 | c.areg;
  Word n = v == 0 ? 64 : Word(__builtin_clzll(v));
  c.cycles += n;
  v = n < 64 ? v << n : 0;
  c.areg = Word(v);
  c.breg = Word(v >> 32);
  c.creg = n;
}

inline void exec_xdble(Cpu& c) {
  c.creg = c.breg;
  c.breg = sgn(c.areg) < 0 ? 0xFFFFFFFFu : 0;
}

inline void exec_csngl(Cpu& c) {
  bool fits = (c.breg == 0 && sgn(c.areg) >= 0) || (c.breg == 0xFFFFFFFFu && sgn(c.areg) < 0);
  if (!fits) c.set_error();
  c.breg = c.creg;
}

}  // namespace transit::emu
