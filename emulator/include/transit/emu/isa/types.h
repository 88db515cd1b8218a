// The two quantities every layer of the emulator speaks in: a transputer word (32 bits, also an
// address) and a time in processor cycles.
#pragma once

#include <cstdint>

namespace transit::emu {

using Word = std::uint32_t;

using Cycle = std::uint64_t;
inline constexpr Cycle kNever = ~Cycle{0};

}  // namespace transit::emu
