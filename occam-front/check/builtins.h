// The predefined routines of occam 2.1 (reference manual appendices): ASSERT, the integer support
// functions, the floating-point support functions and the elementary maths library, as one
// table. The checker declares each as a Decl of kind Builtin (Decl::builtin = its index here);
// back ends implement them by name.
#pragma once

#include <string_view>
#include <vector>

namespace transit::occam {

struct BuiltinRoutine {
  std::string_view name;
  bool is_proc;               // PROC (ASSERT, CAUSEERROR, RESCHEDULE) or FUNCTION
  std::string_view results;   // comma-separated result types ("" for a PROC)
  std::string_view params;    // comma-separated VAL parameter types
};

// The whole table, in a stable order (Decl::builtin indexes it).
const std::vector<BuiltinRoutine>& builtin_routines();

}  // namespace transit::occam
