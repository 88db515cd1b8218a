// Semantics of the rows of emulator/include/transit/emu/isa/t800.def: one `inline void exec_<mnemonic>(Cpu&)` per row.
// This file holds the FPU operations and the fpentry sub-operations; the integer additions and
// the T414's floating-point support operations are in core/semantics/t800.h, included here.
// Included by the dispatch loop after Cpu. The dispatch loop has already charged the row's fixed
// cycles; these functions add the variable part (REAL64 operands, the datasheet's maximum when an
// operand or result is denormalised, infinite or a NaN).
#pragma once

#include "transit/emu/core/cpu.h"
#include "core/semantics/t800.h"
#include "transit/emu/fpu/real.h"
#include "transit/emu/isa/instruction.h"

namespace transit::emu {

[[gnu::cold, gnu::noinline]] void illegal_operation(Cpu& c, Word code);

namespace fpu {

// Memory images of reals (little-endian: a REAL64's low word first).
inline Real load_single(Cpu& c, Word addr) { return Real::single_bits(c.load(addr)); }
inline Real load_double(Cpu& c, Word addr) {
  std::uint64_t lo = c.load(addr);
  std::uint64_t hi = c.load(addr + 4);
  return Real::double_bits(lo | hi << 32);
}
// A REAL32 store of a REAL64 register is undefined on the T800; it stores the low word.
inline void store_single(Cpu& c, Word addr, Real r) { c.store(addr, Word(r.bits)); }
inline void store_double(Cpu& c, Word addr, Real r) {
  c.store(addr, Word(r.bits));
  c.store(addr + 4, Word(r.bits >> 32));
}

// Adds the variable part of an FPU operation's time (slow: an operand or the result is not a
// normal number or zero, and the FPU takes its maximum time).
inline void charge(Cpu& c, Real r, unsigned double_extra, bool slow, unsigned slow_extra) {
  if (!r.is_single()) c.cycles += double_extra;
  if (slow) c.cycles += slow_extra;
}

using BinaryOp = Real (*)(Real, Real, RoundingMode, bool&);

// FA := FB op FA; FB := FC.
template <BinaryOp op>
inline void binary(Cpu& c, unsigned double_extra, unsigned slow_extra) {
  FpuState& f = c.fpu;
  RoundingMode m = f.take_rounding();
  Real b = f.fb, a = f.fa;
  Real r = op(b, a, m, f.error);
  f.fa = r;
  f.fb = f.fc;
  charge(c, a, double_extra, a.is_unusual() || b.is_unusual() || r.is_unusual(), slow_extra);
}

// FA := FA op (the real at Areg); pops Areg.
template <BinaryOp op>
inline void load_and(Cpu& c, Real v, unsigned slow_extra) {
  FpuState& f = c.fpu;
  RoundingMode m = f.take_rounding();
  Real a = f.fa;
  f.fa = op(a, v, m, f.error);
  pop(c);
  charge(c, a, 0, a.is_unusual() || v.is_unusual() || f.fa.is_unusual(), slow_extra);
}

inline void load(Cpu& c, Real v) {
  c.fpu.take_rounding();
  c.fpu.push(v);
}

// Pops FA and FB (FA := FC) and pushes a truth value on the integer stack.
inline void compare(Cpu& c, bool (*op)(Real, Real, bool&), unsigned slow_extra) {
  FpuState& f = c.fpu;
  f.take_rounding();
  Real b = f.fb, a = f.fa;
  bool r = op(b, a, f.error);
  f.fa = f.fc;
  f.fb = f.fc;
  push(c, r ? 1 : 0);
  charge(c, a, 0, a.is_unusual() || b.is_unusual(), slow_extra);
}

// FA := op(FA) for the unary sub-operations.
inline void unary(Cpu& c, Real (*op)(Real, RoundingMode, bool&), unsigned slow_extra) {
  FpuState& f = c.fpu;
  RoundingMode m = f.take_rounding();
  Real a = f.fa;
  f.fa = op(a, m, f.error);
  charge(c, a, 0, a.is_unusual() || f.fa.is_unusual(), slow_extra);
}

}  // namespace fpu

// ---- Loads and stores ----
inline void exec_fpldnlsn(Cpu& c) { fpu::load(c, fpu::load_single(c, ext::pop_areg(c))); }
inline void exec_fpldnldb(Cpu& c) { fpu::load(c, fpu::load_double(c, ext::pop_areg(c))); }
inline void exec_fpldnlsni(Cpu& c) {
  Word base = ext::pop_areg(c), index = ext::pop_areg(c);
  fpu::load(c, fpu::load_single(c, base + 4 * index));
}
inline void exec_fpldnldbi(Cpu& c) {
  Word base = ext::pop_areg(c), index = ext::pop_areg(c);
  fpu::load(c, fpu::load_double(c, base + 8 * index));
}
inline void exec_fpldzerosn(Cpu& c) { fpu::load(c, fpu::Real::of(0.0f)); }
inline void exec_fpldzerodb(Cpu& c) { fpu::load(c, fpu::Real::of(0.0)); }
inline void exec_fpldnladdsn(Cpu& c) { fpu::load_and<fpu::add>(c, fpu::load_single(c, c.areg), 3); }
inline void exec_fpldnladddb(Cpu& c) { fpu::load_and<fpu::add>(c, fpu::load_double(c, c.areg), 3); }
inline void exec_fpldnlmulsn(Cpu& c) { fpu::load_and<fpu::mul>(c, fpu::load_single(c, c.areg), 7); }
inline void exec_fpldnlmuldb(Cpu& c) { fpu::load_and<fpu::mul>(c, fpu::load_double(c, c.areg), 9); }
inline void exec_fpstnlsn(Cpu& c) {
  c.fpu.take_rounding();
  fpu::store_single(c, ext::pop_areg(c), c.fpu.pop());
}
inline void exec_fpstnldb(Cpu& c) {
  c.fpu.take_rounding();
  fpu::store_double(c, ext::pop_areg(c), c.fpu.pop());
}
inline void exec_fpstnli32(Cpu& c) {
  c.fpu.take_rounding();
  c.store(ext::pop_areg(c), fpu::to_int32_bits(c.fpu.pop()));
}

// ---- General and error flag ----
inline void exec_fprev(Cpu& c) {
  c.fpu.take_rounding();
  std::swap(c.fpu.fa, c.fpu.fb);
}
inline void exec_fpdup(Cpu& c) {
  c.fpu.take_rounding();
  c.fpu.push(c.fpu.fa);
}
inline void exec_fpchkerr(Cpu& c) {
  c.fpu.take_rounding();
  if (c.fpu.error) c.set_error();
}
inline void exec_fptesterr(Cpu& c) {
  c.fpu.take_rounding();
  push(c, c.fpu.error ? 0 : 1);
  c.fpu.error = false;
}

// ---- Comparisons ----
inline void exec_fpgt(Cpu& c) { fpu::compare(c, fpu::greater, 2); }
inline void exec_fpeq(Cpu& c) { fpu::compare(c, fpu::equal, 2); }
inline void exec_fpordered(Cpu& c) {
  c.fpu.take_rounding();
  push(c, fpu::ordered(c.fpu.fb, c.fpu.fa) ? 1 : 0);
  if (c.fpu.fa.is_unusual() || c.fpu.fb.is_unusual()) c.cycles += 1;
}
inline void exec_fpnan(Cpu& c) {
  c.fpu.take_rounding();
  push(c, c.fpu.fa.is_nan() ? 1 : 0);
  if (c.fpu.fa.is_unusual()) c.cycles += 1;
}
inline void exec_fpnotfinite(Cpu& c) {
  c.fpu.take_rounding();
  push(c, c.fpu.fa.is_finite() ? 0 : 1);
}

// ---- Conversions ----
inline void exec_fpint(Cpu& c) { fpu::unary(c, fpu::round_to_integer, 1); }
// fpint then fpuchki32: FA becomes a whole number in range for INT32.
inline void exec_fprtoi32(Cpu& c) {
  fpu::unary(c, fpu::round_to_integer, 2);
  if (!fpu::fits_int32(c.fpu.fa)) c.fpu.error = true;
}
inline void exec_fpi32tor32(Cpu& c) {
  fpu::RoundingMode m = c.fpu.take_rounding();
  auto i = static_cast<std::int32_t>(c.load(ext::pop_areg(c)));
  fpu::Real r = fpu::from_int32(i, fpu::Length::Single, m);
  c.fpu.push(r);
  if (static_cast<double>(r.as_float()) != static_cast<double>(i)) c.cycles += 2;  // rounded
}
inline void exec_fpi32tor64(Cpu& c) {
  c.fpu.take_rounding();
  auto i = static_cast<std::int32_t>(c.load(ext::pop_areg(c)));
  c.fpu.push(fpu::from_int32(i, fpu::Length::Double, fpu::RoundingMode::Nearest));
}
inline void exec_fpb32tor64(Cpu& c) {
  c.fpu.take_rounding();
  c.fpu.push(fpu::from_uint32(c.load(ext::pop_areg(c))));
}

// ---- Arithmetic ----
inline void exec_fpadd(Cpu& c) { fpu::binary<fpu::add>(c, 0, 3); }
inline void exec_fpsub(Cpu& c) { fpu::binary<fpu::sub>(c, 0, 3); }
inline void exec_fpmul(Cpu& c) { fpu::binary<fpu::mul>(c, 7, 7 + 2 * !c.fpu.fa.is_single()); }
inline void exec_fpdiv(Cpu& c) { fpu::binary<fpu::div>(c, 15, 12); }
// The whole remainder is computed here (exact, as the chip's iteration produces); FB gets the
// quotient. Areg := true asks for fpremstep, which then ends the compiler's loop with false.
inline void exec_fpremfirst(Cpu& c) {
  fpu::FpuState& f = c.fpu;
  f.take_rounding();
  fpu::Real b = f.fb, a = f.fa, quotient;
  f.fa = fpu::remainder(b, a, quotient, f.error);
  f.fb = quotient;
  push(c, 1);
  if (a.is_unusual() || b.is_unusual()) c.cycles += 10;
}
inline void exec_fpremstep(Cpu& c) {
  c.fpu.take_rounding();
  push(c, 0);
}

// ---- fpentry sub-operations ----
// fpusqrtfirst and fpusqrtstep leave the value in FA; fpusqrtlast computes the correctly rounded
// square root in one go (the chip iterates through FB and FC, which are undefined afterwards).
inline void exec_fpusqrtfirst(Cpu& c) {
  c.fpu.take_rounding();
  if (c.fpu.fa.is_unusual()) c.cycles += 2;
}
inline void exec_fpusqrtstep(Cpu& c) { c.fpu.take_rounding(); }
inline void exec_fpusqrtlast(Cpu& c) { fpu::unary(c, fpu::sqrt, 1); }
inline void exec_fpurp(Cpu& c) { c.fpu.rounding = fpu::RoundingMode::Plus; }
inline void exec_fpurm(Cpu& c) { c.fpu.rounding = fpu::RoundingMode::Minus; }
inline void exec_fpurz(Cpu& c) { c.fpu.rounding = fpu::RoundingMode::Zero; }
inline void exec_fpurn(Cpu& c) { c.fpu.rounding = fpu::RoundingMode::Nearest; }
inline void exec_fpur32tor64(Cpu& c) {
  c.fpu.take_rounding();
  fpu::Real a = c.fpu.fa;
  c.fpu.fa = fpu::to_double(a, c.fpu.error);
  if (a.is_unusual()) c.cycles += 1;
}
inline void exec_fpur64tor32(Cpu& c) { fpu::unary(c, fpu::to_single, 3); }
inline void exec_fpuexpdec32(Cpu& c) {
  fpu::unary(c, [](fpu::Real a, fpu::RoundingMode m, bool& e) { return fpu::scale(a, -32, m, e); }, 3);
}
inline void exec_fpuexpinc32(Cpu& c) {
  fpu::unary(c, [](fpu::Real a, fpu::RoundingMode m, bool& e) { return fpu::scale(a, 32, m, e); }, 3);
}
inline void exec_fpudivby2(Cpu& c) {
  fpu::unary(c, [](fpu::Real a, fpu::RoundingMode m, bool& e) { return fpu::scale(a, -1, m, e); }, 3);
}
inline void exec_fpumulby2(Cpu& c) {
  fpu::unary(c, [](fpu::Real a, fpu::RoundingMode m, bool& e) { return fpu::scale(a, 1, m, e); }, 3);
}
inline void exec_fpuabs(Cpu& c) {
  c.fpu.take_rounding();
  c.fpu.fa = fpu::abs(c.fpu.fa, c.fpu.error);
}
inline void exec_fpunoround(Cpu& c) {
  c.fpu.take_rounding();
  c.fpu.fa = fpu::to_single_unrounded(c.fpu.fa);
}
inline void exec_fpuchki32(Cpu& c) {
  c.fpu.take_rounding();
  if (!fpu::fits_int32(c.fpu.fa)) c.fpu.error = true;
  if (c.fpu.fa.is_unusual()) c.cycles += 1;
}
inline void exec_fpuchki64(Cpu& c) {
  c.fpu.take_rounding();
  if (!fpu::fits_int64(c.fpu.fa)) c.fpu.error = true;
  if (c.fpu.fa.is_unusual()) c.cycles += 1;
}
inline void exec_fpuseterr(Cpu& c) {
  c.fpu.take_rounding();
  c.fpu.error = true;
}
inline void exec_fpuclrerr(Cpu& c) {
  c.fpu.take_rounding();
  c.fpu.error = false;
}

// Areg selects the sub-operation (a TRANSIT_FPENTRY row) and is popped; the row's cycles are
// charged here. An undefined selector is an illegal instruction.
inline void exec_fpentry(Cpu& c) {
  Word code = ext::pop_areg(c);
  switch (code) {
#define TRANSIT_OPERATION(code, mn, cyc, formula, flags, chips)
#define TRANSIT_FPENTRY(code, mn, cyc, formula, flags, chips) \
  case code:                                                  \
    c.cycles += cyc;                                          \
    exec_##mn(c);                                             \
    return;
#include "transit/emu/isa/t800.def"
#undef TRANSIT_OPERATION
#undef TRANSIT_FPENTRY
    default:
      illegal_operation(c, operation_code("fpentry"));
  }
}

}  // namespace transit::emu
