// The occam 2.1 built-in library (occam_lib.h), after the reference manual's definitions: the
// integer functions work on INT as an unsigned or signed 32-bit word, the floating-point functions
// follow IEEE 754 as the manual does. Each definition has its declaration's types, made from the
// routine's row of lang/builtins.def: the library compiles with -Wmissing-declarations (a definition
// of other types is an error) and test front-backend-support links every row.
#include "occam_lib.h"

#include <bit>
#include <cfenv>
#include <cmath>
#include <cstdint>
#include <limits>

namespace occ::lib {
namespace {

using U = std::uint32_t;
using UL = std::uint64_t;
constexpr int kBits = 32;

INT word(UL v) { return INT(U(v)); }
UL pair(INT hi, INT lo) { return (UL(U(hi)) << 32) | U(lo); }

template <class R>
std::tuple<INT, R> unpack(R x) {
  if (x == 0 || !std::isfinite(x)) return {0, x};
  int e;
  R m = std::frexp(x, &e);  // x = m * 2^e, 0.5 <= |m| < 1
  return {INT(e - 1), m * 2};
}

template <class R, class N>
std::tuple<BOOL, N, R> argument_reduce(R x, R y, R y_err) {
  R q = std::nearbyint(x / y);
  bool fits = std::fabs(q) < R(std::numeric_limits<N>::max());
  // not fitting: the low 32 bits of q (0 for an infinity or a NaN)
  N n = fits ? N(q) : std::isfinite(q) ? N(std::uint32_t(std::int64_t(std::remainder(q, R(4294967296.0))))) : N(0);
  R r = (x - q * y) - q * y_err;
  return {fits, n, r};
}

// REALnnOP / IEEEnnOP: op 0 +, 1 -, 2 *, 3 /; rounding mode 0 or 1 nearest, 2 towards zero,
// 3 towards plus infinity, 4 towards minus infinity.
template <class R>
R real_op(R x, INT op, R y, const transit::Site* site) {
  switch (op) {
    case 0: return x + y;
    case 1: return x - y;
    case 2: return x * y;
    case 3: return x / y;
  }
  fail("REALOP: operation code out of range", site);
}
template <class R>
std::tuple<BOOL, R> ieee_op(R x, INT mode, INT op, R y, const transit::Site* site) {
  int saved = std::fegetround();
  std::fesetround(mode == 2 ? FE_TOWARDZERO : mode == 3 ? FE_UPWARD : mode == 4 ? FE_DOWNWARD : FE_TONEAREST);
  volatile R r = real_op(x, op, y, site);
  std::fesetround(saved);
  bool error = (std::isnan(r) && !std::isnan(x) && !std::isnan(y)) || (std::isinf(r) && std::isfinite(x) && std::isfinite(y));
  return {error, r};
}
// IEEEnnREM: the remainder and the low three bits of the quotient's magnitude with its sign (remquo
// gives bits only congruent to them modulo 8: glibc may give 8 for 0).
template <class R>
std::tuple<R, INT> ieee_rem(R x, R y) {
  int quo = 0;
  R r = std::remquo(x, y, &quo);
  int low = (quo < 0 ? -quo : quo) & 7;
  return {r, INT(quo < 0 ? -low : low)};
}

template <class R>
INT ieee_compare(R a, R b) {
  if (std::isnan(a) || std::isnan(b)) return 2;
  return a < b ? -1 : a > b ? 1 : 0;
}

}  // namespace

// ---------------------------------------------------------------- integer functions

INT LONGADD(INT left, INT right, INT carry_in, const transit::Site* site) {
  std::int64_t r = std::int64_t(left) + right + (carry_in & 1);
  if (r != INT(r)) fail("arithmetic overflow in LONGADD", site);
  return INT(r);
}
INT LONGSUB(INT left, INT right, INT borrow_in, const transit::Site* site) {
  std::int64_t r = std::int64_t(left) - right - (borrow_in & 1);
  if (r != INT(r)) fail("arithmetic overflow in LONGSUB", site);
  return INT(r);
}
INT ASHIFTRIGHT(INT arg, INT places, const transit::Site* site) {
  if (places < 0 || places > kBits) fail("ASHIFTRIGHT: shift count out of range", site);
  return places >= kBits ? (arg < 0 ? -1 : 0) : INT(arg >> places);
}
INT ASHIFTLEFT(INT arg, INT places, const transit::Site* site) {
  if (places < 0 || places > kBits) fail("ASHIFTLEFT: shift count out of range", site);
  std::int64_t r = places >= kBits ? (arg == 0 ? 0 : std::int64_t(1) << 40) : std::int64_t(arg) * (std::int64_t(1) << places);
  if (r != INT(r)) fail("arithmetic overflow in ASHIFTLEFT", site);
  return INT(r);
}
INT ROTATERIGHT(INT arg, INT places, const transit::Site*) { return INT(std::rotr(U(arg), int(U(places) % kBits))); }
INT ROTATELEFT(INT arg, INT places, const transit::Site*) { return INT(std::rotl(U(arg), int(U(places) % kBits))); }

std::tuple<INT, INT> LONGSUM(INT left, INT right, INT carry_in, const transit::Site*) {
  UL r = UL(U(left)) + U(right) + (U(carry_in) & 1);
  return {INT(r >> 32), word(r)};
}
std::tuple<INT, INT> LONGDIFF(INT left, INT right, INT borrow_in, const transit::Site*) {
  UL r = UL(U(left)) - U(right) - (U(borrow_in) & 1);
  return {INT((r >> 32) & 1), word(r)};
}
std::tuple<INT, INT> LONGPROD(INT left, INT right, INT carry_in, const transit::Site*) {
  UL r = UL(U(left)) * U(right) + U(carry_in);
  return {INT(r >> 32), word(r)};
}
std::tuple<INT, INT> LONGDIV(INT hi, INT lo, INT divisor, const transit::Site* site) {
  if (U(hi) >= U(divisor)) fail("arithmetic overflow in LONGDIV (quotient does not fit a word)", site);
  UL d = pair(hi, lo);
  return {word(d / U(divisor)), word(d % U(divisor))};
}
std::tuple<INT, INT> SHIFTRIGHT(INT hi, INT lo, INT places, const transit::Site*) {
  UL d = U(places) >= 64 ? 0 : pair(hi, lo) >> U(places);
  return {INT(d >> 32), word(d)};
}
std::tuple<INT, INT> SHIFTLEFT(INT hi, INT lo, INT places, const transit::Site*) {
  UL d = U(places) >= 64 ? 0 : pair(hi, lo) << U(places);
  return {INT(d >> 32), word(d)};
}
std::tuple<INT, INT, INT> NORMALISE(INT hi, INT lo, const transit::Site*) {
  UL d = pair(hi, lo);
  if (d == 0) return {2 * kBits, 0, 0};
  int places = std::countl_zero(d);
  d <<= places;
  return {places, INT(d >> 32), word(d)};
}
// Fractions with 31 bits after the point: (x * y) / 2^31, rounded; -1 * -1 overflows.
INT FRACMUL(INT x, INT y, const transit::Site* site) {
  std::int64_t p = std::int64_t(x) * y;
  std::int64_t r = (p + (std::int64_t(1) << 30)) >> 31;
  if (r != INT(r)) fail("arithmetic overflow in FRACMUL", site);
  return INT(r);
}

INT BITCOUNT(INT word, INT count_in, const transit::Site*) { return count_in + std::popcount(U(word)); }
INT BITREVWORD(INT x, const transit::Site*) {
  U v = U(x), r = 0;
  for (int i = 0; i < kBits; ++i, v >>= 1) r = (r << 1) | (v & 1);
  return INT(r);
}
INT BITREVNBITS(INT x, INT n, const transit::Site* site) {
  if (n < 0 || n > kBits) fail("BITREVNBITS: bit count out of range", site);
  U v = U(x), r = 0;
  for (int i = 0; i < n; ++i, v >>= 1) r = (r << 1) | (v & 1);
  return INT(r);
}
// The transputer's crcword/crcbyte: the data shifts into the CRC from its most significant end.
static INT crc(U data, U crc, U generator, int bits) {
  for (int i = 0; i < bits; ++i) {
    bool top = crc >> 31;
    crc = (crc << 1) | (data >> 31);
    data <<= 1;
    if (top) crc ^= generator;
  }
  return INT(crc);
}
INT CRCWORD(INT data, INT crc_in, INT generator, const transit::Site*) { return crc(U(data), U(crc_in), U(generator), 32); }
INT CRCBYTE(INT data, INT crc_in, INT generator, const transit::Site*) { return crc(U(data), U(crc_in), U(generator), 8); }

// ---------------------------------------------------------------- floating-point functions

REAL32 ABS(REAL32 x, const transit::Site*) { return std::fabs(x); }
REAL32 SQRT(REAL32 x, const transit::Site*) { return std::sqrt(x); }
BOOL ISNAN(REAL32 x, const transit::Site*) { return std::isnan(x); }
BOOL NOTFINITE(REAL32 x, const transit::Site*) { return !std::isfinite(x); }
BOOL ORDERED(REAL32 x, REAL32 y, const transit::Site*) { return !std::isnan(x) && !std::isnan(y); }
REAL32 MULBY2(REAL32 x, const transit::Site*) { return x * 2; }
REAL32 DIVBY2(REAL32 x, const transit::Site*) { return x / 2; }
REAL32 SCALEB(REAL32 x, INT n, const transit::Site*) { return std::scalbn(x, n); }
REAL32 COPYSIGN(REAL32 x, REAL32 y, const transit::Site*) { return std::copysign(x, y); }
REAL32 MINUSX(REAL32 x, const transit::Site*) { return -x; }
REAL32 NEXTAFTER(REAL32 x, REAL32 y, const transit::Site*) { return std::nextafter(x, y); }
REAL32 LOGB(REAL32 x, const transit::Site*) { return std::logb(x); }
std::tuple<INT, REAL32> FLOATING_UNPACK(REAL32 x, const transit::Site*) { return unpack(x); }
std::tuple<BOOL, INT32, REAL32> ARGUMENT_REDUCE(REAL32 x, REAL32 y, REAL32 e, const transit::Site*) {
  return argument_reduce<REAL32, INT>(x, y, e);
}
REAL32 FPINT(REAL32 x, const transit::Site*) { return std::nearbyint(x); }
REAL32 REAL32REM(REAL32 x, REAL32 y, const transit::Site*) { return std::remainder(x, y); }
BOOL REAL32EQ(REAL32 x, REAL32 y, const transit::Site*) { return x == y; }
BOOL REAL32GT(REAL32 x, REAL32 y, const transit::Site*) { return x > y; }
INT IEEECOMPARE(REAL32 x, REAL32 y, const transit::Site*) { return ieee_compare(x, y); }
REAL32 REAL32OP(REAL32 x, INT op, REAL32 y, const transit::Site* site) { return real_op(x, op, y, site); }
std::tuple<BOOL, REAL32> IEEE32OP(REAL32 x, INT mode, INT op, REAL32 y, const transit::Site* site) {
  return ieee_op(x, mode, op, y, site);
}
std::tuple<REAL32, INT> IEEE32REM(REAL32 x, REAL32 y, const transit::Site*) { return ieee_rem(x, y); }

REAL64 DABS(REAL64 x, const transit::Site*) { return std::fabs(x); }
REAL64 DSQRT(REAL64 x, const transit::Site*) { return std::sqrt(x); }
BOOL DISNAN(REAL64 x, const transit::Site*) { return std::isnan(x); }
BOOL DNOTFINITE(REAL64 x, const transit::Site*) { return !std::isfinite(x); }
BOOL DORDERED(REAL64 x, REAL64 y, const transit::Site*) { return !std::isnan(x) && !std::isnan(y); }
REAL64 DMULBY2(REAL64 x, const transit::Site*) { return x * 2; }
REAL64 DDIVBY2(REAL64 x, const transit::Site*) { return x / 2; }
REAL64 DSCALEB(REAL64 x, INT n, const transit::Site*) { return std::scalbn(x, n); }
REAL64 DCOPYSIGN(REAL64 x, REAL64 y, const transit::Site*) { return std::copysign(x, y); }
REAL64 DMINUSX(REAL64 x, const transit::Site*) { return -x; }
REAL64 DNEXTAFTER(REAL64 x, REAL64 y, const transit::Site*) { return std::nextafter(x, y); }
REAL64 DLOGB(REAL64 x, const transit::Site*) { return std::logb(x); }
std::tuple<INT, REAL64> DFLOATING_UNPACK(REAL64 x, const transit::Site*) { return unpack(x); }
std::tuple<BOOL, INT, REAL64> DARGUMENT_REDUCE(REAL64 x, REAL64 y, REAL64 e, const transit::Site*) {
  return argument_reduce<REAL64, INT>(x, y, e);
}
REAL64 DFPINT(REAL64 x, const transit::Site*) { return std::nearbyint(x); }
REAL64 REAL64REM(REAL64 x, REAL64 y, const transit::Site*) { return std::remainder(x, y); }
BOOL REAL64EQ(REAL64 x, REAL64 y, const transit::Site*) { return x == y; }
BOOL REAL64GT(REAL64 x, REAL64 y, const transit::Site*) { return x > y; }
INT DIEEECOMPARE(REAL64 x, REAL64 y, const transit::Site*) { return ieee_compare(x, y); }
REAL64 REAL64OP(REAL64 x, INT op, REAL64 y, const transit::Site* site) { return real_op(x, op, y, site); }
std::tuple<BOOL, REAL64> IEEE64OP(REAL64 x, INT mode, INT op, REAL64 y, const transit::Site* site) {
  return ieee_op(x, mode, op, y, site);
}
std::tuple<REAL64, INT> IEEE64REM(REAL64 x, REAL64 y, const transit::Site*) { return ieee_rem(x, y); }

void ASSERT(BOOL b, const transit::Site* site) {
  if (!b) fail("ASSERT failed", site);
}

}  // namespace occ::lib
