// The checker: scopes, types, constant folding, protocols, and KRoC's usage rules.
#include <doctest/doctest.h>

#include "front_test.h"

using namespace transit::occam;
using test::front;
using test::has_error;

namespace {
const char* kHead = "PROC main (CHAN BYTE keyboard?, screen!, error!)\n";
std::string prog(const std::string& body) { return std::string(kHead) + body + ":\n"; }
}  // namespace

TEST_CASE("names resolve to their declarations; undeclared names suggest a spelling") {
  auto r = front(prog("  INT count:\n  cuont := 1\n"));
  CHECK(has_error(r, 3, "'cuont' is not declared"));
  CHECK(r.diagnostics.find("did you mean 'count'?") != std::string::npos);
  r = front(prog("  SEQ\n    SEQ i = 0 FOR 3\n      SKIP\n    i := 1\n"));
  CHECK(has_error(r, 5, "'i' is not declared"));
}

TEST_CASE("a PROC cannot be called before its declaration (no recursion)") {
  auto r = front("PROC a ()\n  b ()\n:\nPROC b ()\n  SKIP\n:\n");
  CHECK(has_error(r, 2, "'b' is not declared"));
}

TEST_CASE("types must match exactly; literals take their type from context") {
  auto r = front(prog("  INT i:\n  BYTE b:\n  INT16 s:\n  SEQ\n    b := 65\n    s := 3\n    i := b\n"));
  CHECK(has_error(r, 8, "type mismatch in assignment: expected INT, found BYTE"));
  CHECK(r.diagnostics.find("hint: occam never converts implicitly") != std::string::npos);
  CHECK(front(prog("  REAL32 x:\n  SEQ\n    x := 1.5\n    x := 2.0 * x\n    x := x - 0.5\n")).ok);
  CHECK(front(prog("  REAL64 d:\n  IF\n    d > -2.5\n      SKIP\n    TRUE\n      SKIP\n")).ok);
  CHECK(has_error(front(prog("  VAL r IS 1.5:\n  SKIP\n")), 2, "real literal needs its type"));
  CHECK(has_error(front(prog("  INT i:\n  i := INT ROUND 1.5\n")), 3, "real literal needs its type"));
  CHECK(has_error(front(prog("  INT i:\n  i := 1.5\n")), 3, "real literal needs its type"));
  CHECK(has_error(front(prog("  BYTE b:\n  b := 256\n")), 3, "out of range"));
  CHECK(front(prog("  INT x:\n  x := #FFFFFFFF\n")).ok);  // hex fills the word: -1
}

TEST_CASE("constant folding: VAL sizes, MOSTPOS, SIZE, BYTESIN, overflow") {
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
  CHECK(has_error(front(prog("  VAL INT x IS (MOSTPOS INT) + 1:\n  SKIP\n")), 2, "overflow"));
  CHECK(has_error(front(prog("  VAL INT x IS 1 / 0:\n  SKIP\n")), 2, "division by zero"));
  CHECK(front(prog("  VAL INT x IS (MOSTPOS INT) PLUS 1:\n  SKIP\n")).ok);  // modulo: wraps
  CHECK(has_error(front(prog("  INT n:\n  [n]INT a:\n  SKIP\n")), 3, "array size must be a constant"));
  CHECK(has_error(front(prog("  [3]INT a:\n  a[3] := 0\n")), 3, "out of range"));
}

TEST_CASE("conversions need ROUND or TRUNC between reals and integers") {
  CHECK(has_error(front(prog("  REAL32 r:\n  r := REAL32 7\n")), 3, "ROUND or TRUNC"));
  CHECK(front(prog("  REAL32 r:\n  r := REAL32 ROUND 7\n")).ok);
  CHECK(front(prog("  INT i:\n  i := INT TRUNC 2.5(REAL64)\n")).ok);
  CHECK(front(prog("  INT i:\n  i := INT 'a'\n")).ok);
}

TEST_CASE("protocol checks on output and input") {
  auto r = front(
      "PROTOCOL P IS INT; BYTE:\n"
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  CHAN P c:\n"
      "  CHAN INT d:\n"
      "  INT x:\n"
      "  PAR\n"
      "    c ! 1\n"
      "    c ? x; x\n"
      "    d ! TRUE\n"
      "    d ? x\n"
      ":\n");
  CHECK(has_error(r, 7, "has 1 item but its protocol has 2"));
  CHECK(has_error(r, 8, "type mismatch in input: expected BYTE, found INT"));
  CHECK(has_error(r, 9, "expected INT, found BOOL"));
}

