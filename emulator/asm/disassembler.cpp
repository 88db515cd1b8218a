// Disassembler: isa/prefix.h decodes, the instruction table names.
#include "transit/emu/asm/disassembler.h"

#include <cstdio>

#include "transit/emu/isa/instruction.h"

namespace transit::emu {

std::string format(const DecodedInstruction& d) {
  char buf[64];
  if (!d.complete) {
    std::snprintf(buf, sizeof buf, "(prefix #%X)", d.operand);
    return buf;
  }
  const Instruction& di = direct_instruction(d.function);
  if (d.function == kOpr) {
    if (const Instruction* op = find_operation(d.operand)) return std::string(op->mnemonic);
    std::snprintf(buf, sizeof buf, "opr #%X", d.operand);
    return buf;
  }
  if (di.operand == OperandKind::Relative) {  // j, cj, call: show the target
    std::snprintf(buf, sizeof buf, "%.*s #%08X", int(di.mnemonic.size()), di.mnemonic.data(),
                  d.address + d.length + d.operand);
    return buf;
  }
  // Small operands in decimal, addresses and masks in hex.
  std::int32_t v = std::int32_t(d.operand);
  if (v >= -65536 && v <= 65535)
    std::snprintf(buf, sizeof buf, "%.*s %d", int(di.mnemonic.size()), di.mnemonic.data(), v);
  else
    std::snprintf(buf, sizeof buf, "%.*s #%08X", int(di.mnemonic.size()), di.mnemonic.data(), d.operand);
  return buf;
}

std::string disassemble(std::span<const std::uint8_t> bytes, Word origin) {
  std::string out;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    DecodedInstruction d = decode(bytes.subspan(pos), origin + Word(pos));
    char head[64];
    int n = std::snprintf(head, sizeof head, "%08X  ", d.address);
    std::string hexbytes;
    for (unsigned i = 0; i < d.length; ++i) {
      char b[4];
      std::snprintf(b, sizeof b, "%02X", bytes[pos + i]);
      hexbytes += b;
    }
    out.append(head, std::size_t(n));
    out += hexbytes;
    out.append(hexbytes.size() < 12 ? 12 - hexbytes.size() : 1, ' ');
    out += format(d);
    out += '\n';
    pos += d.length;
  }
  return out;
}

}  // namespace transit::emu
