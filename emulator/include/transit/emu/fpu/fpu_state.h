// FpuState: the T800 floating-point unit's programmer-visible state: the three-deep register
// stack FA, FB, FC (each a REAL32 or REAL64 with its length tag), the FP error flag, and the
// rounding mode of the next FPU operation. The Cpu holds one; the instruction semantics
// (core/semantics/fpu.h) change it.
#pragma once

#include "transit/emu/fpu/real.h"

namespace transit::emu::fpu {

struct FpuState {
  Real fa, fb, fc;  // undefined at reset on the chip; +0.0 here, so runs are reproducible
  bool error = false;
  // Set by fpurn/fpurz/fpurp/fpurm for the next FPU operation only; every other FPU operation
  // takes it and puts it back to round-to-nearest (see docs/emulator-fpu.md).
  RoundingMode rounding = RoundingMode::Nearest;

  void push(Real r) {
    fc = fb;
    fb = fa;
    fa = r;
  }
  // Pops FA; FC keeps its value (it is undefined after a pop on the T800).
  Real pop() {
    Real r = fa;
    fa = fb;
    fb = fc;
    return r;
  }
  RoundingMode take_rounding() {
    RoundingMode m = rounding;
    rounding = RoundingMode::Nearest;
    return m;
  }
};

}  // namespace transit::emu::fpu

namespace transit::emu {
using fpu::FpuState;
}  // namespace transit::emu
