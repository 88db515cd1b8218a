// The lexer: layout tokens from indentation, continuation lines, literals and escapes.
#include <doctest/doctest.h>

#include "front_test.h"

using namespace transit::occam;
using test::tokens;

TEST_CASE("indentation becomes Indent/Outdent and each logical line ends in Newline") {
  CHECK(tokens("SEQ\n  x := 1\n  y := 2\nSKIP\n") ==
        "SEQ NL IN x := 1 NL y := 2 NL OUT SKIP NL EOF");
}

TEST_CASE("comments and blank lines do not affect layout") {
  CHECK(tokens("SEQ -- a comment\n\n    -- indented comment\n  SKIP\n") == "SEQ NL IN SKIP NL OUT EOF");
}

TEST_CASE("closing several levels at once gives one Outdent per level") {
  CHECK(tokens("SEQ\n  SEQ\n    SKIP\nSTOP\n") == "SEQ NL IN SEQ NL IN SKIP NL OUT OUT STOP NL EOF");
}

TEST_CASE("a line ending in an operator, comma, ; or := continues") {
  CHECK(tokens("x := a +\n       b\n") == "x := a + b NL EOF");
  CHECK(tokens("p (a,\n   b)\n") == "p ( a , b ) NL EOF");
  CHECK(tokens("c ! a;\n    b\n") == "c ! a ; b NL EOF");
  CHECK(tokens("x :=\n  5\n") == "x := 5 NL EOF");
  CHECK(tokens("VAL INT x IS\n  5:\n") == "VAL INT x IS 5 : NL EOF");
}

TEST_CASE("an open bracket continues a more deeply indented line") {
  CHECK(tokens("x := [1, 2\n      ]\n") == "x := [ 1 , 2 ] NL EOF");
}

TEST_CASE("odd indentation and tabs are diagnosed") {
  Diagnostics d;
  tokens("SEQ\n   SKIP\n", &d);
  REQUIRE(d.error_count() == 1);
  CHECK(d.all()[0].message.find("odd") != std::string::npos);
  tokens("SEQ\n\tSKIP\n", &d);
  REQUIRE(d.has_errors());
  CHECK(d.all()[0].message.find("tab") != std::string::npos);
}

TEST_CASE("indenting by more than two columns is diagnosed") {
  Diagnostics d;
  tokens("SEQ\n    SKIP\n", &d);
  REQUIRE(d.error_count() == 1);
  CHECK(d.all()[0].pos.line == 2);
}

TEST_CASE("keywords come from the one table; names may contain dots") {
  CHECK(tokens("WHILE out.string\n") == "WHILE out.string NL EOF");
  CHECK(keyword_lookup("WHILE") == Tok::KwWhile);
  CHECK(keyword_lookup("While") == Tok::Name);
  CHECK(keyword_lookup("INT64") == Tok::KwInt64);
}

TEST_CASE("numbers: decimal, hexadecimal, real") {
  CHECK(tokens("x := #FF\n") == "x := 255 NL EOF");
  CHECK(tokens("x := 1.5E+3(REAL64)\n") == "x := 1.5E+3 ( REAL64 ) NL EOF");
  Diagnostics d;
  tokens("x := 99999999999999999999\n", &d);
  CHECK(d.has_errors());
}

TEST_CASE("character and string escapes") {
  CHECK(tokens("c ! '*n'\n") == "c ! 10 NL EOF");
  CHECK(tokens("c ! '*#41'\n") == "c ! 65 NL EOF");
  CHECK(tokens("s := \"a*c*n*t*s*'*\"***#42\"\n") == "s := \"a\r\n\t '\"*B\" NL EOF");
  Diagnostics d;
  tokens("s := \"unterminated\n", &d);
  CHECK(d.has_errors());
  tokens("s := \"bad *q escape\"\n", &d);
  CHECK(d.has_errors());
}

TEST_CASE("a string continues across lines with * at the end and * at the start") {
  CHECK(tokens("s := \"one *\n     *two\"\n") == "s := \"one two\" NL EOF");
  Diagnostics d;
  tokens("s := \"one *\n     two\"\n", &d);
  CHECK(d.has_errors());
}

TEST_CASE("symbols take the longest match") {
  CHECK(tokens("a := b >< c\n") == "a := b >< c NL EOF");
  CHECK(tokens("c ? n :: a\n") == "c ? n :: a NL EOF");
  CHECK(tokens("x := a <= b\n") == "x := a <= b NL EOF");
}
