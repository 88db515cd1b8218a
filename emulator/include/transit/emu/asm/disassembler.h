// Transputer disassembler, from the instruction table: prefixes are folded into the instruction
// they extend ("ldc 300" rather than "pfix 1; pfix 2; ldc 12"), operations print by name.
#pragma once

#include <span>
#include <string>

#include "transit/emu/isa/memory_map.h"
#include "transit/emu/isa/prefix.h"

namespace transit::emu {

// "ldc 5", "j #80000100", "add", "opr #1FF" (no such operation), "fpentry fpusqrtfirst".
std::string format(const DecodedInstruction& d);
// One line per instruction: address, bytes, text.
std::string disassemble(std::span<const std::uint8_t> bytes, Word origin);

}  // namespace transit::emu
