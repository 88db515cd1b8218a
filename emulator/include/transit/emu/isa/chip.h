// The transputer models the emulator knows, their names (the one table of them: command lines,
// topology and .map files, reports) and the bit sets the instruction table uses for "which chips
// implement this".
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace transit::emu {

enum class Chip : std::uint8_t { T414, T800, T425, T805 };

struct ChipName {
  Chip chip;
  std::string_view name;  // "T414"; parse_chip also takes it in lower case
};
inline constexpr ChipName kChipNames[] = {
    {Chip::T414, "T414"}, {Chip::T800, "T800"}, {Chip::T425, "T425"}, {Chip::T805, "T805"}};

// "T414" ... "T805".
constexpr std::string_view chip_name(Chip c) { return kChipNames[unsigned(c)].name; }
// "t414" or "T414" ... ; nothing for any other text.
std::optional<Chip> parse_chip(std::string_view name);

// Which chips implement an instruction (a bit set, one bit per Chip).
constexpr std::uint8_t chip_bit(Chip c) { return std::uint8_t(1u << unsigned(c)); }
inline constexpr std::uint8_t CHIP_T414 = chip_bit(Chip::T414), CHIP_T800 = chip_bit(Chip::T800),
                              CHIP_T425 = chip_bit(Chip::T425), CHIP_T805 = chip_bit(Chip::T805);
inline constexpr std::uint8_t CHIPS_ALL = CHIP_T414 | CHIP_T800 | CHIP_T425 | CHIP_T805;
inline constexpr std::uint8_t CHIPS_FPU = CHIP_T800 | CHIP_T805;          // with the FPU
inline constexpr std::uint8_t CHIPS_SOFT_FP = CHIP_T414 | CHIP_T425;      // FP support ops
inline constexpr std::uint8_t CHIPS_NOT_T414 = CHIP_T800 | CHIP_T425 | CHIP_T805;
inline constexpr std::uint8_t CHIPS_T4X5 = CHIP_T425 | CHIP_T805;

}  // namespace transit::emu
