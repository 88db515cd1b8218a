// Chip names (isa/chip.h).
#include "transit/emu/isa/chip.h"

#include <cctype>

namespace transit::emu {

std::optional<Chip> parse_chip(std::string_view name) {
  for (const ChipName& c : kChipNames) {
    if (name.size() != c.name.size()) continue;
    bool same = std::tolower(static_cast<unsigned char>(name[0])) == 't';
    for (std::size_t i = 1; same && i < name.size(); ++i) same = name[i] == c.name[i];
    if (same) return c.chip;
  }
  return std::nullopt;
}

}  // namespace transit::emu