TEST_CASE("variant tags are checked against the channel's protocol") {
  auto r = front(
      "PROTOCOL M\n  CASE\n    a; INT\n    b\n:\n"
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  CHAN M c:\n"
      "  INT x:\n"
      "  PAR\n"
      "    c ! z\n"
      "    c ? x\n"
      ":\n");
  CHECK(has_error(r, 10, "'z' is not a tag"));
  CHECK(has_error(r, 11, "must use '? CASE'"));
}

TEST_CASE("usage: a variable assigned in one PAR branch is not used in another") {
  auto r = front(prog("  INT x, y:\n  PAR\n    x := 1\n    y := x\n"));
  CHECK(has_error(r, 5, "'x' is assigned in one branch of a PAR and used in another"));
  CHECK(front(prog("  INT x, y:\n  PAR\n    x := 1\n    y := 2\n")).ok);
  // Distinct constant elements and disjoint slices are independent.
  CHECK(front(prog("  [4]INT a:\n  PAR\n    a[0] := 1\n    a[1] := 2\n    [a FROM 2 FOR 2] := [3, 4]\n")).ok);
  // Variable subscripts cannot be shown disjoint.
  CHECK(!front(prog("  [4]INT a:\n  INT i, j:\n  SEQ\n    i, j := 0, 1\n    PAR\n      a[i] := 1\n      a[j] := 2\n")).ok);
}

TEST_CASE("usage: one reader and one writer per channel, also through PROC calls") {
  auto r = front(prog("  CHAN INT c:\n  INT x, y:\n  PAR\n    c ! 1\n    c ? x\n    c ? y\n"));
  CHECK(has_error(r, 7, "channel 'c' is read in two branches of a PAR"));
  r = front(
      "PROC send (CHAN INT out!)\n  out ! 1\n:\n"
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  CHAN INT c:\n"
      "  INT x:\n"
      "  PAR\n"
      "    send (c!)\n"
      "    send (c!)\n"
      "    c ? x\n"
      ":\n");
  CHECK(has_error(r, 9, "channel 'c' is written in two branches of a PAR"));
}

TEST_CASE("usage: replicated PAR with index-dependent elements is fine, shared ones are not") {
  CHECK(front(prog("  [5]CHAN INT c:\n  PAR\n    PAR i = 0 FOR 4\n      INT v:\n      c[i + 1] ? v\n    PAR i = 0 FOR 4\n      c[i] ! i\n    INT v:\n    c[3] ! 0\n    INT v:\n    c[0] ? v\n")).ok == false);
  CHECK(front(prog("  [5]CHAN INT c:\n  PAR\n    PAR i = 0 FOR 4\n      INT v:\n      c[i + 1] ? v\n    PAR i = 0 FOR 4\n      c[i] ! i\n    c[4] ! 0\n    INT v:\n    c[0] ? v\n")).ok);
  auto r = front(prog("  INT total:\n  PAR i = 0 FOR 4\n    total := i\n"));
  CHECK(has_error(r, 4, "assigned in every instance"));
  CHECK(front(prog("  [4]INT a:\n  PAR i = 0 FOR 4\n    a[i] := i\n")).ok);
}

TEST_CASE("usage: a free variable changed by a PROC counts at the call") {
  auto r = front(
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  INT x:\n"
      "  PROC bump ()\n    x := x + 1\n  :\n"
      "  PAR\n"
      "    bump ()\n"
      "    x := 3\n"
      ":\n");
  CHECK(has_error(r, 8, "'x' is assigned in two branches of a PAR"));
}

TEST_CASE("aliasing: an abbreviated variable is used only through its abbreviation") {
  auto r = front(prog("  INT x:\n  INT y IS x:\n  SEQ\n    y := 1\n    x := 2\n"));
  CHECK(has_error(r, 6, "'x' cannot be used while it is abbreviated as 'y'"));
  r = front(prog("  INT x:\n  VAL INT y IS x:\n  x := y\n"));
  CHECK(has_error(r, 4, "cannot be changed while 'y' is a VAL abbreviation"));
  r = front("PROC two (INT a, INT b)\n  a := b\n:\nPROC main ()\n  INT x:\n  two (x, x)\n:\n");
  CHECK(has_error(r, 6, "passed twice by reference"));
}

