// Software floating point for the T414 (which has no FPU): IEEE 754 REAL64 addition, subtraction,
// multiplication and division rounded to nearest (ties to even), conversions between REAL32,
// REAL64 and INT64 in both rounding modes, as routines written once into a program that uses them.
// A REAL32 operation is the REAL64 one on the widened (exact) operands, rounded once more to REAL32:
// a REAL64 has more than twice a REAL32's precision plus two bits, so the result is the correctly
// rounded REAL32 one. The checks occam demands are the caller's (real.cpp), on the results' bits.
//
// Inside the routines a finite value is unpacked as a sign, a biased REAL64 exponent E and a 64-bit
// significand whose bit 63 stands for 2^(E - 1023); the packing routines normalise it (norm),
// shift it to the result's precision keeping the bits shifted out as a sticky bit, round and pack,
// to zero when it underflows and to infinity when it overflows. A NaN result of an invalid
// operation is the one the native run gets (x86's default NaN); a NaN operand comes back quieted.
#include "backend/transputer/gen.h"
#include "backend/transputer/routine_text.h"

namespace transit::occam::backend::tp {

namespace {

std::string ldl(int k) { return "ldl " + std::to_string(k); }
std::string stl(int k) { return "stl " + std::to_string(k); }

// The routines' frames (locals, below their return address and arguments).
constexpr int kPackFrame = 8;
constexpr int kArithFrame = 24;

struct Soft : Text {
  int labels = 0;
  std::string fresh(const std::string& stem) { return stem + std::to_string(labels++); }
  static std::string n(int k) { return std::to_string(k); }
  Soft& op(const std::string& a) { (*this)(a); return *this; }
  Soft& at(const std::string& l) { (*this)(l + ":"); return *this; }

