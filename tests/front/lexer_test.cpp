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

TEST_CASE("odd indentation is diagnosed") {
  Diagnostics d;
  tokens("SEQ\n   SKIP\n", &d);
  REQUIRE(d.error_count() == 1);
  CHECK(d.all()[0].message.find("odd") != std::string::npos);
}

TEST_CASE("a tab in indentation advances to the next multiple of 8 columns, as KRoC reads source") {
  const std::string four = "A\n  B\n    C\n      D\n";  // levels 0, 2, 4, 6
  // "\tE" is at column 8, "\t  F" at 10, "  \tG" at 8 again, "\t\tH" and "        \tH" at 16.
  CHECK(tokens(four + "\tE\n\t  F\n  \tG\n") ==
        "A NL IN B NL IN C NL IN D NL IN E NL IN F NL OUT G NL OUT OUT OUT OUT EOF");
  std::string deep = four + "\tE\n\t  F\n\t    G\n\t      H\n";
  CHECK(tokens(deep + "\t\tI\n        \tJ\n") ==
        "A NL IN B NL IN C NL IN D NL IN E NL IN F NL IN G NL IN H NL IN I NL J NL OUT OUT OUT OUT OUT OUT OUT OUT EOF");
  Diagnostics d;
  tokens(four, &d);
  CHECK(!d.has_errors());
}

TEST_CASE("a line that tabs and spaces leave at an odd or too deep column is the usual error, at its line:col") {
  Diagnostics d;
  tokens("A\n  B\n    C\n      D\n\t E\n", &d);  // column 9
  REQUIRE(d.error_count() == 1);
  CHECK(d.all()[0].pos.line == 5);
  CHECK(d.all()[0].pos.col == 3);  // the first token, counted in bytes as every diagnostic is
  CHECK(d.all()[0].message == "indentation of 9 columns is odd (a tab in indentation advances to the next multiple of 8 columns)");
  tokens("SEQ\n\tSKIP\n", &d);  // column 8 under column 0
  REQUIRE(d.error_count() == 1);
  CHECK(d.all()[0].pos.line == 2);
  CHECK(d.all()[0].pos.col == 2);
  CHECK(d.all()[0].message.find("indented 8 columns more than the line before") != std::string::npos);
  tokens("SEQ\n  \t SKIP\n", &d);  // column 9
  REQUIRE(d.error_count() >= 1);
  CHECK(d.all()[0].pos.col == 5);
  CHECK(d.all()[0].message.find("odd") != std::string::npos);
}

TEST_CASE("tokens carry their layout column: tabs count only in the indentation, and #INCLUDE's shift is added") {
  SourceSet sources;
  Diagnostics diags;
  std::uint32_t id = sources.add("t.occ", "x\n\t  y := (VALOF\tz\n");
  std::vector<SourceLine> lines = lines_of(sources, id);
  lines[1].shift = 4;
  std::vector<Token> toks = lex(lines, diags);
  REQUIRE(toks.size() > 8);
  CHECK(toks[0].layout_col == 1);  // x
  CHECK(toks[3].text == "y");
  CHECK(toks[3].pos.col == 4);     // bytes
  CHECK(toks[3].layout_col == 15); // 4 + 10 + 1
  CHECK(toks[6].text == "VALOF");
  CHECK(toks[6].layout_col == 4 + 10 + 6 + 1);
  CHECK(toks[7].text == "z");      // a tab after the indentation is one column
  CHECK(toks[7].layout_col == toks[6].layout_col + 6);
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

TEST_CASE("*l as a string's first character is a byte holding the length of the rest (occ21, BCPL)") {
  CHECK(tokens("s := \"*l12\"\n") == "s := \"\x02" "12\" NL EOF");
  CHECK(tokens("s := \"*L\"\n") == std::string("s := \"") + '\0' + "\" NL EOF");
  CHECK(tokens("s := \"*lab*\n     *c*#41\"\n") == "s := \"\x04" "abcA\" NL EOF");  // continued
  std::string max(255, 'x');
  Diagnostics d;
  CHECK(tokens("s := \"*l" + max + "\"\n", &d) == "s := \"\xff" + max + "\" NL EOF");
  CHECK(!d.has_errors());
}

TEST_CASE("*l anywhere but at a string's start, in a byte literal, or before more than 255 bytes is an error") {
  Diagnostics d;
  tokens("s := \"a*lb\"\n", &d);
  REQUIRE(d.error_count() == 1);
  CHECK(d.all()[0].message == "'*l' must be the first character of a string");
  CHECK(d.all()[0].pos.col == 8);
  tokens("s := \"*l*l\"\n", &d);
  REQUIRE(d.error_count() == 1);
  CHECK(d.all()[0].pos.col == 9);
  tokens("b := '*l'\n", &d);
  REQUIRE(d.error_count() == 1);
  CHECK(d.all()[0].message.find("'*l'") != std::string::npos);
  tokens("s := \"*l" + std::string(256, 'x') + "\"\n", &d);
  REQUIRE(d.error_count() == 1);
  CHECK(d.all()[0].pos.col == 6);
  CHECK(d.all()[0].message ==
        "string too long for its *l length byte: 256 bytes follow it, a byte holds at most 255");
}

TEST_CASE("SIZE c? at the end of a line ends it (the ? is a direction, not an input waiting for its item)") {
  CHECK(tokens("n := SIZE c?\nSKIP\n") == "n := SIZE c ? NL SKIP NL EOF");
  CHECK(tokens("n := SIZE c[i][j]!\nSKIP\n") == "n := SIZE c [ i ] [ j ] ! NL SKIP NL EOF");
  CHECK(tokens("c ?\n  x\n") == "c ? x NL EOF");  // an input still continues
}

TEST_CASE("occam-pi's words stay names to the lexer; | is a symbol (for occam-pi's array constructors)") {
  CHECK(tokens("MOBILE SHARED REC sync\n") == "MOBILE SHARED REC sync NL EOF");
  CHECK(keyword_lookup("MOBILE") == Tok::Name);
  REQUIRE(occam_pi_word("MOBILE") != nullptr);
  CHECK(occam_pi_message(occam_pi_word("MOBILE")->feature) == "occam-pi's MOBILE types are not supported by Transit");
  CHECK(occam_pi_word("mobile") == nullptr);
  CHECK(occam_pi_word("INT") == nullptr);
  CHECK(tokens("x := [i = 0 FOR 3 | i]\n") == "x := [ i = 0 FOR 3 | i ] NL EOF");
}

TEST_CASE("occam-pi's CLAIM c! at the end of a line ends it, so the block it guards stays a block") {
  CHECK(tokens("CLAIM c!\n  c ! 1\n") == "CLAIM c ! NL IN c ! 1 NL OUT EOF");
  CHECK(tokens("CLAIM c[i]?\n  SKIP\n") == "CLAIM c [ i ] ? NL IN SKIP NL OUT EOF");
  CHECK(tokens("CLAIM !\n  x\n") == "CLAIM ! x NL EOF");      // output to a channel named CLAIM
  CHECK(tokens("CLAIM[i] !\n  x\n") == "CLAIM [ i ] ! x NL EOF");
  CHECK(tokens("x := CLAIM c!\n  y\n") == "x := CLAIM c ! y NL EOF");  // not at the line's start
}