TEST_CASE("VAL parameters, VAL abbreviations and replicator indices cannot be assigned") {
  CHECK(has_error(front("PROC p (VAL INT n)\n  n := 1\n:\n"), 2, "it is a VAL parameter"));
  CHECK(has_error(front(prog("  SEQ i = 0 FOR 2\n    i := 1\n")), 3, "replicator index"));
}

TEST_CASE("FUNCTIONs: VAL parameters only, no side effects, RESULT count") {
  CHECK(has_error(front("INT FUNCTION f (INT x) IS x:\n"), 1, "must be VAL"));
  auto r = front(
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  INT g:\n"
      "  INT FUNCTION f (VAL INT x)\n"
      "    VALOF\n"
      "      g := x\n"
      "      RESULT x\n"
      "  :\n"
      "  g := f (1)\n"
      ":\n");
  CHECK(has_error(r, 5, "a FUNCTION cannot assign to 'g'"));
  CHECK(has_error(front("INT FUNCTION f (VAL INT x) IS x, x:\n"), 1, "RESULT gives 2 values"));
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
  CHECK(has_error(front(prog("  REAL32 r:\n  r := SQRT (2)\n")), 3, "expected REAL32"));
}

TEST_CASE("CASE options must be distinct constants; one ELSE") {
  auto r = front(prog("  INT x, y:\n  SEQ\n    x := 1\n    CASE x\n      1\n        SKIP\n      1\n        SKIP\n      y\n        SKIP\n"));
  CHECK(has_error(r, 8, "duplicate CASE option"));
  CHECK(has_error(r, 10, "must be a constant"));
}

TEST_CASE("the main PROC takes BYTE channels only") {
  CHECK(has_error(front("PROC main (INT x)\n  SKIP\n:\n"), 1, "main PROC 'main' must take BYTE channels"));
  CHECK(front("PROC main (CHAN OF BYTE keyb, scr, err)\n  SKIP\n:\n").ok);
  CHECK(front("PROC main (CHAN BYTE out!)\n  out ! 'x'\n:\n").ok);
}

TEST_CASE("channel directions are enforced") {
  auto r = front("PROC p (CHAN INT in?)\n  in ! 1\n:\n");
  CHECK(has_error(r, 2, "declared for input"));
}

TEST_CASE("RESCHEDULE is a predefined PROC without parameters") {
  CHECK(front(prog("  RESCHEDULE ()\n")).ok);
  CHECK(has_error(front(prog("  RESCHEDULE (1)\n")), 2, "has 0 parameters"));
  CHECK(has_error(front(prog("  INT x:\n  x := RESCHEDULE ()\n")), 3, "is a PROC"));
}

TEST_CASE("a replicated PAR with a constant count of 1 or 0 has no instances in parallel") {
  CHECK(front(prog("  INT x:\n  PAR i = 0 FOR 1\n    x := i\n")).ok);
  CHECK(front(prog("  CHAN OF INT c:\n  PAR i = 0 FOR 0\n    c ! i\n")).ok);
  CHECK(has_error(front(prog("  INT x:\n  PAR i = 0 FOR 2\n    x := i\n")), 4, "assigned in every instance"));
  CHECK(has_error(front(prog("  INT x, n:\n  PAR i = 0 FOR n\n    x := i\n")), 4, "assigned in every instance"));
}

