// The transputer instruction table: one row per instruction (emulator/isa/*.def), read by the
// dispatch loop, the cycle counter, the assembler, the disassembler, code generators and the tests.
// Lookups by mnemonic and by code; each row says what its operand is, its cycles, which chips have
// it, and what it may do besides computing (wait, use a link, jump, set an error flag).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "transit/emu/isa/chip.h"
#include "transit/emu/isa/types.h"

namespace transit::emu {

// What an instruction may do besides computing: the `flags` column.
inline constexpr std::uint16_t F_NONE = 0;
inline constexpr std::uint16_t F_DESCHED = 1 << 0;   // may deschedule the current process
inline constexpr std::uint16_t F_ERROR = 1 << 1;     // may set the error flag
inline constexpr std::uint16_t F_FPERROR = 1 << 2;   // may set the FPU error flag
// T800/T805 FPU operation whose result stays in the FPU: the FPU is busy for the row's cycles (plus
// the semantics' variable part) while the integer processor goes on after kFpuIssueCycles.
inline constexpr std::uint16_t F_FPU_CONCURRENT = 1 << 3;
// Sets Iptr elsewhere than the next instruction: j, cj, call, gcall, ret, lend, altend.
inline constexpr std::uint16_t F_JUMP = 1 << 4;
// May make the process wait for another process, a link or a time (one of these at most).
inline constexpr std::uint16_t F_WAIT_INPUT = 1 << 5;   // in: a channel input
inline constexpr std::uint16_t F_WAIT_OUTPUT = 1 << 6;  // out, outbyte, outword: a channel output
inline constexpr std::uint16_t F_WAIT_ALT = 1 << 7;     // altwt, taltwt: an ALT's guards
inline constexpr std::uint16_t F_WAIT_TIMER = 1 << 8;   // tin: a time
// Takes a channel address from Areg, Breg or Creg, which may be a link channel (the link engine
// then acts); F_LINK_GUARDED: only when the register above it (Areg for Breg, Breg for Creg),
// the ALT guard, is not zero (enbc, disc).
inline constexpr std::uint16_t F_LINK_A = 1 << 9;
inline constexpr std::uint16_t F_LINK_B = 1 << 10;
inline constexpr std::uint16_t F_LINK_C = 1 << 11;
inline constexpr std::uint16_t F_LINK_GUARDED = 1 << 12;

// Cycles the integer processor spends on an F_FPU_CONCURRENT operation before it goes on (an
// assumption: the datasheets we could check do not give it; see docs/emulator-fpu.md).
inline constexpr std::uint16_t kFpuIssueCycles = 2;

enum class InstructionKind : std::uint8_t {
  Direct,     // one of the 16 functions: the high nibble of a byte, the operand in the low nibble
  Operation,  // `opr` with the operation code as operand
  FpEntry,    // T800 FPU sub-operation: `ldc code; fpentry`
};

// What the operand of a direct function is (operations and fpentry rows take theirs from the stack).
enum class OperandKind : std::uint8_t {
  None,       // operations, fpentry sub-operations
  Constant,   // ldc, adc, eqc: a value
  Local,      // ldl, stl, ldlp: a word offset from Wptr
  NonLocal,   // ldnl, stnl, ldnlp: a word offset from the address in Areg
  Workspace,  // ajw: words to move Wptr by
  Relative,   // j, cj, call: a byte offset from the address of the next instruction
  Prefix,     // pfix, nfix: the operand being built
  Operation,  // opr: the operation code
};

// What an instruction may wait for (F_WAIT_*).
enum class WaitKind : std::uint8_t { None, Input, Output, Alt, Timer };
// The register an instruction takes a (maybe link) channel address from (F_LINK_*).
enum class Register : std::uint8_t { None, A, B, C };

struct Instruction {
  InstructionKind kind;
  std::uint16_t code;            // function nibble, operation code, or fpentry selector
  std::string_view mnemonic;
  OperandKind operand;
  std::uint16_t cycles;          // fixed part of the cycle count
  std::string_view cycles_formula;
  std::uint16_t flags;
  std::uint8_t chips;

  constexpr bool on(Chip c) const { return (chips & chip_bit(c)) != 0; }
  constexpr bool may_deschedule() const { return (flags & F_DESCHED) != 0; }
  constexpr bool is_jump() const { return (flags & F_JUMP) != 0; }
  constexpr WaitKind waits() const {
    return flags & F_WAIT_INPUT    ? WaitKind::Input
           : flags & F_WAIT_OUTPUT ? WaitKind::Output
           : flags & F_WAIT_ALT    ? WaitKind::Alt
           : flags & F_WAIT_TIMER  ? WaitKind::Timer
                                   : WaitKind::None;
  }
  constexpr bool may_wait() const { return waits() != WaitKind::None; }
  constexpr Register link_channel() const {
    return flags & F_LINK_A ? Register::A : flags & F_LINK_B ? Register::B : flags & F_LINK_C ? Register::C : Register::None;
  }
  constexpr bool touches_link() const { return link_channel() != Register::None; }
  constexpr bool link_guarded() const { return (flags & F_LINK_GUARDED) != 0; }
};

#define TRANSIT_DIRECT(code, mn, operand, cyc, formula, flags) \
  {InstructionKind::Direct, code, #mn, OperandKind::operand, cyc, formula, flags, CHIPS_ALL},
#define TRANSIT_OPERATION(code, mn, cyc, formula, flags, chips) \
  {InstructionKind::Operation, code, #mn, OperandKind::None, cyc, formula, flags, chips},
#define TRANSIT_FPENTRY(code, mn, cyc, formula, flags, chips) \
  {InstructionKind::FpEntry, code, #mn, OperandKind::None, cyc, formula, flags, chips},
// The whole table: the 16 direct functions first, in code order, then operations and fpentry rows.
inline constexpr Instruction kInstructions[] = {
#include "transit/emu/isa/direct.def"
#include "transit/emu/isa/operations.def"
#include "transit/emu/isa/t800.def"
};
#undef TRANSIT_DIRECT
#undef TRANSIT_OPERATION
#undef TRANSIT_FPENTRY

// Operation codes are below this (the largest, lddevid, is 0x17C).
inline constexpr std::uint32_t kOperationCodeLimit = 0x200;

std::span<const Instruction> instruction_table();
const Instruction* find_instruction(std::string_view mnemonic);  // nullptr if none
const Instruction& direct_instruction(unsigned function);         // 0..15
const Instruction* find_operation(std::uint32_t code);            // nullptr if none; O(1)
const Instruction* find_fpentry(std::uint32_t code);              // nullptr if none

// The code of a mnemonic, at compile time: function_code("pfix") == 0x2,
// operation_code("fpentry") == 0xAB, fpentry_code("fpusqrtfirst") == 0x01. A misspelt name does
// not compile.
consteval const Instruction& instruction_named(std::string_view mnemonic, InstructionKind kind) {
  for (const Instruction& i : kInstructions)
    if (i.kind == kind && i.mnemonic == mnemonic) return i;
  throw "no such instruction";  // not a constant expression: a compile error
}
consteval unsigned function_code(std::string_view mnemonic) {
  return instruction_named(mnemonic, InstructionKind::Direct).code;
}
consteval Word operation_code(std::string_view mnemonic) {
  return instruction_named(mnemonic, InstructionKind::Operation).code;
}
consteval Word fpentry_code(std::string_view mnemonic) {
  return instruction_named(mnemonic, InstructionKind::FpEntry).code;
}

}  // namespace transit::emu
