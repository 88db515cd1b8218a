// Lowering: the checked AST (ast/ast.h) to the IR (ir/ir.h). Names become variables, nested PROCs and
// FUNCTIONs are lifted to the top with the non-local names they use as extra parameters
// (Proc::free_vars), constants are folded into literals, and every arithmetic operation, subscript,
// slice and conversion gets its run-time check flag. Only PROCs and FUNCTIONs reachable from the
// program's entry are lowered.
#pragma once

#include <optional>
#include <vector>

#include "transit/occam/ast/ast.h"
#include "transit/occam/diag/diagnostics.h"
#include "transit/occam/ir/ir.h"
#include "transit/occam/source/source.h"

namespace transit::occam {

// Returns the module, or nullopt after adding errors to diags (a construct the IR cannot express:
// reported as "not supported", never silently dropped).
std::optional<ir::Module> lower(const ast::Program& program, const SourceSet& sources, Diagnostics& diags);

// A separately compiled unit (driver/unit.h): lowers the given routines (top-level PROCs and
// FUNCTIONs) and what they use; no entry.
std::optional<ir::Module> lower_routines(const ast::Program& program, const std::vector<const ast::Decl*>& routines,
                                         const SourceSet& sources, Diagnostics& diags);

}  // namespace transit::occam
