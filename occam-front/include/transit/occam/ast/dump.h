// Text dumps of the AST for `transit dump --ast` and tests: one node per line, indented by
// nesting, expressions and types inline in occam-like notation. After checking, resolved names
// show their declaration's line (name@L), expressions their type and folded value.
#pragma once

#include <string>

#include "transit/occam/ast/ast.h"

namespace transit::occam::ast {

std::string dump(const Program& program, const SourceSet& sources);
std::string type_text(const Type* t);
std::string expr_text(const Expr* e);

}  // namespace transit::occam::ast
