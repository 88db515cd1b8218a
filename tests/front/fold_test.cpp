// The checker's constant folding (check/fold.h) against the operators generated code runs
// (backend/support/occam_arith.h): every operator on every type over edge values (MOSTNEG, MOSTPOS,
// 0, +-1, wrap-around, shift widths) must give the same value, or an error both times.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "transit/occam/check/fold.h"
#include "occam_support.h"

namespace {

using transit::occam::ast::Op;
using transit::occam::ast::TypeKind;
namespace fold = transit::occam;

const transit::Site kSite{"t.occ", 1, 1, "main"};

// A run-time result: the value, or nothing when the operator stopped with an error.
template <class F>
auto run(F f) -> std::optional<decltype(f())> {
  try {
    return f();
  } catch (const transit::RuntimeError&) {
    return std::nullopt;
  }
}

template <class T>
std::vector<std::int64_t> edges() {
  using L = std::numeric_limits<T>;
  std::vector<std::int64_t> v = {0, 1, 2, 3, 7, 8, 10, 16, std::int64_t(L::max()), std::int64_t(L::max()) - 1,
                                 std::int64_t(L::min()), std::int64_t(L::max() / 2), std::int64_t(L::max() / 2) + 1};
  if constexpr (std::is_signed_v<T>) {
    for (std::int64_t x : {-1, -2, -3, -7, -8, -16}) v.push_back(x);
    v.push_back(std::int64_t(L::min()) + 1);
    v.push_back(std::int64_t(L::min() / 2));
  } else {
    v.push_back(6);
    v.push_back(128);
  }
  return v;
}

template <class T>
std::optional<std::int64_t> run_int(Op op, T a, T b) {
  auto wide = [](auto r) -> std::optional<std::int64_t> {
    if (!r) return std::nullopt;
    return std::int64_t(*r);
  };
  switch (op) {
    case Op::Add: return wide(run([&] { return occ::add<T>(a, b, &kSite); }));
    case Op::Sub: return wide(run([&] { return occ::sub<T>(a, b, &kSite); }));
    case Op::Mul: return wide(run([&] { return occ::mul<T>(a, b, &kSite); }));
    case Op::Div: return wide(run([&] { return occ::div<T>(a, b, &kSite); }));
    case Op::Rem: return wide(run([&] { return occ::rem<T>(a, b, &kSite); }));
    case Op::Plus: return occ::plus<T>(a, b);
    case Op::Minus: return occ::minus<T>(a, b);
    case Op::Times: return occ::times<T>(a, b);
    case Op::BitAnd: return T(a & b);
    case Op::BitOr: return T(a | b);
    case Op::BitXor: return T(a ^ b);
    case Op::Shl: return wide(run([&] { return occ::shl<T>(a, occ::INT(b), &kSite); }));
    case Op::Shr: return wide(run([&] { return occ::shr<T>(a, occ::INT(b), &kSite); }));
    case Op::Eq: return a == b;
    case Op::Ne: return a != b;
    case Op::Lt: return a < b;
    case Op::Gt: return a > b;
    case Op::Le: return a <= b;
    case Op::Ge: return a >= b;
    case Op::After: return occ::after<T>(a, b);
    default: return std::nullopt;
  }
}

const Op kIntOps[] = {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Rem, Op::Plus, Op::Minus, Op::Times,
                      Op::BitAnd, Op::BitOr, Op::BitXor, Op::Shl, Op::Shr, Op::Eq, Op::Ne, Op::Lt,
                      Op::Gt, Op::Le, Op::Ge, Op::After};

template <class T>
int integer_disagreements(TypeKind k, const char* name) {
  int bad = 0;
  std::vector<std::int64_t> vs = edges<T>();
  for (Op op : kIntOps)
    for (std::int64_t a : vs)
      for (std::int64_t b : vs) {
        if ((op == Op::Shl || op == Op::Shr) && (b < -1 || b > 64)) continue;  // a shift count is an INT
        fold::FoldResult f = fold::fold_int(op, k, a, b);
        std::optional<std::int64_t> r = run_int<T>(op, T(a), T(b));
        bool same = f.error ? !r : (r && *r == f.value);
        if (!same && ++bad <= 5)
          FAIL_CHECK(std::string(name) << " " << a << " " << transit::occam::ast::op_spelling(op) << " " << b << ": folded "
                          << (f.error ? std::string(f.error) : std::to_string(f.value)) << ", run "
                          << (r ? std::to_string(*r) : std::string("error")));
      }
  // Unary: NEG x is 0 - x checked, MINUS x is 0 MINUS x, BITNOT x.
  for (std::int64_t a : vs) {
    fold::FoldResult f = fold::fold_int(Op::Sub, k, 0, a);
    auto r = run([&] { return std::int64_t(occ::neg<T>(T(a), &kSite)); });
    if (f.error ? bool(r) : (!r || *r != f.value)) FAIL_CHECK(std::string(name) << " NEG " << a);
    if (fold::fold_int(Op::Minus, k, 0, a).value != std::int64_t(occ::modneg<T>(T(a)))) FAIL_CHECK(std::string(name) << " MINUS " << a);
    if (fold::wrap(k, ~a) != std::int64_t(occ::bitnot<T>(T(a)))) FAIL_CHECK(std::string(name) << " BITNOT " << a);
  }
  return bad;
}

template <class To>
void conversions_to(TypeKind k, const char* name) {
  for (std::int64_t v : {std::int64_t(0), std::int64_t(1), std::int64_t(-1), std::int64_t(255), std::int64_t(256),
                         std::int64_t(32767), std::int64_t(32768), std::int64_t(-32769), std::int64_t(INT32_MAX),
                         std::int64_t(INT32_MAX) + 1, std::int64_t(INT32_MIN), INT64_MAX, INT64_MIN}) {
    fold::FoldResult f = fold::convert_int(k, v);
    auto r = run([&] { return std::int64_t(occ::conv<To, occ::Exact>(occ::INT64(v), &kSite)); });
    bool same = f.error ? !r : (r && *r == f.value);
    if (!same) FAIL_CHECK(std::string(name) << " (" << v << ")");
  }
  for (double v : {0.0, 0.5, 1.5, 2.5, -0.5, -1.5, 127.5, 255.5, -128.5, 32767.5, -32768.5, 2147483647.5,
                   -2147483648.5, 2147483648.0, 9.2233720368547758e18, -9.2233720368547758e18, 1e300, -1e300}) {
    for (bool trunc : {false, true}) {
      fold::FoldResult f = fold::convert_real_to_int(k, v, trunc);
      auto r = run([&] {
        return std::int64_t(trunc ? occ::conv<To, occ::Trunc>(v, &kSite) : occ::conv<To, occ::Round>(v, &kSite));
      });
      bool same = f.error ? !r : (r && *r == f.value);
      if (!same)
        FAIL_CHECK(std::string(name) << (trunc ? " TRUNC " : " ROUND ") << v << ": folded "
                        << (f.error ? std::string(f.error) : std::to_string(f.value)) << ", run "
                        << (r ? std::to_string(*r) : std::string("error")));
    }
  }
}

template <class T>
std::vector<double> real_edges() {
  using L = std::numeric_limits<T>;
  return {0.0, -0.0, 1.0, -1.0, 0.1, 3.0, 7.5, -2.5, double(L::max()), -double(L::max()), double(L::min()),
          double(L::denorm_min()), double(L::max()) / 2, 1e10};
}

template <class T>
void real_disagreements(TypeKind k, const char* name) {
  const Op ops[] = {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Rem, Op::Eq, Op::Ne, Op::Lt, Op::Gt, Op::Le, Op::Ge};
  int bad = 0;
  for (Op op : ops)
    for (double da : real_edges<T>())
      for (double db : real_edges<T>()) {
        T a = T(da), b = T(db);
        fold::RealFoldResult f = fold::fold_real(op, k, double(a), double(b));
        std::optional<double> r;
        switch (op) {
          case Op::Add: r = run([&] { return double(occ::add<T>(a, b, &kSite)); }); break;
          case Op::Sub: r = run([&] { return double(occ::sub<T>(a, b, &kSite)); }); break;
          case Op::Mul: r = run([&] { return double(occ::mul<T>(a, b, &kSite)); }); break;
          case Op::Div: r = run([&] { return double(occ::div<T>(a, b, &kSite)); }); break;
          case Op::Rem: r = run([&] { return double(occ::rem<T>(a, b, &kSite)); }); break;
          case Op::Eq: r = a == b; break;
          case Op::Ne: r = a != b; break;
          case Op::Lt: r = a < b; break;
          case Op::Gt: r = a > b; break;
          case Op::Le: r = a <= b; break;
          default: r = a >= b; break;
        }
        bool same = f.error ? !r : (r && (*r == f.value || (std::isnan(*r) && std::isnan(f.value))) &&
                                    std::signbit(*r) == std::signbit(f.value));
        if (!same && ++bad <= 5)
          FAIL_CHECK(std::string(name) << " " << da << " " << transit::occam::ast::op_spelling(op) << " " << db << ": folded "
                          << (f.error ? std::string(f.error) : std::to_string(f.value)) << ", run "
                          << (r ? std::to_string(*r) : std::string("error")));
      }
  // Conversions to this real type from REAL64 and from INT64 values, ROUND and TRUNC.
  for (long double v : {0.0L, 1.0L, 0.1L, 1e39L, -1e39L, 3.4028235677973366e38L, 16777217.0L, 9007199254740993.0L,
                        -16777217.0L}) {
    for (bool trunc : {false, true}) {
      bool integral = v == std::trunc(v) && std::fabs(v) < 9.2e18L;
      fold::RealFoldResult f = fold::convert_to_real(k, integral ? (long double)std::int64_t(v) : (long double)double(v), trunc);
      auto r = run([&] {
        if (integral) {
          occ::INT64 x = occ::INT64(v);
          return double(trunc ? occ::conv<T, occ::Trunc>(x, &kSite) : occ::conv<T, occ::Round>(x, &kSite));
        }
        double x = double(v);
        return double(trunc ? occ::conv<T, occ::Trunc>(x, &kSite) : occ::conv<T, occ::Round>(x, &kSite));
      });
      bool same = f.error ? !r : (r && *r == f.value);
      if (!same) FAIL_CHECK(std::string(name) << (trunc ? " TRUNC " : " ROUND ") << double(v));
    }
  }
}

}  // namespace

