// Expressions on the transputer's three-register stack: each expression leaves its value in Areg.
// depth() is the number of registers an evaluation needs; a right operand that needs too many, or
// contains a call (which clobbers every register), is evaluated first into a temporary slot.
// Values narrower than a word (BOOL, BYTE, INT16) are held in registers as whole words (BYTE zero-
// and INT16 sign-extended) and checked against their range where the arithmetic is checked.
#include <algorithm>

#include "backend/transputer/gen.h"
#include "ir/record_layout.h"

namespace transit::occam::backend::tp {

bool Gen::has_call(const Expr& e) const {
  if (e.kind == ExprKind::Call || e.kind == ExprKind::Valof || e.kind == ExprKind::Builtin) return true;
  if (e.kind == ExprKind::Binary && (e.op == Op::Div || e.op == Op::Rem) && is_prim(e.args[0].type, Prim::Int64)) return true;
  for (const Expr& a : e.args)
    if (has_call(a)) return true;
  return false;
}

namespace {

bool commutes(Op op) {
  switch (op) {
    case Op::Add: case Op::Mul: case Op::Plus: case Op::Times: case Op::BitAnd: case Op::BitOr:
    case Op::BitXor: case Op::Eq: case Op::Ne:
      return true;
    default:
      return false;
  }
}

}  // namespace

constexpr int kSpill = 4;  // "needs an empty stack": contains a call

int Gen::depth(const Expr& e) const {
  if (has_call(e)) return kSpill;
  if (real_op(e)) return 3;
  bool storage = e.kind == ExprKind::Var || e.kind == ExprKind::Index || e.kind == ExprKind::Field;
  if (storage && type(e.type).kind == TypeKind::Prim && unaligned(e)) return 3;  // moved by bytes
  switch (e.kind) {
    case ExprKind::IntLit: return 1;
    case ExprKind::Var: return is_prim(e.type, Prim::Int16) ? 3 : 1;
    case ExprKind::Index:
      if (is_prim(e.type, Prim::Int16) || (e.args[0].kind != ExprKind::Var && e.args[0].kind != ExprKind::Table)) return 3;
      return std::max(depth(e.args[1]), 2);
    case ExprKind::Size: {
      std::int64_t n;
      return fixed_length(e.args[0], int(e.int_value), n) || e.args[0].kind == ExprKind::Var ? 1 : 3;
    }
    case ExprKind::Unary: return std::max(depth(e.args[0]), 2);
    case ExprKind::Binary: {
      int l = depth(e.args[0]), r = depth(e.args[1]);
      if (e.op == Op::And || e.op == Op::Or) return std::max(std::max(l, r), 1);
      if ((e.op == Op::Shl || e.op == Op::Shr) && e.check) return 3;  // the count's check: its limit too
      if (r <= 2) return std::max({l, r + 1, 2});
      if (commutes(e.op) && l <= 2) return std::max({r, l + 1, 2});
      return std::max(l, 2);
    }
    case ExprKind::Convert: return std::max(depth(e.args[0]), 2);
    default: return 3;
  }
}

void Gen::expr(const Expr& e) {
  if (real_op(e)) {  // computed in slots, then its bits to Areg
    if (e.kind == ExprKind::Convert && !real_value(e.type)) {
      real_to_int(e);
    } else if (e.kind == ExprKind::Binary && !real_value(e.type)) {
      real_compare(e.op, e.args[0], e.args[1]);
    } else {
      int m = mark();
      int t = alloc(1);
      expr_real(e, t);
      ins("ldl " + slot_expr(cur_, t));
      release(m);
    }
    return;
  }
  switch (e.kind) {
    case ExprKind::RealLit:
    case ExprKind::IntLit:
      if (!word_value(e.type)) unsupported("a " + std::string(prim_name(type(e.type).prim)) + " value", e.site);
      ins("ldc " + std::to_string(std::int32_t(literal_bits(e))));
      return;
    case ExprKind::Var: {
      if (!word_value(e.type)) unsupported("a value of this type in an expression", e.site);
      const VarLoc& v = loc(e.var, e.site);
      if (v.pointer && v.unaligned && scalar_bytes(e.type) == 4) {
        load_unaligned_word(e);
      } else if (v.pointer) {
        load_word(v.frame, v.slot);
        load_from_address(e.type);
      } else if (is_prim(e.type, Prim::Int16)) {
        load_addr(v.frame, v.slot);
        load_from_address(e.type);
      } else {
        load_word(v.frame, v.slot);
      }
      return;
    }
    case ExprKind::Index:
    case ExprKind::Field:
      if (!word_value(e.type)) unsupported("an element of this type in an expression", e.site);
      if (scalar_bytes(e.type) == 4 && unaligned(e)) {
        load_unaligned_word(e);
        return;
      }
      address(e);
      load_from_address(e.type);
      return;
    case ExprKind::Size:
      array_length(e.args[0], int(e.int_value), e.site);
      return;
    case ExprKind::Unary: {
      if (!word_value(e.type)) unsupported("this operator on a non-integer value", e.site);
      const Expr& a = e.args[0];
      switch (e.op) {
        case Op::Neg:
          ins("ldc 0");
          if (depth(a) > 2) unsupported("a negation of a complex expression", e.site);
          expr(a);
          check_label(e.site, "arithmetic overflow in -");
          ins("sub");
          range_check(e.type, e.site, "arithmetic overflow in -");
          return;
        case Op::ModNeg:
          expr(a);
          ins("not");
          ins("adc 1");
          break;
        case Op::BitNot:
          expr(a);
          ins("not");
          break;
        case Op::Not:
          expr(a);
          ins("eqc 0");
          return;
        default:
          unsupported(std::string("the operator ") + op_name(e.op), e.site);
      }
      if (is_prim(e.type, Prim::Byte)) ins("ldc 255"), ins("and");
      if (is_prim(e.type, Prim::Int16)) ins("ldc #FFFF"), ins("and"), ins("ldc #8000"), ins("xword");
      return;
    }
    case ExprKind::Binary:
      binary(e);
      return;
    case ExprKind::Convert: {
      const Expr& a = e.args[0];
      if (word_value(e.type) && long_value(a.type)) {
        int m = mark();
        int t = alloc(2);
        expr_long(a, t);
        long_to_word(t, e.type, e.site, "value out of range in a conversion");
        release(m);
        return;
      }
      if (!word_value(e.type) || !word_value(a.type))
        unsupported(std::string("a conversion from ") + prim_name(type(a.type).prim) + " to " +
                        prim_name(type(e.type).prim), e.site);
      expr(a);
      range_check(e.type, e.site, "value out of range in a conversion");
      return;
    }
    case ExprKind::Call:
      call_function(e);
      return;
    case ExprKind::Builtin: {
      int m = mark();
      ins("ldl " + slot_expr(cur_, builtin_result_slots(e).at(0)));
      release(m);
      return;
    }
    case ExprKind::Valof: {
      if (e.args.size() != 1 || !word_value(e.type)) unsupported("a VALOF with this result", e.site);
      int m = mark();
      value_process(*e.body);
      expr(e.args[0]);
      release(m);
      return;
    }
    default:
      unsupported("this kind of expression", e.site);
  }
}

void Gen::load_unaligned_word(const Expr& e) {  // its bytes into a word of its own
  int m = mark();
  int t = alloc(1);
  address(e);
  ins("ldlp " + slot_expr(cur_, t));
  ins("ldc 4");
  ins("move");
  ins("ldl " + slot_expr(cur_, t));
  release(m);
}

void Gen::long_to_word(int slot, TypeId t, Site s, const std::string& what) {
  ins("ldl " + slot_expr(cur_, slot + 1));
  ins("ldl " + slot_expr(cur_, slot));
  check_label(s, what);
  ins("csngl");
  range_check(t, s, "value out of range in a conversion");
}

void Gen::range_check(TypeId t, Site s, const std::string& what) {
  if (is_prim(t, Prim::Byte)) {
    check_label(s, what);
    ins("ldc 256");
    ins("csub0");
  } else if (is_prim(t, Prim::Int16)) {
    check_label(s, what);
    ins("ldc #8000");
    ins("cword");
  } else if (is_prim(t, Prim::Bool)) {
    check_label(s, what);
    ins("ldc 2");
    ins("csub0");
  }
}

void Gen::binary(const Expr& e) {
  const Expr& l = e.args[0];
  const Expr& r = e.args[1];
  bool comparison = e.op == Op::Eq || e.op == Op::Ne || e.op == Op::Lt || e.op == Op::Le || e.op == Op::Gt ||
                    e.op == Op::Ge || e.op == Op::After;
  if (!word_value(l.type) && !(comparison && long_value(l.type)))
    unsupported(std::string("the operator ") + op_name(e.op) + " on " + prim_name(type(l.type).prim), e.site);
  switch (e.op) {
    case Op::And: {
      std::string end = fresh("L");
      expr(l);
      ins("cj " + end);
      expr(r);
      label(end);
      return;
    }
    case Op::Or: {
      std::string yes = fresh("L"), end = fresh("L");
      expr(l);
      ins("eqc 0");
      ins("cj " + yes);
      expr(r);
      ins("j " + end);
      label(yes);  // cj left its 0 in Areg: TRUE from it keeps the stack as deep as the other way
      ins("eqc 0");
      label(end);
      return;
    }
    case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: case Op::After:
      compare(e.op, l, r);
      return;
    default:
      break;
  }
  // Operands: left in Breg, right in Areg.
  if (depth(r) <= 2) {
    expr(l);
    expr(r);
  } else if (commutes(e.op) && depth(l) <= 2) {
    expr(r);
    expr(l);
  } else {
    int m = mark();
    int t = alloc(1);
    expr(r);
    ins("stl " + slot_expr(cur_, t));
    expr(l);
    ins("ldl " + slot_expr(cur_, t));
    release(m);
  }
  const char* sym = op_name(e.op);
  bool narrow = is_prim(e.type, Prim::Byte) || is_prim(e.type, Prim::Int16);
  std::string overflow = std::string("arithmetic overflow in ") + sym;
  switch (e.op) {
    case Op::Add: check_label(e.site, overflow); ins("add"); range_check(e.type, e.site, overflow); return;
    case Op::Sub: check_label(e.site, overflow); ins("sub"); range_check(e.type, e.site, overflow); return;
    case Op::Mul: check_label(e.site, overflow); ins("mul"); range_check(e.type, e.site, overflow); return;
    case Op::Div:
      check_label(e.site, "division by zero or overflow in /");
      ins("div");
      range_check(e.type, e.site, overflow);
      return;
    case Op::Rem:
      check_label(e.site, "remainder by zero in \\");
      ins("rem");
      return;
    case Op::Plus: ins("sum"); break;
    case Op::Minus: ins("diff"); break;
    case Op::Times: ins("prod"); break;
    case Op::BitAnd: ins("and"); return;
    case Op::BitOr: ins("or"); return;
    case Op::BitXor: ins("xor"); break;
    case Op::Shl:
    case Op::Shr: {
      int bits = scalar_bytes(e.type) * 8;
      if (e.check) {
        check_label(e.site, std::string("shift count out of range in ") + sym);
        ins("ldc " + std::to_string(bits + 1));
        ins("csub0");
      }
      if (e.op == Op::Shr && narrow) {  // shift the value's own bits, not its sign extension
        int t = mark();
        int c = alloc(1);
        ins("stl " + slot_expr(cur_, c));
        ins(bits == 8 ? "ldc 255" : "ldc #FFFF");
        ins("and");
        ins("ldl " + slot_expr(cur_, c));
        release(t);
      }
      ins(e.op == Op::Shl ? "shl" : "shr");
      break;
    }
    default:
      unsupported(std::string("the operator ") + sym, e.site);
  }
  if (is_prim(e.type, Prim::Byte)) ins("ldc 255"), ins("and");
  if (is_prim(e.type, Prim::Int16)) ins("ldc #FFFF"), ins("and"), ins("ldc #8000"), ins("xword");
}

void Gen::compare(Op op, const Expr& a, const Expr& b) {
  if (long_value(a.type)) {
    long_compare(op, a, b);
    return;
  }
  if (!word_value(a.type)) unsupported(std::string("a comparison of ") + prim_name(type(a.type).prim) + " values", a.site);
  // gt computes Breg > Areg: for < and >= the operands are loaded the other way round.
  bool reverse = op == Op::Lt || op == Op::Ge;
  const Expr& first = reverse ? b : a;
  const Expr& second = reverse ? a : b;
  if (depth(second) <= 2) {
    expr(first);
    expr(second);
  } else {
    int m = mark();
    int t = alloc(1);
    expr(second);
    ins("stl " + slot_expr(cur_, t));
    expr(first);
    ins("ldl " + slot_expr(cur_, t));
    release(m);
  }
  switch (op) {
    case Op::Eq: ins("diff"); ins("eqc 0"); return;
    case Op::Ne: ins("diff"); ins("eqc 0"); ins("eqc 0"); return;
    case Op::Gt: case Op::Lt: ins("gt"); return;
    case Op::Le: case Op::Ge: ins("gt"); ins("eqc 0"); return;
    case Op::After: {  // (a MINUS b) > 0 in the operands' type: a BYTE's or INT16's difference wraps
      ins("diff");
      if (is_prim(a.type, Prim::Byte)) ins("ldc #FF"), ins("and"), ins("ldc #80"), ins("xword");
      if (is_prim(a.type, Prim::Int16)) ins("ldc #FFFF"), ins("and"), ins("ldc #8000"), ins("xword");
      ins("ldc 0");
      ins("gt");
      return;
    }
    default: return;
  }
}

void Gen::cond_jump_false(const Expr& e, const std::string& target) {
  if (e.kind == ExprKind::IntLit && e.int_value != 0) return;
  expr(e);
  ins("cj " + target);
}

// ------------------------------------------------------------------------------------------ memory

void Gen::load_from_address(TypeId t) {
  const Type& ty = type(t);
  if (ty.kind == TypeKind::Prim) {
    switch (scalar_bytes(t)) {
      case 1: ins("lb"); return;
      case 2: {
        int m = mark();
        int a = alloc(1);
        std::string s = slot_expr(cur_, a);
        ins("stl " + s);
        ins("ldl " + s);
        ins("lb");
        ins("ldl " + s);
        ins("adc 1");
        ins("lb");
        ins("ldc 8");
        ins("shl");
        ins("or");
        ins("ldc #8000");
        ins("xword");
        release(m);
        return;
      }
      case 4: ins("ldnl 0"); return;
      default: break;
    }
  }
  throw Unsupported("a load of this type", Site{});
}

void Gen::store_to_address(TypeId t) {
  switch (scalar_bytes(t)) {
    case 1: ins("sb"); return;
    case 2: {
      int m = mark();
      int a = alloc(1), v = alloc(1);
      ins("stl " + slot_expr(cur_, a));
      ins("stl " + slot_expr(cur_, v));
      ins("ldl " + slot_expr(cur_, v));
      ins("ldl " + slot_expr(cur_, a));
      ins("sb");
      ins("ldl " + slot_expr(cur_, v));
      ins("ldc 8");
      ins("shr");
      ins("ldl " + slot_expr(cur_, a));
      ins("adc 1");
      ins("sb");
      release(m);
      return;
    }
    case 4: ins("stnl 0"); return;
    default: break;
  }
  throw Unsupported("a store of this type", Site{});
}

std::int64_t Gen::elem_bytes(TypeId array_type, Site s) const {
  TypeId e = type(array_type).elem;
  if (type(e).kind == TypeKind::Chan) return 4;
  if (type(e).kind == TypeKind::Array) {
    for (TypeId a = e; type(a).kind == TypeKind::Array; a = type(a).elem)
      if (type(type(a).elem).kind == TypeKind::Chan) {
        std::int64_t n = 4;
        for (TypeId b = e; type(b).kind == TypeKind::Array; b = type(b).elem) n *= type(b).length;
        return n;
      }
  }
  std::int64_t b = bytes(e);
  if (b == kNone) unsupported("an array whose elements have a run-time size", s);
  return b;
}

// Pushes the bytes of an element of a, an array of arrays with an inner dimension of run-time size
// (run_time_elem): the leaf's bytes times each inner dimension's length.
void Gen::push_elem_bytes(const Expr& a, Site s) {
  TypeId e = type(a.type).elem;
  std::int64_t fixed = 1;
  std::vector<int> open;
  int dim = 1;
  for (; type(e).kind == TypeKind::Array; e = type(e).elem, ++dim) {
    if (type(e).length == kNone)
      open.push_back(dim);
    else
      fixed *= type(e).length;
  }
  if (type(e).kind == TypeKind::Chan) {
    fixed *= 4;
  } else {
    std::int64_t leaf = bytes(e);
    if (leaf == kNone) unsupported("an array whose elements have a run-time size", s);
    fixed *= leaf;
  }
  int acc = alloc(1);
  ins("ldc " + std::to_string(fixed));
  ins("stl " + slot_expr(cur_, acc));
  for (int d : open) {
    array_length(a, d, s);
    ins("ldl " + slot_expr(cur_, acc));
    ins("prod");
    ins("stl " + slot_expr(cur_, acc));
  }
  ins("ldl " + slot_expr(cur_, acc));
}

bool Gen::fixed_length(const Expr& e, int dim, std::int64_t& n) const {
  TypeId t = e.type;
  for (int k = 0; k < dim; ++k) t = type(t).elem;
  n = type(t).length;
  return n != kNone;
}

void Gen::array_length(const Expr& e, int dim, Site s) {
  std::int64_t n;
  if (fixed_length(e, dim, n)) {
    ins("ldc " + std::to_string(n));
    return;
  }
  switch (e.kind) {
    case ExprKind::Var: {
      const VarLoc& v = loc(e.var, s);
      std::vector<int> open = open_dims(m_.vars[std::size_t(e.var)].type);
      for (std::size_t k = 0; k < open.size(); ++k)
        if (open[k] == dim && k < v.lengths.size()) {
          load_word(v.frame, v.lengths[k]);
          return;
        }
      break;
    }
    case ExprKind::Index:
      array_length(e.args[0], dim + 1, s);
      return;
    case ExprKind::Slice:
      if (dim == 0) {
        expr(e.args[2]);
      } else {
        array_length(e.args[0], dim, s);
      }
      return;
    default:
      break;
  }
  unsupported("the length of this array", s);
}

bool Gen::constant_bytes(const Expr& e, std::vector<std::uint8_t>& out) const {
  const Type& t = type(e.type);
  if ((e.kind == ExprKind::IntLit || e.kind == ExprKind::RealLit) && t.kind == TypeKind::Prim) {
    std::uint64_t v = literal_bits(e);
    for (int k = 0; k < scalar_bytes(e.type); ++k) out.push_back(std::uint8_t(v >> (8 * k)));
    return true;
  }
  if (e.kind != ExprKind::Table) return false;
  if (t.kind == TypeKind::Array) {
    for (const Expr& a : e.args)
      if (!constant_bytes(a, out)) return false;
    return true;
  }
  if (t.kind == TypeKind::Record) {
    RecordLayout l = record_layout(m_, t.record);
    std::size_t base = out.size();
    for (std::size_t k = 0; k < e.args.size() && k < l.offsets.size(); ++k) {
      out.resize(base + std::size_t(l.offsets[k]), 0);
      if (!constant_bytes(e.args[k], out)) return false;
    }
    out.resize(base + std::size_t(l.size), 0);
    return true;
  }
  return false;
}

std::string Gen::constant_table(const Expr& e) {
  std::vector<std::uint8_t> bytes;
  if (!constant_bytes(e, bytes)) unsupported("a table that is not constant", e.site);
  std::string key(bytes.begin(), bytes.end());
  auto it = tables_.find(key);
  if (it != tables_.end()) return it->second;
  std::string l = fresh("T");
  tables_[key] = l;
  data_ << "    .align 4\n" << l << ":";
  for (std::size_t k = 0; k < bytes.size(); ++k)
    data_ << (k % 16 == 0 ? "\n    .byte " : ", ") << int(bytes[k]);
  data_ << "\n";
  return l;
}

int Gen::build_table(const Expr& e, TypeId as) {
  if (as == kNone) as = e.type;
  std::int64_t size = bytes(as);
  if (size == kNone) unsupported("a table of arrays of run-time size", e.site);
  const Type& t = type(as);
  std::vector<std::int64_t> offsets;
  if (t.kind == TypeKind::Record) {
    offsets = record_layout(m_, t.record).offsets;
  } else {
    std::int64_t each = elem_bytes(as, e.site);
    for (std::size_t k = 0; k < e.args.size(); ++k) offsets.push_back(std::int64_t(k) * each);
  }
  int slot = alloc(words_of(size));
  for (std::size_t k = 0; k < e.args.size(); ++k) {
    const Expr& a = e.args[k];
    std::string at = std::to_string(offsets.at(k));
    int m = mark();
    if (t.kind == TypeKind::Array && bytes(a.type) == kNone) {
      // An array of run-time size where the table's type gives its size: each length checked.
      TypeId want = t.elem;
      int dim = 0;
      for (TypeId w = want; type(w).kind == TypeKind::Array; w = type(w).elem, ++dim) {
        std::int64_t n;
        if (fixed_length(a, dim, n)) continue;
        array_length(a, dim, e.site);
        ins("ldc " + std::to_string(type(w).length));
        ins("diff");
        check_label(e.site, "array sizes differ in assignment or communication");
        ins("ldc 1");
        ins("csub0");
      }
      if (a.kind == ExprKind::Table)
        ins("ldlp " + slot_expr(cur_, build_table(a, want)));
      else
        address_or_temp(a);
      ins("ldlp " + slot_expr(cur_, slot));
      ins("ldc " + at);
      ins("bsub");
      ins("ldc " + std::to_string(bytes(want)));
      ins("move");
    } else if (word_value(a.type)) {
      expr(a);
      ins("ldlp " + slot_expr(cur_, slot));
      ins("ldc " + at);
      ins("bsub");
      store_to_address(a.type);
    } else {
      std::int64_t n = bytes(a.type);
      if (n == kNone) unsupported("a table of arrays of run-time size", a.site);
      address_or_temp(a);
      ins("ldlp " + slot_expr(cur_, slot));
      ins("ldc " + at);
      ins("bsub");
      ins("ldc " + std::to_string(n));
      ins("move");
    }
    release(m);
  }
  return slot;
}

// A FUNCTION call's, VALOF's or library routine's array result, indexed or sliced: its results
// into slots of the current scope, the first slot returned; -1 for anything else.
int Gen::value_in_slots(const Expr& a) {
  if (a.kind != ExprKind::Call && a.kind != ExprKind::Valof && a.kind != ExprKind::Builtin) return -1;
  return results_into_slots(a).at(0);
}

// Pushes the address of an lvalue, an array value or a channel.
void Gen::address(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Var: {
      const VarLoc& v = loc(e.var, e.site);
      if (v.none) {
        ins("ldc 0");
        return;
      }
      if (address_levels_.count(e.var) && !whole_table_ok_)
        unsupported("a table of arrays of run-time size or of channels used whole", e.site);
      if (v.pointer)
        load_word(v.frame, v.slot);
      else
        load_addr(v.frame, v.slot);
      return;
    }
    case ExprKind::Table: {
      std::vector<std::uint8_t> ignored;
      if (!constant_bytes(e, ignored)) {  // built at run time in slots of this frame
        ins("ldlp " + slot_expr(cur_, build_table(e)));
        return;
      }
      std::string t = constant_table(e);
      std::string here = fresh("A");
      ins("ldc " + t + " - " + here);
      ins("ldpi");
      label(here);
      return;
    }
    case ExprKind::Index: {
      const Expr& a = e.args[0];
      const Expr& i = e.args[1];
      const bool loads = address_levels(a) > 0;  // an element of a table of addresses
      std::int64_t size = loads ? 4 : run_time_elem(a) ? -1 : elem_bytes(a.type, e.site);
      int held = value_in_slots(a);  // a FUNCTION's result: held until the scope ends
      int m = mark();
      int base = -1;
      if (a.kind != ExprKind::Var && a.kind != ExprKind::Table) {  // its address first, into a slot
        base = alloc(1);
        if (held >= 0)
          ins("ldlp " + slot_expr(cur_, held));
        else
          address(a);
        ins("stl " + slot_expr(cur_, base));
      }
      expr(i);
      if (e.check) {
        std::int64_t n;
        if (fixed_length(a, 0, n)) {
          check_label(e.site, "array index out of range");
          ins("ldc " + std::to_string(n));
        } else {
          int t = alloc(1);
          ins("stl " + slot_expr(cur_, t));
          ins("ldl " + slot_expr(cur_, t));
          array_length(a, 0, e.site);
          check_label(e.site, "array index out of range");
        }
        ins("csub0");
      }
      if (size < 0) {  // index * the element's bytes, known at run time
        int t = alloc(1);
        ins("stl " + slot_expr(cur_, t));
        push_elem_bytes(a, e.site);
        ins("ldl " + slot_expr(cur_, t));
        ins("prod");
      } else if (size != 1 && size != 4) {
        ins("ldc " + std::to_string(size));
        ins("prod");
      }
      if (base < 0) {
        whole_table_ok_ = true;
        address(a);
        whole_table_ok_ = false;
      } else {
        ins("ldl " + slot_expr(cur_, base));
      }
      ins(size == 4 ? "wsub" : "bsub");
      if (loads) ins("ldnl 0");  // the element's address
      release(m);
      return;
    }
    case ExprKind::Slice: {
      const Expr& a = e.args[0];
      std::int64_t size = run_time_elem(a) ? -1 : elem_bytes(a.type, e.site);
      int held = value_in_slots(a);  // a FUNCTION's result: held until the scope ends
      int m = mark();
      int from = alloc(1);
      expr(e.args[1]);
      ins("stl " + slot_expr(cur_, from));
      if (e.check) {  // 0 <= from, 0 <= for, from + for <= length
        int limit = alloc(1);
        array_length(a, 0, e.site);
        ins("adc 1");
        ins("stl " + slot_expr(cur_, limit));
        expr(e.args[2]);
        ins("ldl " + slot_expr(cur_, limit));
        check_label(e.site, "array slice out of range");
        ins("csub0");
        ins("ldl " + slot_expr(cur_, from));
        ins("add");
        ins("ldl " + slot_expr(cur_, limit));
        ins("csub0");
        ins("ldl " + slot_expr(cur_, from));
        ins("ldl " + slot_expr(cur_, limit));
        ins("csub0");
      }
      if (size < 0) {
        push_elem_bytes(a, e.site);
        ins("ldl " + slot_expr(cur_, from));
        ins("prod");
        ins("stl " + slot_expr(cur_, from));
      } else if (size != 1) {
        ins("ldl " + slot_expr(cur_, from));
        ins("ldc " + std::to_string(size));
        ins("prod");
        ins("stl " + slot_expr(cur_, from));
      }
      if (held >= 0)
        ins("ldlp " + slot_expr(cur_, held));
      else
        address(a);
      ins("ldl " + slot_expr(cur_, from));
      ins("bsub");
      release(m);
      return;
    }
    case ExprKind::Field: {
      const Type& rt = type(e.args[0].type);
      if (rt.kind != TypeKind::Record) unsupported("a field of this value", e.site);
      address(e.args[0]);
      std::int64_t off = record_layout(m_, rt.record).offsets.at(std::size_t(e.int_value));
      if (off % 4 == 0) {
        if (off) ins("ldnlp " + std::to_string(off / 4));
      } else {
        ins("ldc " + std::to_string(off));
        ins("bsub");
      }
      return;
    }
    case ExprKind::Retype:  // the same bytes seen as another type (routing.h: a channel seen as a CHAN INT)
      address(e.args[0]);
      return;
    default:
      unsupported("the address of this expression", e.site);
  }
}

