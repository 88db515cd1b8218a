// Constant folding of integer arithmetic with occam's rules: + - * / \ stop on overflow and
// division by zero (a compile-time error when constant), PLUS MINUS TIMES wrap, shifts by more
// than the width give 0. Values are held in int64 within the type's range (BYTE 0..255).
#pragma once

#include <cstdint>

#include "../ast/ast.h"

namespace transit::occam {

struct FoldResult {
  std::int64_t value = 0;
  const char* error = nullptr;  // "overflow", "division by zero", ...; null when folded
};

int bits(ast::TypeKind k);                        // 8, 16, 32, 64 (BOOL: 1)
bool fits(ast::TypeKind k, std::int64_t v);
std::int64_t wrap(ast::TypeKind k, std::int64_t v);  // modulo the type's width
std::int64_t most_pos(ast::TypeKind k);
std::int64_t most_neg(ast::TypeKind k);
FoldResult fold_int(ast::Op op, ast::TypeKind k, std::int64_t a, std::int64_t b);

}  // namespace transit::occam
