// Prefixing (IMS T414/T800 datasheets): an instruction byte holds a 4-bit function and a 4-bit
// operand; a wider operand is built in the operand register by pfix (shift up) and nfix
// (complement, shift up) bytes before it. The one encoder and decoder of that, for the dispatch
// loop, the assembler, the disassembler, code generators and the process reports.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "transit/emu/isa/instruction.h"

namespace transit::emu {

inline constexpr unsigned kPfix = function_code("pfix");
inline constexpr unsigned kNfix = function_code("nfix");
inline constexpr unsigned kOpr = function_code("opr");

constexpr bool is_prefix(unsigned function) { return function == kPfix || function == kNfix; }

// The operand register after a pfix or nfix byte whose nibble is already in `operand`.
constexpr Word fold_prefix(unsigned function, Word operand) {
  return function == kNfix ? ~operand << 4 : operand << 4;
}

// The pfix/nfix bytes an instruction with `operand` needs before it (0 for 0..15; at most 7).
constexpr unsigned prefix_count(Word operand) {
  std::int32_t v = std::int32_t(operand);
  if (v >= 0 && v < 16) return 0;
  return 1 + prefix_count(v >= 16 ? operand >> 4 : ~operand >> 4);
}
// Bytes of the whole instruction, prefixes included.
constexpr unsigned encoded_length(Word operand) { return prefix_count(operand) + 1; }

// Appends `function` (0..15) with `operand` to `out`, prefixes first.
void encode_into(std::vector<std::uint8_t>& out, unsigned function, Word operand);
std::vector<std::uint8_t> encode(unsigned function, Word operand);

// One instruction with its prefixes folded in.
struct DecodedInstruction {
  Word address = 0;
  unsigned length = 0;    // bytes, prefixes included
  unsigned function = 0;  // direct function of the last byte
  Word operand = 0;
  bool complete = true;   // false: the bytes ended inside a prefix sequence
};

// Decodes the instruction at bytes[0] (address `address`).
DecodedInstruction decode(std::span<const std::uint8_t> bytes, Word address);

}  // namespace transit::emu
