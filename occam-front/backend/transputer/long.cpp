// INT64 on the 32-bit transputer: a value is two words in memory (low word first), computed into a
// temporary pair of slots with the multiple-length instructions (lsum/ladd, ldiff/lsub, lmul, lshl,
// lshr, xdble, csngl). Checked multiplication, division and remainder call routines (long_routines()):
// magnitudes with lmul and an overflow check; unsigned 64/32 with two ldiv, else 64 steps of shift
// and subtract, with the signs around it.
#include "backend/transputer/gen.h"
#include "backend/transputer/routine_text.h"

namespace transit::occam::backend::tp {

namespace {
constexpr int kLongDivFrame = 12;  // rt_ldivrem's locals
}

bool Gen::long_value(TypeId t) const { return is_prim(t, Prim::Int64) || is_prim(t, Prim::Real64); }

bool Gen::addressable(const Expr& e) const {
  return e.kind == ExprKind::Var || e.kind == ExprKind::Index || e.kind == ExprKind::Slice ||
         e.kind == ExprKind::Field || e.kind == ExprKind::Table;
}

void Gen::address_or_temp(const Expr& e) {
  if (addressable(e)) {
    address(e);
    return;
  }
  if (e.kind == ExprKind::Call || e.kind == ExprKind::Valof || e.kind == ExprKind::Builtin) {
    std::vector<int> slots = results_into_slots(e);
    ins("ldlp " + slot_expr(cur_, slots.at(0)));
    return;
  }
  if (long_value(e.type)) {
    int t = alloc(2);
    expr_long(e, t);
    ins("ldlp " + slot_expr(cur_, t));
    return;
  }
  if (word_value(e.type)) {
    int t = alloc(1);
    expr(e);
    ins("stl " + slot_expr(cur_, t));
    ins("ldlp " + slot_expr(cur_, t));
    return;
  }
  unsupported("a value of this type where its address is needed", e.site);
}

void Gen::expr_long(const Expr& e, int slot) {
  if (real_op(e)) {
    if (real_value(e.type))
      expr_real(e, slot);
    else
      real_to_long(e, slot);
    return;
  }
  std::string lo = slot_expr(cur_, slot), hi = slot_expr(cur_, slot + 1);
  int m = mark();
  auto operand = [&](const Expr& x) {
    int t = alloc(2);
    expr_long(x, t);
    return t;
  };
  auto w = [&](int t, int k) { return slot_expr(cur_, t + k); };
  switch (e.kind) {
    case ExprKind::RealLit:
    case ExprKind::IntLit: {
      std::uint64_t v = literal_bits(e);
      ins("ldc " + std::to_string(std::int32_t(std::uint32_t(v))));
      ins("stl " + lo);
      ins("ldc " + std::to_string(std::int32_t(std::uint32_t(v >> 32))));
      ins("stl " + hi);
      break;
    }
    case ExprKind::Var:
    case ExprKind::Index:
    case ExprKind::Field: {
      if (unaligned(e)) {
        address(e);
        ins("ldlp " + lo);
        ins("ldc 8");
        ins("move");
        break;
      }
      int a = alloc(1);
      address(e);
      ins("stl " + slot_expr(cur_, a));
      ins("ldl " + slot_expr(cur_, a));
      ins("ldnl 0");
      ins("stl " + lo);
      ins("ldl " + slot_expr(cur_, a));
      ins("ldnl 1");
      ins("stl " + hi);
      break;
    }
    case ExprKind::Convert: {
      const Expr& a = e.args[0];
      if (long_value(a.type)) {
        expr_long(a, slot);
        break;
      }
      if (!word_value(a.type)) unsupported(std::string("a conversion from ") + prim_name(type(a.type).prim) + " to INT64", e.site);
      expr(a);
      ins("xdble");
      ins("stl " + lo);
      ins("stl " + hi);
      break;
    }
    case ExprKind::Unary: {
      int a = operand(e.args[0]);
      if (e.op == Op::BitNot) {
        ins("ldl " + w(a, 0)), ins("not"), ins("stl " + lo);
        ins("ldl " + w(a, 1)), ins("not"), ins("stl " + hi);
        break;
      }
      if (e.op != Op::Neg && e.op != Op::ModNeg) unsupported(std::string("the operator ") + op_name(e.op) + " on INT64", e.site);
      ins("ldc 0"), ins("ldc 0"), ins("ldl " + w(a, 0)), ins("ldiff"), ins("stl " + lo);
      ins("ldc 0"), ins("ldl " + w(a, 1));
      if (e.op == Op::Neg) check_label(e.site, "arithmetic overflow in -");
      ins(e.op == Op::Neg ? "lsub" : "ldiff");
      ins("stl " + hi);
      break;
    }
    case ExprKind::Binary: {
      int a = operand(e.args[0]);
      if (e.op == Op::Shl || e.op == Op::Shr) {
        int c = alloc(1);
        expr(e.args[1]);
        if (e.check) {
          check_label(e.site, std::string("shift count out of range in ") + op_name(e.op));
          ins("ldc 65");
          ins("csub0");
        }
        ins("stl " + slot_expr(cur_, c));
        ins("ldl " + w(a, 1)), ins("ldl " + w(a, 0)), ins("ldl " + slot_expr(cur_, c));
        ins(e.op == Op::Shl ? "lshl" : "lshr");
        ins("stl " + lo), ins("stl " + hi);
        break;
      }
      int b = operand(e.args[1]);
      std::string overflow = std::string("arithmetic overflow in ") + op_name(e.op);
      switch (e.op) {
        case Op::Add: case Op::Plus:
          ins("ldc 0"), ins("ldl " + w(a, 0)), ins("ldl " + w(b, 0)), ins("lsum"), ins("stl " + lo);
          ins("ldl " + w(a, 1)), ins("ldl " + w(b, 1));
          if (e.op == Op::Add) check_label(e.site, overflow);
          ins(e.op == Op::Add ? "ladd" : "lsum");
          ins("stl " + hi);
          break;
        case Op::Sub: case Op::Minus:
          ins("ldc 0"), ins("ldl " + w(a, 0)), ins("ldl " + w(b, 0)), ins("ldiff"), ins("stl " + lo);
          ins("ldl " + w(a, 1)), ins("ldl " + w(b, 1));
          if (e.op == Op::Sub) check_label(e.site, overflow);
          ins(e.op == Op::Sub ? "lsub" : "ldiff");
          ins("stl " + hi);
          break;
        case Op::Times:
          ins("ldc 0"), ins("ldl " + w(a, 0)), ins("ldl " + w(b, 0)), ins("lmul"), ins("stl " + lo);
          ins("ldl " + w(a, 0)), ins("ldl " + w(b, 1)), ins("prod"), ins("sum");
          ins("ldl " + w(a, 1)), ins("ldl " + w(b, 0)), ins("prod"), ins("sum");
          ins("stl " + hi);
          break;
        case Op::Mul: {
          long_routines_used_ = true;
          int r = alloc(2);
          ins("ldlp " + w(r, 0)), ins("ldlp " + w(b, 0)), ins("ldlp " + w(a, 0));
          ins("call rt_lmul");
          cur().below = std::max(cur().below, kCallWords + kLongDivFrame + kBelowSlots);
          check_label(e.site, overflow);
          ins("ldc 1"), ins("csub0");
          ins("ldl " + w(r, 0)), ins("stl " + lo);
          ins("ldl " + w(r, 1)), ins("stl " + hi);
          break;
        }
        case Op::BitAnd: case Op::BitOr: case Op::BitXor: {
          const char* op = e.op == Op::BitAnd ? "and" : e.op == Op::BitOr ? "or" : "xor";
          ins("ldl " + w(a, 0)), ins("ldl " + w(b, 0)), ins(op), ins("stl " + lo);
          ins("ldl " + w(a, 1)), ins("ldl " + w(b, 1)), ins(op), ins("stl " + hi);
          break;
        }
        case Op::Div: case Op::Rem: {
          long_routines_used_ = true;
          int r = alloc(4);
          ins("ldl " + w(b, 0)), ins("ldl " + w(b, 1)), ins("or"), ins("eqc 0");
          check_label(e.site, e.op == Op::Div ? "division by zero in /" : "remainder by zero in \\");
          ins("ldc 1"), ins("csub0");
          ins("ldlp " + w(r, 0)), ins("ldlp " + w(b, 0)), ins("ldlp " + w(a, 0));
          ins("call rt_ldivrem");
          cur().below = std::max(cur().below, kCallWords + kLongDivFrame + kBelowSlots);
          if (e.op == Op::Div) {
            check_label(e.site, "arithmetic overflow in /");
            ins("ldc 1"), ins("csub0");
          }
          int k = e.op == Op::Div ? 0 : 2;
          ins("ldl " + w(r, k)), ins("stl " + lo);
          ins("ldl " + w(r, k + 1)), ins("stl " + hi);
          break;
        }
        default:
          unsupported(std::string("the operator ") + op_name(e.op) + " on INT64", e.site);
      }
      break;
    }
    case ExprKind::Call:
    case ExprKind::Valof:
    case ExprKind::Builtin: {
      std::vector<int> r = results_into_slots(e);
      ins("ldl " + w(r.at(0), 0)), ins("stl " + lo);
      ins("ldl " + w(r.at(0), 1)), ins("stl " + hi);
      break;
    }
    default:
      unsupported("this INT64 expression", e.site);
  }
  release(m);
}

void Gen::long_compare(Op op, const Expr& a, const Expr& b) {
  int m = mark();
  int x = alloc(2), y = alloc(2);
  expr_long(a, x);
  expr_long(b, y);
  long_compare_slots(op, x, y);
  release(m);
}

void Gen::long_compare_slots(Op op, int x, int y) {
  int m = mark();
  auto w = [&](int t, int k) { return slot_expr(cur_, t + k); };
  if (op == Op::After) {  // (a MINUS b) > 0: its high word positive, or zero and its low word not
    ins("ldc 0"), ins("ldl " + w(x, 0)), ins("ldl " + w(y, 0)), ins("ldiff"), ins("stl " + w(x, 0));
    ins("ldl " + w(x, 1)), ins("ldl " + w(y, 1)), ins("ldiff"), ins("stl " + w(x, 1));
    ins("ldl " + w(x, 1)), ins("ldc 0"), ins("gt");
    ins("ldl " + w(x, 1)), ins("eqc 0"), ins("ldl " + w(x, 0)), ins("eqc 0"), ins("eqc 0"), ins("and"), ins("or");
    release(m);
    return;
  }
  if (op == Op::Eq || op == Op::Ne) {
    ins("ldl " + w(x, 0)), ins("ldl " + w(y, 0)), ins("diff");
    ins("ldl " + w(x, 1)), ins("ldl " + w(y, 1)), ins("diff"), ins("or"), ins("eqc 0");
    if (op == Op::Ne) ins("eqc 0");
    release(m);
    return;
  }
  // p > q, signed: the high words decide unless they are equal, then the low words unsigned.
  bool reverse = op == Op::Lt || op == Op::Ge;
  int p = reverse ? y : x, q = reverse ? x : y;
  std::string same = fresh("L"), end = fresh("L");
  int t = alloc(1);
  ins("ldl " + w(p, 1)), ins("ldl " + w(q, 1)), ins("diff"), ins("cj " + same);
  ins("ldl " + w(p, 1)), ins("ldl " + w(q, 1)), ins("gt"), ins("j " + end);
  label(same);
  ins("ldc 0"), ins("ldl " + w(q, 0)), ins("ldl " + w(p, 0)), ins("ldiff"), ins("stl " + slot_expr(cur_, t));
  label(end);
  if (op == Op::Le || op == Op::Ge) ins("eqc 0");
  release(m);
}

void Gen::store_long(const Expr& lhs, int slot) {
  int m = mark();
  if (lhs.kind == ExprKind::Var && !loc(lhs.var, lhs.site).pointer) {
    const VarLoc& v = loc(lhs.var, lhs.site);
    ins("ldl " + slot_expr(cur_, slot));
    store_word(v.frame, v.slot);
    ins("ldl " + slot_expr(cur_, slot + 1));
    store_word(v.frame, v.slot + "+1");
  } else if (unaligned(lhs)) {
    ins("ldlp " + slot_expr(cur_, slot));
    address(lhs);
    ins("ldc 8");
    ins("move");
  } else {
    int a = alloc(1);
    address(lhs);
    ins("stl " + slot_expr(cur_, a));
    ins("ldl " + slot_expr(cur_, slot)), ins("ldl " + slot_expr(cur_, a)), ins("stnl 0");
    ins("ldl " + slot_expr(cur_, slot + 1)), ins("ldl " + slot_expr(cur_, a)), ins("stnl 1");
  }
  release(m);
}


std::string long_routines() {
  Text t;
  t.s = "-- rt_lmul: signed INT64 multiplication. Areg: &a, Breg: &b, Creg: &result; returns Areg 1 when\n"
        "-- the product overflows. Locals: a 0-1, b 2-3, |product| 4-5, negate 6, overflow 7, scratch 8.\n";
  t("rt_lmul:")("ajw -9").load_pair(10, 0).load_pair(11, 2).ins({"ldc 0", "stl 6", "ldc 0", "stl 7"});
  t.magnitude(0, {6}, "rt_lm_apos").magnitude(2, {6}, "rt_lm_bpos");
  t.ins({"ldl 1", "cj rt_lm_one", "ldl 3", "cj rt_lm_one", "ldc 1", "stl 7", "rt_lm_one:"});
  t.ins({"ldc 0", "ldl 0", "ldl 2", "lmul", "stl 4", "stl 5"});
  for (const char* cross : {"ldl 1\n    ldl 2", "ldl 0\n    ldl 3"})  // a.hi * b.lo, a.lo * b.hi: no high part
    t("ldc 0")(cross).ins({"lmul", "stl 8", "ldl 7", "or", "stl 7", "ldc 0", "ldl 5", "ldl 8", "lsum", "stl 5",
                           "ldl 7", "or", "stl 7"});
  // |product| >= 2^63 overflows, but for exactly 2^63 when the product is negative
  t.ins({"ldc 0", "ldl 5", "gt", "cj rt_lm_fits", "ldl 6", "eqc 0", "ldl 7", "or", "stl 7", "ldl 5", "mint", "diff",
         "ldl 4", "or", "eqc 0", "eqc 0", "ldl 7", "or", "stl 7", "rt_lm_fits:", "ldl 6", "cj rt_lm_out"});
  t.negate(4)("rt_lm_out:").store_pair(4, 12, 0).ins({"ldl 7", "eqc 0", "eqc 0", "ajw 9", "ret"});

  t.s += "-- rt_ldivrem: signed INT64 division. Areg: &n, Breg: &d (not zero), Creg: &result {q, r};\n"
         "-- returns Areg 1 when the quotient overflows (MOSTNEG / -1). Locals: n 0-1, d 2-3, q 4-5, r 6-7,\n"
         "-- negate q 8, negate r 9, steps 10, low word of r - d 11.\n";
  t("rt_ldivrem:")("ajw -12").load_pair(13, 0).load_pair(14, 2).ins({"ldc 0", "stl 8", "ldc 0", "stl 9"});
  t.magnitude(0, {8, 9}, "rt_ld_npos").magnitude(2, {8}, "rt_ld_dpos");
  t.ins({"ldl 3", "cj rt_ld_short", "ldl 0", "stl 4", "ldl 1", "stl 5", "ldc 0", "stl 6", "ldc 0", "stl 7", "ldc 64",
         "stl 10", "rt_ld_loop:"});
  for (int k = 7; k > 4; --k)  // r:q <<= 1, a word at a time from the top
    t("ldl " + Text::n(k))("ldc 1")("shl")("ldl " + Text::n(k - 1))("ldc 31")("shr")("or")("stl " + Text::n(k));
  t.ins({"ldl 4", "ldc 1", "shl", "stl 4"});
  // r - d: no borrow means r >= d, so subtract and set the quotient's bit
  t.ins({"ldc 0", "ldl 6", "ldl 2", "ldiff", "stl 11", "ldl 7", "ldl 3", "ldiff", "stl 1", "cj rt_ld_take",
         "j rt_ld_next", "rt_ld_take:", "ldl 11", "stl 6", "ldl 1", "stl 7", "ldl 4", "ldc 1", "or", "stl 4",
         "rt_ld_next:", "ldl 10", "adc -1", "stl 10", "ldl 10", "cj rt_ld_signs", "j rt_ld_loop"});
  // a divisor of one word: two ldiv
  t.ins({"rt_ld_short:", "ldc 0", "ldl 1", "ldl 2", "ldiv", "stl 5", "ldl 0", "ldl 2", "ldiv", "stl 4", "stl 6",
         "ldc 0", "stl 7", "rt_ld_signs:", "ldl 8", "cj rt_ld_qdone"});
  t.negate(4)("rt_ld_qdone:")("ldl 9")("cj rt_ld_rdone").negate(6)("rt_ld_rdone:");
  t.store_pair(4, 15, 0).store_pair(6, 15, 2);
  t.ins({"ldc 0", "ldl 5", "gt", "ldl 8", "eqc 0", "and", "ajw 12", "ret"});
  return t.s;
}

}  // namespace transit::occam::backend::tp