TEST_CASE("folded integer operators agree with the run-time operators on every type") {
  CHECK(integer_disagreements<occ::BYTE>(TypeKind::Byte, "BYTE") == 0);
  CHECK(integer_disagreements<occ::INT16>(TypeKind::Int16, "INT16") == 0);
  CHECK(integer_disagreements<occ::INT32>(TypeKind::Int32, "INT32") == 0);
  CHECK(integer_disagreements<occ::INT>(TypeKind::Int, "INT") == 0);
  CHECK(integer_disagreements<occ::INT64>(TypeKind::Int64, "INT64") == 0);
}

TEST_CASE("AFTER on BYTE is the circular comparison generated code makes (6 AFTER 10 is FALSE)") {
  CHECK(fold::fold_int(Op::After, TypeKind::Byte, 6, 10).value == 0);
  CHECK(fold::fold_int(Op::After, TypeKind::Byte, 10, 6).value == 1);
  CHECK(occ::after<occ::BYTE>(6, 10) == false);
}

TEST_CASE("folded conversions agree with the run-time conversions") {
  conversions_to<occ::BYTE>(TypeKind::Byte, "BYTE");
  conversions_to<occ::INT16>(TypeKind::Int16, "INT16");
  conversions_to<occ::INT32>(TypeKind::Int32, "INT32");
  conversions_to<occ::INT64>(TypeKind::Int64, "INT64");
}

TEST_CASE("folded real operators and conversions agree with the run-time ones") {
  real_disagreements<occ::REAL32>(TypeKind::Real32, "REAL32");
  real_disagreements<occ::REAL64>(TypeKind::Real64, "REAL64");
}
