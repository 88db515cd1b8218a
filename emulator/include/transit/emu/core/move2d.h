// Move2dState: the T800's 2D block move registers, set by move2dinit and read by move2dall,
// move2dnonzero and move2dzero (core/semantics/t800.h). The Cpu holds one.
#pragma once

#include <cstdint>

namespace transit::emu {

struct Move2dState {
  std::uint32_t length = 0;         // rows
  std::uint32_t dest_stride = 0;    // bytes from one destination row to the next
  std::uint32_t source_stride = 0;  // bytes from one source row to the next
};

}  // namespace transit::emu
