// The occam checker: resolves every name to its declaration, gives every expression its type,
// folds constant expressions (array sizes, VAL constants, CASE options), checks protocols, and
// applies KRoC's usage rules (usage.h): in a PAR a variable assigned in one branch is not used in another,
// each channel has at most one reader and one writer, and abbreviations do not alias.
// Its output is the checked AST (ast/ast.h): the input of the IR lowering.
#pragma once

#include "transit/occam/ast/ast.h"
#include "transit/occam/diag/diagnostics.h"

namespace transit::occam {

void check_program(ast::Program& program, Diagnostics& diags);

}  // namespace transit::occam
