// The transputer instruction table: one row per instruction (emulator/isa/*.def), read by the
// dispatch loop, the cycle counter, the assembler, the disassembler and the tests.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace transit::emu {

// Which chips implement an instruction (a bit set).
inline constexpr std::uint8_t CHIP_T414 = 1, CHIP_T800 = 2, CHIP_T425 = 4, CHIP_T805 = 8;
inline constexpr std::uint8_t CHIPS_ALL = CHIP_T414 | CHIP_T800 | CHIP_T425 | CHIP_T805;
inline constexpr std::uint8_t CHIPS_FPU = CHIP_T800 | CHIP_T805;          // with the FPU
inline constexpr std::uint8_t CHIPS_SOFT_FP = CHIP_T414 | CHIP_T425;      // FP support ops
inline constexpr std::uint8_t CHIPS_NOT_T414 = CHIP_T800 | CHIP_T425 | CHIP_T805;
inline constexpr std::uint8_t CHIPS_T4X5 = CHIP_T425 | CHIP_T805;

// What an instruction may do besides computing.
inline constexpr std::uint8_t F_NONE = 0;
inline constexpr std::uint8_t F_DESCHED = 1;   // may deschedule the current process
inline constexpr std::uint8_t F_ERROR = 2;     // may set the error flag
inline constexpr std::uint8_t F_FPERROR = 4;   // may set the FPU error flag
// T800/T805 FPU operation whose result stays in the FPU: the FPU is busy for the row's cycles (plus
// the semantics' variable part) while the integer processor goes on after kFpuIssueCycles.
inline constexpr std::uint8_t F_FPU_CONCURRENT = 8;
// Cycles the integer processor spends on such an operation before it goes on (an assumption: the
// datasheets we could check do not give it; see docs/emulator-fpu.md).
inline constexpr std::uint16_t kFpuIssueCycles = 2;

enum class InstructionKind : std::uint8_t { Direct, Operation, FpEntry };

struct Instruction {
  InstructionKind kind;
  std::uint16_t code;            // function nibble, operation code, or fpentry selector
  std::string_view mnemonic;
  std::uint16_t cycles;          // fixed part of the cycle count
  std::string_view cycles_formula;
  std::uint8_t flags;
  std::uint8_t chips;
};

std::span<const Instruction> instruction_table();
const Instruction* find_instruction(std::string_view mnemonic);
const Instruction& direct_instruction(unsigned function);     // 0..15
const Instruction* find_operation(std::uint32_t code);        // nullptr if none
const Instruction* find_fpentry(std::uint32_t code);          // nullptr if none

}  // namespace transit::emu
