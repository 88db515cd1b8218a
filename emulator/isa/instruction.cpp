// Lookups in the instruction table (isa/instruction.h).
#include "transit/emu/isa/instruction.h"

#include <array>

namespace transit::emu {
namespace {

// find_operation's index: the row of each operation code, -1 where there is none.
constexpr auto kOperationRows = [] {
  std::array<std::int16_t, kOperationCodeLimit> rows{};
  rows.fill(-1);
  for (std::size_t i = 0; i < std::size(kInstructions); ++i) {
    const Instruction& ins = kInstructions[i];
    if (ins.kind != InstructionKind::Operation) continue;
    if (ins.code >= kOperationCodeLimit) throw "operation code above kOperationCodeLimit";
    rows[ins.code] = std::int16_t(i);
  }
  return rows;
}();

// The direct functions come first, in code order (direct_instruction indexes them).
static_assert([] {
  for (unsigned f = 0; f < 16; ++f)
    if (kInstructions[f].kind != InstructionKind::Direct || kInstructions[f].code != f) return false;
  return true;
}());

}  // namespace

std::span<const Instruction> instruction_table() { return kInstructions; }

const Instruction* find_instruction(std::string_view mnemonic) {
  for (const Instruction& i : kInstructions)
    if (i.mnemonic == mnemonic) return &i;
  return nullptr;
}

const Instruction& direct_instruction(unsigned function) { return kInstructions[function & 15]; }

const Instruction* find_operation(std::uint32_t code) {
  if (code >= kOperationCodeLimit || kOperationRows[code] < 0) return nullptr;
  return &kInstructions[kOperationRows[code]];
}

const Instruction* find_fpentry(std::uint32_t code) {
  for (const Instruction& i : kInstructions)
    if (i.kind == InstructionKind::FpEntry && i.code == code) return &i;
  return nullptr;
}

}  // namespace transit::emu
