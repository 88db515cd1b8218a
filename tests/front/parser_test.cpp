// The parser: every construct to the AST (checked through the dump), occam's operator rule, and
// error recovery that reports several mistakes in one run.
#include <doctest/doctest.h>

#include "front_test.h"

using namespace transit::occam;
using test::front;
using test::has_error;

namespace {
const char* kHead = "PROC main (CHAN BYTE keyboard?, screen!, error!)\n";
std::string prog(const std::string& body) { return std::string(kHead) + body + ":\n"; }
}  // namespace

TEST_CASE("declarations, SEQ, assignment and multiple assignment") {
  auto r = front(prog("  INT a, b:\n  SEQ\n    a := 1\n    a, b := b, a\n"));
  CHECK(r.ok);
  CHECK(r.ast.find("Decl Variable a : INT") != std::string::npos);
  CHECK(r.ast.find("Assign a@2, b@2 := b@2, a@2") != std::string::npos);
}

TEST_CASE("mixing operators without parentheses is a parse error with a hint") {
  auto r = front(prog("  INT a:\n  a := 1 + 2 * 3\n"));
  CHECK(!r.ok);
  CHECK(has_error(r, 3, "mixing '+' and '*' needs parentheses"));
  CHECK(r.diagnostics.find("hint: occam has no operator precedence") != std::string::npos);
  CHECK(front(prog("  INT a:\n  a := 1 + (2 * 3)\n")).ok);
  CHECK(front(prog("  INT a:\n  a := (1 + 2) + 3\n")).ok);
  CHECK(front(prog("  BOOL b:\n  b := TRUE AND FALSE AND TRUE\n")).ok);  // AND chains
  CHECK(!front(prog("  INT a:\n  a := 9 - 2 - 3\n")).ok);               // - does not
  CHECK(!front(prog("  BOOL b:\n  b := NOT TRUE AND FALSE\n")).ok);
  CHECK(front(prog("  BOOL b:\n  b := TRUE AND NOT FALSE\n")).ok);
}

TEST_CASE("PAR, PRI PAR, PLACED PAR and PROCESSOR") {
  auto r = front(prog(
      "  CHAN INT c:\n  INT x:\n  PRI PAR\n    c ! 1\n    c ? x\n"));
  CHECK(r.ok);
  CHECK(r.ast.find("PriPar") != std::string::npos);
  r = front(prog("  PLACED PAR\n    PROCESSOR 0\n      SKIP\n    PROCESSOR 1\n      SKIP\n"));
  CHECK(r.ok);
  CHECK(r.ast.find("PlacedPar") != std::string::npos);
  CHECK(r.ast.find("Processor 1") != std::string::npos);
}

TEST_CASE("IF with nested and replicated IFs, WHILE, CASE with ELSE") {
  auto r = front(prog(
      "  INT x:\n"
      "  SEQ\n"
      "    x := 3\n"
      "    IF\n"
      "      x = 1\n"
      "        SKIP\n"
      "      IF i = 0 FOR 3\n"
      "        x = i\n"
      "          SKIP\n"
      "      TRUE\n"
      "        SKIP\n"
      "    WHILE x > 0\n"
      "      x := x - 1\n"
      "    CASE x\n"
      "      0, 1\n"
      "        SKIP\n"
      "      ELSE\n"
      "        STOP\n"));
  CHECK(r.ok);
  CHECK(r.ast.find("If i = 0 FOR 3") != std::string::npos);
  CHECK(r.ast.find("option 0, 1") != std::string::npos);
  CHECK(r.ast.find("ELSE") != std::string::npos);
}

