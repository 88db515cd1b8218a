// The three-register evaluation stack, shared by the semantics files.
#pragma once

#include "transit/emu/core/cpu.h"

namespace transit::emu {

inline void push(Cpu& c, Word v) {
  c.creg = c.breg;
  c.breg = c.areg;
  c.areg = v;
}
// Drop Areg: A <- B, B <- C (C keeps its value: undefined after the instruction).
inline void pop(Cpu& c) {
  c.areg = c.breg;
  c.breg = c.creg;
}
inline std::int32_t sgn(Word v) { return std::int32_t(v); }
// Words in a message of n bytes (the "w" of the datasheet's cycle formulas).
inline Word words_of(Word n) { return (n + 3) / 4; }

}  // namespace transit::emu
