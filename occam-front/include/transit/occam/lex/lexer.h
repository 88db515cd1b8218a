// The occam lexer: source lines (after the preprocessor) to tokens, with indentation made
// explicit. Each logical line ends in Newline; a line nested two columns deeper than the one
// before opens an Indent, and each closed level gives an Outdent. A tab in the indentation
// advances to the next multiple of 8 columns (KRoC's reading of source). A line ending in an
// operator, comma, `;`, `:=`, IS, FROM, FOR, `?`, `!` or inside open brackets continues on the
// next line.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "transit/occam/diag/diagnostics.h"
#include "transit/occam/lex/token.h"

namespace transit::occam {

// One physical line to lex. `shift` columns are added to its indentation (#INCLUDE inserts a
// file at the column of its directive); positions still name the line's own file and column.
struct SourceLine {
  std::uint32_t file = 0;
  std::uint32_t number = 0;
  std::string_view text;
  std::int32_t shift = 0;
};

// Every line of one source file, unshifted (for lexing without the preprocessor).
std::vector<SourceLine> lines_of(const SourceSet& sources, std::uint32_t file);

// Scans the tokens of one line from byte `from` (no layout tokens). Comments end the line.
// `continued`: the line resumes that string token (after its leading `*`); `open_string` is set
// when the line ends inside a string with `*` (the string goes on on the next line).
std::vector<Token> scan_line(const SourceLine& line, std::size_t from, Diagnostics& diags,
                             Token* continued = nullptr, bool* open_string = nullptr);

// Lexes lines into a token stream ending in Eof, layout tokens included.
std::vector<Token> lex(const std::vector<SourceLine>& lines, Diagnostics& diags);

// Whether a line ending with this token continues on the next line.
bool continues_line(Tok t);

}  // namespace transit::occam