  // (hi:lo) >>= locals[count] (any count), the bits shifted out ORed into bit 0 (the sticky bit).
  void jam(int lo, int hi, int count, int tmp) {
    std::string big = fresh("rs_jb"), end = fresh("rs_je");
    op("ldc 63").op("ldl " + n(count)).op("gt").op("cj " + big);
    op("ldc 64").op("ldl " + n(count)).op("diff").op("stl " + n(tmp));
    op("ldl " + n(hi)).op("ldl " + n(lo)).op("ldl " + n(tmp)).op("lshl").op("or").op("eqc 0").op("eqc 0");
    op("stl " + n(tmp));
    op("ldl " + n(hi)).op("ldl " + n(lo)).op("ldl " + n(count)).op("lshr").op("stl " + n(lo)).op("stl " + n(hi));
    op("ldl " + n(lo)).op("ldl " + n(tmp)).op("or").op("stl " + n(lo)).op("j " + end);
    at(big);
    op("ldl " + n(lo)).op("ldl " + n(hi)).op("or").op("eqc 0").op("eqc 0").op("stl " + n(lo));
    op("ldc 0").op("stl " + n(hi));
    at(end);
  }
  // The REAL64 at the address in local `ptr` into locals lo, hi, E, s (see above; E = 2047 for an
  // infinity or a NaN, whose significand is then #80000000:0 for an infinity).
  void unpack64(int ptr, int lo, int hi, int e, int s) {
    std::string sub = fresh("ru_d"), done = fresh("ru_n");
    op("ldl " + n(ptr)).op("ldnl 1").op("stl " + n(hi)).op("ldl " + n(ptr)).op("ldnl 0").op("stl " + n(lo));
    op("ldl " + n(hi)).op("ldc 31").op("shr").op("stl " + n(s));
    op("ldl " + n(hi)).op("ldc 20").op("shr").op("ldc #7FF").op("and").op("stl " + n(e));
    op("ldl " + n(hi)).op("ldc #FFFFF").op("and").op("stl " + n(hi));
    op("ldl " + n(e)).op("cj " + sub);
    op("ldl " + n(hi)).op("ldc #100000").op("or").op("stl " + n(hi)).op("j " + done);
    at(sub).op("ldc 1").op("stl " + n(e));
    at(done).shift(lo, hi, "lshl", 11);
  }
  // The REAL32 at the address in local `ptr` into the same form.
  void unpack32(int ptr, int lo, int hi, int e, int s) {
    std::string sub = fresh("ru_d"), done = fresh("ru_n"), finite = fresh("ru_f");
    op("ldl " + n(ptr)).op("ldnl 0").op("stl " + n(lo));
    op("ldl " + n(lo)).op("ldc 31").op("shr").op("stl " + n(s));
    op("ldl " + n(lo)).op("ldc 23").op("shr").op("ldc #FF").op("and").op("stl " + n(e));
    op("ldl " + n(lo)).op("ldc #7FFFFF").op("and").op("stl " + n(hi));
    op("ldl " + n(e)).op("cj " + sub);
    op("ldl " + n(hi)).op("ldc #800000").op("or").op("stl " + n(hi)).op("j " + done);
    at(sub).op("ldc 1").op("stl " + n(e));
    at(done).op("ldl " + n(hi)).op("ldc 8").op("shl").op("stl " + n(hi)).op("ldc 0").op("stl " + n(lo));
    op("ldl " + n(e)).op("eqc 255").op("cj " + finite).op("ldc 1151").op("stl " + n(e));  // 2047 after + 896
    at(finite).op("ldl " + n(e)).op("adc 896").op("stl " + n(e));
  }
  // (hi:lo) shifted by `places` ("lshl" or "lshr").
  Soft& shift(int lo, int hi, const char* how, int places) {
    return op(ldl(hi)).op(ldl(lo)).op("ldc " + n(places)).op(how).op(stl(lo)).op(stl(hi));
  }
  // Pushes 1 when the unpacked value is zero.
  void is_zero(int lo, int hi) { op("ldl " + n(lo)).op("ldl " + n(hi)).op("or").op("eqc 0"); }
  // Pushes 1 when the unpacked value (E = 2047) is a NaN rather than an infinity.
  void is_nan(int lo, int hi) {
    op("ldl " + n(hi)).op("ldc #7FFFFFFF").op("and").op("ldl " + n(lo)).op("or").op("eqc 0").op("eqc 0");
  }
  // (hi:lo) normalised (bit 63 set; not zero), E less the places shifted.
  void normalise(int lo, int hi, int e, int tmp) {
    op("ldl " + n(hi)).op("ldl " + n(lo)).op("norm").op("stl " + n(lo)).op("stl " + n(hi)).op("stl " + n(tmp));
    op("ldl " + n(e)).op("ldl " + n(tmp)).op("diff").op("stl " + n(e));
  }
  // Writes the REAL64 hi, lo words to the address in local `ptr`.
  void put64(const std::string& hi, const std::string& lo, int ptr) {
    op(lo).op("ldl " + n(ptr)).op("stnl 0").op(hi).op("ldl " + n(ptr)).op("stnl 1");
  }
  // The REAL64 at the address in local `from` to the address in local `to`, a NaN quieted.
  void copy_quiet(int from, int to) {
    op("ldl " + n(from)).op("ldnl 0").op("ldl " + n(to)).op("stnl 0");
    op("ldl " + n(from)).op("ldnl 1").op("ldc #80000").op("or").op("ldl " + n(to)).op("stnl 1");
  }
};

// rt_pack64 / rt_pack32: Areg = the address of {lo, hi, E, s, mode} (mode 0: to nearest, 1: toward
// zero; E biased for the result's format), Breg = the result's address.
void pack(Soft& t, bool dbl) {
  int P = dbl ? 53 : 24, emax = dbl ? 2047 : 255;
  std::string name = dbl ? "rt_pack64" : "rt_pack32";
  std::string z = name + "_zero", normal = name + "_normal", rounded = name + "_rounded", carried = name + "_carried";
  std::string finite = name + "_finite", sign = name + "_sign", write = name + "_write";
  // locals: 0 lo, 1 hi, 2 E, 3 s, 4 mode, 5 count, 6 increment, 7 scratch; 9 &block, 10 &result
  t.at(name).op("ajw -" + Soft::n(kPackFrame));
  for (int k = 0; k < 5; ++k) t.op("ldl 9").op("ldnl " + Soft::n(k)).op("stl " + Soft::n(k));
  t.is_zero(0, 1), t.op("eqc 0").op("cj " + z);
  t.normalise(0, 1, 2, 5);
  t.op("ldc 1").op("ldl 2").op("gt").op("cj " + normal);  // E < 1: a denormal (or zero)
  t.op("ldc 1").op("ldl 2").op("diff").op("stl 5");
  t.jam(0, 1, 5, 7);
  t.op("ldc 1").op("stl 2");
  t.at(normal);
  t.op("ldc " + Soft::n(62 - P)).op("stl 5");  // P bits and two more: round, then the sticky one
  t.jam(0, 1, 5, 7);
  t.op("ldc 0").op("stl 6");
  t.op("ldl 4").op("eqc 0").op("cj " + rounded);
  t.op("ldl 0").op("ldc 2").op("and").op("cj " + rounded);
  t.op("ldl 0").op("ldc 5").op("and").op("eqc 0").op("eqc 0").op("stl 6");  // above half, or odd
  t.at(rounded);
  t.shift(0, 1, "lshr", 2);
  t.op("ldc 0").op("ldl 0").op("ldl 6").op("lsum").op("stl 0").op("ldl 1").op("ldc 0").op("lsum").op("stl 1");
  if (dbl)
    t.op("ldl 1").op("ldc #200000").op("and");
  else
    t.op("ldl 0").op("ldc #1000000").op("and");
  t.op("cj " + carried);  // rounded up to 2^P
  t.shift(0, 1, "lshr", 1).op("ldl 2").op("adc 1").op("stl 2");
  t.at(carried);
  t.op("ldl 2").op("ldc " + Soft::n(emax - 1)).op("gt").op("cj " + finite);
  if (dbl)
    t.op("ldc 0").op("stl 0").op("ldc #7FF00000").op("stl 1");
  else
    t.op("ldc #7F800000").op("stl 0");
  t.op("j " + sign);
  t.at(finite);  // (E - 1) << (P - 1) plus the significand, its leading bit making E
  t.op("ldl 2").op("adc -1").op(dbl ? "ldc 20" : "ldc 23").op("shl").op(dbl ? "ldl 1" : "ldl 0").op("sum");
  t.op(dbl ? "stl 1" : "stl 0");
  t.at(sign);
  t.op("ldl 3").op("ldc 31").op("shl").op(dbl ? "ldl 1" : "ldl 0").op("or").op(dbl ? "stl 1" : "stl 0");
  t.op("j " + write);
  t.at(z).op("ldc 0").op("stl 0").op("ldc 0").op("stl 1").op("j " + sign);
  t.at(write);
  t.op("ldl 0").op("ldl 10").op("stnl 0");
  if (dbl) t.op("ldl 1").op("ldl 10").op("stnl 1");
  t.op("ajw " + Soft::n(kPackFrame)).op("ret");
}

// Locals of the arithmetic routines: a 0-3, b 4-7 (lo, hi, E, s), the packing block 8-12, scratch
// 13-23; arguments 25 &a, 26 &b, 27 &result.
constexpr int A = 0, B = 4, K = 8, X = 13, ARG_A = kArithFrame + 1, ARG_B = kArithFrame + 2, ARG_R = kArithFrame + 3;

// A routine of a and b: its entry, its frame, both unpacked.
void enter(Soft& t, const std::string& name) {
  t.at(name).op("ajw -" + Soft::n(kArithFrame));
  t.unpack64(ARG_A, A, A + 1, A + 2, A + 3);
  t.unpack64(ARG_B, B, B + 1, B + 2, B + 3);
}

// Calls rt_pack64 on the block (mode 0) and returns.
void pack_and_return(Soft& t) {
  t.op("ldc 0").op("stl " + Soft::n(K + 4));
  t.op("ldl " + Soft::n(ARG_R)).op("ldlp " + Soft::n(K)).op("call rt_pack64");
  t.op("ajw " + Soft::n(kArithFrame)).op("ret");
}

void ret(Soft& t) { t.op("ajw " + Soft::n(kArithFrame)).op("ret"); }

// The result: a signed zero or infinity with the sign in local s.
void signed_special(Soft& t, int s, bool inf) {
  t.op("ldl " + Soft::n(s)).op("ldc 31").op("shl");
  if (inf) t.op("ldc #7FF00000").op("or");
  t.op("ldl " + Soft::n(ARG_R)).op("stnl 1").op("ldc 0").op("ldl " + Soft::n(ARG_R)).op("stnl 0");
  ret(t);
}

void default_nan(Soft& t) {
  t.op("ldc #FFF80000").op("ldl " + Soft::n(ARG_R)).op("stnl 1").op("ldc 0").op("ldl " + Soft::n(ARG_R)).op("stnl 0");
  ret(t);
}

// NaN operands: the first NaN, quieted.
void nan_operands(Soft& t, const std::string& name) {
  std::string a_ok = name + "_anan", b_ok = name + "_bnan";
  t.op("ldl " + Soft::n(A + 2)).op("eqc 2047").op("cj " + a_ok);
  t.is_nan(A, A + 1), t.op("cj " + a_ok);
  t.copy_quiet(ARG_A, ARG_R), ret(t);
  t.at(a_ok);
  t.op("ldl " + Soft::n(B + 2)).op("eqc 2047").op("cj " + b_ok);
  t.is_nan(B, B + 1), t.op("cj " + b_ok);
  t.copy_quiet(ARG_B, ARG_R), ret(t);
  t.at(b_ok);
}

void add(Soft& t) {
  using S = Soft;
  // rt_dsub is rt_dadd with b's sign flipped (local X + 10 says so)
  t.at("rt_dsub").op("ajw -" + S::n(kArithFrame)).op("ldc 1").op("stl " + S::n(X + 10)).op("j rt_dadd_go");
  t.at("rt_dadd").op("ajw -" + S::n(kArithFrame)).op("ldc 0").op("stl " + S::n(X + 10));
  t.at("rt_dadd_go");
  t.unpack64(ARG_A, A, A + 1, A + 2, A + 3);
  t.unpack64(ARG_B, B, B + 1, B + 2, B + 3);
  t.op("ldl " + S::n(B + 3)).op("ldl " + S::n(X + 10)).op("xor").op("stl " + S::n(B + 3));
  nan_operands(t, "rt_dadd");
  // infinities: opposite ones make a NaN
  t.op("ldl " + S::n(A + 2)).op("eqc 2047").op("cj rt_dadd_ainf");
  t.op("ldl " + S::n(B + 2)).op("eqc 2047").op("cj rt_dadd_a");
  t.op("ldl " + S::n(A + 3)).op("ldl " + S::n(B + 3)).op("diff").op("cj rt_dadd_a");
  default_nan(t);
  t.at("rt_dadd_a");
  signed_special(t, A + 3, true);
  t.at("rt_dadd_ainf");
  t.op("ldl " + S::n(B + 2)).op("eqc 2047").op("cj rt_dadd_binf");
  signed_special(t, B + 3, true);
  t.at("rt_dadd_binf");
  // zeros: 0 + 0 is -0 only when both are; x + 0 is x
  t.is_zero(A, A + 1), t.op("cj rt_dadd_anz");
  t.is_zero(B, B + 1), t.op("cj rt_dadd_b");
  t.op("ldl " + S::n(A + 3)).op("ldl " + S::n(B + 3)).op("and").op("stl " + S::n(X));
  signed_special(t, X, false);
  t.at("rt_dadd_b");  // b, with its sign as flipped
  t.op("ldl " + S::n(ARG_B)).op("ldnl 0").op("ldl " + S::n(ARG_R)).op("stnl 0");
  t.op("ldl " + S::n(B + 3)).op("ldc 31").op("shl").op("ldl " + S::n(ARG_B)).op("ldnl 1").op("ldc #7FFFFFFF").op("and");
  t.op("or").op("ldl " + S::n(ARG_R)).op("stnl 1");
  ret(t);
  t.at("rt_dadd_anz");
  t.is_zero(B, B + 1), t.op("cj rt_dadd_both");
  t.op("ldl " + S::n(ARG_A)).op("ldnl 0").op("ldl " + S::n(ARG_R)).op("stnl 0");
  t.op("ldl " + S::n(ARG_A)).op("ldnl 1").op("ldl " + S::n(ARG_R)).op("stnl 1");
  ret(t);
  t.at("rt_dadd_both");
  // the larger exponent first: swap a and b when E_b > E_a
  t.op("ldl " + S::n(B + 2)).op("ldl " + S::n(A + 2)).op("gt").op("cj rt_dadd_ordered");
  for (int k = 0; k < 4; ++k)
    t.op("ldl " + S::n(A + k)).op("ldl " + S::n(B + k)).op("stl " + S::n(A + k)).op("stl " + S::n(B + k));
  t.at("rt_dadd_ordered");
  // a bit of headroom for the carry, then b aligned to a (its bits shifted out kept as sticky)
  for (int v : {A, B}) t.shift(v, v + 1, "lshr", 1);
  t.op("ldl " + S::n(A + 2)).op("ldl " + S::n(B + 2)).op("diff").op("stl " + S::n(X));
  t.jam(B, B + 1, X, X + 1);
  t.op("ldl " + S::n(A + 3)).op("stl " + S::n(K + 3));
  t.op("ldl " + S::n(A + 3)).op("ldl " + S::n(B + 3)).op("diff").op("cj rt_dadd_same");
  // opposite signs: |a| - |b|, negated (and b's sign) when it borrows
  t.op("ldc 0").op("ldl " + S::n(A)).op("ldl " + S::n(B)).op("ldiff").op("stl " + S::n(K));
  t.op("ldl " + S::n(A + 1)).op("ldl " + S::n(B + 1)).op("ldiff").op("stl " + S::n(K + 1));
  t.op("cj rt_dadd_sum");
  t.negate(K);
  t.op("ldl " + S::n(B + 3)).op("stl " + S::n(K + 3));
  t.op("j rt_dadd_sum");
  t.at("rt_dadd_same");
  t.op("ldc 0").op("ldl " + S::n(A)).op("ldl " + S::n(B)).op("lsum").op("stl " + S::n(K));
  t.op("ldl " + S::n(A + 1)).op("ldl " + S::n(B + 1)).op("lsum").op("stl " + S::n(K + 1));
  t.at("rt_dadd_sum");
  t.is_zero(K, K + 1), t.op("cj rt_dadd_pack");  // an exact zero difference is +0
  t.op("ldc 0").op("stl " + S::n(X));
  signed_special(t, X, false);
  t.at("rt_dadd_pack");
  t.op("ldl " + S::n(A + 2)).op("adc 1").op("stl " + S::n(K + 2));
  pack_and_return(t);
}

// The special operands of * and /: a NaN; an infinity or a zero, which give an infinity, a zero
// (with the sign of the result, local X) or a NaN (0 * inf, inf / inf, 0 / 0). Otherwise both are
// normalised and the result's sign is in the packing block.
void mul_div_specials(Soft& t, const std::string& name, bool div) {
  using S = Soft;
  t.op("ldl " + S::n(A + 3)).op("ldl " + S::n(B + 3)).op("xor").op("stl " + S::n(X));
  nan_operands(t, name);
  std::string not_ainf = name + "_nai", not_binf = name + "_nbi", not_bz = name + "_nbz";
  std::string nan = name + "_nan", inf = name + "_inf", zero = name + "_zero", go = name + "_go";
  t.op("ldl " + S::n(A + 2)).op("eqc 2047").op("cj " + not_ainf);  // a infinite
  if (div) {
    t.op("ldl " + S::n(B + 2)).op("eqc 2047").op("eqc 0").op("cj " + nan).op("j " + inf);
  } else {
    t.is_zero(B, B + 1), t.op("eqc 0").op("cj " + nan).op("j " + inf);
  }
  t.at(not_ainf);
  t.op("ldl " + S::n(B + 2)).op("eqc 2047").op("cj " + not_binf);  // b infinite
  if (div) {
    t.op("j " + zero);
  } else {
    t.is_zero(A, A + 1), t.op("eqc 0").op("cj " + nan).op("j " + inf);
  }
  t.at(not_binf);
  t.is_zero(B, B + 1), t.op("cj " + not_bz);  // b zero
  if (div) {
    t.is_zero(A, A + 1), t.op("eqc 0").op("cj " + nan).op("j " + inf);
  } else {
    t.op("j " + zero);
  }
  t.at(not_bz);
  t.is_zero(A, A + 1), t.op("cj " + go).op("j " + zero);
  t.at(nan), default_nan(t);
  t.at(inf), signed_special(t, X, true);
  t.at(zero), signed_special(t, X, false);
  t.at(go);
  t.op("ldl " + S::n(X)).op("stl " + S::n(K + 3));
  t.normalise(A, A + 1, A + 2, X + 1);
  t.normalise(B, B + 1, B + 2, X + 1);
}

void mul(Soft& t) {
  enter(t, "rt_dmul");
  mul_div_specials(t, "rt_dmul", false);
  // the 128-bit product's words w0..w3 (X+1..X+4) from four 32 x 32 products (carries X+5..X+8)
  int w0 = X + 1, w1 = X + 2, w2 = X + 3, w3 = X + 4, c0 = X + 5, c1 = X + 6, c2 = X + 7, c3 = X + 8, w1p = X + 9;
  t.op("ldc 0").op(ldl(A)).op(ldl(B)).op("lmul").op(stl(w0)).op(stl(c0));
  t.op(ldl(c0)).op(ldl(A)).op(ldl(B + 1)).op("lmul").op(stl(w1p)).op(stl(c1));
  t.op(ldl(w1p)).op(ldl(A + 1)).op(ldl(B)).op("lmul").op(stl(w1)).op(stl(c2));
  t.op(ldl(c1)).op(ldl(A + 1)).op(ldl(B + 1)).op("lmul").op(stl(w2)).op(stl(c3));
  t.op("ldc 0").op(ldl(w2)).op(ldl(c2)).op("lsum").op(stl(w2)).op(ldl(c3)).op("ldc 0").op("lsum").op(stl(w3));
  // the top 64 bits, the rest as the sticky bit
  t.op(ldl(w1)).op(ldl(w0)).op("or").op("eqc 0").op("eqc 0").op(ldl(w2)).op("or").op(stl(K)).op(ldl(w3)).op(stl(K + 1));
  t.op(ldl(A + 2)).op(ldl(B + 2)).op("add").op("adc -1022").op(stl(K + 2));
  pack_and_return(t);
}

void div(Soft& t) {
  enter(t, "rt_ddiv");
  mul_div_specials(t, "rt_ddiv", true);
  // r (a) / d (b), both with bit 62 leading: 64 quotient bits into the block, bit 63 for 2^0
  for (int v : {A, B}) t.shift(v, v + 1, "lshr", 1);
  int q = K, steps = X + 1, tl = X + 2, th = X + 3;
  t.op("ldc 0").op(stl(q)).op("ldc 0").op(stl(q + 1)).op("ldc 64").op(stl(steps));
  t.at("rt_ddiv_loop");
  t.shift(q, q + 1, "lshl", 1);
  t.op("ldc 0").op(ldl(A)).op(ldl(B)).op("ldiff").op(stl(tl)).op(ldl(A + 1)).op(ldl(B + 1)).op("ldiff").op(stl(th));
  t.op("cj rt_ddiv_take").op("j rt_ddiv_next");
  t.at("rt_ddiv_take").op(ldl(tl)).op(stl(A)).op(ldl(th)).op(stl(A + 1)).op(ldl(q)).op("ldc 1").op("or").op(stl(q));
  t.at("rt_ddiv_next");
  t.shift(A, A + 1, "lshl", 1);
  t.op(ldl(steps)).op("adc -1").op(stl(steps)).op(ldl(steps)).op("eqc 0").op("cj rt_ddiv_loop");
  t.op(ldl(A)).op(ldl(A + 1)).op("or").op("eqc 0").op("eqc 0").op(ldl(q)).op("or").op(stl(q));  // sticky
  t.op(ldl(A + 2)).op(ldl(B + 2)).op("diff").op("adc 1023").op(stl(K + 2));
  pack_and_return(t);
}

// rt_drem: the IEEE remainder a - n * b, n the integer nearest a / b (ties to even): exact. The
// significands' long division runs from a's exponent down to b's, the last quotient bit kept.
void rem(Soft& t) {
  enter(t, "rt_drem");
  nan_operands(t, "rt_drem");
  t.op(ldl(A + 2)).op("eqc 2047").op("cj rt_drem_afin");  // an infinity's remainder: a NaN
  default_nan(t);
  t.at("rt_drem_afin");
  t.is_zero(B, B + 1), t.op("cj rt_drem_bnz");
  default_nan(t);
  t.at("rt_drem_bnz");
  t.op(ldl(B + 2)).op("eqc 2047").op("cj rt_drem_bfin");
  t.at("rt_drem_a");  // a itself
  t.op(ldl(ARG_A)).op("ldnl 0").op(ldl(ARG_R)).op("stnl 0").op(ldl(ARG_A)).op("ldnl 1").op(ldl(ARG_R)).op("stnl 1");
  ret(t);
  t.at("rt_drem_bfin");
  t.is_zero(A, A + 1), t.op("eqc 0").op("cj rt_drem_a");
  t.normalise(A, A + 1, A + 2, X);
  t.normalise(B, B + 1, B + 2, X);
  for (int v : {A, B}) t.shift(v, v + 1, "lshr", 1);
  int d = X, q = X + 1, tl = X + 2, th = X + 3;
  t.op(ldl(A + 2)).op(ldl(B + 2)).op("diff").op(stl(d));
  t.op("ldc -1").op(ldl(d)).op("gt").op("cj rt_drem_near");  // |a| < |b| / 2: a
  t.op("j rt_drem_a");
  t.at("rt_drem_near");
  t.op(ldl(d)).op("eqc -1").op("cj rt_drem_loop0");
  // a's exponent one below b's: |a| - |b| when |a| > |b| / 2 (ma > mb at a's scale)
  t.op("ldc 0").op(ldl(B)).op(ldl(A)).op("ldiff").op(stl(tl)).op(ldl(B + 1)).op(ldl(A + 1)).op("ldiff").op(stl(th));
  t.op("cj rt_drem_a");  // no borrow: ma <= mb
  t.shift(B, B + 1, "lshl", 1);  // 2 mb - ma
  t.op("ldc 0").op(ldl(B)).op(ldl(A)).op("ldiff").op(stl(K)).op(ldl(B + 1)).op(ldl(A + 1)).op("ldiff").op(stl(K + 1));
  t.op(ldl(A + 3)).op("eqc 0").op(stl(K + 3)).op(ldl(A + 2)).op("adc 1").op(stl(K + 2));
  pack_and_return(t);
  t.at("rt_drem_loop0");
  t.op("ldc 0").op(stl(q));
  t.at("rt_drem_loop");  // d + 1 steps: q <<= 1; r >= mb: r -= mb, q |= 1; then r <<= 1 but the last
  t.op(ldl(q)).op("ldc 1").op("shl").op(stl(q));
  t.op("ldc 0").op(ldl(A)).op(ldl(B)).op("ldiff").op(stl(tl)).op(ldl(A + 1)).op(ldl(B + 1)).op("ldiff").op(stl(th));
  t.op("cj rt_drem_take").op("j rt_drem_kept");
  t.at("rt_drem_take").op(ldl(tl)).op(stl(A)).op(ldl(th)).op(stl(A + 1)).op(ldl(q)).op("ldc 1").op("or").op(stl(q));
  t.at("rt_drem_kept");
  t.op(ldl(d)).op("cj rt_drem_ieee");
  t.shift(A, A + 1, "lshl", 1);
  t.op(ldl(d)).op("adc -1").op(stl(d)).op("j rt_drem_loop");
  t.at("rt_drem_ieee");  // r at b's scale: more than half of b, or half and q odd: r - b
  t.op(ldl(A + 3)).op(stl(K + 3));
  t.op(ldl(A + 1)).op(ldl(A)).op("ldc 1").op("lshl").op(stl(tl)).op(stl(th));  // 2r
  t.op("ldc 0").op(ldl(B)).op(ldl(tl)).op("ldiff").op(stl(tl)).op(ldl(B + 1)).op(ldl(th)).op("ldiff").op(stl(th));
  t.op("eqc 0").op("cj rt_drem_flip");  // mb - 2r borrows: 2r > mb
  t.op(ldl(tl)).op(ldl(th)).op("or").op("eqc 0").op(ldl(q)).op("ldc 1").op("and").op("and").op("cj rt_drem_keep");
  t.at("rt_drem_flip");
  t.op("ldc 0").op(ldl(B)).op(ldl(A)).op("ldiff").op(stl(A)).op(ldl(B + 1)).op(ldl(A + 1)).op("ldiff").op(stl(A + 1));
  t.op(ldl(K + 3)).op("eqc 0").op(stl(K + 3));
  t.at("rt_drem_keep");
  t.op(ldl(A)).op(stl(K)).op(ldl(A + 1)).op(stl(K + 1));
  t.is_zero(K, K + 1), t.op("cj rt_drem_pack");  // zero: a's sign
  signed_special(t, A + 3, false);
  t.at("rt_drem_pack");
  t.op(ldl(B + 2)).op("adc 1").op(stl(K + 2));
  pack_and_return(t);
}

// rt_dsqrt: Areg = &a, Creg = &result (Breg unused): the square root, rounded to nearest even.
// The significand M (53 bits, or 54 doubled to make the exponent even) shifted up 56 places has a
// 55-bit integer square root q, found two radicand bits a step; a remainder left is the sticky bit.
void sqrt(Soft& t) {
  using S = Soft;
  int q = X, r = X + 2, d = X + 4, cnt = X + 6, pair = X + 7, e = X + 8;
  t.at("rt_dsqrt").op("ajw -" + S::n(kArithFrame));
  t.unpack64(ARG_A, A, A + 1, A + 2, A + 3);
  t.op(ldl(A + 2)).op("eqc 2047").op("cj rt_dsqrt_fin");
  t.is_nan(A, A + 1), t.op("cj rt_dsqrt_inf");
  t.copy_quiet(ARG_A, ARG_R), ret(t);
  t.at("rt_dsqrt_inf").op(ldl(A + 3)).op("cj rt_dsqrt_a");
  t.at("rt_dsqrt_nan");
  default_nan(t);
  t.at("rt_dsqrt_fin");
  t.is_zero(A, A + 1), t.op("eqc 0").op("cj rt_dsqrt_a");  // +-0: itself
  t.op(ldl(A + 3)).op("cj rt_dsqrt_pos").op("j rt_dsqrt_nan");  // below zero: a NaN
  t.at("rt_dsqrt_a");
  t.op(ldl(ARG_A)).op("ldnl 0").op(ldl(ARG_R)).op("stnl 0").op(ldl(ARG_A)).op("ldnl 1").op(ldl(ARG_R)).op("stnl 1");
  ret(t);
  t.at("rt_dsqrt_pos");
  t.normalise(A, A + 1, A + 2, X);
  t.shift(A, A + 1, "lshr", 11);  // M
  t.op(ldl(A + 2)).op("adc -1075").op(stl(e));  // e - 52: even, or M doubled and one less
  t.op(ldl(e)).op("ldc 1").op("and").op("cj rt_dsqrt_even");
  t.shift(A, A + 1, "lshl", 1).op(ldl(e)).op("adc -1").op(stl(e));
  t.at("rt_dsqrt_even");
  t.shift(A, A + 1, "lshl", 10);  // its 54 bits at the top
  for (int v : {q, q + 1, r, r + 1}) t.op("ldc 0").op(stl(v));
  t.op("ldc 55").op(stl(cnt));
  t.at("rt_dsqrt_loop");
  t.op(ldl(A + 1)).op("ldc 30").op("shr").op(stl(pair));
  t.shift(A, A + 1, "lshl", 2);
  t.shift(r, r + 1, "lshl", 2).op(ldl(r)).op(ldl(pair)).op("or").op(stl(r));
  t.op(ldl(q + 1)).op(ldl(q)).op("ldc 2").op("lshl").op(stl(d)).op(stl(d + 1)).op(ldl(d)).op("ldc 1").op("or").op(stl(d));
  t.shift(q, q + 1, "lshl", 1);
  t.op("ldc 0").op(ldl(r)).op(ldl(d)).op("ldiff").op(stl(d)).op(ldl(r + 1)).op(ldl(d + 1)).op("ldiff").op(stl(d + 1));
  t.op("cj rt_dsqrt_take").op("j rt_dsqrt_next");
  t.at("rt_dsqrt_take").op(ldl(d)).op(stl(r)).op(ldl(d + 1)).op(stl(r + 1)).op(ldl(q)).op("ldc 1").op("or").op(stl(q));
  t.at("rt_dsqrt_next");
  t.op(ldl(cnt)).op("adc -1").op(stl(cnt)).op(ldl(cnt)).op("eqc 0").op("cj rt_dsqrt_loop");
  t.op(ldl(r)).op(ldl(r + 1)).op("or").op("eqc 0").op("eqc 0").op(ldl(q)).op("or").op(stl(K)).op(ldl(q + 1)).op(stl(K + 1));
  t.op(ldl(e)).op("adc -56").op("ldc 2").op("div").op("adc 1086").op(stl(K + 2));
  t.op("ldc 0").op(stl(K + 3));
  pack_and_return(t);
}

// Local X := the top word of the unpacked infinity or NaN a in the other format: the sign, the
// exponent's bits, the fraction's top bits (the significand's, shifted right), a NaN quieted.
void nonfinite_top(Soft& t, int shift, const char* exponent, const char* quiet) {
  std::string inf = t.fresh("rs_inf");
  t.op(ldl(A + 3)).op("ldc 31").op("shl").op(ldl(A + 1)).op("ldc #7FFFFFFF").op("and").op("ldc " + Soft::n(shift));
  t.op("shr").op("or").op(std::string("ldc ") + exponent).op("or").op(stl(X));
  t.is_nan(A, A + 1), t.op("cj " + inf).op(ldl(X)).op(std::string("ldc ") + quiet).op("or").op(stl(X));
  t.at(inf);
}

// rt_widen: Areg = &REAL32, Breg = &REAL64 (exact). rt_narrow: Areg = &REAL64, Breg = &REAL32,
// Creg = mode. rt_ltor64 / rt_ltor32: Areg = &INT64, Breg = &REAL, Creg = mode.
void conversions(Soft& t) {
  using S = Soft;
  // widen
  t.at("rt_widen").op("ajw -" + S::n(kArithFrame));
  t.unpack32(ARG_A, A, A + 1, A + 2, A + 3);
  t.op(ldl(A + 2)).op("eqc 2047").op("cj rt_widen_fin");
  // an infinity or NaN: the significand's fraction bits in place, a NaN quieted
  nonfinite_top(t, 11, "#7FF00000", "#80000");
  t.op(ldl(A + 1)).op("ldc 21").op("shl").op(ldl(ARG_R - 1)).op("stnl 0");
  t.op(ldl(X)).op(ldl(ARG_R - 1)).op("stnl 1");
  ret(t);
  t.at("rt_widen_fin");
  t.is_zero(A, A + 1), t.op("cj rt_widen_nz");
  t.op(ldl(A + 3)).op("ldc 31").op("shl").op(ldl(ARG_R - 1)).op("stnl 1").op("ldc 0").op(ldl(ARG_R - 1)).op("stnl 0");
  ret(t);
  t.at("rt_widen_nz");
  for (int k = 0; k < 4; ++k) t.op(ldl(A + k)).op(stl(K + k));
  t.op("ldc 0").op(stl(K + 4));
  t.op(ldl(ARG_R - 1)).op("ldlp " + S::n(K)).op("call rt_pack64");
  ret(t);

  // narrow
  t.at("rt_narrow").op("ajw -" + S::n(kArithFrame));
  t.unpack64(ARG_A, A, A + 1, A + 2, A + 3);
  t.op(ldl(A + 2)).op("eqc 2047").op("cj rt_narrow_fin");
  nonfinite_top(t, 8, "#7F800000", "#400000");
  t.op(ldl(X)).op(ldl(ARG_R - 1)).op("stnl 0");
  ret(t);
  t.at("rt_narrow_fin");
  t.is_zero(A, A + 1), t.op("cj rt_narrow_nz");
  t.op(ldl(A + 3)).op("ldc 31").op("shl").op(ldl(ARG_R - 1)).op("stnl 0");
  ret(t);
  t.at("rt_narrow_nz");
  for (int k = 0; k < 4; ++k) t.op(ldl(A + k)).op(stl(K + k));
  t.op(ldl(K + 2)).op("adc -896").op(stl(K + 2)).op(ldl(ARG_R)).op(stl(K + 4));
  t.op(ldl(ARG_R - 1)).op("ldlp " + S::n(K)).op("call rt_pack32");
  ret(t);

  // INT64 to REAL
  for (bool dbl : {true, false}) {
    std::string name = dbl ? "rt_ltor64" : "rt_ltor32";
    t.at(name).op("ajw -" + S::n(kArithFrame));
    t.op(ldl(ARG_A)).op("ldnl 0").op(stl(K)).op(ldl(ARG_A)).op("ldnl 1").op(stl(K + 1));
    t.op(ldl(K + 1)).op("ldc 31").op("shr").op(stl(K + 3));
    t.op(ldl(K + 3)).op("cj " + name + "_pos");
    t.negate(K);
    t.at(name + "_pos");
    t.op(dbl ? "ldc 1086" : "ldc 190").op(stl(K + 2)).op(ldl(ARG_R)).op(stl(K + 4));
    t.op(ldl(ARG_R - 1)).op("ldlp " + S::n(K)).op(dbl ? "call rt_pack64" : "call rt_pack32");
    ret(t);
  }

  // rt_rtol: Areg = &REAL64, Breg = &INT64, Creg = mode; returns Areg 1 when the value is a NaN,
  // an infinity or out of INT64's range.
  t.at("rt_rtol").op("ajw -" + S::n(kArithFrame));
  t.unpack64(ARG_A, A, A + 1, A + 2, A + 3);
  t.op(ldl(A + 2)).op("ldc 1085").op("gt").op("cj rt_rtol_small");  // |x| >= 2^63: only MOSTNEG
  t.op(ldl(A + 2)).op("eqc 1086").op(ldl(A + 1)).op("mint").op("diff").op(ldl(A)).op("or").op("eqc 0").op("and");
  t.op(ldl(A + 3)).op("and").op("cj rt_rtol_bad");
  t.op("ldc 0").op(ldl(ARG_R - 1)).op("stnl 0").op("mint").op(ldl(ARG_R - 1)).op("stnl 1").op("ldc 0");
  ret(t);
  t.at("rt_rtol_bad").op("ldc 1");
  ret(t);
  t.at("rt_rtol_small");
  // |x| = m * 2^(E - 1086): shift right by 1086 - E, two bits kept for rounding
  int cnt = X, tmp = X + 1, inc = X + 2;
  t.op("ldc 1086").op(ldl(A + 2)).op("diff").op(stl(cnt));
  // the integer part into a's significand, the two bits below it (half, then sticky) into tmp
  t.op(ldl(cnt)).op("eqc 1").op("cj rt_rtol_far");
  t.op(ldl(A)).op("ldc 1").op("and").op("ldc 1").op("shl").op(stl(tmp));
  t.shift(A, A + 1, "lshr", 1);
  t.op("j rt_rtol_round");
  t.at("rt_rtol_far");
  t.op(ldl(cnt)).op("adc -2").op(stl(cnt));
  t.jam(A, A + 1, cnt, tmp);
  t.op(ldl(A)).op("ldc 3").op("and").op(stl(tmp));
  t.shift(A, A + 1, "lshr", 2);
  t.at("rt_rtol_round");  // to nearest: up when above half, or at half and odd
  t.op("ldc 0").op(stl(inc));
  t.op(ldl(ARG_R)).op("eqc 0").op("cj rt_rtol_inc");
  t.op(ldl(tmp)).op("ldc 2").op("and").op("cj rt_rtol_inc");
  t.op(ldl(tmp)).op("ldc 1").op("and").op(ldl(A)).op("ldc 1").op("and").op("or").op(stl(inc));
  t.at("rt_rtol_inc");
  t.op("ldc 0").op(ldl(A)).op(ldl(inc)).op("lsum").op(stl(A)).op(ldl(A + 1)).op("ldc 0").op("lsum").op(stl(A + 1));
  // 2^63 is MOSTNEG's magnitude only
  t.op(ldl(A + 1)).op("mint").op("diff").op(ldl(A)).op("or").op("eqc 0").op(ldl(A + 3)).op("eqc 0").op("and");
  t.op("cj rt_rtol_fits").op("ldc 1");
  ret(t);
  t.at("rt_rtol_fits");
  t.op(ldl(A + 3)).op("cj rt_rtol_out");
  t.negate(A);
  t.at("rt_rtol_out");
  t.op(ldl(A)).op(ldl(ARG_R - 1)).op("stnl 0").op(ldl(A + 1)).op(ldl(ARG_R - 1)).op("stnl 1").op("ldc 0");
  ret(t);
}

}  // namespace

std::string soft_real_routines() {
  Soft t;
  t.s = "-- software floating point (real_soft.cpp)\n";
  pack(t, true);
  pack(t, false);
  add(t);
  mul(t);
  div(t);
  rem(t);
  sqrt(t);
  conversions(t);
  return t.s;
}

}  // namespace transit::occam::backend::tp
