// The checker: what a valid program may do, hints, and what one diagnostic per fault means. The
// checker's errors themselves are occam programs with `-- expect error` lines in tests/occam
// (scope-errors, type-errors, constant-errors, usage-checks).
#include <doctest/doctest.h>

#include "front_test.h"

using namespace transit::occam;
using test::front;

namespace {
const char* kHead = "PROC main (CHAN BYTE keyboard?, screen!, error!)\n";
std::string prog(const std::string& body) { return std::string(kHead) + body + ":\n"; }
}  // namespace

TEST_CASE("an undeclared name's hint suggests the spelling of a declared one") {
  auto r = front(prog("  INT count:\n  cuont := 1\n"));
  CHECK(r.diagnostics.find("did you mean 'count'?") != std::string::npos);
}

TEST_CASE("types must match exactly; literals take their type from context") {
  auto r = front(prog("  INT i:\n  BYTE b:\n  INT16 s:\n  SEQ\n    b := 65\n    s := 3\n    i := b\n"));
  CHECK(r.diagnostics.find("hint: occam never converts implicitly") != std::string::npos);
  CHECK(front(prog("  REAL32 x:\n  SEQ\n    x := 1.5\n    x := 2.0 * x\n    x := x - 0.5\n")).ok);
  CHECK(front(prog("  REAL64 d:\n  IF\n    d > -2.5\n      SKIP\n    TRUE\n      SKIP\n")).ok);
  CHECK(front(prog("  INT x:\n  x := #FFFFFFFF\n")).ok);  // hex fills the word: -1
}

TEST_CASE("constant folding: VAL sizes, MOSTPOS, SIZE, BYTESIN") {
  auto r = front(
      "VAL INT n IS 4:\n"
      "VAL INT m IS (n * 2) + 1:\n"
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  [m]INT a:\n"
      "  [BYTESIN (INT64)]BYTE b:\n"
      "  VAL INT top IS MOSTPOS INT:\n"
      "  a[(SIZE b) - 1] := top\n"
      ":\n");
  CHECK(test::errors(r) == "");
  CHECK(r.ast.find("a : [9]INT") != std::string::npos);
  CHECK(r.ast.find("b : [8]BYTE") != std::string::npos);
  CHECK(front(prog("  VAL INT x IS (MOSTPOS INT) PLUS 1:\n  SKIP\n")).ok);  // modulo: wraps
}

TEST_CASE("conversions with ROUND or TRUNC between reals and integers") {
  CHECK(front(prog("  REAL32 r:\n  r := REAL32 ROUND 7\n")).ok);
  CHECK(front(prog("  INT i:\n  i := INT TRUNC 2.5(REAL64)\n")).ok);
  CHECK(front(prog("  INT i:\n  i := INT 'a'\n")).ok);
}

TEST_CASE("usage: PAR branches may share what none of them changes, and disjoint parts of an array") {
  CHECK(front(prog("  INT x, y:\n  PAR\n    x := 1\n    y := 2\n")).ok);
  // Distinct constant elements and disjoint slices are independent.
  CHECK(front(prog("  [4]INT a:\n  PAR\n    a[0] := 1\n    a[1] := 2\n    [a FROM 2 FOR 2] := [3, 4]\n")).ok);
}

TEST_CASE("usage: replicated PAR with index-dependent elements is fine") {
  CHECK(front(prog("  [5]CHAN INT c:\n  PAR\n    PAR i = 0 FOR 4\n      INT v:\n      c[i + 1] ? v\n    PAR i = 0 FOR 4\n      c[i] ! i\n    c[4] ! 0\n    INT v:\n    c[0] ? v\n")).ok);
  CHECK(front(prog("  [4]INT a:\n  PAR i = 0 FOR 4\n    a[i] := i\n")).ok);
}

TEST_CASE("the predefined library is in scope with its signatures") {
  auto r = front(prog(
      "  REAL32 r:\n  REAL64 d:\n  INT hi, lo:\n"
      "  SEQ\n"
      "    r := SQRT (2.0(REAL32))\n"
      "    d := DCOS (1.0(REAL64))\n"
      "    hi, lo := LONGPROD (3, 4, 0)\n"
      "    ASSERT (hi = 0)\n"));
  CHECK(test::errors(r) == "");
}

