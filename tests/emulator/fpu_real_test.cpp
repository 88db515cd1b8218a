// Unit tests of the T800 IEEE arithmetic (emulator/include/transit/emu/fpu/real.h): exact results in all four
// rounding modes, the T800 NaN codes, the FP error flag, conversions and comparisons.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "transit/emu/fpu/real.h"

using namespace transit::emu::fpu;

namespace {

constexpr RoundingMode N = RoundingMode::Nearest, Z = RoundingMode::Zero, P = RoundingMode::Plus,
                       M = RoundingMode::Minus;

double d(Real r) { return r.as_double(); }
float f(Real r) { return r.as_float(); }

}  // namespace

TEST_CASE("add, sub, mul, div round to nearest and set no error on ordinary values") {
  bool err = false;
  CHECK(d(add(Real::of(1.5), Real::of(2.25), N, err)) == 3.75);
  CHECK(d(sub(Real::of(1.5), Real::of(2.25), N, err)) == -0.75);  // FB - FA
  CHECK(d(mul(Real::of(1.5), Real::of(-4.0), N, err)) == -6.0);
  CHECK(d(div(Real::of(1.0), Real::of(4.0), N, err)) == 0.25);  // FB / FA
  CHECK(f(add(Real::of(0.1f), Real::of(0.2f), N, err)) == 0.1f + 0.2f);
  CHECK(add(Real::of(0.1f), Real::of(0.2f), N, err).length == Length::Single);
  CHECK_FALSE(err);
}

TEST_CASE("directed rounding modes give the neighbouring representable results") {
  bool err = false;
  const double tiny = 0x1p-60;
  CHECK(d(add(Real::of(1.0), Real::of(tiny), P, err)) == std::nextafter(1.0, 2.0));
  CHECK(d(add(Real::of(1.0), Real::of(tiny), M, err)) == 1.0);
  CHECK(d(add(Real::of(1.0), Real::of(tiny), N, err)) == 1.0);
  CHECK(d(sub(Real::of(-1.0), Real::of(tiny), Z, err)) == -1.0);
  CHECK(d(sub(Real::of(-1.0), Real::of(tiny), M, err)) == std::nextafter(-1.0, -2.0));

  double third_up = d(div(Real::of(1.0), Real::of(3.0), P, err));
  double third_down = d(div(Real::of(1.0), Real::of(3.0), M, err));
  CHECK(third_up == std::nextafter(third_down, 1.0));
  CHECK(d(div(Real::of(1.0), Real::of(3.0), Z, err)) == third_down);

  float s_up = f(mul(Real::of(1.1f), Real::of(1.1f), P, err));
  float s_down = f(mul(Real::of(1.1f), Real::of(1.1f), M, err));
  CHECK(s_up == std::nextafter(s_down, 2.0f));

  // x - x is +0 except when rounding toward minus infinity.
  CHECK_FALSE(sub(Real::of(2.0), Real::of(2.0), N, err).sign());
  CHECK(sub(Real::of(2.0), Real::of(2.0), M, err).sign());
  CHECK_FALSE(err);
}

TEST_CASE("invalid operations give the T800 NaN codes and set the error flag") {
  const double inf = std::numeric_limits<double>::infinity();
  bool err = false;
  CHECK(div(Real::of(0.0), Real::of(0.0), N, err).bits == 0x7ff8000000000000u);
  CHECK(err);
  err = false;
  CHECK(div(Real::of(inf), Real::of(-inf), N, err).bits == 0x7ff4000000000000u);
  CHECK(err);
  err = false;
  CHECK(mul(Real::of(0.0f), Real::of(std::numeric_limits<float>::infinity()), N, err).bits == 0x7f900000u);
  CHECK(add(Real::of(inf), Real::of(-inf), N, err).bits == 0x7ff1000000000000u);
  CHECK(sub(Real::of(inf), Real::of(inf), N, err).bits == 0x7ff1000000000000u);
  CHECK(sqrt(Real::of(-2.0), N, err).bits == 0x7ff0800000000000u);
  bool conv = false;
  CHECK(to_single(Real::double_bits(0x7ff0000000000001u), N, conv).bits == 0x7f820000u);
  CHECK(conv);
}

