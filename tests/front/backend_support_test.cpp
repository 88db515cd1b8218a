// The occam support library that generated C++ calls: checked arithmetic, conversions, arrays,
// messages and the built-in library, against the occam 2.1 definitions.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "occam_support.h"

namespace {

const transit::Site kSite{"t.occ", 7, 3, "main"};

template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const transit::RuntimeError& e) {
    CHECK(e.site().line == 7);
    return e.what();
  }
  return "";
}

}  // namespace

using namespace occ;

TEST_CASE("checked integer arithmetic stops on overflow and division by zero") {
  CHECK(add<INT>(2, 3, &kSite) == 5);
  CHECK(error_of([] { add<INT>(std::numeric_limits<INT>::max(), 1, &kSite); }).find("overflow") != std::string::npos);
  CHECK(error_of([] { sub<INT16>(-32768, 1, &kSite); }).find("overflow") != std::string::npos);
  CHECK(error_of([] { mul<BYTE>(16, 16, &kSite); }).find("overflow") != std::string::npos);
  CHECK(error_of([] { div<INT>(1, 0, &kSite); }).find("zero") != std::string::npos);
  CHECK(error_of([] { div<INT>(std::numeric_limits<INT>::min(), -1, &kSite); }).find("overflow") != std::string::npos);
  CHECK(error_of([] { neg<INT64>(std::numeric_limits<INT64>::min(), &kSite); }).find("overflow") != std::string::npos);
  CHECK(div<INT>(-7, 2, &kSite) == -3);  // truncates towards zero
  CHECK(rem<INT>(-7, 2, &kSite) == -1);  // sign of the dividend
  CHECK(rem<INT>(std::numeric_limits<INT>::min(), -1, &kSite) == 0);
}

TEST_CASE("modulo arithmetic wraps and AFTER compares on the circle") {
  CHECK(plus<INT>(std::numeric_limits<INT>::max(), 1) == std::numeric_limits<INT>::min());
  CHECK(times<INT>(65536, 65536) == 0);
  CHECK(minus<BYTE>(0, 1) == 255);
  CHECK(after<INT>(std::numeric_limits<INT>::min(), std::numeric_limits<INT>::max()));
  CHECK(!after<INT>(5, 5));
}

TEST_CASE("shifts allow 0 to the width, and nothing else") {
  CHECK(shl<INT>(1, 31, &kSite) == std::numeric_limits<INT>::min());
  CHECK(shl<INT>(1, 32, &kSite) == 0);
  CHECK(shr<INT>(-1, 28, &kSite) == 15);  // logical
  CHECK(!error_of([] { shl<INT>(1, 33, &kSite); }).empty());
  CHECK(!error_of([] { shr<INT>(1, -1, &kSite); }).empty());
}

TEST_CASE("real arithmetic errors: overflow to infinity and division by zero") {
  CHECK(add<REAL32>(1.5f, 2.25f, &kSite) == 3.75f);
  CHECK(!error_of([] { mul<REAL32>(3e38f, 10.0f, &kSite); }).empty());
  CHECK(!error_of([] { div<REAL64>(1.0, 0.0, &kSite); }).empty());
}

TEST_CASE("conversions: range checks, ROUND to nearest even, TRUNC towards zero") {
  CHECK(conv<BYTE, Exact>(INT(255), &kSite) == 255);
  CHECK(!error_of([] { conv<BYTE, Exact>(INT(256), &kSite); }).empty());
  CHECK(!error_of([] { conv<BOOL, Exact>(INT(2), &kSite); }).empty());
  CHECK(conv<INT, Round>(2.5, &kSite) == 2);
  CHECK(conv<INT, Round>(3.5, &kSite) == 4);
  CHECK(conv<INT, Trunc>(-2.7, &kSite) == -2);
  CHECK(!error_of([] { conv<INT, Round>(3e9, &kSite); }).empty());
  CHECK(conv<REAL32, Trunc>(INT(16777217), &kSite) == 16777216.0f);
  CHECK(conv<REAL32, Round>(INT(16777219), &kSite) == 16777220.0f);
  CHECK(conv<REAL32, Trunc>(0.1, &kSite) <= 0.1f);
}

TEST_CASE("arrays: bounds, slices, shapes and RETYPES") {
  Fixed<INT, 2, 3> m{};
  auto v = m.v();
  v.at(1, &kSite).at(2, &kSite) = 7;
  CHECK(m.data[5] == 7);
  CHECK(!error_of([&] { v.at(2, &kSite); }).empty());
  CHECK(!error_of([&] { v.at(-1, &kSite); }).empty());
  Fixed<INT, 5> a{{1, 2, 3, 4, 5}};
  auto s = a.v().slice(1, 3, &kSite);
  CHECK(s.size() == 3);
  CHECK(s.elem(0) == 2);
  CHECK(!error_of([&] { a.v().slice(3, 3, &kSite); }).empty());
  assign(a.v().slice(0, 3, &kSite), a.v().slice(2, 3, &kSite), &kSite);  // overlapping copy
  CHECK(a.data[0] == 3);
  CHECK(a.data[2] == 5);
  CHECK(!error_of([&] { assign(a.v(), s, &kSite); }).empty());
  INT x = 0x04030201;
  auto bytes = retype_view<BYTE, 1>(address_of(x), bytes_of(x), {INT(-1)}, &kSite);
  CHECK(bytes.size() == 4);
  CHECK(bytes.elem(0) == 1);
  CHECK(!error_of([&] { retype_view<INT64, 1>(address_of(x), bytes_of(x), {INT(1)}, &kSite); }).empty());
}

