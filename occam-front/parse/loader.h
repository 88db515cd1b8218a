// Loads a program: the main file and every unit it #USEs (transitively, each once), through
// preprocessor, lexer and parser, into one Program (libraries first, main file last).
#pragma once

#include <string>

#include "transit/occam/ast/ast.h"
#include "transit/occam/diag/diagnostics.h"
#include "transit/occam/pre/preprocessor.h"

namespace transit::occam {

// #USE chains deeper than this are a cycle or a runaway, never a real library structure.
inline constexpr int kMaxUseDepth = 32;

// Returns false when the main file cannot be read (diagnosed); parse errors are in diags.
bool load_program(const std::string& path, const PreprocessOptions& options, SourceSet& sources,
                  ast::Program& program, Diagnostics& diags);

// The same for source text held in memory (tests, fuzzing): `path` names it in messages and
// anchors relative #INCLUDE/#USE.
void load_program_text(const std::string& path, std::string text, const PreprocessOptions& options,
                       SourceSet& sources, ast::Program& program, Diagnostics& diags);

}  // namespace transit::occam