TEST_CASE("NaN operands propagate with the rules of each operation") {
  bool err = false;
  Real small_nan = Real::double_bits(0x7ff0000000000010u), big_nan = Real::double_bits(0x7ff0000000001000u);
  CHECK(add(small_nan, big_nan, N, err) == big_nan);
  CHECK(add(big_nan, small_nan, N, err) == big_nan);
  CHECK(add(Real::of(1.0), small_nan, N, err) == small_nan);
  CHECK(sub(Real::of(1.0), small_nan, N, err).bits == (small_nan.bits | 0x8000000000000000u));  // -FA
  CHECK(mul(Real::of(-1.0), small_nan, N, err).bits == (small_nan.bits | 0x8000000000000000u));
  CHECK(err);
}

TEST_CASE("overflow, division by zero and infinite operands set the error flag") {
  bool err = false;
  CHECK(std::isinf(d(mul(Real::of(1e300), Real::of(1e300), N, err))));
  CHECK(err);
  err = false;
  CHECK(d(mul(Real::of(1e300), Real::of(1e300), Z, err)) == std::numeric_limits<double>::max());
  CHECK(err);  // still an overflow
  err = false;
  CHECK(d(div(Real::of(-1.0), Real::of(0.0), N, err)) == -std::numeric_limits<double>::infinity());
  CHECK(err);
  err = false;
  add(Real::of(std::numeric_limits<double>::infinity()), Real::of(1.0), N, err);
  CHECK(err);
  err = false;
  CHECK(d(mul(Real::of(0x1p-1000), Real::of(0x1p-70), N, err)) == 0x1p-1070);  // denormal, no error
  CHECK_FALSE(err);
}

TEST_CASE("square root is correctly rounded in every mode") {
  bool err = false;
  CHECK(d(sqrt(Real::of(2.0), N, err)) == std::sqrt(2.0));
  double up = d(sqrt(Real::of(2.0), P, err)), down = d(sqrt(Real::of(2.0), M, err));
  CHECK(up == std::nextafter(down, 2.0));
  CHECK(d(sqrt(Real::of(-0.0), N, err)) == 0.0);
  CHECK(sqrt(Real::of(-0.0), N, err).sign());
  CHECK(f(sqrt(Real::of(16.0f), N, err)) == 4.0f);
  CHECK_FALSE(err);
}

TEST_CASE("IEEE remainder and its quotient") {
  bool err = false;
  Real q;
  CHECK(d(remainder(Real::of(10.0), Real::of(3.0), q, err)) == 1.0);
  CHECK(d(q) == 3.0);
  CHECK(d(remainder(Real::of(11.0), Real::of(3.0), q, err)) == -1.0);
  CHECK(d(q) == 4.0);
  CHECK(f(remainder(Real::of(-7.5f), Real::of(2.0f), q, err)) == 0.5f);
  CHECK(f(q) == -4.0f);
  CHECK_FALSE(err);
  CHECK(remainder(Real::of(1.0), Real::of(0.0), q, err).bits == 0x7ff0040000000000u);
  CHECK(err);
}

TEST_CASE("round to integer follows the rounding mode") {
  bool err = false;
  CHECK(d(round_to_integer(Real::of(2.5), N, err)) == 2.0);
  CHECK(d(round_to_integer(Real::of(3.5), N, err)) == 4.0);
  CHECK(d(round_to_integer(Real::of(2.5), P, err)) == 3.0);
  CHECK(d(round_to_integer(Real::of(-2.5), M, err)) == -3.0);
  CHECK(d(round_to_integer(Real::of(-2.5), Z, err)) == -2.0);
  CHECK(f(round_to_integer(Real::of(-0.25f), N, err)) == 0.0f);
  CHECK(round_to_integer(Real::of(-0.25f), N, err).sign());
  CHECK_FALSE(err);
}

