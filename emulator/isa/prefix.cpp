// The prefix encoder and decoder (isa/prefix.h).
#include "transit/emu/isa/prefix.h"

namespace transit::emu {

static_assert(prefix_count(0x80000000u) == 7 && prefix_count(0xFFFFFFFFu) == 1 && prefix_count(0x754) == 2);

void encode_into(std::vector<std::uint8_t>& out, unsigned function, Word operand) {
  std::int32_t v = std::int32_t(operand);
  if (v >= 16)
    encode_into(out, kPfix, operand >> 4);
  else if (v < 0)
    encode_into(out, kNfix, ~operand >> 4);
  out.push_back(std::uint8_t((function & 15) << 4 | (operand & 15)));
}

std::vector<std::uint8_t> encode(unsigned function, Word operand) {
  std::vector<std::uint8_t> out;
  encode_into(out, function, operand);
  return out;
}

DecodedInstruction decode(std::span<const std::uint8_t> bytes, Word address) {
  DecodedInstruction d;
  d.address = address;
  Word op = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    unsigned fn = bytes[i] >> 4;
    op |= bytes[i] & 15;
    d.length = unsigned(i + 1);
    if (!is_prefix(fn)) {
      d.function = fn;
      d.operand = op;
      return d;
    }
    op = fold_prefix(fn, op);
  }
  d.complete = false;
  d.function = bytes.empty() ? 0 : bytes.back() >> 4;
  d.operand = op;
  return d;
}

}  // namespace transit::emu
