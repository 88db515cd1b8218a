// Loads, stores and address arithmetic: ldl stl ldlp ldnl stnl ldnlp, lb sb bsub wsub wcnt bcnt,
// ldpi, move.
#pragma once

#include <cstring>

#include "core/block_move.h"
#include "core/semantics/stack.h"

namespace transit::emu {

inline void exec_ldl(Cpu& c, Word n) { push(c, c.load(c.wptr + 4 * n)); }
inline void exec_stl(Cpu& c, Word n) {
  c.store(c.wptr + 4 * n, c.areg);
  pop(c);
}
inline void exec_ldlp(Cpu& c, Word n) { push(c, c.wptr + 4 * n); }
inline void exec_ldnl(Cpu& c, Word n) { c.areg = c.load(c.areg + 4 * n); }
inline void exec_stnl(Cpu& c, Word n) {
  c.store(c.areg + 4 * n, c.breg);
  c.areg = c.creg;
}
inline void exec_ldnlp(Cpu& c, Word n) { c.areg += 4 * n; }

inline void exec_lb(Cpu& c) { c.areg = c.load_byte(c.areg); }
inline void exec_sb(Cpu& c) {
  c.store_byte(c.areg, std::uint8_t(c.breg));
  c.areg = c.creg;
}
inline void exec_bsub(Cpu& c) {
  c.areg += c.breg;
  c.breg = c.creg;
}
inline void exec_wsub(Cpu& c) {
  c.areg += 4 * c.breg;
  c.breg = c.creg;
}
inline void exec_wcnt(Cpu& c) {
  Word a = c.areg;
  push(c, a & 3);
  c.breg = c.areg;
  c.areg = Word(sgn(a) >> 2);
}
inline void exec_bcnt(Cpu& c) { c.areg *= 4; }
inline void exec_ldpi(Cpu& c) { c.areg += c.iptr; }

// Copy n bytes between memory areas; a range outside memory halts the processor.
inline bool copy_bytes(Cpu& c, Word src, Word dst, Word n) {
  if (n == 0) return true;
  std::uint32_t so = src - kMostNeg, d = dst - kMostNeg;
  if (so >= c.mem_size || c.mem_size - so < n) {
    c.stop_with(HaltReason::BadAddress, src);
    return false;
  }
  if (d >= c.mem_size || c.mem_size - d < n) {
    c.stop_with(HaltReason::BadAddress, dst);
    return false;
  }
  c.watch_write(dst, n);
  std::memmove(c.mem + d, c.mem + so, n);
  return true;
}

// Creg: source, Breg: destination, Areg: length in bytes. Interruptible (core/block_move.h).
inline void exec_move(Cpu& c) {
  Cycle cost = 2 * words_of(c.areg);
  if (copy_may_be_interrupted(c, cost)) [[unlikely]] {
    start_copy(c, c.creg, c.breg, c.areg, 0, kNotProcess);
    return;
  }
  c.cycles += cost;
  copy_bytes(c, c.creg, c.breg, c.areg);
}

}  // namespace transit::emu
