// occam's arithmetic for generated C++: the primitive types (INT is 32 bits), checked + - * / \ and
// negation (overflow and division by zero are run-time errors reported at the occam site), the
// modulo operators PLUS MINUS TIMES, shifts, AFTER, and type conversions with ROUND/TRUNC.
//
//   INT r = occ::add(a, b, &S[3]);      // a + b, an error at S[3] if it overflows
//   INT t = occ::conv<INT, occ::Round>(x, &S[4]);  // INT ROUND x
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

#include "transit/site.h"

namespace occ {

using BOOL = bool;
using BYTE = std::uint8_t;
using INT = std::int32_t;
using INT16 = std::int16_t;
using INT32 = std::int32_t;
using INT64 = std::int64_t;
using REAL32 = float;
using REAL64 = double;

// Stops the program with an occam run-time error at `site` (throws transit::RuntimeError).
[[noreturn, gnu::cold, gnu::noinline]] void fail(const char* what, const transit::Site* site);

template <class T>
inline constexpr bool is_int_v = std::is_integral_v<T> && !std::is_same_v<T, bool>;

// Whether a value computed in 64 bits is an INT (a replicator's last index with a STEP).
inline constexpr bool fits_int(INT64 v) { return v >= INT64(INT32_MIN) && v <= INT64(INT32_MAX); }

// ---------------------------------------------------------------- checked arithmetic

// Real arithmetic: a finite result from finite operands, else an error (occam's checked mode).
template <class T>
inline T real_result(T r, T a, T b, const char* what, const transit::Site* s) {
  if (!std::isfinite(r) && std::isfinite(a) && std::isfinite(b)) [[unlikely]] fail(what, s);
  return r;
}

template <class T>
inline T add(T a, T b, const transit::Site* s) {
  if constexpr (is_int_v<T>) {
    T r;
    if (__builtin_add_overflow(a, b, &r)) [[unlikely]] fail("arithmetic overflow in +", s);
    return r;
  } else {
    return real_result<T>(a + b, a, b, "real overflow in +", s);
  }
}
template <class T>
inline T sub(T a, T b, const transit::Site* s) {
  if constexpr (is_int_v<T>) {
    T r;
    if (__builtin_sub_overflow(a, b, &r)) [[unlikely]] fail("arithmetic overflow in -", s);
    return r;
  } else {
    return real_result<T>(a - b, a, b, "real overflow in -", s);
  }
}
template <class T>
inline T mul(T a, T b, const transit::Site* s) {
  if constexpr (is_int_v<T>) {
    T r;
    if (__builtin_mul_overflow(a, b, &r)) [[unlikely]] fail("arithmetic overflow in *", s);
    return r;
  } else {
    return real_result<T>(a * b, a, b, "real overflow in *", s);
  }
}
template <class T>
inline T div(T a, T b, const transit::Site* s) {
  if constexpr (is_int_v<T>) {
    if (b == 0) [[unlikely]] fail("division by zero", s);
    if constexpr (std::is_signed_v<T>)
      if (b == -1 && a == std::numeric_limits<T>::min()) [[unlikely]] fail("arithmetic overflow in /", s);
    return T(a / b);
  } else {
    if (b == 0 && std::isfinite(a)) [[unlikely]] fail("real division by zero (floating-point error)", s);
    return real_result<T>(a / b, a, b, "real overflow in /", s);
  }
}
// \ : the remainder has the sign of the dividend; for reals, x - y*n with n the integer nearest x/y.
template <class T>
inline T rem(T a, T b, const transit::Site* s) {
  if constexpr (is_int_v<T>) {
    if (b == 0) [[unlikely]] fail("division by zero in \\", s);
    if constexpr (std::is_signed_v<T>)
      if (b == -1) return 0;
    return T(a % b);
  } else {
    if (b == 0 && std::isfinite(a)) [[unlikely]] fail("real remainder by zero (floating-point error)", s);
    return std::remainder(a, b);
  }
}
template <class T>
inline T neg(T a, const transit::Site* s) {
  if constexpr (is_int_v<T>) {
    if constexpr (std::is_signed_v<T>) {
      if (a == std::numeric_limits<T>::min()) [[unlikely]] fail("arithmetic overflow in negation", s);
      return T(-a);
    } else {
      if (a != 0) [[unlikely]] fail("arithmetic overflow in negation", s);
      return a;
    }
  } else {
    return -a;
  }
}

// ---------------------------------------------------------------- modulo arithmetic

template <class T>
using unsigned_of = std::make_unsigned_t<T>;

template <class T>
inline T plus(T a, T b) { return T(unsigned_of<T>(a) + unsigned_of<T>(b)); }
template <class T>
inline T minus(T a, T b) { return T(unsigned_of<T>(a) - unsigned_of<T>(b)); }
template <class T>
inline T times(T a, T b) { return T(unsigned_of<T>(unsigned_of<T>(a) * unsigned_of<T>(b))); }
template <class T>
inline T modneg(T a) { return T(unsigned_of<T>(0) - unsigned_of<T>(a)); }
// a AFTER b: a is later than b on the circular clock.
template <class T>
inline bool after(T a, T b) { return std::make_signed_t<T>(minus(a, b)) > 0; }

// ---------------------------------------------------------------- bits and shifts

template <class T>
inline T bitnot(T a) { return T(~a); }

// Shift counts from 0 to the type's width are allowed (the width gives 0); others are errors.
template <class T>
inline T shl(T a, INT n, const transit::Site* s) {
  constexpr INT bits = INT(sizeof(T) * 8);
  if (std::uint32_t(n) > std::uint32_t(bits)) [[unlikely]] fail("shift count out of range", s);
  if (n == bits) return 0;
  return T(unsigned_of<T>(a) << n);
}
template <class T>
inline T shr(T a, INT n, const transit::Site* s) {
  constexpr INT bits = INT(sizeof(T) * 8);
  if (std::uint32_t(n) > std::uint32_t(bits)) [[unlikely]] fail("shift count out of range", s);
  if (n == bits) return 0;
  return T(unsigned_of<T>(a) >> n);
}

// ---------------------------------------------------------------- conversions

enum Mode { Exact, Round, Trunc };

// Rounds a wider value to the real type To, to nearest (Round) or towards zero (Trunc).
template <class To, Mode M, class From>
inline To round_real(From v) {
  if constexpr (M == Trunc) {
    To r = To(v);  // the FPU rounds to nearest; step back toward zero when that overshot
    if constexpr (std::is_floating_point_v<From>) {
      if (std::isnan(v) || std::isinf(r)) return r;
    }
    long double lr = r, lv = v;
    if (lv >= 0 ? lr > lv : lr < lv) r = std::nextafter(r, To(0));
    return r;
  } else {
    return To(v);
  }
}

// Converts v to To: integers and BOOL are range checked, reals rounded (Round: to nearest, ties to
// even) or truncated as asked; a real out of the integer range is an error.
template <class To, Mode M, class From>
inline To conv(From v, const transit::Site* s) {
  if constexpr (std::is_same_v<To, From>) {
    return v;
  } else if constexpr (std::is_same_v<To, bool>) {
    if constexpr (std::is_floating_point_v<From>) {
      return v != 0;
    } else {
      if (v != 0 && v != 1) [[unlikely]] fail("conversion to BOOL of a value other than 0 or 1", s);
      return v == 1;
    }
  } else if constexpr (is_int_v<To> && (is_int_v<From> || std::is_same_v<From, bool>)) {
    if constexpr (std::is_same_v<From, bool>) {
      return To(v);
    } else {
      if (!std::in_range<To>(v)) [[unlikely]] fail("conversion out of range", s);
      return To(v);
    }
  } else if constexpr (is_int_v<To>) {  // real -> integer
    if (std::isnan(v)) [[unlikely]] fail("conversion of NaN to an integer", s);
    From r = M == Trunc ? std::trunc(v) : std::nearbyint(v);
    // The range test is done in long double so that MOSTPOS INT64 + 1 is not rounded into range.
    long double lr = r;
    if (lr < (long double)std::numeric_limits<To>::min() || lr > (long double)std::numeric_limits<To>::max())
      [[unlikely]] fail("conversion out of range", s);
    return To(r);
  } else if constexpr (std::is_same_v<From, bool>) {
    return To(v ? 1 : 0);
  } else {  // -> real, from integer or real
    if constexpr (sizeof(To) >= sizeof(From) && !(std::is_same_v<From, INT64> && std::is_same_v<To, double>) &&
                  !(is_int_v<From> && sizeof(From) >= 4 && std::is_same_v<To, float>)) {
      return To(v);  // exact
    } else {
      To r = round_real<To, M>(v);
      if constexpr (std::is_floating_point_v<From>) {  // REAL64 to REAL32: finite stays finite, or an error
        if (std::isinf(r) && std::isfinite(v)) [[unlikely]] fail("real overflow in conversion", s);
      }
      return r;
    }
  }
}

// ---------------------------------------------------------------- RETYPES of values

// VAL x RETYPES e for scalars: the bytes of e as a To.
template <class To, class From>
inline To retype(const From& v) {
  static_assert(sizeof(To) == sizeof(From), "RETYPES needs equal sizes");
  To r;
  std::memcpy(&r, &v, sizeof r);
  return r;
}

}  // namespace occ
