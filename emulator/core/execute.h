// The fetch-decode-execute loop: one instruction byte at a time, prefixes folded into the operand
// without a stop in between (pfix/nfix are not interruptible), a 16-way switch on the function
// nibble and a switch on the operation code, both generated from the instruction table. Cycles
// come from the table plus what the semantics add. The loop leaves when the cycle count reaches
// cpu.next_event (timers, links, requests from the process model), so those checks cost one
// compare per instruction. kTrace selects the traced variant; semantics are shared.
#pragma once

#include "core/cpu.h"
#include "core/semantics/alt.h"
#include "core/semantics/arithmetic.h"
#include "core/semantics/channel.h"
#include "core/semantics/checks.h"
#include "core/semantics/control.h"
#include "core/semantics/long_arithmetic.h"
#include "core/semantics/memory_access.h"
#include "core/semantics/process.h"
#include "core/semantics/timer.h"
#include "core/transputer.h"
#include "fpu/semantics.h"
#include "isa/instruction.h"

namespace transit::emu {

[[gnu::cold, gnu::noinline]] void illegal_operation(Cpu& c, Word code);

inline void exec_opr(Cpu& c, Word op) {
  const std::uint8_t chip = chip_bit(c.chip);
  (void)chip;
  switch (op) {
#define TRANSIT_OPERATION(code, mn, cyc, formula, flags, chips)   \
  case code:                                                      \
    if constexpr ((chips) != CHIPS_ALL) {                         \
      if (!((chips) & chip)) {                                    \
        illegal_operation(c, op);                                 \
        return;                                                   \
      }                                                           \
    }                                                             \
    c.cycles += cyc;                                              \
    exec_##mn(c);                                                 \
    return;
#define TRANSIT_FPENTRY(code, mn, cyc, formula, flags, chips)
#include "isa/operations.def"
#include "isa/t800.def"
#undef TRANSIT_OPERATION
#undef TRANSIT_FPENTRY
    default:
      illegal_operation(c, op);
  }
}

template <bool kTrace>
void execute(Cpu& c, [[maybe_unused]] Tracer* tracer) {
  while (c.cycles < c.next_event) {
    c.inst_iptr = c.iptr;
    std::uint8_t b = c.fetch();
    unsigned fn = b >> 4;
    Word op = b & 15;
    while (fn == 0x2 || fn == 0x6) [[unlikely]] {
      c.cycles += 1;
      c.instructions += 1;
      op = fn == 0x2 ? op << 4 : ~op << 4;
      b = c.fetch();
      fn = b >> 4;
      op |= b & 15;
    }
    c.instructions += 1;
    if constexpr (kTrace) tracer->instruction(c, c.inst_iptr, fn, op);
    switch (fn) {
#define TRANSIT_DIRECT(code, mn, cyc, formula, flags) \
  case code:                                          \
    c.cycles += cyc;                                  \
    exec_##mn(c, op);                                 \
    break;
#include "isa/direct.def"
#undef TRANSIT_DIRECT
    }
  }
}

}  // namespace transit::emu
