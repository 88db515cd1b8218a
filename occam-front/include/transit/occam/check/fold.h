// Constant folding with occam's rules, the compile-time twin of the back end's run-time operators
// (backend/support/occam_arith.h; tests/front/fold_test.cpp holds the two to the same answers):
// + - * / \ stop on overflow and division by zero (a compile-time error when constant), PLUS MINUS
// TIMES wrap, shifts by more than the width are errors, AFTER compares on the circular clock.
// Integers are held in int64 within the type's range (BYTE 0..255), reals in a double.
#pragma once

#include <cstdint>

#include "transit/occam/ast/ast.h"

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
// An integer (or BOOL) operator; a relation (= <> < > <= >= AFTER) gives 0 or 1.
FoldResult fold_int(ast::Op op, ast::TypeKind k, std::int64_t a, std::int64_t b);

struct RealFoldResult {
  double value = 0;             // a REAL32 result is rounded to float
  const char* error = nullptr;  // "overflow", "division by zero"; null when folded
};
// A real operator (+ - * / \ and the relations, which give 0 or 1) on REAL32 or REAL64 operands.
RealFoldResult fold_real(ast::Op op, ast::TypeKind k, double a, double b);

// Conversions of constants: an integer (or BOOL) v to the integer type k; a real to the integer
// type k, rounded to nearest (ties to even) or truncated; a value to a real type (rounded so).
FoldResult convert_int(ast::TypeKind k, std::int64_t v);
FoldResult convert_real_to_int(ast::TypeKind k, double v, bool trunc);
RealFoldResult convert_to_real(ast::TypeKind k, long double v, bool trunc);

}  // namespace transit::occam
