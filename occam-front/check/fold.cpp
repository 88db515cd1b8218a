#include "fold.h"

namespace transit::occam {

using ast::Op;
using ast::TypeKind;

int bits(TypeKind k) {
  switch (k) {
    case TypeKind::Bool: return 1;
    case TypeKind::Byte: return 8;
    case TypeKind::Int16: return 16;
    case TypeKind::Int64: return 64;
    default: return 32;  // INT, INT32: INT is 32 bits, as on the transputer
  }
}

std::int64_t most_pos(TypeKind k) {
  if (k == TypeKind::Byte) return 255;
  if (k == TypeKind::Bool) return 1;
  int b = bits(k);
  return b == 64 ? INT64_MAX : (std::int64_t(1) << (b - 1)) - 1;
}

std::int64_t most_neg(TypeKind k) {
  if (k == TypeKind::Byte || k == TypeKind::Bool) return 0;
  int b = bits(k);
  return b == 64 ? INT64_MIN : -(std::int64_t(1) << (b - 1));
}

bool fits(TypeKind k, std::int64_t v) { return v >= most_neg(k) && v <= most_pos(k); }

std::int64_t wrap(TypeKind k, std::int64_t v) {
  int b = bits(k);
  if (b >= 64) return v;
  std::uint64_t mask = (std::uint64_t(1) << b) - 1;
  std::uint64_t u = std::uint64_t(v) & mask;
  if (k == TypeKind::Byte || k == TypeKind::Bool) return std::int64_t(u);
  if (u >> (b - 1)) u |= ~mask;  // sign-extend
  return std::int64_t(u);
}

FoldResult fold_int(Op op, TypeKind k, std::int64_t a, std::int64_t b) {
  FoldResult r;
  auto checked = [&](bool overflowed, std::int64_t v) {
    if (overflowed || !fits(k, v)) r.error = "overflow";
    else r.value = v;
    return r;
  };
  std::int64_t v = 0;
  switch (op) {
    case Op::Add: {
      bool over = __builtin_add_overflow(a, b, &v);
      return checked(over, v);
    }
    case Op::Sub: {
      bool over = __builtin_sub_overflow(a, b, &v);
      return checked(over, v);
    }
    case Op::Mul: {
      bool over = __builtin_mul_overflow(a, b, &v);
      return checked(over, v);
    }
    case Op::Div:
      if (b == 0) return r.error = "division by zero", r;
      if (a == INT64_MIN && b == -1) return r.error = "overflow", r;
      return checked(false, a / b);
    case Op::Rem:
      if (b == 0) return r.error = "division by zero", r;
      if (b == -1) return checked(false, 0);
      return checked(false, a % b);
    case Op::Plus: r.value = wrap(k, std::int64_t(std::uint64_t(a) + std::uint64_t(b))); return r;
    case Op::Minus: r.value = wrap(k, std::int64_t(std::uint64_t(a) - std::uint64_t(b))); return r;
    case Op::Times: r.value = wrap(k, std::int64_t(std::uint64_t(a) * std::uint64_t(b))); return r;
    case Op::BitAnd: r.value = wrap(k, a & b); return r;
    case Op::BitOr: r.value = wrap(k, a | b); return r;
    case Op::BitXor: r.value = wrap(k, a ^ b); return r;
    case Op::Shl:
    case Op::Shr: {
      int w = bits(k);
      if (b < 0 || b > w) return r.error = "shift count out of range", r;
      if (b == w) return r;  // shifting out every bit gives 0
      std::uint64_t mask = w >= 64 ? ~std::uint64_t(0) : (std::uint64_t(1) << w) - 1;
      std::uint64_t u = std::uint64_t(a) & mask;
      u = op == Op::Shl ? (u << b) & mask : u >> b;  // >> is a logical shift in occam
      r.value = wrap(k, std::int64_t(u));
      return r;
    }
    default:
      r.error = "unsupported operator";
      return r;
  }
}

}  // namespace transit::occam
