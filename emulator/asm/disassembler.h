// Transputer disassembler, from the instruction table: prefixes are folded into the instruction
// they extend ("ldc 300" rather than "pfix 1; pfix 2; ldc 12"), operations print by name.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/memory_map.h"

namespace transit::emu {

struct DecodedInstruction {
  Word address = 0;
  unsigned length = 0;    // bytes, prefixes included
  unsigned function = 0;  // direct function of the last byte
  Word operand = 0;
  bool complete = true;   // false: the bytes ended inside a prefix sequence
};

// Decodes the instruction at bytes[0] (address `address`).
DecodedInstruction decode(std::span<const std::uint8_t> bytes, Word address);
// "ldc 5", "j #80000100", "add", "opr #1FF" (no such operation), "fpentry fpusqrtfirst".
std::string format(const DecodedInstruction& d);
// One line per instruction: address, bytes, text.
std::string disassemble(std::span<const std::uint8_t> bytes, Word origin);

}  // namespace transit::emu
