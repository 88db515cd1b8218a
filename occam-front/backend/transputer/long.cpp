// INT64 on the 32-bit transputer: a value is two words in memory (low word first), computed into a
// temporary pair of slots with the multiple-length instructions (lsum/ladd, ldiff/lsub, lmul, lshl,
// lshr, xdble, csngl). Division and remainder call one routine (long_routines()): unsigned 64/32
// with two ldiv, else 64 steps of shift and subtract, with the signs around it.
#include "backend/transputer/gen.h"

namespace transit::occam::backend::tp {

namespace {
constexpr int kLongDivFrame = 12;  // rt_ldivrem's locals
}

bool Gen::long_value(TypeId t) const { return is_prim(t, Prim::Int64); }

bool Gen::addressable(const Expr& e) const {
  return e.kind == ExprKind::Var || e.kind == ExprKind::Index || e.kind == ExprKind::Slice ||
         e.kind == ExprKind::Field || e.kind == ExprKind::Table;
}

void Gen::address_or_temp(const Expr& e) {
  if (addressable(e)) {
    address(e);
    return;
  }
  if (e.kind == ExprKind::Call || e.kind == ExprKind::Valof) {
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
  std::string lo = slot_expr(cur_, slot), hi = slot_expr(cur_, slot + 1);
  int m = mark();
  auto operand = [&](const Expr& x) {
    int t = alloc(2);
    expr_long(x, t);
    return t;
  };
  auto w = [&](int t, int k) { return slot_expr(cur_, t + k); };
  switch (e.kind) {
    case ExprKind::IntLit: {
      std::uint64_t v = std::uint64_t(e.int_value);
      ins("ldc " + std::to_string(std::int32_t(std::uint32_t(v))));
      ins("stl " + lo);
      ins("ldc " + std::to_string(std::int32_t(std::uint32_t(v >> 32))));
      ins("stl " + hi);
      break;
    }
    case ExprKind::Var:
    case ExprKind::Index:
    case ExprKind::Field: {
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
        case Op::BitAnd: case Op::BitOr: case Op::BitXor: {
          const char* op = e.op == Op::BitAnd ? "and" : e.op == Op::BitOr ? "or" : "xor";
          ins("ldl " + w(a, 0)), ins("ldl " + w(b, 0)), ins(op), ins("stl " + lo);
          ins("ldl " + w(a, 1)), ins("ldl " + w(b, 1)), ins(op), ins("stl " + hi);
          break;
        }
        case Op::Div: case Op::Rem: {
          long_div_used_ = true;
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
    case ExprKind::Valof: {
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
  auto w = [&](int t, int k) { return slot_expr(cur_, t + k); };
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
  if (op == Op::After) unsupported("AFTER on INT64", a.site);
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
  return R"(-- rt_ldivrem: signed INT64 division. Areg: &n, Breg: &d (not zero), Creg: &result {q, r};
-- returns Areg 1 when the quotient overflows (MOSTNEG / -1). Locals: n 0-1, d 2-3, q 4-5, r 6-7,
-- negate q 8, negate r 9, steps 10, low word of r - d 11.
rt_ldivrem:
    ajw -12
    ldl 13
    ldnl 0
    stl 0
    ldl 13
    ldnl 1
    stl 1
    ldl 14
    ldnl 0
    stl 2
    ldl 14
    ldnl 1
    stl 3
    ldc 0
    stl 8
    ldc 0
    stl 9
    ldc 0
    ldl 1
    gt
    cj rt_ld_npos
    ldc 0
    ldc 0
    ldl 0
    ldiff
    stl 0
    ldc 0
    ldl 1
    ldiff
    stl 1
    ldc 1
    stl 8
    ldc 1
    stl 9
rt_ld_npos:
    ldc 0
    ldl 3
    gt
    cj rt_ld_dpos
    ldc 0
    ldc 0
    ldl 2
    ldiff
    stl 2
    ldc 0
    ldl 3
    ldiff
    stl 3
    ldl 8
    ldc 1
    xor
    stl 8
rt_ld_dpos:
    ldl 3
    cj rt_ld_short
    ldl 0
    stl 4
    ldl 1
    stl 5
    ldc 0
    stl 6
    ldc 0
    stl 7
    ldc 64
    stl 10
rt_ld_loop:
    ldl 7
    ldc 1
    shl
    ldl 6
    ldc 31
    shr
    or
    stl 7
    ldl 6
    ldc 1
    shl
    ldl 5
    ldc 31
    shr
    or
    stl 6
    ldl 5
    ldc 1
    shl
    ldl 4
    ldc 31
    shr
    or
    stl 5
    ldl 4
    ldc 1
    shl
    stl 4
    ldc 0
    ldl 6
    ldl 2
    ldiff
    stl 11
    ldl 7
    ldl 3
    ldiff
    stl 1
    cj rt_ld_take
    j rt_ld_next
rt_ld_take:
    ldl 11
    stl 6
    ldl 1
    stl 7
    ldl 4
    ldc 1
    or
    stl 4
rt_ld_next:
    ldl 10
    adc -1
    stl 10
    ldl 10
    cj rt_ld_signs
    j rt_ld_loop
rt_ld_short:
    ldc 0
    ldl 1
    ldl 2
    ldiv
    stl 5
    ldl 0
    ldl 2
    ldiv
    stl 4
    stl 6
    ldc 0
    stl 7
rt_ld_signs:
    ldl 8
    cj rt_ld_qdone
    ldc 0
    ldc 0
    ldl 4
    ldiff
    stl 4
    ldc 0
    ldl 5
    ldiff
    stl 5
rt_ld_qdone:
    ldl 9
    cj rt_ld_rdone
    ldc 0
    ldc 0
    ldl 6
    ldiff
    stl 6
    ldc 0
    ldl 7
    ldiff
    stl 7
rt_ld_rdone:
    ldl 4
    ldl 15
    stnl 0
    ldl 5
    ldl 15
    stnl 1
    ldl 6
    ldl 15
    stnl 2
    ldl 7
    ldl 15
    stnl 3
    ldc 0
    ldl 5
    gt
    ldl 8
    eqc 0
    and
    ajw 12
    ret
)";
}

}  // namespace transit::occam::backend::tp