TEST_CASE("the main PROC takes BYTE channels") {
  CHECK(front("PROC main (CHAN OF BYTE keyb, scr, err)\n  SKIP\n:\n").ok);
  CHECK(front("PROC main (CHAN BYTE out!)\n  out ! 'x'\n:\n").ok);
}

TEST_CASE("RESCHEDULE is a predefined PROC without parameters") {
  CHECK(front(prog("  RESCHEDULE ()\n")).ok);
}

TEST_CASE("a replicated PAR with a constant count of 1 or 0 has no instances in parallel") {
  CHECK(front(prog("  INT x:\n  PAR i = 0 FOR 1\n    x := i\n")).ok);
  CHECK(front(prog("  CHAN OF INT c:\n  PAR i = 0 FOR 0\n    c ! i\n")).ok);
}

TEST_CASE("d IS [c0, c1]: abbreviates a table of channels, used by subscript") {
  const std::string chans = "  CHAN OF INT c0, c1:\n  INT x:\n";
  CHECK(front(prog(chans + "  d IS [c0, c1]:\n  PAR\n    d[0] ! 1\n    d[1] ? x\n")).ok);
  CHECK(front(prog(chans + "  []CHAN OF INT d IS [c0, c1]:\n  SEQ i = 0 FOR SIZE d\n    d[i] ! i\n")).ok);
  // Out of its scope, d[k] was the k-th channel.
  CHECK(front(prog(chans + "  PAR\n    d IS [c0, c1]:\n    d[0] ! 1\n    c1 ! 2\n    c0 ? x\n")).diagnostics.find("error") == std::string::npos);
}

TEST_CASE("an undecorated table where a RECORD is needed is a literal of that RECORD") {
  const std::string point = "DATA TYPE POINT\n  RECORD\n    INT x, y:\n:\n";
  CHECK(front(point + prog("  VAL POINT p IS [1, 2]:\n  POINT q:\n  q := [p[y], p[x]]\n")).ok);
  CHECK(front(point + prog("  [2]POINT ps:\n  ps := [[1, 2], [3, 4]]\n")).ok);
}

TEST_CASE("a constant subscript out of range is no error where it is never evaluated") {
  CHECK(front(prog("  [1]BOOL a:\n  BOOL b:\n  b := FALSE AND a[1]\n")).ok);
  CHECK(front(prog("  [1]BOOL a:\n  BOOL b:\n  b := TRUE OR (a[0] AND a[5])\n")).ok);
}

TEST_CASE("SIZE and segments of a channel end have the channel array's size and type") {
  auto r = front(
      "PROC take ([4]CHAN INT in?, CHAN INT out!)\n"
      "  VAL INT n IS SIZE in?:\n"
      "  [2]CHAN INT lo? IS [in? FROM n - 2]:\n"
      "  out ! n\n"
      ":\n" "PROC main (CHAN BYTE keyboard?, screen!, error!)\n  SKIP\n:\n");
  INFO(r.diagnostics);
  CHECK(r.ok);
  CHECK(r.ast.find("(SIZE in@1?){=4}") != std::string::npos);
}

TEST_CASE("a program's own type named BARRIER is its own") {
  CHECK(front("DATA TYPE BARRIER IS INT:\n" + prog("  BARRIER b:\n  b := BARRIER 1\n")).ok);
}

// tests/occam accepts several errors on a line that expects one; these two count them.
TEST_CASE("an error reached twice (a use nested in calls) is reported once") {
  auto r = front(
      "INT FUNCTION f (VAL INT a) IS a:\n" + prog("  INT x, y:\n  SEQ\n    x := 1\n    INT z IS x:\n    y := f (f (x))\n"));
  CHECK(test::errors(r) == "7:16: 'x' cannot be used while it is abbreviated as 'z'\n");
}

TEST_CASE("a call with the wrong number of arguments is one error, channel arguments c! included") {
  auto r = front("PROC show (VAL BOOL b, VAL INT field, CHAN BYTE out!)\n  out ! 'x'\n:\n" + prog("  show (TRUE, screen!)\n"));
  CHECK(test::errors(r) == "5:3: 'show' has 3 parameters but 2 arguments were given\n");
}