TEST_CASE("ALT with every guard kind, PRI ALT and replicated ALT") {
  auto r = front(prog(
      "  [2]CHAN INT c:\n"
      "  TIMER tim:\n"
      "  INT x, t:\n"
      "  BOOL ok:\n"
      "  SEQ\n"
      "    ok := TRUE\n"
      "    tim ? t\n"
      "    PRI ALT\n"
      "      c[0] ? x\n"
      "        SKIP\n"
      "      ok & c[1] ? x\n"
      "        SKIP\n"
      "      tim ? AFTER t PLUS 100\n"
      "        SKIP\n"
      "      ok & SKIP\n"
      "        SKIP\n"
      "      ALT i = 0 FOR 2\n"
      "        c[i] ? x\n"
      "          SKIP\n"));
  CHECK(r.ok);
  CHECK(r.ast.find("PriAlt") != std::string::npos);
  CHECK(r.ast.find("guard ok@5 & SKIP") != std::string::npos);
  CHECK(r.ast.find("DelayedInput tim@3 ? AFTER") != std::string::npos);
}

TEST_CASE("PROC and FUNCTION forms, INLINE, RESULT and direction specifiers") {
  auto r = front(
      "INT FUNCTION sq (VAL INT x) IS x * x:\n"
      "INT, INT FUNCTION divmod (VAL INT a, b)\n"
      "  INT q:\n"
      "  VALOF\n"
      "    q := a / b\n"
      "    RESULT q, a \\ b\n"
      ":\n"
      "INLINE PROC put (CHAN INT out!, VAL INT v)\n"
      "  out ! v\n"
      ":\n"
      "PROC get (CHAN INT in?, RESULT INT v)\n"
      "  in ? v\n"
      ":\n"
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  CHAN INT c:\n"
      "  INT q, m, v:\n"
      "  SEQ\n"
      "    q, m := divmod (sq (7), 5)\n"
      "    PAR\n"
      "      put (c!, q)\n"
      "      get (c?, v)\n"
      ":\n");
  CHECK(r.ok);
  CHECK(r.ast.find("INLINE Proc put") != std::string::npos);
  CHECK(r.ast.find("formal RESULT Formal v : INT") != std::string::npos);
  CHECK(r.ast.find("Function divmod -> INT INT") != std::string::npos);
}

TEST_CASE("protocols: simple, counted, sequential, variant, ANY, and CASE input") {
  auto r = front(
      "PROTOCOL PAIR IS INT; BYTE:\n"
      "PROTOCOL MSG\n"
      "  CASE\n"
      "    num; INT\n"
      "    text; INT::[]BYTE\n"
      "    stop\n"
      ":\n"
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  CHAN PAIR p:\n"
      "  CHAN OF MSG m:\n"
      "  CHAN OF INT::[]BYTE s:\n"
      "  CHAN OF ANY a:\n"
      "  INT n, len:\n"
      "  BYTE b:\n"
      "  [10]BYTE buf:\n"
      "  PAR\n"
      "    SEQ\n"
      "      p ! 1; 'x'\n"
      "      m ! num; 5\n"
      "      m ! text; 2::\"hi\"\n"
      "      m ! stop\n"
      "      s ! 3::\"abc\"\n"
      "      a ! 4\n"
      "    SEQ\n"
      "      p ? n; b\n"
      "      m ? CASE num; n\n"
      "      m ? CASE\n"
      "        text; len::buf\n"
      "          SKIP\n"
      "        num; n\n"
      "          SKIP\n"
      "        stop\n"
      "          SKIP\n"
      "      s ? len::buf\n"
      "      a ? n\n"
      ":\n");
  CHECK(test::errors(r) == "");
  CHECK(r.ast.find("TaggedInput m@10 ? CASE num@4") != std::string::npos);
  CHECK(r.ast.find("variant text@5; len@13::buf@15") != std::string::npos);
}

