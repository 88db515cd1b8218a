// Disassembler: decode with prefix folding, names from the instruction table.
#include "asm/disassembler.h"

#include <cstdio>

#include "isa/instruction.h"

namespace transit::emu {

DecodedInstruction decode(std::span<const std::uint8_t> bytes, Word address) {
  DecodedInstruction d;
  d.address = address;
  Word op = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    unsigned fn = bytes[i] >> 4;
    op |= bytes[i] & 15;
    d.length = unsigned(i + 1);
    if (fn == 0x2) {
      op <<= 4;
    } else if (fn == 0x6) {
      op = ~op << 4;
    } else {
      d.function = fn;
      d.operand = op;
      return d;
    }
  }
  d.complete = false;
  d.function = bytes.empty() ? 0 : bytes.back() >> 4;
  d.operand = op;
  return d;
}

std::string format(const DecodedInstruction& d) {
  char buf[64];
  if (!d.complete) {
    std::snprintf(buf, sizeof buf, "(prefix #%X)", d.operand);
    return buf;
  }
  const Instruction& di = direct_instruction(d.function);
  if (d.function == 0xF) {
    if (const Instruction* op = find_operation(d.operand)) return std::string(op->mnemonic);
    std::snprintf(buf, sizeof buf, "opr #%X", d.operand);
    return buf;
  }
  Word next = d.address + d.length;
  switch (d.function) {
    case 0x0:  // j, cj, call: show the target
    case 0x9:
    case 0xA:
      std::snprintf(buf, sizeof buf, "%.*s #%08X", int(di.mnemonic.size()), di.mnemonic.data(),
                    next + d.operand);
      return buf;
    default: {
      // Small operands in decimal, addresses and masks in hex.
      std::int32_t v = std::int32_t(d.operand);
      if (v >= -65536 && v <= 65535)
        std::snprintf(buf, sizeof buf, "%.*s %d", int(di.mnemonic.size()), di.mnemonic.data(), v);
      else
        std::snprintf(buf, sizeof buf, "%.*s #%08X", int(di.mnemonic.size()), di.mnemonic.data(), d.operand);
      return buf;
    }
  }
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
