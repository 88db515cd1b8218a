// The instruction table, built from the .def row files.
#include "isa/instruction.h"

namespace transit::emu {
namespace {

#define TRANSIT_DIRECT(code, mn, cyc, formula, flags) \
  {InstructionKind::Direct, code, #mn, cyc, formula, flags, CHIPS_ALL},
#define TRANSIT_OPERATION(code, mn, cyc, formula, flags, chips) \
  {InstructionKind::Operation, code, #mn, cyc, formula, flags, chips},
#define TRANSIT_FPENTRY(code, mn, cyc, formula, flags, chips) \
  {InstructionKind::FpEntry, code, #mn, cyc, formula, flags, chips},
constexpr Instruction kTable[] = {
#include "isa/direct.def"
#include "isa/operations.def"
#include "isa/t800.def"
};
#undef TRANSIT_DIRECT
#undef TRANSIT_OPERATION
#undef TRANSIT_FPENTRY

}  // namespace

std::span<const Instruction> instruction_table() { return kTable; }

const Instruction* find_instruction(std::string_view mnemonic) {
  for (const Instruction& i : kTable)
    if (i.mnemonic == mnemonic) return &i;
  return nullptr;
}

const Instruction& direct_instruction(unsigned function) { return kTable[function & 15]; }

const Instruction* find_operation(std::uint32_t code) {
  for (const Instruction& i : kTable)
    if (i.kind == InstructionKind::Operation && i.code == code) return &i;
  return nullptr;
}

const Instruction* find_fpentry(std::uint32_t code) {
  for (const Instruction& i : kTable)
    if (i.kind == InstructionKind::FpEntry && i.code == code) return &i;
  return nullptr;
}

}  // namespace transit::emu