TEST_CASE("conversions between lengths and from integers") {
  bool err = false;
  CHECK(d(to_double(Real::of(0.1f), err)) == static_cast<double>(0.1f));
  CHECK(f(to_single(Real::of(0.1), N, err)) == 0.1f);
  CHECK(f(to_single(Real::of(0.1), P, err)) == std::nextafter(f(to_single(Real::of(0.1), M, err)), 1.0f));
  CHECK(to_double(Real::single_bits(0x7fc00001u), err).bits == (0x7ff8000000000000u | (1ull << 29)));
  CHECK(err);
  err = false;
  CHECK(f(to_single(Real::of(1e300), Z, err)) == std::numeric_limits<float>::max());
  CHECK(err);
  CHECK(f(to_single_unrounded(Real::of(1.0 - 0x1p-40))) == std::nextafter(1.0f, 0.0f));
  CHECK(f(to_single_unrounded(Real::of(-0.0))) == 0.0f);

  CHECK(f(from_int32(16777217, Length::Single, N)) == 16777216.0f);
  CHECK(f(from_int32(16777217, Length::Single, P)) == 16777218.0f);
  CHECK(d(from_int32(-2147483647 - 1, Length::Double, N)) == -2147483648.0);
  CHECK(d(from_uint32(0xffffffffu)) == 4294967295.0);
  CHECK(to_int32_bits(Real::of(-3.0)) == 0xfffffffdu);
  CHECK(to_int32_bits(Real::of(7.0f)) == 7u);
}

TEST_CASE("integer range checks") {
  CHECK(fits_int32(Real::of(2147483647.0)));
  CHECK_FALSE(fits_int32(Real::of(2147483648.0)));
  CHECK(fits_int32(Real::of(-2147483648.0)));
  CHECK_FALSE(fits_int32(Real::of(-2147483649.0)));
  CHECK_FALSE(fits_int32(Real::of(std::numeric_limits<double>::quiet_NaN())));
  CHECK(fits_int64(Real::of(-0x1p63)));
  CHECK_FALSE(fits_int64(Real::of(0x1p63)));
}

TEST_CASE("comparisons order signed zeros as equal and flag infinities") {
  bool err = false;
  CHECK(greater(Real::of(2.0), Real::of(1.0), err));
  CHECK_FALSE(greater(Real::of(1.0), Real::of(2.0), err));
  CHECK(greater(Real::of(-1.0), Real::of(-2.0), err));
  CHECK(greater(Real::of(1.0), Real::of(-2.0), err));
  CHECK_FALSE(greater(Real::of(-0.0), Real::of(0.0), err));
  CHECK(equal(Real::of(-0.0), Real::of(0.0), err));
  CHECK_FALSE(equal(Real::of(1.0f), Real::of(2.0f), err));
  CHECK_FALSE(err);
  CHECK(greater(Real::of(std::numeric_limits<double>::infinity()), Real::of(1.0), err));
  CHECK(err);
  CHECK(ordered(Real::of(1.0), Real::of(2.0)));
  CHECK_FALSE(ordered(Real::of(1.0), Real::of(std::numeric_limits<double>::quiet_NaN())));
}

TEST_CASE("scaling by powers of two and absolute value") {
  bool err = false;
  CHECK(d(scale(Real::of(3.0), 32, N, err)) == 3.0 * 4294967296.0);
  CHECK(d(scale(Real::of(3.0), -1, N, err)) == 1.5);
  CHECK(d(scale(Real::of(0x1p-1074), -1, P, err)) == 0x1p-1074);  // denormal rounds up
  CHECK(d(scale(Real::of(0x1p-1074), -1, N, err)) == 0.0);        // ties to even
  CHECK(f(abs(Real::of(-2.0f), err)) == 2.0f);
  CHECK_FALSE(err);
  CHECK(std::isinf(d(scale(Real::of(0x1p1023), 1, N, err))));
  CHECK(err);
}
