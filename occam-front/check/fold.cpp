#include "transit/occam/check/fold.h"

#include <cmath>

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
    case Op::Eq: r.value = a == b; return r;
    case Op::Ne: r.value = a != b; return r;
    case Op::Lt: r.value = a < b; return r;
    case Op::Gt: r.value = a > b; return r;
    case Op::Le: r.value = a <= b; return r;
    case Op::Ge: r.value = a >= b; return r;
    case Op::After: {  // a MINUS b, seen as signed in the type's width, is positive
      std::int64_t d = wrap(k, std::int64_t(std::uint64_t(a) - std::uint64_t(b)));
      if (k == TypeKind::Byte) d = std::int8_t(std::uint8_t(d));
      r.value = d > 0;
      return r;
    }
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

namespace {
double in_type(TypeKind k, double v) { return k == TypeKind::Real32 ? double(float(v)) : v; }
}  // namespace

RealFoldResult fold_real(Op op, TypeKind k, double a, double b) {
  RealFoldResult r;
  auto arith = [&](double v) {
    v = in_type(k, v);  // one rounding to float: a double holds a REAL32 + - * / exactly enough
    if (!std::isfinite(v) && std::isfinite(a) && std::isfinite(b)) r.error = "overflow";
    else r.value = v;
    return r;
  };
  switch (op) {
    case Op::Add: return arith(a + b);
    case Op::Sub: return arith(a - b);
    case Op::Mul: return arith(a * b);
    case Op::Div:
      if (b == 0 && std::isfinite(a)) return r.error = "division by zero", r;
      return arith(a / b);
    case Op::Rem:
      if (b == 0 && std::isfinite(a)) return r.error = "division by zero", r;
      return arith(std::remainder(a, b));  // exact: the same in float and double
    case Op::Eq: r.value = a == b; return r;
    case Op::Ne: r.value = a != b; return r;
    case Op::Lt: r.value = a < b; return r;
    case Op::Gt: r.value = a > b; return r;
    case Op::Le: r.value = a <= b; return r;
    case Op::Ge: r.value = a >= b; return r;
    default: r.error = "unsupported operator"; return r;
  }
}

FoldResult convert_int(TypeKind k, std::int64_t v) {
  FoldResult r;
  if (k == TypeKind::Bool ? (v != 0 && v != 1) : !fits(k, v)) r.error = "out of range";
  else r.value = v;
  return r;
}

FoldResult convert_real_to_int(TypeKind k, double v, bool trunc) {
  FoldResult r;
  if (std::isnan(v)) return r.error = "out of range", r;
  long double x = trunc ? std::trunc(v) : std::nearbyint(v);  // to nearest, ties to even
  // In long double, so that MOSTPOS INT64 + 1 (2^63 as a double) is not taken for MOSTPOS INT64.
  if (x < (long double)most_neg(k) || x > (long double)most_pos(k)) return r.error = "out of range", r;
  r.value = std::int64_t(x);
  return r;
}

RealFoldResult convert_to_real(TypeKind k, long double v, bool trunc) {
  RealFoldResult r;
  auto towards_zero = [&](auto x) {
    if (trunc && std::isfinite(x) && (v >= 0 ? (long double)x > v : (long double)x < v)) x = std::nextafter(x, decltype(x)(0));
    return x;
  };
  double x = k == TypeKind::Real32 ? double(towards_zero(float(v))) : towards_zero(double(v));
  if (std::isinf(x) && std::isfinite(v)) r.error = "overflow";
  else r.value = x;
  return r;
}

}  // namespace transit::occam