TEST_CASE("d IS [c0, c1]: abbreviates a table of channels, used by subscript") {
  const std::string chans = "  CHAN OF INT c0, c1:\n  INT x:\n";
  CHECK(front(prog(chans + "  d IS [c0, c1]:\n  PAR\n    d[0] ! 1\n    d[1] ? x\n")).ok);
  CHECK(front(prog(chans + "  []CHAN OF INT d IS [c0, c1]:\n  SEQ i = 0 FOR SIZE d\n    d[i] ! i\n")).ok);
  CHECK(has_error(front(prog(chans + "  d IS [c0, c1]:\n  e IS d:\n  SKIP\n")), 5, "abbreviates a table of channels"));
  CHECK(has_error(front(prog(chans + "  d IS [c1, c1]:\n  SKIP\n")), 4, "listed twice"));
  CHECK(has_error(front(prog(chans + "  d IS [x, x]:\n  SKIP\n")), 4, "only a variable or channel"));
  CHECK(has_error(front(prog(chans + "  VAL d IS [c0]:\n  SKIP\n")), 4, "a channel is not a value"));
  // Out of its scope, d[k] was the k-th channel; d[i] (i unknown) any of them.
  CHECK(front(prog(chans + "  PAR\n    d IS [c0, c1]:\n    d[0] ! 1\n    c1 ! 2\n    c0 ? x\n")).diagnostics.find("error") == std::string::npos);
  CHECK(has_error(front(prog(chans + "  PAR\n    d IS [c0, c1]:\n    d[x] ! 1\n    c1 ! 2\n")), 7, "written in two branches"));
}

TEST_CASE("an undecorated table where a RECORD is needed is a literal of that RECORD") {
  const std::string point = "DATA TYPE POINT\n  RECORD\n    INT x, y:\n:\n";
  CHECK(front(point + prog("  VAL POINT p IS [1, 2]:\n  POINT q:\n  q := [p[y], p[x]]\n")).ok);
  CHECK(front(point + prog("  [2]POINT ps:\n  ps := [[1, 2], [3, 4]]\n")).ok);
  CHECK(has_error(front(point + prog("  VAL POINT p IS [1, 2, 3]:\n  SKIP\n")), 6, "record literal has 3 values"));
  CHECK(has_error(front(point + prog("  VAL t IS [1, 2]:\n  VAL POINT p IS t:\n  SKIP\n")), 7, "expected POINT, found [2]INT"));
}

TEST_CASE("a constant subscript out of range is no error where it is never evaluated") {
  CHECK(front(prog("  [1]BOOL a:\n  BOOL b:\n  b := FALSE AND a[1]\n")).ok);
  CHECK(front(prog("  [1]BOOL a:\n  BOOL b:\n  b := TRUE OR (a[0] AND a[5])\n")).ok);
  CHECK(has_error(front(prog("  [1]BOOL a:\n  BOOL b:\n  b := TRUE AND a[1]\n")), 4, "out of range"));
  CHECK(has_error(front(prog("  [1]BOOL a:\n  BOOL b:\n  b := a[1] OR TRUE\n")), 4, "out of range"));
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

TEST_CASE("an undeclared type named BARRIER or MOBILE names the occam-pi feature") {
  auto r = front(prog("  BARRIER b:\n  SKIP\n"));
  CHECK(test::errors(r) == "2:3: occam-pi's BARRIERs are not supported by Transit\n");
  r = front("PROC w (BARRIER b, CHAN INT c!)\n  c ! 1\n:\n" + prog("  SKIP\n"));
  CHECK(test::errors(r) == "1:9: occam-pi's BARRIERs are not supported by Transit\n");
  r = front("DATA TYPE BARRIER IS INT:\n" + prog("  BARRIER b:\n  b := BARRIER 1\n"));  // a program's own type
  CHECK(r.ok);
  r = front(prog("  MOBILE m:\n  SKIP\n"));  // MOBILE with its type left out
  CHECK(test::errors(r) == "2:3: occam-pi's MOBILE types are not supported by Transit\n");
  // no other occam-pi word is a type in occam-pi either: undeclared is the truth
  r = front(prog("  REC r:\n  SYNC (r)\n"));
  CHECK(test::errors(r) == "2:3: 'REC' is not declared\n3:3: 'SYNC' is not declared\n");
}

TEST_CASE("an error reached twice (a use nested in calls) is reported once") {
  auto r = front(
      "INT FUNCTION f (VAL INT a) IS a:\n" + prog("  INT x, y:\n  SEQ\n    x := 1\n    INT z IS x:\n    y := f (f (x))\n"));
  CHECK(test::errors(r) == "7:16: 'x' cannot be used while it is abbreviated as 'z'\n");
}

TEST_CASE("a call with the wrong number of arguments is one error, channel arguments c! included") {
  auto r = front("PROC show (VAL BOOL b, VAL INT field, CHAN BYTE out!)\n  out ! 'x'\n:\n" + prog("  show (TRUE, screen!)\n"));
  CHECK(test::errors(r) == "5:3: 'show' has 3 parameters but 2 arguments were given\n");
}
