// Real: one T800 floating-point value with its length tag (REAL32 or REAL64), and the IEEE 754
// arithmetic the T800 FPU performs on it, bit for bit: results in all four rounding modes, the
// T800's own NaN codes for invalid operations, and the conditions that set the FP error flag.
// Pure functions of their arguments (no CPU state), so they are unit-tested on their own.
#pragma once

#include <bit>
#include <cstdint>

namespace transit::emu::fpu {

enum class Length : std::uint8_t { Single, Double };

// The rounding mode of the next FPU operation (fpurn, fpurz, fpurp, fpurm set it).
enum class RoundingMode : std::uint8_t { Nearest, Zero, Plus, Minus };

struct Real {
  std::uint64_t bits = 0;  // a REAL32 uses the low 32 bits; the high 32 are zero
  Length length = Length::Double;

  static constexpr Real single_bits(std::uint32_t b) { return {b, Length::Single}; }
  static constexpr Real double_bits(std::uint64_t b) { return {b, Length::Double}; }
  static Real of(float f) { return single_bits(std::bit_cast<std::uint32_t>(f)); }
  static Real of(double d) { return double_bits(std::bit_cast<std::uint64_t>(d)); }

  bool is_single() const { return length == Length::Single; }
  float as_float() const { return std::bit_cast<float>(static_cast<std::uint32_t>(bits)); }
  double as_double() const { return std::bit_cast<double>(bits); }

  std::uint64_t sign_mask() const { return is_single() ? 0x80000000u : 0x8000000000000000u; }
  std::uint64_t exponent_mask() const { return is_single() ? 0x7f800000u : 0x7ff0000000000000u; }
  std::uint64_t fraction_mask() const { return is_single() ? 0x007fffffu : 0x000fffffffffffffu; }

  bool sign() const { return (bits & sign_mask()) != 0; }
  bool is_finite() const { return (bits & exponent_mask()) != exponent_mask(); }
  bool is_nan() const { return !is_finite() && (bits & fraction_mask()) != 0; }
  bool is_inf() const { return !is_finite() && (bits & fraction_mask()) == 0; }
  bool is_zero() const { return (bits & ~sign_mask()) == 0; }  // +0 or -0
  bool is_denormal() const { return (bits & exponent_mask()) == 0 && (bits & fraction_mask()) != 0; }
  // Not a normal number or zero: denormal, infinite or NaN.
  bool is_unusual() const {
    std::uint64_t e = bits & exponent_mask();
    return e == exponent_mask() || (e == 0 && (bits & fraction_mask()) != 0);
  }

  friend bool operator==(const Real&, const Real&) = default;
};

// The NaNs the T800 FPU produces for invalid operations (positive, distinct per cause), so a
// program that inspects a NaN sees what the chip produced.
enum class NanCause : std::uint8_t {
  DivZeroByZero, DivInfByInf, MulZeroByInf, AddOppositeInf, SubSameInf, NegativeSqrt,
  Conversion, RemFromInf, RemByZero, RemQuotient,
};
Real t800_nan(NanCause cause, Length length);

// Arithmetic. `error` is the FP error flag: it is set (never cleared) when an operand is an
// infinity or a NaN, or the operation overflows, divides by zero or is invalid, as on the T800.
// Binary operations take (b, a) in the FPU's order: the result is b op a.
// The common case (finite operands of one length, round to nearest) is inline; the general
// functions in the detail namespace handle every case.
namespace detail {
Real add(Real b, Real a, RoundingMode mode, bool& error);
Real sub(Real b, Real a, RoundingMode mode, bool& error);
Real mul(Real b, Real a, RoundingMode mode, bool& error);
Real div(Real b, Real a, RoundingMode mode, bool& error);

inline bool plain(Real b, Real a, RoundingMode mode) {
  return mode == RoundingMode::Nearest && b.length == a.length && b.is_finite() && a.is_finite();
}
template <class Op>
Real plain_result(Real b, Real a, bool& error, Op op) {
  Real r = a.is_single() ? Real::of(op(b.as_float(), a.as_float())) : Real::of(op(b.as_double(), a.as_double()));
  if (!r.is_finite()) error = true;  // overflow, or division by zero
  return r;
}
}  // namespace detail

inline Real add(Real b, Real a, RoundingMode mode, bool& error) {
  if (detail::plain(b, a, mode)) [[likely]]
    return detail::plain_result(b, a, error, [](auto x, auto y) { return x + y; });
  return detail::add(b, a, mode, error);
}
inline Real sub(Real b, Real a, RoundingMode mode, bool& error) {
  if (detail::plain(b, a, mode)) [[likely]]
    return detail::plain_result(b, a, error, [](auto x, auto y) { return x - y; });
  return detail::sub(b, a, mode, error);
}
inline Real mul(Real b, Real a, RoundingMode mode, bool& error) {
  if (detail::plain(b, a, mode)) [[likely]]
    return detail::plain_result(b, a, error, [](auto x, auto y) { return x * y; });
  return detail::mul(b, a, mode, error);
}
inline Real div(Real b, Real a, RoundingMode mode, bool& error) {
  if (detail::plain(b, a, mode) && !a.is_zero()) [[likely]]  // 0/0 gives the T800's own NaN
    return detail::plain_result(b, a, error, [](auto x, auto y) { return x / y; });
  return detail::div(b, a, mode, error);
}
// IEEE remainder b REM a (exact); `quotient` gets the integral quotient it used, as a real of the
// same length (the T800 leaves it in FB).
Real remainder(Real b, Real a, Real& quotient, bool& error);
Real sqrt(Real a, RoundingMode mode, bool& error);
Real abs(Real a, bool& error);
Real scale(Real a, int power_of_two, RoundingMode mode, bool& error);  // a * 2^n, rounded
Real round_to_integer(Real a, RoundingMode mode, bool& error);        // fpint

// Conversions.
Real to_double(Real a, bool& error);                   // REAL32 -> REAL64 (exact)
Real to_single(Real a, RoundingMode mode, bool& error);  // REAL64 -> REAL32, rounded
Real to_single_unrounded(Real a);                      // REAL64 -> REAL32, fraction truncated
Real from_int32(std::int32_t i, Length length, RoundingMode mode);
Real from_uint32(std::uint32_t u);                     // always REAL64 (exact)
// The 32-bit integer a whole-number real stores as (fpstnli32): truncated toward zero.
std::uint32_t to_int32_bits(Real a);
// fpuchki32 / fpuchki64: is a (already a whole number) in range for the integer type?
bool fits_int32(Real a);
bool fits_int64(Real a);

// Comparisons (fpgt, fpeq set the error flag for infinities and NaNs; fpordered never does).
bool greater(Real b, Real a, bool& error);
bool equal(Real b, Real a, bool& error);
bool ordered(Real b, Real a);

}  // namespace transit::emu::fpu