TEST_CASE("types: arrays, slices, records, DATA TYPE, RETYPES, RESHAPES, tables, strings") {
  auto r = front(
      "DATA TYPE POINT\n"
      "  RECORD\n"
      "    INT x, y:\n"
      ":\n"
      "DATA TYPE METRES IS INT:\n"
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  [4][3]INT grid:\n"
      "  [8]BYTE bytes:\n"
      "  POINT p:\n"
      "  METRES m:\n"
      "  INT64 big:\n"
      "  REAL32 r:\n"
      "  SEQ\n"
      "    p[x] := 1\n"
      "    p := [1, 2](POINT)\n"
      "    m := METRES 5\n"
      "    grid[1] := [1, 2, 3]\n"
      "    [bytes FROM 0 FOR 3] := \"abc\"\n"
      "    [bytes FOR 2] := [bytes FROM 6]\n"
      "    VAL [2]INT halves RETYPES big:\n"
      "    [12]INT flat RESHAPES grid:\n"
      "    SEQ\n"
      "      flat[0] := halves[1] + (SIZE grid)\n"
      "      r := REAL32 ROUND big\n"
      ":\n");
  CHECK(test::errors(r) == "");
  CHECK(r.ast.find("Reshapes Reshapes flat : [12]INT") != std::string::npos);
  CHECK(r.ast.find("[bytes@8 FROM 0 FOR 3]") != std::string::npos);
}

TEST_CASE("abbreviations, INITIAL and PLACE") {
  auto r = front(prog(
      "  [5]INT a:\n"
      "  VAL INT n IS 5:\n"
      "  VAL []BYTE s IS \"hello\":\n"
      "  INITIAL INT k IS 2:\n"
      "  PLACE a IN WORKSPACE:\n"
      "  INT first IS a[0]:\n"
      "  first := n + k\n"));
  CHECK(test::errors(r) == "");
  CHECK(r.ast.find("Place a IN WORKSPACE") != std::string::npos);
  CHECK(r.ast.find("ValAbbrev s : [5]BYTE") != std::string::npos);
}

TEST_CASE("several syntax errors are reported in one run, each once") {
  auto r = front(
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  INT x:\n"
      "  SEQ\n"
      "    x = 1\n"
      "    x := (2 +\n"
      "    SKIP\n"
      "    x := 1 + 2 * 3\n"
      "    WHILE\n"
      "      SKIP\n"
      ":\n");
  CHECK(!r.ok);
  CHECK(has_error(r, 4, "expected ':=' for assignment, found '='"));
  CHECK(has_error(r, 7, "mixing"));
  CHECK(has_error(r, 8, "expected an expression"));
  CHECK(r.list.size() <= 5);
}

TEST_CASE("a PROC missing its closing colon is reported at the next declaration") {
  auto r = front("PROC a ()\n  SKIP\nPROC main ()\n  SKIP\n:\n");
  CHECK(!r.ok);
  CHECK(has_error(r, 3, "expected ':' to close the PROC opened on line 1"));
}

TEST_CASE("diagnostics render as file:line:col, source line, caret and hint") {
  auto r = front(prog("  INT x:\n  x := y\n"));
  CHECK(r.diagnostics ==
        "./t.occ:3:8: error: 'y' is not declared\n"
        " 3 |   x := y\n"
        "   |        ^\n"
        "  hint: declare the name before using it\n"
        "1 error\n");
}

TEST_CASE("deep nesting is refused, not a crash") {
  std::string e(2000, '(');
  auto r = front(prog("  INT x:\n  x := " + e + "1\n"));
  CHECK(!r.ok);
  CHECK(r.diagnostics.find("nesting deeper than") != std::string::npos);
  std::string body;
  for (int i = 0; i < 400; ++i) body += std::string(2 * i + 2, ' ') + "SEQ\n";
  body += std::string(802, ' ') + "SKIP\n";
  r = front(prog(body));
  CHECK(!r.ok);
}

TEST_CASE("a line ending in an operator explains why the next line is read as its continuation") {
  auto r = front(prog("  INT x:\n  SEQ\n    x := 1 +\n    SKIP\n"));
  CHECK(has_error(r, 5, "expected an expression, found 'SKIP'"));
  CHECK(r.diagnostics.find("hint: the line before ends with '+'") != std::string::npos);
}

TEST_CASE("an empty SEQ is legal but warned about") {
  auto r = front(prog("  SEQ\n    SEQ\n    SKIP\n"));
  CHECK(r.ok);
  REQUIRE(r.list.size() == 1);
  CHECK(r.list[0].severity == Severity::Warning);
}