TEST_CASE("a table of open arrays takes its size from its first array element") {
  Fixed<INT, 2> a{{1, 2}}, b{{3, 4}};
  Fixed<INT, 3> c{{5, 6, 7}};
  Table<INT, 2> t({2, -1});  // [a, b]
  t.put({0}, a.v(), &kSite);
  t.put({1}, b.v(), &kSite);
  CHECK(t.v().dim[1] == 2);
  CHECK(t.v().elem(1).elem(0) == 3);
  Table<INT, 2> u({2, 2});  // [[9, 8], a]: the nested table gives the size
  u.at({0, 0}) = 9;
  u.at({0, 1}) = 8;
  u.put({1}, a.v(), &kSite);
  CHECK(u.v().elem(0).elem(1) == 8);
  CHECK(u.v().elem(1).elem(1) == 2);
  Table<INT, 3> deep({2, 2, -1});  // [[a, b], [b, a]]
  deep.put({0, 0}, a.v(), &kSite);
  deep.put({1, 1}, a.v(), &kSite);
  CHECK(deep.v().elem(1).elem(1).elem(1) == 2);
  Table<INT, 2> bad({2, -1});  // [a, c]
  bad.put({0}, a.v(), &kSite);
  CHECK(error_of([&] { bad.put({1}, c.v(), &kSite); }).find("sizes differ") != std::string::npos);
}

TEST_CASE("an open array bound to a sized name must have its size") {
  Fixed<INT, 2, 3> m{};
  CHECK(sized<2, 3>(m.v(), &kSite).data == m.data);
  CHECK(sized<-1, 3>(m.v(), &kSite).dim[0] == 2);
  CHECK(error_of([&] { sized<3, 3>(m.v(), &kSite); }).find("size") != std::string::npos);
  CHECK(error_of([&] { sized<-1, 2>(m.v(), &kSite); }).find("size") != std::string::npos);
}

TEST_CASE("packets carry sequential, counted and variant messages") {
  Packet p;
  p.put_tag(2);
  p.put(INT(42));
  Fixed<BYTE, 4> text{{'a', 'b', 'c', 'd'}};
  p.put_counted(INT(3), text.v(), &kSite);
  CHECK(p.tag() == 2);
  p.skip_tag();
  INT n = 0, len = 0;
  Fixed<BYTE, 8> into{};
  p.get(n, &kSite);
  p.get_counted(len, into.v(), &kSite);
  CHECK(n == 42);
  CHECK(len == 3);
  CHECK(into.data[2] == 'c');
  Packet q;
  q.put(INT(9));
  Fixed<BYTE, 2> small{};
  q.skip_tag();  // a wrong read: fewer bytes than asked
  CHECK(!error_of([&] { INT64 big = 0; q.get(big, &kSite); }).empty());
  Packet r;
  CHECK(!error_of([&] { r.put_counted(INT(5), small.v(), &kSite); }).empty());
}

TEST_CASE("the integer library: double-word arithmetic") {
  auto [carry, sum] = lib::LONGSUM(-1, 1, 0, &kSite);
  CHECK(carry == 1);
  CHECK(sum == 0);
  auto [hi, lo] = lib::LONGPROD(0x10000, 0x10000, 5, &kSite);
  CHECK(hi == 1);
  CHECK(lo == 5);
  auto [q, r] = lib::LONGDIV(1, 0, 3, &kSite);
  CHECK(q == 0x55555555);
  CHECK(r == 1);
  CHECK(!error_of([] { lib::LONGDIV(3, 0, 3, &kSite); }).empty());
  CHECK(!error_of([] { lib::LONGADD(std::numeric_limits<INT>::max(), 0, 1, &kSite); }).empty());
  auto [places, nh, nl] = lib::NORMALISE(0, 1, &kSite);
  CHECK(places == 63);
  CHECK(nh == std::numeric_limits<INT>::min());
  CHECK(nl == 0);
  auto [sh, sl] = lib::SHIFTLEFT(0, -1, 4, &kSite);
  CHECK(sh == 15);
  CHECK(sl == -16);
  CHECK(lib::FRACMUL(1 << 30, 1 << 30, &kSite) == 1 << 29);  // 0.5 * 0.5
  CHECK(lib::ROTATELEFT(std::numeric_limits<INT>::min(), 1, &kSite) == 1);
  CHECK(lib::BITCOUNT(0xff, 1, &kSite) == 9);
  CHECK(lib::BITREVNBITS(1, 4, &kSite) == 8);
}

TEST_CASE("the floating-point library") {
  auto [e, m] = lib::FLOATING_UNPACK(12.0f, &kSite);
  CHECK(e == 3);
  CHECK(m == 1.5f);
  CHECK(lib::SCALEB(1.0f, 4, &kSite) == 16.0f);
  CHECK(lib::DCOPYSIGN(2.0, -0.0, &kSite) == -2.0);
  CHECK(lib::IEEECOMPARE(1.0f, std::nanf(""), &kSite) == 2);
  CHECK(lib::FPINT(2.5f, &kSite) == 2.0f);
  CHECK(!error_of([] { lib::ASSERT(false, &kSite); }).empty());
}

TEST_CASE("every FUNCTION of the table of predefined routines is defined in the library") {
  // Linking this takes each routine from the library: a row declared but not defined fails the build.
  std::vector<const void*> routines;
#define ROUTINE_FUNCTION(id) routines.push_back(reinterpret_cast<const void*>(&lib::id));
#define ROUTINE_PROC(id)
#define BUILTIN(id, name, kind, params, results) ROUTINE_##kind(id)
#include "builtins.def"
#undef BUILTIN
#undef ROUTINE_PROC
#undef ROUTINE_FUNCTION
  CHECK(routines.size() > 60);  // the elementary functions (LIBRARY rows) are occam, not here
}
