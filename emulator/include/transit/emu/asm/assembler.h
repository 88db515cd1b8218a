// Transputer assembler, from the instruction table. One statement per line:
//   label:                      a label (may share a line with a statement)
//   ldc 300                     direct function: pfix/nfix prefixes are added as needed
//   j loop                      j, cj, call: the operand is the target; encoded relative
//   add                         operation by name (opr with prefixes)
//   fpusqrtfirst                an fpentry sub-operation: ldc code; fpentry
//   opr #1FF                    any operation code
//   .word e, ...   .byte e|"text", ...   .align N   .space N   .equ name, e
// Expressions: numbers (123, -5, #7F or 0x7F hex, 'c'), labels, `.` (this statement's address),
// joined by + and -. Comments start with ';' or '--'. Prefix sizes are found by iterating to a
// fixed point (sizes only grow, so it ends).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "transit/emu/isa/memory_map.h"
#include "transit/emu/isa/prefix.h"

namespace transit::emu {

struct AsmResult {
  std::vector<std::uint8_t> code;
  std::map<std::string, Word, std::less<>> labels;
  std::vector<std::string> errors;  // "file:line:col: message"
  bool ok() const { return errors.empty(); }
};

AsmResult assemble(std::string_view source, Word origin, std::string_view filename = "<input>");

}  // namespace transit::emu
