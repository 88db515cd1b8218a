// The IR's own data: type interning, occam sizes, the built-in table, the printer.
#include <doctest/doctest.h>

#include "transit/occam/lang/builtins.h"
#include "transit/occam/ir/ir.h"
#include "transit/occam/ir/print.h"

using namespace transit::occam;
using namespace transit::occam::ir;

TEST_CASE("equal types intern to one id") {
  Module m;
  TypeId a = m.array(m.prim(Prim::Int), 4);
  TypeId b = m.array(m.prim(Prim::Int), 4);
  CHECK(a == b);
  CHECK(m.array(m.prim(Prim::Int), 5) != a);
  CHECK(m.array(m.prim(Prim::Int), kNone) != a);
  CHECK(m.chan(m.simple_protocol(m.prim(Prim::Byte))) == m.chan(m.simple_protocol(m.prim(Prim::Byte))));
}

TEST_CASE("sizes follow occam: INT is four bytes, records align to the word") {
  Module m;
  CHECK(bytes_of(m, m.prim(Prim::Int)) == 4);
  CHECK(bytes_of(m, m.prim(Prim::Int64)) == 8);
  CHECK(bytes_of(m, m.prim(Prim::Bool)) == 1);
  CHECK(bytes_of(m, m.array(m.array(m.prim(Prim::Int16), 3), 2)) == 12);
  CHECK(bytes_of(m, m.array(m.prim(Prim::Int), kNone)) == kNone);
  m.records.push_back(Record{"R", false, {{"b", m.prim(Prim::Byte)}, {"i", m.prim(Prim::Int)}}});
  CHECK(bytes_of(m, m.record(0)) == 8);
  m.records.push_back(Record{"P", true, {{"b", m.prim(Prim::Byte)}, {"i", m.prim(Prim::Int)}}});
  CHECK(bytes_of(m, m.record(1)) == 5);
}

TEST_CASE("the built-in table finds routines by their occam names") {
  std::int32_t i = find_builtin("LONGPROD");
  REQUIRE(i >= 0);
  const Builtin& longprod = builtins()[std::size_t(i)];
  CHECK(longprod.params.count == 3);
  CHECK(longprod.results.count == 2);
  CHECK(longprod.results.at[0] == BuiltinType::INT);
  CHECK(&builtin(BuiltinId::LONGPROD) == &longprod);
  CHECK(builtins()[std::size_t(find_builtin("FLOATING.UNPACK"))].id == "FLOATING_UNPACK");
  CHECK(builtins()[std::size_t(find_builtin("ASSERT"))].kind == BuiltinKind::PROC);
  CHECK(builtin(BuiltinId::DARGUMENT_REDUCE).results.at[1] == BuiltinType::INT32);
  CHECK(find_builtin("NOSUCH") == -1);
  for (const Builtin& b : builtins()) CHECK((b.kind == BuiltinKind::PROC) == (b.results.count == 0));
}

TEST_CASE("the printer shows processes with their sites and checks") {
  Module m;
  m.files = {"", "t.occ"};
  TypeId INT = m.prim(Prim::Int);
  VarId x = m.add_var("x", INT, VarKind::Local);
  Expr v;
  v.kind = ExprKind::Var;
  v.var = x;
  v.type = INT;
  Expr one;
  one.kind = ExprKind::IntLit;
  one.type = INT;
  one.int_value = 1;
  Expr sum;
  sum.kind = ExprKind::Binary;
  sum.op = Op::Add;
  sum.check = true;
  sum.type = INT;
  sum.args = {v, one};
  Process a;
  a.kind = ProcKind::Assign;
  a.site = {1, 3, 5};
  a.lhs = {v};
  a.rhs = {sum};
  Proc p;
  p.name = "p";
  p.body = a;
  m.procs.push_back(p);
  std::string text = print(m);
  CHECK(text.find("ASSIGN x#0 := (x#0 +! 1(INT))    @3:5") != std::string::npos);
}
