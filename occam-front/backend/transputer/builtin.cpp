// The occam 2.1 library routines (lang/builtins.def, `Builtin` expressions) written inline: each
// argument is computed into a slot, then the routine's code leaves each result in the slot given
// for it. The integer routines are the transputer's long-arithmetic instructions (as the Inmos
// compilers wrote them); the REAL ones work on the bits, or with real.cpp's operations (the T800's
// FPU, the T414's routines), with the results and errors of the native run
// (backend/support/occam_lib.cpp). The elementary functions (SIN, ...) are occam (lib/snglmath.lib)
// and never reach here.
#include "backend/transputer/gen.h"
#include "backend/transputer/real_code.h"
#include "transit/occam/lang/builtins.h"

namespace transit::occam::backend::tp {

namespace {

int words_of_type(BuiltinType t) { return t == BuiltinType::INT64 || t == BuiltinType::REAL64 ? 2 : 1; }

// REAL64 slot := 2^k for the INT k at slot `k` (-1022 <= k <= 1023: a normal number, exact).
void power_of_two(Gen& g, int k, int slot) {
  g.ins("ldc 0"), g.ins("stl " + g.slot_expr(g.cur_, slot));
  g.ins("ldl " + g.slot_expr(g.cur_, k)), g.ins("adc 1023"), g.ins("ldc 20"), g.ins("shl");
  g.ins("stl " + g.slot_expr(g.cur_, slot + 1));
}

// The REAL64 at x := x * 2^k (rounded to nearest).
void times_power_of_two(Gen& g, int x, int k) {
  int m = g.mark();
  int p = g.alloc(2);
  power_of_two(g, k, p);
  g.real_arith(Op::Mul, true, x, p, x);
  g.release(m);
}

// Slot n := max(lo, min(hi, n)) (signed).
void clamp(Gen& g, int n, int lo, int hi) {
  std::string s = g.slot_expr(g.cur_, n), ok1 = g.fresh("L"), ok2 = g.fresh("L");
  g.ins("ldl " + s), g.ins("ldc " + std::to_string(hi)), g.ins("gt"), g.ins("cj " + ok1);
  g.ins("ldc " + std::to_string(hi)), g.ins("stl " + s);
  g.label(ok1);
  g.ins("ldc " + std::to_string(lo)), g.ins("ldl " + s), g.ins("gt"), g.ins("cj " + ok2);
  g.ins("ldc " + std::to_string(lo)), g.ins("stl " + s);
  g.label(ok2);
}

// SCALEB / DSCALEB: x * 2^n rounded once, as scalbn. A REAL32 is scaled exactly as a REAL64
// (|n| <= 300 covers every finite result), then rounded. A REAL64 is scaled in steps that are exact
// (by 2^1023 while n > 1023; by 2^-1022 then 2^(n + 1022) while n < -1022, exact unless the
// value is already below 2^-2044, whose result is zero anyway) and rounded by the last.
void scaleb(Gen& g, int x, int n, int result, bool dbl) {
  int m = g.mark();
  int t = g.alloc(2);
  auto s = [&](int slot) { return g.slot_expr(g.cur_, slot); };
  if (!dbl) {
    clamp(g, n, -300, 300);
    g.real_resize(false, x, t, false);
    times_power_of_two(g, t, n);
    g.real_resize(true, t, result, false);
    g.release(m);
    return;
  }
  clamp(g, n, -2200, 2200);
  g.ins("ldl " + s(x)), g.ins("stl " + s(t)), g.ins("ldl " + s(x + 1)), g.ins("stl " + s(t + 1));
  int k = g.alloc(1);
  std::string up = g.fresh("L"), low = g.fresh("L"), lower = g.fresh("L"), last = g.fresh("L");
  g.label(up);  // while n > 1023: * 2^1023
  g.ins("ldl " + s(n)), g.ins("ldc 1023"), g.ins("gt"), g.ins("cj " + low);
  g.ins("ldc 1023"), g.ins("stl " + s(k));
  times_power_of_two(g, t, k);
  g.ins("ldl " + s(n)), g.ins("adc -1023"), g.ins("stl " + s(n)), g.ins("j " + up);
  g.label(low);  // n < -2044: * 2^-1022
  g.ins("ldc -2044"), g.ins("ldl " + s(n)), g.ins("gt"), g.ins("cj " + lower);
  g.ins("ldc -1022"), g.ins("stl " + s(k));
  times_power_of_two(g, t, k);
  g.ins("ldl " + s(n)), g.ins("adc 1022"), g.ins("stl " + s(n));
  g.label(lower);  // n < -1022: * 2^(n + 1022)
  g.ins("ldc -1022"), g.ins("ldl " + s(n)), g.ins("gt"), g.ins("cj " + last);
  g.ins("ldl " + s(n)), g.ins("adc 1022"), g.ins("stl " + s(k));
  times_power_of_two(g, t, k);
  g.ins("ldc -1022"), g.ins("stl " + s(n));
  g.label(last);
  times_power_of_two(g, t, n);
  g.ins("ldl " + s(t)), g.ins("stl " + s(result)), g.ins("ldl " + s(t + 1)), g.ins("stl " + s(result + 1));
  g.release(m);
}

// FPINT on the T414: x itself when it is whole already (|x| >= 2^52 for a REAL64, 2^23 for a
// REAL32) or not finite; else the nearest INT64 (ties to even) back as a REAL with x's sign (so
// -0.25 gives -0, as nearbyint).
void fpint_soft(Gen& g, int x, int r, bool dbl) {
  RealKind k{dbl};
  int m = g.mark();
  auto s = [&](int slot) { return g.slot_expr(g.cur_, slot); };
  std::string done = g.fresh("L");
  for (int w = 0; w < k.words(); ++w) g.ins("ldl " + s(x + w)), g.ins("stl " + s(r + w));
  g.ins("ldl " + s(x + k.hi())), g.ins(dbl ? "ldc 20" : "ldc 23"), g.ins("shr"), g.ins(dbl ? "ldc #7FF" : "ldc #FF");
  g.ins("and"), g.ins(dbl ? "ldc 1074" : "ldc 149"), g.ins("gt"), g.ins("eqc 0"), g.ins("cj " + done);
  int w = g.alloc(2), l = g.alloc(2);
  if (dbl)
    g.ins("ldl " + s(x)), g.ins("stl " + s(w)), g.ins("ldl " + s(x + 1)), g.ins("stl " + s(w + 1));
  else
    g.real_resize(false, x, w, false);
  g.soft("rt_rtol", {g.at(w), g.at(l), "ldc 0"});  // cannot fail: |x| < 2^52
  g.real_from_long(dbl, l, r, false);               // exact
  g.ins("ldl " + s(x + k.hi())), g.ins("mint"), g.ins("and"), g.ins("ldl " + s(r + k.hi())), g.ins("or");
  g.ins("stl " + s(r + k.hi()));
  g.label(done);
  g.release(m);
}

// LOGB (logb: the unbiased exponent as a REAL; -inf for zero, +inf for an infinity, a NaN itself)
// or FLOATING.UNPACK (frexp: (exponent, significand in [1, 2) with x's sign); (0, x) for zero, an
// infinity or a NaN). A denormal is first scaled by 2^64 (exact) to find its exponent.
void unpack(Gen& g, int x, const std::vector<int>& r, bool dbl, bool logb) {
  RealKind k{dbl};
  RealCode c{g, k};
  int m = g.mark();
  int t = g.alloc(k.words()), e = g.alloc(1), adj = g.alloc(1);
  auto s = [&](int slot) { return g.slot_expr(g.cur_, slot); };
  int shift = dbl ? 20 : 23, mask = dbl ? 0x7FF : 0xFF, bias = dbl ? 1023 : 127;
  std::string special = g.fresh("L"), normal = g.fresh("L"), done = g.fresh("L");
  auto exponent_of = [&](int slot) {
    g.ins("ldl " + s(slot + k.hi())), g.ins("ldc " + std::to_string(shift)), g.ins("shr");
    g.ins("ldc " + std::to_string(mask)), g.ins("and");
  };
  for (int w = 0; w < k.words(); ++w) g.ins("ldl " + s(x + w)), g.ins("stl " + s(t + w));
  g.ins("ldc 0"), g.ins("stl " + s(adj));
  c.zero(x), c.not_finite(x), g.ins("or"), g.ins("eqc 0"), g.ins("cj " + special);
  exponent_of(x), g.ins("cj " + normal + "_d"), g.ins("j " + normal);
  g.label(normal + "_d");  // a denormal: * 2^64
  int p = g.alloc(2);
  if (dbl) g.ins("ldc 0"), g.ins("stl " + s(p)), g.ins("ldc #43F00000"), g.ins("stl " + s(p + 1));
  else g.ins("ldc #5F800000"), g.ins("stl " + s(p));
  g.real_arith(Op::Mul, dbl, t, p, t);
  g.ins("ldc 64"), g.ins("stl " + s(adj));
  g.label(normal);
  exponent_of(t), g.ins("ldc " + std::to_string(bias)), g.ins("diff"), g.ins("ldl " + s(adj)), g.ins("diff");
  g.ins("stl " + s(e));
  if (logb) {
    g.ins("ldl " + s(e)), g.ins("xdble"), g.ins("stl " + s(p)), g.ins("stl " + s(p + 1));  // exact
    g.real_from_long(dbl, p, r.at(0), false);
  } else {
    g.ins("ldl " + s(e)), g.ins("stl " + s(r.at(0)));
    if (dbl) g.ins("ldl " + s(t)), g.ins("stl " + s(r.at(1)));
    g.ins("ldl " + s(t + k.hi())), g.ins("ldc " + std::to_string(mask << shift)), g.ins("not"), g.ins("and");
    g.ins("ldc " + std::to_string(bias << shift)), g.ins("or"), g.ins("stl " + s(r.at(1) + k.hi()));
  }
  g.ins("j " + done);
  g.label(special);
  if (logb) {  // zero: -inf; an infinity: +inf; a NaN: itself
    std::string not_zero = g.fresh("L");
    for (int w = 0; w < k.words(); ++w) g.ins("ldl " + s(x + w)), g.ins("stl " + s(r.at(0) + w));
    c.zero(x), g.ins("cj " + not_zero);
    g.ins(std::string("ldc ") + k.exponent()), g.ins("mint"), g.ins("or"), g.ins("stl " + s(r.at(0) + k.hi()));
    g.ins("j " + done);
    g.label(not_zero);
    c.is_nan(x), g.ins("eqc 0"), g.ins("cj " + done);
    g.ins(std::string("ldc ") + k.exponent()), g.ins("stl " + s(r.at(0) + k.hi()));
  } else {
    g.ins("ldc 0"), g.ins("stl " + s(r.at(0)));
    for (int w = 0; w < k.words(); ++w) g.ins("ldl " + s(x + w)), g.ins("stl " + s(r.at(1) + w));
  }
  g.label(done);
  g.release(m);
}

// ARGUMENT.REDUCE / DARGUMENT.REDUCE (x, y, y.err): q := x / y rounded to a whole number; (|q| below
// INT's largest as a REAL, the low 32 bits of q (0 when not finite), (x - q y) - q y.err), as the
// native library: the low bits from q's remainder by 2^32 (exact), read off a REAL64's bits after
// adding 1.5 * 2^52.
void argument_reduce(Gen& g, Chip chip, bool dbl, const std::vector<int>& a, const std::vector<int>& r) {
  auto s = [&](int slot) { return g.slot_expr(g.cur_, slot); };
  RealCode c{g, RealKind{dbl}};
  int m = g.mark();
  int q = g.alloc(2), t = g.alloc(2), w = g.alloc(2), magic = g.alloc(2);
  auto constant = [&](int slot, std::uint32_t hi32, std::uint32_t hi64) {  // a REAL whose low word (REAL64) is 0
    if (dbl) g.ins("ldc 0"), g.ins("stl " + s(slot)), g.ins("ldc " + std::to_string(std::int32_t(hi64))), g.ins("stl " + s(slot + 1));
    else g.ins("ldc " + std::to_string(std::int32_t(hi32))), g.ins("stl " + s(slot));
  };
  g.real_arith(Op::Div, dbl, a[0], a[1], t);
  if (chip == Chip::T800) c.load(t), g.ins("fpint"), c.store(q);
  else fpint_soft(g, t, q, dbl);
  // fits: |q| < 2^31 (REAL32: INT's largest rounds to it), < 2147483647 (REAL64)
  for (int k = 0; k < c.k.words(); ++k) g.ins("ldl " + s(q + k)), g.ins("stl " + s(t + k));
  g.ins("ldl " + s(t + c.k.hi())), g.ins("ldc #7FFFFFFF"), g.ins("and"), g.ins("stl " + s(t + c.k.hi()));
  if (dbl) g.ins("ldc #FFC00000"), g.ins("stl " + s(w)), g.ins("ldc #41DFFFFF"), g.ins("stl " + s(w + 1));
  else constant(w, 0x4F000000u, 0);
  g.real_compare_slots(Op::Lt, dbl, t, w), g.ins("stl " + s(r[0]));
  // n: the low 32 bits of q
  std::string done = g.fresh("L");
  g.ins("ldc 0"), g.ins("stl " + s(r[1]));
  c.not_finite(q), g.ins("eqc 0"), g.ins("cj " + done);
  constant(w, 0x4F800000u, 0x41F00000u);  // 2^32
  g.real_arith(Op::Rem, dbl, q, w, t);    // exact, in [-2^31, 2^31]
  if (dbl) g.ins("ldl " + s(t)), g.ins("stl " + s(w)), g.ins("ldl " + s(t + 1)), g.ins("stl " + s(w + 1));
  else g.real_resize(false, t, w, false);
  g.ins("ldc 0"), g.ins("stl " + s(magic)), g.ins("ldc #43380000"), g.ins("stl " + s(magic + 1));
  g.real_arith(Op::Add, true, w, magic, w);
  g.ins("ldl " + s(w)), g.ins("stl " + s(r[1]));
  g.label(done);
  // (x - q y) - q y.err
  g.real_arith(Op::Mul, dbl, q, a[1], t);
  g.real_arith(Op::Sub, dbl, a[0], t, t);
  g.real_arith(Op::Mul, dbl, q, a[2], w);
  g.real_arith(Op::Sub, dbl, t, w, r[2]);
  g.release(m);
}

// IEEEnnREM: rr := the IEEE remainder x - n y (n the nearest whole x / y), q := the low three bits
// of |n| with the sign of x / y, as C's remquo (0 when x is not finite or y is zero, infinite or a
// NaN). n mod 8 comes from t, the remainder by 8y (x itself when 8y would overflow, |n| < 16 then):
// t / y - rr / y is near a whole number m = n mod 8 give or take 8, read off a REAL64's bits after
// adding 1.5 * 2^52 (which also rounds it to the nearest whole number).
void ieee_rem(Gen& g, bool dbl, int x, int y, int rr, int q) {
  auto s = [&](int slot) { return g.slot_expr(g.cur_, slot); };
  RealCode c{g, RealKind{dbl}};
  int m = g.mark();
  int t = g.alloc(2), w = g.alloc(2), magic = g.alloc(2), neg = g.alloc(1);
  std::string done = g.fresh("L"), compute = g.fresh("L"), huge = g.fresh("L"), have_t = g.fresh("L");
  g.real_arith(Op::Rem, dbl, x, y, rr);
  g.ins("ldc 0"), g.ins("stl " + s(q));
  c.not_finite(x), c.not_finite(y), g.ins("or");
  c.zero(y), g.ins("or"), g.ins("cj " + compute), g.ins("j " + done);
  g.label(compute);
  // |y| from 2^(emax - 2) up: t := x
  g.ins("ldl " + s(y + c.k.hi())), g.ins(std::string("ldc ") + c.k.exponent()), g.ins("and");
  g.ins(dbl ? "ldc #7FC00000" : "ldc #7E000000"), g.ins("gt"), g.ins("eqc 0"), g.ins("cj " + huge);  // >= : not (exp < ...)
  if (dbl) g.ins("ldc 0"), g.ins("stl " + s(w)), g.ins("ldc #40200000"), g.ins("stl " + s(w + 1));
  else g.ins("ldc #41000000"), g.ins("stl " + s(w));
  g.real_arith(Op::Mul, dbl, y, w, w);
  g.real_arith(Op::Rem, dbl, x, w, t);
  g.ins("j " + have_t);
  g.label(huge);
  for (int k = 0; k < c.k.words(); ++k) g.ins("ldl " + s(x + k)), g.ins("stl " + s(t + k));
  g.label(have_t);
  g.real_arith(Op::Div, dbl, t, y, t);
  g.real_arith(Op::Div, dbl, rr, y, w);
  g.real_arith(Op::Sub, dbl, t, w, t);                   // m = t / y - rr / y, near a whole number
  if (dbl) g.ins("ldl " + s(t)), g.ins("stl " + s(w)), g.ins("ldl " + s(t + 1)), g.ins("stl " + s(w + 1));
  else g.real_resize(false, t, w, false);
  g.ins("ldc 0"), g.ins("stl " + s(magic)), g.ins("ldc #43380000"), g.ins("stl " + s(magic + 1));
  g.real_arith(Op::Add, true, w, magic, w);              // its low word: m
  g.ins("ldl " + s(x + c.k.hi())), g.ins("ldl " + s(y + c.k.hi())), g.ins("xor"), g.ins("mint"), g.ins("and");
  g.ins("stl " + s(neg));                                // x / y < 0
  std::string pos = g.fresh("L"), pos2 = g.fresh("L");
  g.ins("ldl " + s(w)), g.ins("stl " + s(q));
  g.ins("ldl " + s(neg)), g.ins("cj " + pos), g.ins("ldc 0"), g.ins("ldl " + s(q)), g.ins("diff"), g.ins("stl " + s(q));
  g.label(pos);
  g.ins("ldl " + s(q)), g.ins("ldc 7"), g.ins("and"), g.ins("stl " + s(q));   // |n| mod 8
  g.ins("ldl " + s(neg)), g.ins("cj " + pos2), g.ins("ldc 0"), g.ins("ldl " + s(q)), g.ins("diff"), g.ins("stl " + s(q));
  g.label(pos2);
  g.label(done);
  g.release(m);
}

// The T414's directed roundings (IEEEnnOP modes 2 to 4): r holds x op y (op k: 0 +, 1 -, 2 *, 3 /)
// rounded to nearest; the sign of the exact error (x op y) - r, found in REAL64 with exact steps
// (Knuth's two-sum; for * and / the operands' significands and a scaled r, Dekker's product), says
// whether the directed result is r or its neighbour toward zero or away from it.
void directed_soft(Gen& g, bool dbl, int k, int x, int y, int r, int mode) {
  auto s = [&](int slot) { return g.slot_expr(g.cur_, slot); };
  RealCode c{g, RealKind{true}}, cr{g, RealKind{dbl}};
  int m = g.mark();
  int X = g.alloc(2), Y = g.alloc(2), R = g.alloc(2), D = g.alloc(2), A = g.alloc(2), B = g.alloc(2);
  int E = g.alloc(2), F = g.alloc(2), n = g.alloc(1), ex = g.alloc(1), ey = g.alloc(1), sg = g.alloc(1);
  auto copy = [&](int from, int to) { g.ins("ldl " + s(from)), g.ins("stl " + s(to)), g.ins("ldl " + s(from + 1)), g.ins("stl " + s(to + 1)); };
  auto widen = [&](int from, int to) {
    if (dbl) copy(from, to); else g.real_resize(false, from, to, false);
  };
  auto arith = [&](Op op, int a, int b, int to) { g.real_arith(op, true, a, b, to); };
  auto negate = [&](int slot) { g.ins("ldl " + s(slot + 1)), g.ins("mint"), g.ins("xor"), g.ins("stl " + s(slot + 1)); };
  // a * b = F + E exactly (a, b significands in [1, 2) or zero)
  auto product = [&](int a, int b) {
    int ah = g.alloc(2), al = g.alloc(2), bh = g.alloc(2), bl = g.alloc(2), t = g.alloc(2), split = g.alloc(2);
    g.ins("ldc #2000000"), g.ins("stl " + s(split)), g.ins("ldc #41A00000"), g.ins("stl " + s(split + 1));  // 2^27 + 1
    for (auto [v, h, l] : {std::tuple{a, ah, al}, std::tuple{b, bh, bl}}) {  // Veltkamp: v = h + l, h of 26 bits
      arith(Op::Mul, v, split, t), arith(Op::Sub, t, v, h), arith(Op::Sub, t, h, h), arith(Op::Sub, v, h, l);
    }
    arith(Op::Mul, a, b, F);
    arith(Op::Mul, ah, bh, E), arith(Op::Sub, E, F, E);
    arith(Op::Mul, ah, bl, t), arith(Op::Add, E, t, E);
    arith(Op::Mul, al, bh, t), arith(Op::Add, E, t, E);
    arith(Op::Mul, al, bl, t), arith(Op::Add, E, t, E);
  };
  std::string done = g.fresh("L"), finite = g.fresh("L"), decide = g.fresh("L"), zero_r = g.fresh("L");
  std::string away = g.fresh("L"), toward = g.fresh("L");
  widen(x, X), widen(y, Y), widen(r, R);
  if (k == 1) negate(Y), k = 0;  // x - y = x + (-y)
  c.not_finite(X), c.not_finite(Y), g.ins("or"), g.ins("eqc 0"), g.ins("cj " + done);  // exact, or a NaN
  c.not_finite(R), g.ins("cj " + finite);
  if (k == 3) c.zero(Y), g.ins("eqc 0"), g.ins("cj " + done);  // by zero: exact
  // overflow: the exact value lies below +inf (above -inf)
  g.ins("ldl " + s(R + 1)), g.ins("mint"), g.ins("and"), g.ins("cj " + decide + "_neg");
  g.ins("ldc 1"), g.ins("stl " + s(sg)), g.ins("j " + decide);
  g.label(decide + "_neg");
  g.ins("ldc -1"), g.ins("stl " + s(sg)), g.ins("j " + decide);
  g.label(finite);
  if (k == 0) {
    arith(Op::Add, X, Y, F);                                    // F = X + Y rounded
    arith(Op::Sub, F, X, A);                                    // two-sum: A = F - X
    arith(Op::Sub, F, A, B), arith(Op::Sub, X, B, B);           // B = X - (F - A)
    arith(Op::Sub, Y, A, E), arith(Op::Add, B, E, E);           // E = B + (Y - A): X + Y = F + E
    arith(Op::Sub, F, R, D), arith(Op::Add, D, E, D);           // D = (F - R) + E
  } else {
    unpack(g, X, {ex, A}, true, false), unpack(g, Y, {ey, B}, true, false);
    if (k == 2) g.ins("ldl " + s(ex)), g.ins("ldl " + s(ey)), g.ins("add"), g.ins("not"), g.ins("adc 1");
    else g.ins("ldl " + s(ey)), g.ins("ldl " + s(ex)), g.ins("sub");
    g.ins("stl " + s(n));
    scaleb(g, R, n, D, true);                                   // R scaled as the significands: exact
    if (k == 2) {
      product(A, B);                                            // A * B = F + E
      arith(Op::Sub, F, D, D), arith(Op::Add, D, E, D);         // D = (F - R') + E
    } else {
      copy(D, X);
      product(X, B);                                            // R' * B = F + E
      arith(Op::Sub, A, F, D), arith(Op::Sub, D, E, D);         // D = (A - F) - E, of the sign of ...
      g.ins("ldl " + s(B + 1)), g.ins("mint"), g.ins("and"), g.ins("cj " + decide + "_pos");
      negate(D);                                                // ... (x / y - r) * y
      g.label(decide + "_pos");
    }
  }
  // sg := the sign of D (-1, 0, 1)
  g.ins("ldc 0"), g.ins("stl " + s(sg));
  c.zero(D), g.ins("eqc 0"), g.ins("cj " + decide);
  g.ins("ldc 1"), g.ins("stl " + s(sg));
  g.ins("ldl " + s(D + 1)), g.ins("mint"), g.ins("and"), g.ins("cj " + decide);
  g.ins("ldc -1"), g.ins("stl " + s(sg));
  g.label(decide);
  if (k == 0) {  // an exact zero sum rounded toward minus infinity is -0 (unless both operands are +0)
    std::string keep = g.fresh("L");
    g.ins("ldl " + s(mode)), g.ins("eqc 4"), g.ins("ldl " + s(sg)), g.ins("eqc 0"), g.ins("and");
    cr.zero(r), g.ins("and"), g.ins("cj " + keep);
    g.ins("ldl " + s(X + 1)), g.ins("ldl " + s(X)), g.ins("or"), g.ins("ldl " + s(Y + 1)), g.ins("or"), g.ins("ldl " + s(Y)), g.ins("or");
    g.ins("cj " + keep);
    g.ins("mint"), g.ins("stl " + s(r + cr.k.hi()));
    g.label(keep);
  }
  g.ins("ldl " + s(sg)), g.ins("cj " + done);
  // the result moves up (sg > 0) in mode 3, down (sg < 0) in mode 4, toward zero in mode 2
  // when sg's sign is not r's; from a zero away to the least denormal of sg's sign
  std::string up = g.fresh("L"), down = g.fresh("L");
  g.ins("ldl " + s(mode)), g.ins("eqc 3"), g.ins("cj " + down);
  g.ins("ldl " + s(sg)), g.ins("ldc 0"), g.ins("gt"), g.ins("cj " + done);  // sg > 0
  g.ins("j " + up);
  g.label(down);
  g.ins("ldl " + s(mode)), g.ins("eqc 4"), g.ins("cj " + toward + "_z");
  g.ins("ldc 0"), g.ins("ldl " + s(sg)), g.ins("gt"), g.ins("cj " + done);  // sg < 0
  g.label(up);  // toward sg: away from zero when r is zero or of sg's sign
  cr.zero(r), g.ins("eqc 0"), g.ins("cj " + zero_r);
  g.ins("ldl " + s(r + cr.k.hi())), g.ins("mint"), g.ins("and"), g.ins("eqc 0"), g.ins("ldc 0"), g.ins("ldl " + s(sg)), g.ins("gt"), g.ins("eqc 0"), g.ins("eqc 0");
  g.ins("diff"), g.ins("cj " + toward), g.ins("j " + away);  // 0: their signs differ
  g.label(toward + "_z");  // mode 2: toward zero when sg's sign is not r's
  cr.zero(r), g.ins("eqc 0"), g.ins("cj " + done);
  g.ins("ldl " + s(r + cr.k.hi())), g.ins("mint"), g.ins("and"), g.ins("eqc 0"), g.ins("ldc 0"), g.ins("ldl " + s(sg)), g.ins("gt"), g.ins("eqc 0"), g.ins("eqc 0");
  g.ins("diff"), g.ins("cj " + toward), g.ins("j " + done);
  g.label(toward);  // the magnitude's bits - 1
  if (dbl) {
    g.ins("ldc 0"), g.ins("ldl " + s(r)), g.ins("ldc 1"), g.ins("ldiff"), g.ins("stl " + s(r));
    g.ins("ldl " + s(r + 1)), g.ins("ldc 0"), g.ins("ldiff"), g.ins("stl " + s(r + 1)), g.ins("j " + done);
  } else {
    g.ins("ldl " + s(r)), g.ins("adc -1"), g.ins("stl " + s(r)), g.ins("j " + done);
  }
  g.label(away);  // the magnitude's bits + 1
  if (dbl) {
    g.ins("ldc 0"), g.ins("ldl " + s(r)), g.ins("ldc 1"), g.ins("lsum"), g.ins("stl " + s(r));
    g.ins("ldl " + s(r + 1)), g.ins("ldc 0"), g.ins("lsum"), g.ins("stl " + s(r + 1)), g.ins("j " + done);
  } else {
    g.ins("ldl " + s(r)), g.ins("adc 1"), g.ins("stl " + s(r)), g.ins("j " + done);
  }
  g.label(zero_r);  // the least denormal with sg's sign
  if (dbl) g.ins("ldc 1"), g.ins("stl " + s(r));
  g.ins("ldc 0"), g.ins("ldl " + s(sg)), g.ins("gt"), g.ins("ldc 31"), g.ins("shl");  // the sign bit when sg < 0
  if (!dbl) g.ins("ldc 1"), g.ins("or");
  g.ins("stl " + s(r + cr.k.hi()));
  g.label(done);
  g.release(m);
}

// REALnnOP / IEEEnnOP: r := x op y for the INT at slot op (0 +, 1 -, 2 *, 3 /; else a run-time
// error), rounded by the INT at slot mode when there is one (IEEEnnOP: 2 toward zero, 3 toward plus
// infinity, 4 toward minus infinity, else to nearest), with no overflow or division check (as the
// native library): the T800's FPU rounds each way (fpurz, fpurp, fpurm before the operation); on
// the T414 the result rounded to nearest is moved by directed_soft.
void real_operation(Gen& g, Chip chip, Site site, bool dbl, int x, int op, int y, int mode, int r) {
  auto s = [&](int slot) { return g.slot_expr(g.cur_, slot); };
  RealCode c{g, RealKind{dbl}};
  g.ins("ldl " + s(op)), g.ins("ldc 4");
  g.check_label(site, "REALOP: operation code out of range");
  g.ins("csub0");
  static const Op ops[] = {Op::Add, Op::Sub, Op::Mul, Op::Div};
  static const char* const fpu[] = {"fpadd", "fpsub", "fpmul", "fpdiv"};
  static const char* const rounding[] = {"", "", "fpurz", "fpurp", "fpurm"};
  std::string done = g.fresh("L");
  std::vector<int> modes{1};
  if (mode >= 0) modes = {2, 3, 4, 1};  // each directed mode, then to nearest
  for (int mm : modes) {
    std::string next_mode = g.fresh("L");
    if (mm != 1) g.ins("ldl " + s(mode)), g.ins("eqc " + std::to_string(mm)), g.ins("cj " + next_mode);
    for (int k = 0; k < 4; ++k) {
      std::string next = g.fresh("L");
      g.ins("ldl " + s(op)), g.ins("eqc " + std::to_string(k)), g.ins("cj " + next);
      if (chip == Chip::T800) {
        c.load(x), c.load(y);
        if (*rounding[mm]) g.ins(rounding[mm]);
        g.ins(fpu[k]);
        c.store(r);
      } else {
        g.real_arith(ops[k], dbl, x, y, r);
        if (mm != 1) directed_soft(g, dbl, k, x, y, r, mode);
      }
      g.ins("j " + done);
      g.label(next);
    }
    g.label(next_mode);
  }
  g.label(done);
}

}  // namespace

std::vector<int> Gen::builtin_result_slots(const Expr& e) {
  std::vector<int> slots;
  for (BuiltinType t : builtins()[std::size_t(e.builtin)].results.list()) slots.push_back(alloc(words_of_type(t)));
  builtin(e, slots);
  return slots;
}

void Gen::builtin(const Expr& e, const std::vector<int>& r) {
  const Builtin& row = builtins()[std::size_t(e.builtin)];
  int m = mark();
  std::vector<int> a;
  for (const Expr& x : e.args) {
    int t = alloc(long_value(x.type) ? 2 : 1);
    if (long_value(x.type)) {
      expr_long(x, t);
    } else {
      expr(x);
      ins("stl " + slot_expr(cur_, t));
    }
    a.push_back(t);
  }
  auto arg = [&](int k, int w = 0) { ins("ldl " + slot_expr(cur_, a.at(std::size_t(k)) + w)); };
  auto res = [&](int k, int w = 0) { ins("stl " + slot_expr(cur_, r.at(std::size_t(k)) + w)); };
  auto fail_if = [&](const std::string& what) {  // a run-time error when Areg is not 0
    check_label(e.site, what);
    ins("ldc 1");
    ins("csub0");
  };
  // Areg := min(unsigned Areg, 64): a shift of 64 places or more gives 0 (and the shift
  // instructions take a cycle a place).
  auto clamp64 = [&](int k) {
    std::string ok = fresh("L");
    arg(k), ins("ldc 64"), ins("gt"), ins("ldc 0"), arg(k), ins("gt"), ins("or"), ins("cj " + ok);
    ins("ldc 64"), ins("stl " + slot_expr(cur_, a.at(std::size_t(k))));
    label(ok);
  };
  bool dbl = !row.params.list().empty() && row.params.list()[0] == BuiltinType::REAL64;
  RealCode c{*this, RealKind{dbl}};
  auto hi = [&](int k) { arg(k, c.k.hi()); };
  switch (BuiltinId(e.builtin)) {
    // ---- integers
    case BuiltinId::LONGADD:
    case BuiltinId::LONGSUB:
      arg(2), ins("ldc 1"), ins("and"), arg(0), arg(1);
      check_label(e.site, std::string("arithmetic overflow in ") + std::string(row.name));
      ins(BuiltinId(e.builtin) == BuiltinId::LONGADD ? "ladd" : "lsub");
      res(0);
      break;
    case BuiltinId::LONGSUM:
    case BuiltinId::LONGDIFF:
      arg(2), ins("ldc 1"), ins("and"), arg(0), arg(1);
      ins(BuiltinId(e.builtin) == BuiltinId::LONGSUM ? "lsum" : "ldiff");
      res(1), res(0);
      break;
    case BuiltinId::LONGPROD:
      arg(2), arg(0), arg(1), ins("lmul"), res(1), res(0);
      break;
    case BuiltinId::LONGDIV:
      arg(0), arg(1), arg(2);
      check_label(e.site, "arithmetic overflow in LONGDIV (quotient does not fit a word)");
      ins("ldiv"), res(0), res(1);
      break;
    case BuiltinId::SHIFTRIGHT:
    case BuiltinId::SHIFTLEFT:
      clamp64(2);
      arg(0), arg(1), arg(2), ins(BuiltinId(e.builtin) == BuiltinId::SHIFTLEFT ? "lshl" : "lshr"), res(1), res(0);
      break;
    case BuiltinId::NORMALISE:
      arg(0), arg(1), ins("norm"), res(2), res(1), res(0);
      break;
    case BuiltinId::ASHIFTRIGHT:
    case BuiltinId::ASHIFTLEFT: {
      bool left = BuiltinId(e.builtin) == BuiltinId::ASHIFTLEFT;
      arg(1), ins("ldc 33");
      check_label(e.site, std::string(row.name) + ": shift count out of range");
      ins("csub0");
      arg(0), ins("xdble"), arg(1), ins(left ? "lshl" : "lshr");  // the sign-extended pair, shifted
      if (!left) {
        res(0);
      } else {  // the result's high word must be the sign extension of its low word
        int t = alloc(2);
        ins("stl " + slot_expr(cur_, t)), ins("stl " + slot_expr(cur_, t + 1));
        ins("ldc 0"), ins("ldl " + slot_expr(cur_, t)), ins("gt"), ins("ldl " + slot_expr(cur_, t + 1)), ins("sum");
        ins("eqc 0"), ins("eqc 0");
        fail_if("arithmetic overflow in ASHIFTLEFT");
        ins("ldl " + slot_expr(cur_, t)), res(0);
      }
      break;
    }
    case BuiltinId::ROTATERIGHT:
    case BuiltinId::ROTATELEFT: {
      bool left = BuiltinId(e.builtin) == BuiltinId::ROTATELEFT;
      arg(1), ins("ldc 31"), ins("and"), ins("stl " + slot_expr(cur_, a[1]));
      if (left) {  // {0, x} << n: x's top bits come out in the high word
        ins("ldc 0"), arg(0), arg(1), ins("lshl"), ins("or"), res(0);
      } else {  // {x, 0} >> n: x's bottom bits go into the low word
        arg(0), ins("ldc 0"), arg(1), ins("lshr"), ins("or"), res(0);
      }
      break;
    }
    case BuiltinId::FRACMUL: {
      // (x * y + 2^30) >> 31 in 64 bits, signed: lmul gives the unsigned product (plus 2^30); its
      // high word less y when x < 0 and less x when y < 0 is the signed one's
      int p = alloc(2);
      std::string xpos = fresh("L"), ypos = fresh("L");
      std::string lo = slot_expr(cur_, p), hi = slot_expr(cur_, p + 1);
      ins("ldc #40000000"), arg(0), arg(1), ins("lmul"), ins("stl " + lo), ins("stl " + hi);
      ins("ldc 0"), arg(0), ins("gt"), ins("cj " + xpos);
      ins("ldl " + hi), arg(1), ins("diff"), ins("stl " + hi);
      label(xpos);
      ins("ldc 0"), arg(1), ins("gt"), ins("cj " + ypos);
      ins("ldl " + hi), arg(0), ins("diff"), ins("stl " + hi);
      label(ypos);
      // >> 31 fits a word when the value's top two bits are equal
      ins("ldl " + hi), ins("ldc 30"), ins("shr"), ins("adc 1"), ins("ldc 2"), ins("and");
      fail_if("arithmetic overflow in FRACMUL");
      ins("ldl " + hi), ins("ldl " + lo), ins("ldc 31"), ins("lshr"), res(0);
      break;
    }
    case BuiltinId::BITCOUNT:
      if (chip_ == Chip::T800) {
        arg(1), arg(0), ins("bitcnt"), res(0);
      } else {  // count_in + each bit, shifted out at the bottom
        std::string loop = fresh("L"), done = fresh("L");
        arg(1), res(0);
        label(loop);
        arg(0), ins("cj " + done);
        arg(0), ins("ldc 1"), ins("and"), ins("ldl " + slot_expr(cur_, r[0])), ins("sum"), res(0);
        arg(0), ins("ldc 1"), ins("shr"), ins("stl " + slot_expr(cur_, a[0])), ins("j " + loop);
        label(done);
      }
      break;
    case BuiltinId::BITREVWORD:
    case BuiltinId::BITREVNBITS: {
      bool word = BuiltinId(e.builtin) == BuiltinId::BITREVWORD;
      if (!word) {
        arg(1), ins("ldc 33");
        check_label(e.site, "BITREVNBITS: bit count out of range");
        ins("csub0");
      }
      if (chip_ == Chip::T800) {
        arg(0);
        if (!word) arg(1);
        ins(word ? "bitrevword" : "bitrevnbits"), res(0);
        break;
      }
      // the low n bits, one at a time from the bottom into the result's bottom
      int n = alloc(1);
      std::string loop = fresh("L"), done = fresh("L");
      if (word) ins("ldc 32"); else arg(1);
      ins("stl " + slot_expr(cur_, n)), ins("ldc 0"), res(0);
      label(loop);
      ins("ldl " + slot_expr(cur_, n)), ins("cj " + done);
      ins("ldl " + slot_expr(cur_, r[0])), ins("ldc 1"), ins("shl"), arg(0), ins("ldc 1"), ins("and"), ins("or"), res(0);
      arg(0), ins("ldc 1"), ins("shr"), ins("stl " + slot_expr(cur_, a[0]));
      ins("ldl " + slot_expr(cur_, n)), ins("adc -1"), ins("stl " + slot_expr(cur_, n)), ins("j " + loop);
      label(done);
      break;
    }
    case BuiltinId::CRCWORD:
    case BuiltinId::CRCBYTE: {
      bool word = BuiltinId(e.builtin) == BuiltinId::CRCWORD;
      if (chip_ == Chip::T800) {
        arg(2), arg(1), arg(0), ins(word ? "crcword" : "crcbyte"), res(0);
        break;
      }
      // each data bit from the top shifts into the CRC; the generator goes in when a 1 falls out
      int n = alloc(1), top = alloc(1);
      std::string loop = fresh("L"), done = fresh("L"), zero = fresh("L");
      ins(word ? "ldc 32" : "ldc 8"), ins("stl " + slot_expr(cur_, n)), arg(1), res(0);
      label(loop);
      ins("ldl " + slot_expr(cur_, n)), ins("cj " + done);
      ins("ldl " + slot_expr(cur_, r[0])), ins("ldc 31"), ins("shr"), ins("stl " + slot_expr(cur_, top));
      ins("ldl " + slot_expr(cur_, r[0])), ins("ldc 1"), ins("shl"), arg(0), ins("ldc 31"), ins("shr"), ins("or"), res(0);
      arg(0), ins("ldc 1"), ins("shl"), ins("stl " + slot_expr(cur_, a[0]));
      ins("ldl " + slot_expr(cur_, top)), ins("cj " + zero);
      ins("ldl " + slot_expr(cur_, r[0])), arg(2), ins("xor"), res(0);
      label(zero);
      ins("ldl " + slot_expr(cur_, n)), ins("adc -1"), ins("stl " + slot_expr(cur_, n)), ins("j " + loop);
      label(done);
      break;
    }

    // ---- REALs on their bits
    case BuiltinId::ABS:
    case BuiltinId::DABS:
      if (dbl) arg(0), res(0);
      hi(0), ins("ldc #7FFFFFFF"), ins("and"), res(0, c.k.hi());
      break;
    case BuiltinId::MINUSX:
    case BuiltinId::DMINUSX:
      if (dbl) arg(0), res(0);
      hi(0), ins("mint"), ins("xor"), res(0, c.k.hi());
      break;
    case BuiltinId::COPYSIGN:
    case BuiltinId::DCOPYSIGN:
      if (dbl) arg(0), res(0);
      hi(0), ins("ldc #7FFFFFFF"), ins("and"), hi(1), ins("mint"), ins("and"), ins("or"), res(0, c.k.hi());
      break;
    case BuiltinId::ISNAN:
    case BuiltinId::DISNAN:
      c.is_nan(a[0]), res(0);
      break;
    case BuiltinId::NOTFINITE:
    case BuiltinId::DNOTFINITE:
      c.not_finite(a[0]), res(0);
      break;
    case BuiltinId::ORDERED:
    case BuiltinId::DORDERED:
      c.ordered(a[0], a[1]), res(0);
      break;

    // ---- REALs on the FPU
    case BuiltinId::SQRT:
    case BuiltinId::DSQRT:
      if (chip_ != Chip::T800) {  // a REAL32's root is the REAL64 one rounded again (exact)
        if (dbl) {
          soft("rt_dsqrt", {at(a[0]), "ldc 0", at(r[0])});
          break;
        }
        int w = alloc(2);
        real_resize(false, a[0], w, false);
        soft("rt_dsqrt", {at(w), "ldc 0", at(w)});
        real_resize(true, w, r[0], false);
        break;
      }
      c.load(a[0]);
      ins("fpusqrtfirst");
      for (int k = 0; k < (dbl ? 5 : 2); ++k) ins("fpusqrtstep");
      ins("fpusqrtlast");
      c.store(r[0]);
      break;
    case BuiltinId::MULBY2:
    case BuiltinId::DMULBY2:
    case BuiltinId::DIVBY2:
    case BuiltinId::DDIVBY2: {
      bool mul = BuiltinId(e.builtin) == BuiltinId::MULBY2 || BuiltinId(e.builtin) == BuiltinId::DMULBY2;
      if (chip_ == Chip::T800) {
        c.load(a[0]), ins(mul ? "fpumulby2" : "fpudivby2"), c.store(r[0]);
        break;
      }
      int two = alloc(2);  // 2.0: its exponent word alone
      if (dbl) ins("ldc 0"), ins("stl " + slot_expr(cur_, two));
      ins(dbl ? "ldc #40000000" : "ldc #40000000"), ins("stl " + slot_expr(cur_, two + c.k.hi()));
      real_arith(mul ? Op::Mul : Op::Div, dbl, a[0], two, r[0]);
      break;
    }
    case BuiltinId::FPINT:
    case BuiltinId::DFPINT:
      if (chip_ == Chip::T800) {
        c.load(a[0]), ins("fpint"), c.store(r[0]);
        break;
      }
      fpint_soft(*this, a[0], r[0], dbl);
      break;
    case BuiltinId::REAL32EQ:
    case BuiltinId::REAL64EQ:
      real_compare_slots(Op::Eq, dbl, a[0], a[1]), res(0);
      break;
    case BuiltinId::REAL32GT:
    case BuiltinId::REAL64GT:
      real_compare_slots(Op::Gt, dbl, a[0], a[1]), res(0);
      break;
    case BuiltinId::REAL32REM:
    case BuiltinId::REAL64REM:
      real_arith(Op::Rem, dbl, a[0], a[1], r[0]);
      break;
    case BuiltinId::IEEECOMPARE:
    case BuiltinId::DIEEECOMPARE: {  // 2 unordered, -1 less, 1 greater, 0 equal
      std::string done = fresh("L");
      ins("ldc 2"), res(0);
      c.ordered(a[0], a[1]), ins("cj " + done);
      real_compare_slots(Op::Gt, dbl, a[0], a[1]), res(0);  // x > y
      real_compare_slots(Op::Gt, dbl, a[1], a[0]), ins("ldl " + slot_expr(cur_, r[0])), ins("rev"), ins("diff"), res(0);  // - (y > x)
      label(done);
      break;
    }
    case BuiltinId::SCALEB:
    case BuiltinId::DSCALEB:
      scaleb(*this, a[0], a[1], r[0], dbl);
      break;
    case BuiltinId::LOGB:
    case BuiltinId::DLOGB:
    case BuiltinId::FLOATING_UNPACK:
    case BuiltinId::DFLOATING_UNPACK:
      unpack(*this, a[0], r, dbl, BuiltinId(e.builtin) == BuiltinId::LOGB || BuiltinId(e.builtin) == BuiltinId::DLOGB);
      break;
    case BuiltinId::NEXTAFTER:
    case BuiltinId::DNEXTAFTER: {
      std::string done = fresh("L"), not_y = fresh("L"), nonzero = fresh("L"), down = fresh("L"), step = fresh("L");
      auto copy = [&](int from) {
        for (int k = 0; k < c.k.words(); ++k) ins("ldl " + slot_expr(cur_, from + k)), res(0, k);
      };
      copy(a[0]);  // x when it is a NaN
      c.is_nan(a[0]), ins("eqc 0"), ins("cj " + done);
      copy(a[1]);  // y when it is a NaN or x = y
      real_compare_slots(Op::Eq, dbl, a[0], a[1]), res(0);
      c.is_nan(a[1]), ins("ldl " + slot_expr(cur_, r[0])), ins("or");
      copy(a[1]);  // (the word just tested overwritten)
      ins("cj " + not_y), ins("j " + done);
      label(not_y);
      copy(a[0]);
      c.zero(a[0]), ins("cj " + nonzero);  // from zero: the least denormal with the sign of y
      hi(1), ins("mint"), ins("and"), ins(dbl ? "ldc 0" : "ldc 1"), ins("or"), res(0, c.k.hi());
      if (dbl) ins("ldc 1"), res(0, 0);
      ins("j " + done);
      label(nonzero);  // the bits + 1 when y lies beyond x away from zero, else - 1
      std::string d_lo = slot_expr(cur_, a[1]), d_hi = slot_expr(cur_, a[1] + 1);
      real_compare_slots(Op::Gt, dbl, a[1], a[0]);               // y > x
      hi(0), ins("mint"), ins("and"), ins("eqc 0"), ins("diff"), ins("eqc 0");  // = (x > 0)
      ins("cj " + down);
      ins("ldc 1"), ins("stl " + d_lo);
      if (dbl) ins("ldc 0"), ins("stl " + d_hi);
      ins("j " + step);
      label(down);
      ins("ldc -1"), ins("stl " + d_lo);
      if (dbl) ins("ldc -1"), ins("stl " + d_hi);
      label(step);
      ins("ldc 0"), ins("ldl " + slot_expr(cur_, r[0])), ins("ldl " + d_lo), ins("lsum"), res(0, 0);
      if (dbl) ins("ldl " + slot_expr(cur_, r[0] + 1)), ins("ldl " + d_hi), ins("lsum"), res(0, 1);
      label(done);
      break;
    }
    case BuiltinId::REAL32OP:
    case BuiltinId::REAL64OP:
      real_operation(*this, chip_, e.site, dbl, a[0], a[1], a[2], -1, r[0]);
      break;
    case BuiltinId::IEEE32OP:
    case BuiltinId::IEEE64OP: {  // and the error flag: a NaN from ordered operands, an infinity from finite ones
      real_operation(*this, chip_, e.site, dbl, a[0], a[2], a[3], a[1], r[1]);
      int t = alloc(1);
      c.is_nan(a[0]), ins("stl " + slot_expr(cur_, t));
      c.is_nan(a[3]), ins("ldl " + slot_expr(cur_, t)), ins("or"), ins("eqc 0"), ins("stl " + slot_expr(cur_, t));
      c.is_nan(r[1]), ins("ldl " + slot_expr(cur_, t)), ins("and"), res(0);  // NaN from ordered
      c.not_finite(a[0]), c.not_finite(a[3]), ins("or"), ins("eqc 0"), ins("stl " + slot_expr(cur_, t));
      c.not_finite(r[1]), ins("ldl " + slot_expr(cur_, t)), ins("and"), ins("ldl " + slot_expr(cur_, r[0])), ins("or"), res(0);
      break;
    }
    case BuiltinId::ARGUMENT_REDUCE:
    case BuiltinId::DARGUMENT_REDUCE:
      argument_reduce(*this, chip_, dbl, a, r);
      break;
    case BuiltinId::IEEE32REM:
    case BuiltinId::IEEE64REM:
      ieee_rem(*this, dbl, a[0], a[1], r[0], r[1]);
      break;
    default:
      unsupported(std::string("the library routine ") + std::string(row.name), e.site);
  }
  release(m);
}

}  // namespace transit::occam::backend::tp
