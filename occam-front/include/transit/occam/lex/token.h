// occam tokens: the kinds (generated from tokens.def, the one keyword/symbol table) and the
// Token value the lexer produces. Layout tokens (Indent, Outdent, Newline) carry indentation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "transit/occam/source/source.h"

namespace transit::occam {

enum class Tok : std::uint8_t {
  Eof,
  Newline,   // end of a logical line (continuation lines are joined)
  Indent,    // the next line is nested two columns deeper
  Outdent,   // one nesting level closed
  Name,      // identifiers: letters, digits and dots, starting with a letter
  IntLit,    // 42, #FF
  RealLit,   // 1.5, 2.0E+3
  ByteLit,   // 'a', '*n'
  StringLit, // "text"
  Error,     // an unlexable character (already diagnosed)
#define KEYWORD(id, spelling) Kw##id,
#define SYMBOL(id, spelling) id,
#include "transit/occam/lex/tokens.def"
#undef KEYWORD
#undef SYMBOL
  Count_,
};

struct Token {
  Tok kind = Tok::Eof;
  Pos pos;
  std::string_view text;  // the spelling in the source (view into the SourceSet's text)
  std::int64_t ivalue = 0;  // IntLit, ByteLit: the value
  std::string svalue;       // StringLit: decoded bytes
  // The column the token starts at as indentation counts it (1-based): tabs in the line's
  // indentation advance to the next multiple of 8, and #INCLUDE's shift is added. pos.col counts
  // bytes, as diagnostics do. The parser lays out bracketed VALOFs by it.
  std::uint32_t layout_col = 0;
  bool length_prefix = false;  // StringLit: began with *l, so svalue[0] holds the rest's length
};

// "SEQ", ":=", "name", "end of line", ... for messages and dumps.
std::string_view token_name(Tok t);
// The keyword for an all-capital word, or Tok::Name.
Tok keyword_lookup(std::string_view word);
bool is_keyword(Tok t);

// An occam-pi word Transit recognises in order to reject it (tokens.def OCCAM_PI): not reserved,
// so the lexer makes it a Tok::Name; the parser rejects it where it begins an occam-pi form.
struct OccamPiWord {
  std::string_view spelling;
  std::string_view feature;  // "MOBILE types are"
};
// The occam-pi word spelled exactly so, or null.
const OccamPiWord* occam_pi_word(std::string_view word);
// "occam-pi's MOBILE types are not supported by Transit", and the hint that goes with it.
std::string occam_pi_message(std::string_view feature);
std::string occam_pi_hint();

}  // namespace transit::occam
