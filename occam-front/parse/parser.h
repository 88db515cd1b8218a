// The occam 2.1 parser: layout tokens to the AST (ast/ast.h). Recursive descent over logical
// lines; a malformed line is diagnosed, skipped with any block nested under it, and parsing
// carries on, so one mistake does not hide the next. Names are left unresolved (the checker's job).
#pragma once

#include <vector>

#include "transit/occam/ast/ast.h"
#include "transit/occam/diag/diagnostics.h"
#include "transit/occam/lex/token.h"

namespace transit::occam {

// Nesting of processes, expressions and types the parser follows before giving up on a
// construct: far beyond real programs, and shallow enough that hostile input cannot exhaust
// the stack (each level costs a few hundred bytes of frames; 8 MB stacks and ASan's larger
// frames both stay safe).
inline constexpr int kMaxParseDepth = 256;

// Parses one unit (a file's top-level specifications) into program.arena.
ast::Unit parse_unit(const std::vector<Token>& tokens, std::uint32_t file, ast::Program& program,
                     Diagnostics& diags);

}  // namespace transit::occam