void Gen::store_scalar(const Expr& lhs) {
  if (lhs.kind == ExprKind::Var) {
    const VarLoc& v = loc(lhs.var, lhs.site);
    if (!v.pointer && !is_prim(lhs.type, Prim::Int16)) {
      store_word(v.frame, v.slot);
      return;
    }
  }
  int m = mark();
  int t = alloc(1);
  ins("stl " + slot_expr(cur_, t));
  if (scalar_bytes(lhs.type) == 4 && unaligned(lhs)) {  // the word's bytes to where they go
    ins("ldlp " + slot_expr(cur_, t));
    address(lhs);
    ins("ldc 4");
    ins("move");
  } else {
    ins("ldl " + slot_expr(cur_, t));
    address(lhs);
    store_to_address(lhs.type);
  }
  release(m);
}

bool Gen::unaligned(const Expr& e) const {
  const Expr* x = &e;
  for (; x->kind == ExprKind::Field || x->kind == ExprKind::Index || x->kind == ExprKind::Slice; x = &x->args[0])
    if (x->kind == ExprKind::Field && type(x->args[0].type).kind == TypeKind::Record &&
        m_.records[std::size_t(type(x->args[0].type).record)].packed)
      return true;
  if (x->kind != ExprKind::Var) return false;
  auto it = vars_.find(x->var);
  return it != vars_.end() && it->second.unaligned;
}

}  // namespace transit::occam::backend::tp
