// REAL32 and REAL64: a value lives in local slots (a REAL32 in one word, a REAL64 in two, low word
// first) and travels as bits (a REAL32 in a register like an INT, a REAL64 like an INT64). Every
// operation loads its operands from their slots into the T800's FPU and stores the result into a
// slot. The checks occam demands are made the way the native run makes them (occam_arith.h), in
// integer code on the bits: an infinite or NaN result from finite operands is an overflow, a
// finite value divided by zero an error, a conversion to an integer out of range an error.
#include <bit>
#include <cstring>

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
  if (chip_ != Chip::T800) unsupported("REAL32 and REAL64 arithmetic on the T414 (software floating point)", e.site);
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
      const char* op = nullptr;
      switch (e.op) {
        case Op::Add: op = "fpadd"; break;
        case Op::Sub: op = "fpsub"; break;
        case Op::Mul: op = "fpmul"; break;
        case Op::Div: op = "fpdiv"; break;
        case Op::Rem: break;
        default: unsupported(std::string("the operator ") + op_name(e.op) + " on a REAL", e.site);
      }
      if (e.op == Op::Div || e.op == Op::Rem) {  // a finite value by zero
        c.zero(b);
        c.not_finite(a);
        ins("eqc 0");
        ins("and");
        c.fail_if(e.site, e.op == Op::Div ? "real division by zero (floating-point error)"
                                          : "real remainder by zero (floating-point error)");
      }
      c.load(a);
      c.load(b);
      if (op) {
        ins(op);
        c.store(slot);
        // an infinity or NaN from finite operands
        c.not_finite(slot);
        c.not_finite(a);
        ins("eqc 0");
        ins("and");
        c.not_finite(b);
        ins("eqc 0");
        ins("and");
        c.fail_if(e.site, std::string("real overflow in ") + op_name(e.op));
      } else {
        c.remainder();
        c.store(slot);
      }
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
        f.load(t);
        if (from.dbl) {
          if (trunc) ins("fpurz");
          ins("fpur64tor32");
          c.store(slot);
          c.not_finite(slot);  // too large for a REAL32
          f.not_finite(t);
          ins("eqc 0");
          ins("and");
          c.fail_if(e.site, "real overflow in conversion");
        } else {
          ins("fpur32tor64");
          c.store(slot);
        }
        break;
      }
      if (long_value(a.type)) {  // INT64: hi * 2^32 + lo (both exact in a REAL64), rounded once
        if (!k.dbl) unsupported("a conversion from INT64 to REAL32", e.site);
        int t = alloc(2);
        expr_long(a, t);
        ins("ldlp " + slot_expr(cur_, t + 1));
        ins("fpi32tor64");
        ins("fpuexpinc32");
        ins("ldlp " + slot_expr(cur_, t));
        ins("fpb32tor64");
        if (trunc) ins("fpurz");
        ins("fpadd");
        c.store(slot);
        break;
      }
      int t = alloc(1);  // a word integer
      expr(a);
      ins("stl " + slot_expr(cur_, t));
      ins("ldlp " + slot_expr(cur_, t));
      if (k.dbl) {
        ins("fpi32tor64");
      } else {
        if (trunc) ins("fpurz");
        ins("fpi32tor32");
      }
      c.store(slot);
      break;
    }
    default:
      unsupported("this REAL expression", e.site);
  }
  release(m);
}

void Gen::real_compare(Op op, const Expr& a, const Expr& b) {
  RealKind k{is_prim(a.type, Prim::Real64)};
  if (chip_ != Chip::T800) unsupported("REAL32 and REAL64 arithmetic on the T414 (software floating point)", a.site);
  RealCode c{*this, k};
  int m = mark();
  int x = alloc(k.words()), y = alloc(k.words());
  expr_real(a, x);
  expr_real(b, y);
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
    default: unsupported(std::string("the operator ") + op_name(op) + " on a REAL", a.site);
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

void Gen::real_to_int(const Expr& e) {
  const Expr& a = e.args[0];
  if (chip_ != Chip::T800) unsupported("REAL32 and REAL64 arithmetic on the T414 (software floating point)", e.site);
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
  if (chip_ != Chip::T800) unsupported("REAL32 and REAL64 arithmetic on the T414 (software floating point)", e.site);
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