TEST_CASE("a bracketed VALOF laid out with tabs nests by the columns tabs advance to") {
  auto r = front(prog("  INT x:\n  x := (VALOF\n\t  SKIP\n\t  RESULT 3\n\t)\n"));
  INFO(r.diagnostics);
  CHECK(r.ok);
}

TEST_CASE("KRoC: SIZE and segments of a channel array named with its direction (SIZE in?, [in? FOR n])") {
  auto r = front(
      "PROC take ([]CHAN INT in?, CHAN INT out!)\n"
      "  []CHAN INT lo? IS [in? FOR 2]:\n"
      "  []CHAN INT hi? IS [in? FROM 2 FOR (SIZE in?) - 2]:\n"  // (disjoint from lo: both in scope)
      "  INT x:\n"
      "  SEQ\n"
      "    out ! SIZE in?\n"
      "    ALT i = 0 FOR SIZE lo?\n"
      "      lo[i] ? x\n"
      "        out ! x\n"
      "    hi[0] ? x\n"
      ":\n" "PROC main (CHAN BYTE keyboard?, screen!, error!)\n  SKIP\n:\n");
  CHECK(r.ok);
  INFO(r.diagnostics << r.ast);
  CHECK(r.ast.find("[in@1? FOR 2]") != std::string::npos);
  CHECK(r.ast.find("(SIZE in@1?)") != std::string::npos);
  r = front("PROC take ([]CHAN INT in?, CHAN INT out!)\n  out ! SIZE in!\n:\n" "PROC main (CHAN BYTE keyboard?, screen!, error!)\n  SKIP\n:\n");
  CHECK(has_error(r, 2, "'in' is declared for input (?)"));
}

