// Code on REAL32 and REAL64 values in local slots, shared by real.cpp (operators, conversions) and
// builtin.cpp (library routines): tests on their bits in integer code, FPU loads and stores.
#pragma once

#include <string>

#include "backend/transputer/gen.h"

namespace transit::occam::backend::tp {

// The facts of one REAL length: a REAL32 is one word, a REAL64 two (low word first).
struct RealKind {
  bool dbl;
  int words() const { return dbl ? 2 : 1; }
  int hi() const { return dbl ? 1 : 0; }  // the word holding the sign and exponent
  const char* load() const { return dbl ? "fpldnldb" : "fpldnlsn"; }
  const char* store() const { return dbl ? "fpstnldb" : "fpstnlsn"; }
  const char* exponent() const { return dbl ? "#7FF00000" : "#7F800000"; }
};

struct RealCode {
  Gen& g;
  RealKind k;
  std::string w(int slot, int word) const { return g.slot_expr(g.cur_, slot + word); }
  // Pushes 1 when the REAL at slot is infinite or a NaN, else 0.
  void not_finite(int slot) {
    g.ins("ldl " + w(slot, k.hi()));
    g.ins(std::string("ldc ") + k.exponent());
    g.ins("and");
    g.ins(std::string("eqc ") + k.exponent());
  }
  // Pushes 1 when the REAL at slot is a NaN: its bits but the sign above an infinity's.
  void is_nan(int slot) {
    if (k.dbl) {  // hi > #7FF00000, or hi = #7FF00000 and lo <> 0
      g.ins("ldl " + w(slot, 1)), g.ins("ldc #7FFFFFFF"), g.ins("and"), g.ins("ldc #7FF00000"), g.ins("gt");
      g.ins("ldl " + w(slot, 1)), g.ins("ldc #7FFFFFFF"), g.ins("and"), g.ins("eqc #7FF00000");
      g.ins("ldl " + w(slot, 0)), g.ins("eqc 0"), g.ins("eqc 0"), g.ins("and"), g.ins("or");
    } else {
      g.ins("ldl " + w(slot, 0)), g.ins("ldc #7FFFFFFF"), g.ins("and"), g.ins("ldc #7F800000"), g.ins("gt");
    }
  }
  // Pushes 1 when neither REAL is a NaN (is_nan takes three registers for a REAL64).
  void ordered(int x, int y) {
    int m = g.mark();
    int t = g.alloc(1);
    is_nan(x);
    g.ins("stl " + w(t, 0));
    is_nan(y);
    g.ins("ldl " + w(t, 0));
    g.ins("or");
    g.ins("eqc 0");
    g.release(m);
  }
  // Pushes 1 when the REAL at slot is +0 or -0, else 0.
  void zero(int slot) {
    g.ins("ldl " + w(slot, k.hi()));
    g.ins("ldc #7FFFFFFF");
    g.ins("and");
    if (k.dbl) g.ins("ldl " + w(slot, 0)), g.ins("or");
    g.ins("eqc 0");
  }
  // A run-time error when Areg is 1.
  void fail_if(Site s, const std::string& what) {
    g.check_label(s, what);
    g.ins("ldc 1");
    g.ins("csub0");
  }
  void load(int slot) {
    g.ins("ldlp " + w(slot, 0));
    g.ins(k.load());
  }
  void store(int slot) {
    g.ins("ldlp " + w(slot, 0));
    g.ins(k.store());
  }
  // FA := FB REM FA, exact (IEEE): fpremfirst, then fpremstep while Areg says so.
  void remainder() {
    std::string loop = g.fresh("L"), done = g.fresh("L");
    g.ins("fpremfirst");
    g.label(loop);
    g.ins("cj " + done);
    g.ins("fpremstep");
    g.ins("j " + loop);
    g.label(done);
  }
};

}  // namespace transit::occam::backend::tp
