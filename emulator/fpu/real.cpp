// T800 IEEE arithmetic on tagged reals. Round-to-nearest runs on the host's own IEEE arithmetic
// (the host always stays in round-to-nearest); the three directed modes switch the host rounding
// mode around the one operation, with compiler barriers so that the arithmetic cannot be folded
// at compile time or moved across the mode switch (we build without -frounding-math).
#include "transit/emu/fpu/real.h"

#include <cfenv>
#include <cmath>

namespace transit::emu::fpu {
namespace {

constexpr std::uint64_t kDoubleSign = 0x8000000000000000u, kDoubleExponent = 0x7ff0000000000000u;
constexpr std::uint32_t kSingleSign = 0x80000000u, kSingleExponent = 0x7f800000u;

// The value of r as an F; a real of the other length converts exactly or by rounding to nearest
// (mixed lengths are undefined on the T800; this keeps them harmless).
template <class F>
F value(Real r) {
  if (r.is_single()) return static_cast<F>(r.as_float());
  return static_cast<F>(r.as_double());
}

Real make(float f) { return Real::of(f); }
Real make(double d) { return Real::of(d); }

Real negate(Real r) { return {r.bits ^ r.sign_mask(), r.length}; }
Real with_sign(Real r, bool negative) {
  std::uint64_t m = r.sign_mask();
  return {negative ? (r.bits | m) : (r.bits & ~m), r.length};
}
std::uint64_t fraction(Real r) { return r.bits & r.fraction_mask(); }

// Forces x through memory: the compiler can neither fold nor move the arithmetic on x across it.
template <class T>
inline void pin(T& x) {
  asm volatile("" : "+m"(x) : : "memory");
}

class HostRounding {
 public:
  explicit HostRounding(RoundingMode mode) {
    int m = FE_TONEAREST;
    switch (mode) {
      case RoundingMode::Nearest: m = FE_TONEAREST; break;
      case RoundingMode::Zero: m = FE_TOWARDZERO; break;
      case RoundingMode::Plus: m = FE_UPWARD; break;
      case RoundingMode::Minus: m = FE_DOWNWARD; break;
    }
    std::feclearexcept(FE_OVERFLOW);
    std::fesetround(m);
  }
  ~HostRounding() { std::fesetround(FE_TONEAREST); }
  HostRounding(const HostRounding&) = delete;
  HostRounding& operator=(const HostRounding&) = delete;
};

// Runs fn(args...) with the host rounding in `mode`. Sets `overflow` when a directed mode
// overflowed to the largest finite number (in round-to-nearest an overflow gives an infinity,
// which the callers see in the result).
template <class R, class Fn, class... Args>
R in_mode(RoundingMode mode, bool& overflow, Fn fn, Args... args) {
  if (mode == RoundingMode::Nearest) return fn(args...);
  HostRounding guard(mode);
  (pin(args), ...);
  R r = fn(args...);
  pin(r);
  if (std::fetestexcept(FE_OVERFLOW)) overflow = true;
  return r;
}

// Sets the FP error flag and gives r: the result of an operation the T800 flags.
Real raise(bool& error, Real r) {
  error = true;
  return r;
}

// Two NaN operands: the one with the larger fraction wins, b on a tie.
Real larger_nan(Real b, Real a) { return fraction(b) >= fraction(a) ? b : a; }

enum class Op { Add, Sub, Mul, Div };

template <class F>
Real arith(Op op, Real b, Real a, RoundingMode mode, bool& error) {
  F x = value<F>(b), y = value<F>(a);
  F r{};
  switch (op) {
    case Op::Add: r = in_mode<F>(mode, error, [](F p, F q) { return p + q; }, x, y); break;
    case Op::Sub: r = in_mode<F>(mode, error, [](F p, F q) { return p - q; }, x, y); break;
    case Op::Mul: r = in_mode<F>(mode, error, [](F p, F q) { return p * q; }, x, y); break;
    case Op::Div: r = in_mode<F>(mode, error, [](F p, F q) { return p / q; }, x, y); break;
  }
  if (!std::isfinite(r)) error = true;  // overflow or division by zero (operands are finite here)
  return make(r);
}

Real arith(Op op, Real b, Real a, RoundingMode mode, bool& error) {
  return a.is_single() ? arith<float>(op, b, a, mode, error) : arith<double>(op, b, a, mode, error);
}

double as_double_value(Real r) { return r.is_single() ? static_cast<double>(r.as_float()) : r.as_double(); }

}  // namespace

Real t800_nan(NanCause cause, Length length) {
  // The T800's NaNs as REAL32 and REAL64 bit patterns, as the reference emulator t4 has them.
  // RemQuotient is ours: what FB holds after an invalid remainder is not documented.
  struct Code {
    std::uint32_t single;
    std::uint64_t dbl;
  };
  static constexpr Code kCodes[] = {
      {0x7fc00000u, 0x7ff8000000000000u},  // DivZeroByZero
      {0x7fa00000u, 0x7ff4000000000000u},  // DivInfByInf
      {0x7f900000u, 0x7ff2000000000000u},  // MulZeroByInf
      {0x7f880000u, 0x7ff1000000000000u},  // AddOppositeInf
      {0x7f880000u, 0x7ff1000000000000u},  // SubSameInf
      {0x7f840000u, 0x7ff0800000000000u},  // NegativeSqrt
      {0x7f820000u, 0x7ff0400000000000u},  // Conversion
      {0x7f804000u, 0x7ff0080000000000u},  // RemFromInf
      {0x7f802000u, 0x7ff0040000000000u},  // RemByZero
      {0x7f801000u, 0x7ff0020000000000u},  // RemQuotient (FB after an invalid remainder)
  };
  const Code& c = kCodes[static_cast<int>(cause)];
  return length == Length::Single ? Real::single_bits(c.single) : Real::double_bits(c.dbl);
}

Real detail::add(Real b, Real a, RoundingMode mode, bool& error) {
  if (b.is_nan() && a.is_nan()) return raise(error, larger_nan(b, a));
  if (b.is_nan()) return raise(error, b);
  if (a.is_nan()) return raise(error, a);
  if (b.is_inf() || a.is_inf()) {
    error = true;
    if (b.is_inf() && a.is_inf() && b.sign() != a.sign()) return t800_nan(NanCause::AddOppositeInf, a.length);
  }
  return arith(Op::Add, b, a, mode, error);
}

Real detail::sub(Real b, Real a, RoundingMode mode, bool& error) {
  if (b.is_nan() && a.is_nan()) return raise(error, fraction(b) >= fraction(a) ? b : negate(a));
  if (b.is_nan()) return raise(error, b);
  if (a.is_nan()) return raise(error, negate(a));
  if (b.is_inf() || a.is_inf()) {
    error = true;
    if (b.is_inf() && a.is_inf() && b.sign() == a.sign()) return t800_nan(NanCause::SubSameInf, a.length);
  }
  return arith(Op::Sub, b, a, mode, error);
}

Real detail::mul(Real b, Real a, RoundingMode mode, bool& error) {
  bool negative = b.sign() != a.sign();
  if (b.is_nan() && a.is_nan()) return raise(error, with_sign(larger_nan(b, a), negative));
  if (b.is_nan()) return raise(error, with_sign(b, negative));
  if (a.is_nan()) return raise(error, with_sign(a, negative));
  if (b.is_inf() || a.is_inf()) {
    error = true;
    if (b.is_zero() || a.is_zero()) return t800_nan(NanCause::MulZeroByInf, a.length);
  }
  return arith(Op::Mul, b, a, mode, error);
}

Real detail::div(Real b, Real a, RoundingMode mode, bool& error) {
  bool negative = b.sign() != a.sign();
  if (b.is_nan() && a.is_nan()) return raise(error, with_sign(larger_nan(b, a), negative));
  if (b.is_nan()) return raise(error, with_sign(b, negative));
  if (a.is_nan()) return raise(error, with_sign(a, negative));
  if (b.is_zero() && a.is_zero()) return raise(error, t800_nan(NanCause::DivZeroByZero, a.length));
  if (b.is_inf() && a.is_inf()) return raise(error, t800_nan(NanCause::DivInfByInf, a.length));
  if (b.is_inf() || a.is_inf()) error = true;
  return arith(Op::Div, b, a, mode, error);
}

Real remainder(Real b, Real a, Real& quotient, bool& error) {
  bool negative = b.sign() != a.sign();
  quotient = t800_nan(NanCause::RemQuotient, a.length);
  if (b.is_nan() && a.is_nan()) return raise(error, with_sign(larger_nan(b, a), negative));
  if (b.is_nan()) return raise(error, with_sign(b, negative));
  if (a.is_nan()) return raise(error, with_sign(a, negative));
  if (b.is_inf()) return raise(error, t800_nan(NanCause::RemFromInf, a.length));
  if (a.is_zero()) return raise(error, t800_nan(NanCause::RemByZero, a.length));
  if (a.is_inf()) {
    error = true;
    quotient = a.is_single() ? Real::of(0.0f) : Real::of(0.0);
    return b;
  }
  // The IEEE remainder is exact, so the rounding mode does not matter; the quotient is exact
  // whenever it has fewer significant bits than the format (the case the T800 defines).
  if (a.is_single()) {
    float x = value<float>(b), y = a.as_float();
    float r = std::remainder(x, y);
    quotient = make(static_cast<float>(std::nearbyint((static_cast<double>(x) - r) / y)));
    return make(r);
  }
  double x = value<double>(b), y = a.as_double();
  double r = std::remainder(x, y);
  quotient = make(std::nearbyint((x - r) / y));
  return make(r);
}

Real sqrt(Real a, RoundingMode mode, bool& error) {
  if (a.is_nan()) return raise(error, a);
  if (a.is_zero()) return a;
  if (a.sign()) return raise(error, t800_nan(NanCause::NegativeSqrt, a.length));
  if (a.is_inf()) return raise(error, a);
  bool overflow = false;  // cannot happen
  if (a.is_single()) return make(in_mode<float>(mode, overflow, [](float x) { return std::sqrt(x); }, a.as_float()));
  return make(in_mode<double>(mode, overflow, [](double x) { return std::sqrt(x); }, a.as_double()));
}

Real abs(Real a, bool& error) {
  if (!a.is_finite()) error = true;
  return with_sign(a, false);
}

Real scale(Real a, int power_of_two, RoundingMode mode, bool& error) {
  if (!a.is_finite()) return raise(error, a);
  if (a.is_zero()) return a;
  Real r = a.is_single() ? make(in_mode<float>(mode, error, [](float x, float s) { return x * s; }, a.as_float(),
                                               std::ldexp(1.0f, power_of_two)))
                         : make(in_mode<double>(mode, error, [](double x, double s) { return x * s; }, a.as_double(),
                                                std::ldexp(1.0, power_of_two)));
  if (!r.is_finite()) error = true;
  return r;
}

Real round_to_integer(Real a, RoundingMode mode, bool& error) {
  if (!a.is_finite()) return raise(error, a);
  auto round = [mode](auto x) {
    switch (mode) {
      case RoundingMode::Zero: return std::trunc(x);
      case RoundingMode::Plus: return std::ceil(x);
      case RoundingMode::Minus: return std::floor(x);
      case RoundingMode::Nearest: break;
    }
    return std::nearbyint(x);  // the host is in round-to-nearest (ties to even)
  };
  return a.is_single() ? make(round(a.as_float())) : make(round(a.as_double()));
}

Real to_double(Real a, bool& error) {
  if (!a.is_single()) return a;
  if (a.is_nan()) {
    // Same sign and fraction (left-aligned) as the REAL32 NaN.
    error = true;
    std::uint64_t bits = (a.sign() ? kDoubleSign : 0) | kDoubleExponent | (fraction(a) << 29);
    return Real::double_bits(bits);
  }
  if (a.is_inf()) error = true;
  return make(static_cast<double>(a.as_float()));
}

Real to_single(Real a, RoundingMode mode, bool& error) {
  if (a.is_single()) return a;
  if (a.is_nan()) return raise(error, t800_nan(NanCause::Conversion, Length::Single));
  if (a.is_inf()) error = true;
  Real r = make(in_mode<float>(mode, error, [](double x) { return static_cast<float>(x); }, a.as_double()));
  if (a.is_finite() && !r.is_finite()) error = true;  // overflow
  return r;
}

Real to_single_unrounded(Real a) {
  if (a.is_single()) return a;
  if (!a.is_finite()) {
    std::uint32_t bits = (a.sign() ? kSingleSign : 0) | kSingleExponent |
                         static_cast<std::uint32_t>(fraction(a) >> 29);
    return Real::single_bits(bits);
  }
  bool overflow = false;  // fpunoround never sets the error flag
  return make(in_mode<float>(RoundingMode::Zero, overflow, [](double x) { return static_cast<float>(x); },
                             a.as_double()));
}

Real from_int32(std::int32_t i, Length length, RoundingMode mode) {
  if (length == Length::Double) return make(static_cast<double>(i));
  bool overflow = false;  // cannot happen
  return make(in_mode<float>(mode, overflow, [](std::int32_t x) { return static_cast<float>(x); }, i));
}

Real from_uint32(std::uint32_t u) { return make(static_cast<double>(u)); }

std::uint32_t to_int32_bits(Real a) {
  double v = as_double_value(a);
  if (!std::isfinite(v) || v >= 0x1p63 || v < -0x1p63) return 0x80000000u;
  return static_cast<std::uint32_t>(static_cast<std::int64_t>(std::trunc(v)));
}

bool fits_int32(Real a) {
  double v = as_double_value(a);
  return std::isfinite(v) && v >= -0x1p31 && v < 0x1p31;
}

bool fits_int64(Real a) {
  double v = as_double_value(a);
  return std::isfinite(v) && v >= -0x1p63 && v < 0x1p63;
}

bool greater(Real b, Real a, bool& error) {
  if (!b.is_finite() || !a.is_finite()) error = true;
  if (b.length != a.length) {
    bool ignored = false;
    b = to_double(b, ignored);
    a = to_double(a, ignored);
  }
  if (b.is_zero() && a.is_zero()) return false;
  // The order of the encodings as sign-magnitude numbers (the IEEE order for all non-NaNs).
  std::uint64_t mb = b.bits & ~b.sign_mask(), ma = a.bits & ~a.sign_mask();
  if (b.sign() != a.sign()) return !b.sign();
  return b.sign() ? mb < ma : mb > ma;
}

bool equal(Real b, Real a, bool& error) {
  if (!b.is_finite() || !a.is_finite()) error = true;
  if (b.length != a.length) {
    bool ignored = false;
    b = to_double(b, ignored);
    a = to_double(a, ignored);
  }
  if (b.is_zero() && a.is_zero()) return true;
  return b.bits == a.bits;
}

bool ordered(Real b, Real a) { return !b.is_nan() && !a.is_nan(); }

}  // namespace transit::emu::fpu
