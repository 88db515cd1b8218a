// REAL32 and REAL64: a value lives in local slots (a REAL32 in one word, a REAL64 in two, low word
// first) and travels as bits (a REAL32 in a register like an INT, a REAL64 like an INT64). Every
// operation takes its operands from their slots and leaves its result in a slot: on the T800 through
// the FPU, on the T414 by calling real_soft.cpp's routines. The checks occam demands are made the
// way the native run makes them (occam_arith.h), in integer code on the bits: an infinite or NaN
// result from finite operands is an overflow, a finite value divided by zero an error, a conversion
// to an integer out of range an error.
#include <bit>

#include "backend/transputer/gen.h"
#include "backend/transputer/real_code.h"

namespace transit::occam::backend::tp {

std::uint64_t Gen::literal_bits(const Expr& e) const {
  bool real_lit = e.kind == ExprKind::RealLit;
  if (is_prim(e.type, Prim::Real32)) {
    float f = real_lit ? float(e.real_value) : float(e.int_value);
    return std::bit_cast<std::uint32_t>(f);
  }
  if (is_prim(e.type, Prim::Real64)) return std::bit_cast<std::uint64_t>(real_lit ? e.real_value : double(e.int_value));
  return std::uint64_t(e.int_value);
}

bool Gen::real_op(const Expr& e) const {
  switch (e.kind) {
    case ExprKind::Unary:
    case ExprKind::Binary:
      return real_value(e.args[0].type);
    case ExprKind::Convert:
      return (real_value(e.type) || real_value(e.args[0].type)) && e.type != e.args[0].type;
    default:
      return false;
  }
}

namespace {
// The routines' deepest use of the workspace below a caller: the arithmetic routine's call words
// and locals, then the packing routine's, and the scheduler's slots.
constexpr int kSoftBelow = 4 + 24 + 4 + 8 + kBelowSlots;
}  // namespace

void Gen::soft(const std::string& routine, const std::vector<std::string>& args) {
  soft_real_used_ = true;
  for (std::size_t k = args.size(); k-- > 0;) ins(args[k]);
  ins("call " + routine);
  cur().below = std::max(cur().below, kSoftBelow);
}

std::string Gen::at(int slot) const { return "ldlp " + slot_expr(cur_, slot); }

void Gen::real_arith(Op op, bool dbl, int a, int b, int r) {
  RealCode c{*this, RealKind{dbl}};
  if (chip_ == Chip::T800) {
    c.load(a), c.load(b);
    if (op == Op::Rem)
      c.remainder();
    else
      ins(op == Op::Add ? "fpadd" : op == Op::Sub ? "fpsub" : op == Op::Mul ? "fpmul" : "fpdiv");
    c.store(r);
    return;
  }
  std::string routine = op == Op::Add   ? "rt_dadd"
                        : op == Op::Sub ? "rt_dsub"
                        : op == Op::Mul ? "rt_dmul"
                        : op == Op::Div ? "rt_ddiv"
                                        : "rt_drem";
  if (dbl) {
    soft(routine, {at(a), at(b), at(r)});
    return;
  }
  int m = mark();  // a REAL32: the REAL64 operation on the widened operands, rounded once more
  int wa = alloc(2), wb = alloc(2), wr = alloc(2);
  soft("rt_widen", {at(a), at(wa)});
  soft("rt_widen", {at(b), at(wb)});
  soft(routine, {at(wa), at(wb), at(wr)});
  soft("rt_narrow", {at(wr), at(r), "ldc 0"});
  release(m);
}

void Gen::real_resize(bool from_dbl, int from, int to, bool trunc) {
  if (chip_ != Chip::T800) {
    soft(from_dbl ? "rt_narrow" : "rt_widen", {at(from), at(to), trunc ? "ldc 1" : "ldc 0"});
    return;
  }
  RealCode{*this, RealKind{from_dbl}}.load(from);
  if (from_dbl && trunc) ins("fpurz");
  ins(from_dbl ? "fpur64tor32" : "fpur32tor64");
  RealCode{*this, RealKind{!from_dbl}}.store(to);
}

void Gen::real_from_long(bool dbl, int t, int r, bool trunc) {
  if (chip_ != Chip::T800 || !dbl) {  // rounded once, in software (the FPU has no INT64 to REAL32)
    soft(dbl ? "rt_ltor64" : "rt_ltor32", {at(t), at(r), trunc ? "ldc 1" : "ldc 0"});
    return;
  }
  // hi * 2^32 + lo (both exact in a REAL64), rounded once
  ins("ldlp " + slot_expr(cur_, t + 1));
  ins("fpi32tor64");
  ins("fpuexpinc32");
  ins("ldlp " + slot_expr(cur_, t));
  ins("fpb32tor64");
  if (trunc) ins("fpurz");
  ins("fpadd");
  RealCode{*this, RealKind{dbl}}.store(r);
}

void Gen::expr_real(const Expr& e, int slot) {
  RealKind k{is_prim(e.type, Prim::Real64)};
  if (!real_op(e)) {  // a load, a literal, a call: moved as bits
    if (k.dbl) {
      expr_long(e, slot);
    } else {
      expr(e);
      ins("stl " + slot_expr(cur_, slot));
    }
    return;
  }
  RealCode c{*this, k};
  int m = mark();
  switch (e.kind) {
    case ExprKind::Unary: {
      if (e.op != Op::Neg) unsupported(std::string("the operator ") + op_name(e.op) + " on a REAL", e.site);
      expr_real(e.args[0], slot);  // -x flips the sign bit, as the native run
      ins("ldl " + c.w(slot, k.hi()));
      ins("mint");
      ins("xor");
      ins("stl " + c.w(slot, k.hi()));
      break;
    }
    case ExprKind::Binary: {
      int a = alloc(k.words()), b = alloc(k.words());
      expr_real(e.args[0], a);
      expr_real(e.args[1], b);
      if (e.op != Op::Add && e.op != Op::Sub && e.op != Op::Mul && e.op != Op::Div && e.op != Op::Rem)
        unsupported(std::string("the operator ") + op_name(e.op) + " on a REAL", e.site);
      if (e.op == Op::Div || e.op == Op::Rem) {  // a finite value by zero
        c.zero(b);
        c.not_finite(a);
        ins("eqc 0");
        ins("and");
        c.fail_if(e.site, e.op == Op::Div ? "real division by zero (floating-point error)"
                                          : "real remainder by zero (floating-point error)");
      }
      real_arith(e.op, k.dbl, a, b, slot);
      if (e.op == Op::Rem) break;  // exact: never an overflow
      // an infinity or NaN from finite operands
      c.not_finite(slot);
      c.not_finite(a);
      ins("eqc 0");
      ins("and");
      c.not_finite(b);
      ins("eqc 0");
      ins("and");
      c.fail_if(e.site, std::string("real overflow in ") + op_name(e.op));
      break;
    }
    case ExprKind::Convert: {
      const Expr& a = e.args[0];
      bool trunc = e.mode == ConvertMode::Trunc;
      if (real_value(a.type)) {  // REAL32 <-> REAL64
        RealKind from{is_prim(a.type, Prim::Real64)};
        RealCode f{*this, from};
        int t = alloc(from.words());
        expr_real(a, t);
        real_resize(from.dbl, t, slot, trunc);
        if (from.dbl) {  // too large for a REAL32
          c.not_finite(slot);
          f.not_finite(t);
          ins("eqc 0");
          ins("and");
          c.fail_if(e.site, "real overflow in conversion");
        }
        break;
      }
      int t = alloc(2);  // an integer
      if (long_value(a.type)) {
        expr_long(a, t);
        real_from_long(k.dbl, t, slot, trunc);
        break;
      }
      expr(a);
      if (chip_ == Chip::T800) {  // a word: fpi32tor32 rounds, fpi32tor64 is exact
        ins("stl " + slot_expr(cur_, t));
        ins("ldlp " + slot_expr(cur_, t));
        if (trunc && !k.dbl) ins("fpurz");
        ins(k.dbl ? "fpi32tor64" : "fpi32tor32");
        c.store(slot);
        break;
      }
      ins("xdble");
      ins("stl " + slot_expr(cur_, t));
      ins("stl " + slot_expr(cur_, t + 1));
      real_from_long(k.dbl, t, slot, trunc);
      break;
    }
    default:
      unsupported("this REAL expression", e.site);
  }
  release(m);
}

void Gen::real_compare(Op op, const Expr& a, const Expr& b) {
  RealKind k{is_prim(a.type, Prim::Real64)};
  if (op != Op::Eq && op != Op::Ne && op != Op::Lt && op != Op::Le && op != Op::Gt && op != Op::Ge)
    unsupported(std::string("the operator ") + op_name(op) + " on a REAL", a.site);
  int m = mark();
  int x = alloc(k.words()), y = alloc(k.words());
  expr_real(a, x);
  expr_real(b, y);
  real_compare_slots(op, k.dbl, x, y);
  release(m);
}

void Gen::real_compare_slots(Op op, bool dbl, int x, int y) {
  RealKind k{dbl};
  RealCode c{*this, k};
  int m = mark();
  if (chip_ != Chip::T800) {  // on the bits: sign and magnitude made a signed integer (-0 = +0)
    int kx = alloc(2), ky = alloc(2);
    for (auto [from, to] : {std::pair{x, kx}, std::pair{y, ky}}) {
      std::string pos = fresh("L");
      ins("ldc 0"), ins("stl " + slot_expr(cur_, to + 1));
      for (int w = 0; w < k.words(); ++w) ins("ldl " + c.w(from, w)), ins("stl " + slot_expr(cur_, to + w));
      ins("ldl " + c.w(to, k.hi())), ins("ldc #7FFFFFFF"), ins("and"), ins("stl " + c.w(to, k.hi()));
      if (!k.dbl) ins("ldl " + slot_expr(cur_, to)), ins("xdble"), ins("stl " + slot_expr(cur_, to)), ins("stl " + slot_expr(cur_, to + 1));
      ins("ldl " + c.w(from, k.hi())), ins("mint"), ins("and"), ins("cj " + pos);
      ins("ldc 0"), ins("ldc 0"), ins("ldl " + slot_expr(cur_, to)), ins("ldiff"), ins("stl " + slot_expr(cur_, to));
      ins("ldc 0"), ins("ldl " + slot_expr(cur_, to + 1)), ins("ldiff"), ins("stl " + slot_expr(cur_, to + 1));
      label(pos);
    }
    int ord = alloc(1);
    c.ordered(x, y);
    ins("stl " + slot_expr(cur_, ord));
    long_compare_slots(op == Op::Ne ? Op::Eq : op, kx, ky);
    ins("ldl " + slot_expr(cur_, ord));
    ins("and");
    if (op == Op::Ne) ins("eqc 0");
    release(m);
    return;
  }
  // fpgt: FB > FA, fpeq: FB = FA; both compare a NaN's encoding, so fpordered (no NaN) comes first
  // and every comparison but <> is false when unordered, as natively.
  auto both = [&](int first, int second, const char* test) {
    c.load(first), c.load(second), ins("fpordered"), ins(test), ins("and");
  };
  switch (op) {
    case Op::Eq: both(x, y, "fpeq"); break;
    case Op::Ne: both(x, y, "fpeq"), ins("eqc 0"); break;
    case Op::Gt: both(x, y, "fpgt"); break;
    case Op::Lt: both(y, x, "fpgt"); break;
    case Op::Ge: c.load(y), c.load(x), ins("fpordered"), ins("fpgt"), ins("eqc 0"), ins("and"); break;
    case Op::Le: c.load(x), c.load(y), ins("fpordered"), ins("fpgt"), ins("eqc 0"), ins("and"); break;
    default: throw std::logic_error("real_compare_slots: not a comparison");
  }
  release(m);
}

namespace {

// The FPU's FA, a REAL of kind k, rounded to a whole number (to nearest, or toward zero), checked
// to fit the integer type (fpuchki32 or fpuchki64; a NaN or infinity never does): an error if not.
void whole_number(Gen& g, RealCode& c, int slot, bool trunc, bool to_long, Site s) {
  g.ins("fpuclrerr");
  c.load(slot);
  if (trunc) g.ins("fpurz");
  g.ins("fpint");
  g.ins(to_long ? "fpuchki64" : "fpuchki32");
  g.check_label(s, "real value out of range in a conversion to an integer");
  g.ins("fpchkerr");
}

}  // namespace

// The T414's conversion to an integer: in software to an INT64, which must fit.
void Gen::soft_real_to_long(const Expr& e, int slot) {
  const Expr& a = e.args[0];
  RealKind k{is_prim(a.type, Prim::Real64)};
  int m = mark();
  int t = alloc(2);
  expr_real(a, t);
  if (!k.dbl) {
    int d = alloc(2);
    soft("rt_widen", {at(t), at(d)});
    t = d;
  }
  soft("rt_rtol", {at(t), at(slot), e.mode == ConvertMode::Trunc ? "ldc 1" : "ldc 0"});
  RealCode{*this, k}.fail_if(e.site, "real value out of range in a conversion to an integer");
  release(m);
}

void Gen::real_to_int(const Expr& e) {
  const Expr& a = e.args[0];
  if (chip_ != Chip::T800) {
    int m = mark();
    int t = alloc(2);
    soft_real_to_long(e, t);
    long_to_word(t, e.type, e.site, "real value out of range in a conversion to an integer");
    release(m);
    return;
  }
  RealKind k{is_prim(a.type, Prim::Real64)};
  RealCode c{*this, k};
  int m = mark();
  int t = alloc(k.words());
  expr_real(a, t);
  whole_number(*this, c, t, e.mode == ConvertMode::Trunc, false, e.site);
  ins("ldlp " + slot_expr(cur_, t));
  ins("fpstnli32");
  ins("ldl " + slot_expr(cur_, t));
  release(m);
  range_check(e.type, e.site, "value out of range in a conversion");
}

void Gen::real_to_long(const Expr& e, int slot) {
  const Expr& a = e.args[0];
  if (chip_ != Chip::T800) {
    soft_real_to_long(e, slot);
    return;
  }
  RealKind k{is_prim(a.type, Prim::Real64)};
  RealCode c{*this, k};
  int m = mark();
  int t = alloc(2), sh = alloc(1);
  expr_real(a, t);
  whole_number(*this, c, t, e.mode == ConvertMode::Trunc, true, e.site);
  if (!k.dbl) ins("fpur32tor64");  // exact
  ins("ldlp " + slot_expr(cur_, t));
  ins("fpstnldb");
  // The whole REAL64's bits to the INT64: its 53-bit significand shifted by exponent - 1075.
  std::string lo = slot_expr(cur_, slot), hi = slot_expr(cur_, slot + 1);
  std::string tlo = slot_expr(cur_, t), thi = slot_expr(cur_, t + 1), s = slot_expr(cur_, sh);
  std::string left = fresh("L"), sign = fresh("L"), done = fresh("L");
  ins("ldc 0"), ins("stl " + lo), ins("ldc 0"), ins("stl " + hi);
  ins("ldl " + thi), ins("ldc 20"), ins("shr"), ins("ldc #7FF"), ins("and");
  ins("cj " + done);  // zero
  ins("ldl " + thi), ins("ldc 20"), ins("shr"), ins("ldc #7FF"), ins("and"), ins("adc -1075"), ins("stl " + s);
  ins("ldl " + thi), ins("ldc #FFFFF"), ins("and"), ins("ldc #100000"), ins("or"), ins("stl " + hi);
  ins("ldl " + tlo), ins("stl " + lo);
  ins("ldc 0"), ins("ldl " + s), ins("gt"), ins("cj " + left);  // a negative shift: right
  ins("ldc 0"), ins("ldl " + s), ins("diff"), ins("stl " + s);
  ins("ldl " + hi), ins("ldl " + lo), ins("ldl " + s), ins("lshr");
  ins("stl " + lo), ins("stl " + hi), ins("j " + sign);
  label(left);
  ins("ldl " + hi), ins("ldl " + lo), ins("ldl " + s), ins("lshl");
  ins("stl " + lo), ins("stl " + hi);
  label(sign);
  ins("ldl " + thi), ins("mint"), ins("and"), ins("cj " + done);
  ins("ldc 0"), ins("ldc 0"), ins("ldl " + lo), ins("ldiff"), ins("stl " + lo);
  ins("ldc 0"), ins("ldl " + hi), ins("ldiff"), ins("stl " + hi);
  label(done);
  release(m);
}

}  // namespace transit::occam::backend::tp
