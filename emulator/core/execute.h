// The fetch-decode-execute loop: one instruction byte at a time, prefixes folded into the operand
// without a stop in between (pfix/nfix are not interruptible), a 16-way dispatch on the function
// nibble and a switch on the operation code, both generated from the instruction table. Cycles
// come from the table plus what the semantics add. The loop leaves when the cycle count reaches
// cpu.next_event (timers, links, requests from the process model), so those checks cost one
// compare per instruction. kTrace selects the traced variant; semantics are shared.
#pragma once

#include "transit/emu/core/cpu.h"
#include "core/semantics/alt.h"
#include "core/semantics/arithmetic.h"
#include "core/semantics/channel.h"
#include "core/semantics/checks.h"
#include "core/semantics/control.h"
#include "core/semantics/fpu.h"
#include "core/semantics/long_arithmetic.h"
#include "core/semantics/memory_access.h"
#include "core/semantics/process.h"
#include "core/semantics/timer.h"
#include "transit/emu/core/trace.h"
#include "transit/emu/isa/instruction.h"
#include "transit/emu/isa/prefix.h"

namespace transit::emu {

[[gnu::cold, gnu::noinline]] void illegal_operation(Cpu& c, Word code);

// Does operation `op` look at a link channel? (The table's F_LINK_* column: in, out, outbyte,
// outword, enbc, disc, resetch, with a link channel in the register they take it from.) Used at
// the link horizon (Cpu::link_horizon), so off the fast path.
inline bool touches_link(const Cpu& c, Word op) {
  const Instruction* i = find_operation(op);
  if (!i) return false;
  switch (i->link_channel()) {
    case Register::None: return false;
    case Register::A: return is_link_channel(c.areg);
    case Register::B: return (!i->link_guarded() || c.areg != 0) && is_link_channel(c.breg);
    case Register::C: return (!i->link_guarded() || c.breg != 0) && is_link_channel(c.creg);
  }
  return false;
}

// FPU concurrency (T800/T805): an FPU instruction starts when the FPU has finished the previous
// one; an F_FPU_CONCURRENT one, issued at `issued`, keeps the FPU busy for the time it was charged
// while the integer processor goes on after kFpuIssueCycles.
inline void fpu_wait(Cpu& c) {
  if (c.cycles < c.fpu_free_at) c.cycles = c.fpu_free_at;
}
inline void fpu_overlap(Cpu& c, Cycle issued) {
  c.fpu_free_at = c.cycles;
  if (c.cycles - issued > kFpuIssueCycles) c.cycles = issued + kFpuIssueCycles;
}

inline void exec_opr(Cpu& c, Word op) {
  switch (op) {
#define TRANSIT_OPERATION(code, mn, cyc, formula, flags, chips)   \
  case code:                                                      \
    if constexpr ((chips) != CHIPS_ALL) {                         \
      if (!((chips) & chip_bit(c.chip))) {                        \
        illegal_operation(c, op);                                 \
        return;                                                   \
      }                                                           \
    }                                                             \
    if constexpr ((chips) == CHIPS_FPU) fpu_wait(c);             \
    if constexpr (((flags) & F_FPU_CONCURRENT) != 0) {            \
      Cycle issued = c.cycles;                                    \
      c.cycles += cyc;                                            \
      exec_##mn(c);                                               \
      fpu_overlap(c, issued);                                     \
      return;                                                     \
    }                                                             \
    c.cycles += cyc;                                              \
    exec_##mn(c);                                                 \
    return;
#define TRANSIT_FPENTRY(code, mn, cyc, formula, flags, chips)
#include "transit/emu/isa/operations.def"
#include "transit/emu/isa/t800.def"
#undef TRANSIT_OPERATION
#undef TRANSIT_FPENTRY
    default:
      illegal_operation(c, op);
  }
}

// Direct threading: each function's handler ends by fetching the next byte and jumping through
// the table itself (GNU computed goto), so the branch predictor sees one indirect jump per handler.
template <bool kTrace>
void execute(Cpu& c, [[maybe_unused]] Tracer* tracer) {
  static constexpr void* kHandlers[16] = {
#define TRANSIT_DIRECT(code, mn, operand, cyc, formula, flags) &&fn_##mn,
#include "transit/emu/isa/direct.def"
#undef TRANSIT_DIRECT
  };
  std::uint8_t b;
  Word op;
  // Kept in registers: the instruction count, and the address of the current instruction for a
  // fault report (stop_with records Iptr; it is corrected here when the loop returns).
  std::uint64_t executed = 0, start_executed = 0;
  Word start = c.iptr;
  Cycle start_cycles = c.cycles;

#define TRANSIT_NEXT()                              \
  if (c.cycles >= c.next_event) [[unlikely]]        \
    goto leave;                                     \
  start = c.iptr;                                   \
  start_cycles = c.cycles;                          \
  start_executed = executed;                        \
  b = c.fetch();                                    \
  op = b & 15;                                      \
  goto* kHandlers[b >> 4];

  TRANSIT_NEXT();

#define TRANSIT_DIRECT(code, mn, operand, cyc, formula, flags)            \
  fn_##mn:                                                                \
  if constexpr (is_prefix(code)) {                                        \
    /* pfix/nfix: fold into the operand; no stop before the next byte */ \
    c.cycles += cyc;                                                      \
    executed += 1;                                                        \
    op = fold_prefix(code, op);                                           \
    b = c.fetch();                                                        \
    op |= b & 15;                                                         \
    goto* kHandlers[b >> 4];                                              \
  } else {                                                                \
    if constexpr (code == kOpr) {                                         \
      if (start_cycles >= c.link_horizon && touches_link(c, op)) {        \
        c.link_wait = true; /* undone at leave: fetched again later */    \
        goto leave;                                                       \
      }                                                                   \
    }                                                                     \
    executed += 1;                                                        \
    if constexpr (kTrace) tracer->instruction(c, start, code, op);        \
    c.cycles += cyc;                                                      \
    exec_##mn(c, op);                                                     \
    TRANSIT_NEXT();                                                       \
  }
#include "transit/emu/isa/direct.def"
#undef TRANSIT_DIRECT
#undef TRANSIT_NEXT
leave:
  if (c.link_wait) {  // a link instruction past the horizon: as if not yet fetched
    c.iptr = start;
    c.cycles = start_cycles;
    executed = start_executed;
  }
  c.instructions += executed;
  if (c.halt != HaltReason::None) c.fault_iptr = start;
}

}  // namespace transit::emu