TEST_CASE("INLINE goes before a FUNCTION's result types (occam 2.1) or after them (KRoC)") {
  auto r = front(
      "DATA TYPE ANGLE IS INT:\n"
      "INT INLINE FUNCTION sq (VAL INT x) IS x * x:\n"
      "ANGLE INLINE FUNCTION turn (VAL ANGLE a) IS a:\n"
      "INT, INT INLINE FUNCTION two (VAL INT a)\n"
      "  VALOF\n"
      "    SKIP\n"
      "    RESULT a, a\n"
      ":\n"
      "[2]INT INLINE FUNCTION pair (VAL INT a) IS [a, a]:\n"
      "INLINE INT FUNCTION cube (VAL INT x) IS (x * x) * x:\n"
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n  SKIP\n:\n");
  INFO(r.diagnostics);
  CHECK(r.ok);
  for (const char* f : {"INLINE Function sq", "INLINE Function turn", "INLINE Function two",
                        "INLINE Function pair", "INLINE Function cube"})
    CHECK(r.ast.find(f) != std::string::npos);
  r = front("INLINE INT INLINE FUNCTION sq (VAL INT x) IS x * x:\n");
  CHECK(has_error(r, 1, "INLINE is written once"));
}

TEST_CASE("a PROC whose heading fails takes its body and closing ':' with it (one error)") {
  auto r = front("PROC p (INT x y)\n  SKIP\n:\n" + prog("  SKIP\n"));
  CHECK(test::errors(r) == "1:15: expected ',' between parameters, found name 'y'\n");
  // a bracket left open joins the body to the heading: the ':' still goes with them
  r = front("PROC p (INT x\n  SKIP\n:\n" + prog("  SKIP\n"));
  CHECK(test::errors(r) == "2:3: expected ',' between parameters, found 'SKIP'\n");
  // a failed last declaration is not also "not followed by a process"
  r = front(prog("  INT x y:\n"));
  CHECK(test::errors(r) == "2:9: expected ':' to end the declaration, found name 'y'\n");
}

namespace {
// The one error an occam-pi form gives, as "line:col: message".
std::string pi(const std::string& text) { return test::errors(front(text)); }
const std::string kNot = " not supported by Transit\n";
}  // namespace

TEST_CASE("occam-pi's specifications are one error each, at the spot, and the rest is still read") {
  CHECK(pi(prog("  MOBILE []INT a:\n  SKIP\n")) == "2:3: occam-pi's MOBILE types are" + kNot);
  CHECK(pi(prog("  MOBILE BARRIER b:\n  SKIP\n")) == "2:3: occam-pi's MOBILE types are" + kNot);
  CHECK(pi(prog("  SHARED CHAN INT c:\n  SKIP\n")) == "2:3: occam-pi's SHARED channels are" + kNot);
  CHECK(pi(prog("  SHARED LINK! c:\n  SKIP\n")) == "2:3: occam-pi's SHARED channels are" + kNot);
  CHECK(pi(prog("  LINK! c:\n  SKIP\n")) == "2:3: occam-pi's channel types (CHAN TYPE) are" + kNot);
  CHECK(pi("CHAN TYPE LINK\n  MOBILE RECORD\n    CHAN INT c?:\n:\n" + prog("  SKIP\n")) ==
        "1:1: occam-pi's channel types (CHAN TYPE) are" + kNot);
  CHECK(pi("PROC TYPE T IS (CHAN INT c?):\n" + prog("  SKIP\n")) ==
        "1:1: occam-pi's mobile processes (PROC TYPE, MOBILE PROC) are" + kNot);
  CHECK(pi("MOBILE PROC m (CHAN INT c?) IMPLEMENTS T\n  SKIP\n:\n" + prog("  SKIP\n")) ==
        "1:1: occam-pi's mobile processes (PROC TYPE, MOBILE PROC) are" + kNot);
  CHECK(pi("DATA TYPE D\n  MOBILE RECORD\n    INT x:\n:\n" + prog("  SKIP\n")) == "2:3: occam-pi's MOBILE types are" + kNot);
  CHECK(pi("DATA TYPE D IS MOBILE []BYTE:\n" + prog("  SKIP\n")) == "1:16: occam-pi's MOBILE types are" + kNot);
  CHECK(pi("PROTOCOL P EXTENDS Q\n  CASE\n    t\n:\n" + prog("  SKIP\n")) ==
        "1:12: occam-pi's protocol inheritance (EXTENDS) is" + kNot);
  const std::string rec = "1:1: occam-pi's recursive PROCs and FUNCTIONs (REC, RECURSIVE) are" + kNot;
  CHECK(pi("REC PROC p (VAL INT n)\n  SKIP\n:\n" + prog("  SKIP\n")) == rec);
  CHECK(pi("RECURSIVE PROC p (VAL INT n)\n  SKIP\n:\n" + prog("  SKIP\n")) == rec);
  CHECK(pi("REC INT FUNCTION f (VAL INT n) IS n:\n" + prog("  SKIP\n")) == rec);
  CHECK(pi("RECURSIVE INT FUNCTION f (VAL INT n) IS n:\n" + prog("  SKIP\n")) == rec);
  CHECK(pi("INT FUNCTION \"+\" (VAL INT a, b) IS a PLUS b:\n" + prog("  SKIP\n")) ==
        "1:14: occam-pi's user-defined operators (FUNCTION \"+\") are" + kNot);
  CHECK(pi("INT INLINE FUNCTION \"+\" (VAL INT a, b) IS a PLUS b:\n" + prog("  SKIP\n")) ==
        "1:21: occam-pi's user-defined operators (FUNCTION \"+\") are" + kNot);
}

TEST_CASE("occam-pi's parameters, channels and expressions are one error each") {
  CHECK(pi("PROC p (SHARED CHAN INT c!, VAL INT n)\n  c ! n\n:\n") == "1:9: occam-pi's SHARED channels are" + kNot);
  CHECK(pi("PROC p (MOBILE []INT a, b)\n  SKIP\n:\n") == "1:9: occam-pi's MOBILE types are" + kNot);
  CHECK(pi("PROC p (CHAN MOBILE []BYTE c?)\n  SKIP\n:\n") == "1:14: occam-pi's MOBILE types are" + kNot);
  CHECK(pi("PROC p (LINK? c)\n  SKIP\n:\n") == "1:9: occam-pi's channel types (CHAN TYPE) are" + kNot);
  CHECK(pi(prog("  INT x:\n  x := MOBILE [10]INT\n")) == "3:8: occam-pi's MOBILE types are" + kNot);
  CHECK(pi(prog("  INT x:\n  x := [i = 0 FOR 3 | i][1]\n")) ==
        "3:8: occam-pi's array constructors ([i = 0 FOR n | e]) are" + kNot);
  CHECK(pi(prog("  INT x:\n  x := [i = 0 FOR 3 STEP 2 | i * i][1]\n")) ==
        "3:8: occam-pi's array constructors ([i = 0 FOR n | e]) are" + kNot);
}

TEST_CASE("occam-pi's processes are one error each; the processes they guard are still read") {
  CHECK(pi(prog("  SYNC b\n")) == "2:3: occam-pi's SYNC (on a BARRIER) is" + kNot);
  CHECK(pi(prog("  CLAIM c!\n    c ! 1\n")) == "2:3: occam-pi's CLAIM (of a SHARED channel) is" + kNot);
  CHECK(pi(prog("  FORKING\n    FORK p (c!)\n")) ==
        "2:3: occam-pi's FORKING blocks are" + kNot + "3:5: occam-pi's FORK is" + kNot);
  CHECK(pi(prog("  RESIGN b\n    SKIP\n")) == "2:3: occam-pi's RESIGN (from a BARRIER) is" + kNot);
  CHECK(pi(prog("  PAR i = 0 FOR 4 ENROLL b\n    SKIP\n")) == "2:19: occam-pi's ENROLL (on a BARRIER) is" + kNot);
  CHECK(pi(prog("  CHAN INT c:\n  INT x:\n  c ?? x\n    SKIP\n")) == "4:5: occam-pi's extended rendezvous (c ?? x) is" + kNot);
  // what CLAIM guards is parsed: its own mistakes are reported too
  CHECK(pi(prog("  CLAIM c!\n    c ! := 1\n")) ==
        "2:3: occam-pi's CLAIM (of a SHARED channel) is" + kNot + "3:9: expected an expression, found ':='\n");
  auto r = front(prog("  SYNC b\n"));
  CHECK(r.diagnostics.find("hint: Transit compiles occam 2.1 with the KRoC extensions listed in docs/occam.md") !=
        std::string::npos);
  r = front(prog("  CLAIM c!\n    SKIP\n"));
  CHECK(r.ast.find("Error CLAIM") != std::string::npos);
}

TEST_CASE("occam-pi's words stay ordinary names where occam 2.1 allows a name") {
  auto r = front(
      "DATA TYPE REC\n"
      "  RECORD\n"
      "    INT a, b:\n"
      ":\n"
      "DATA TYPE BARRIER IS INT:\n"
      "REC FUNCTION make (VAL INT n) IS [n, n](REC):\n"
      "REC INLINE FUNCTION same (VAL REC r) IS r:\n"
      "REC, INT FUNCTION both (VAL INT n) IS make (n), n:\n"
      "PROC SYNC (INT x)\n"
      "  x := x + 1\n"
      ":\n"
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  INT MOBILE, SHARED, sync, CLAIM, FORK, FORKING, EXTENDS:\n"
      "  [2]INT RESIGN:\n"
      "  REC r:\n"
      "  BARRIER bar:\n"
      "  SEQ\n"
      "    MOBILE := 1\n"
      "    SHARED := MOBILE + 1\n"
      "    RESIGN[1] := SHARED\n"
      "    SYNC (sync)\n"
      "    CLAIM, FORK := 5, 6\n"
      "    FORKING := MOBILE\n"
      "    r, EXTENDS := both (RESIGN[1])\n"
      "    r := same (r)\n"
      "    bar := BARRIER 9\n"
      ":\n");
  INFO(r.diagnostics);
  CHECK(r.ok);
}
