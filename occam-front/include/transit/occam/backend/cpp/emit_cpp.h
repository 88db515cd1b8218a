// The native back end: an IR module to one C++20 translation unit on the Transit runtime and the
// occam support library (occam-front/backend/support/occam_support.h). PROCs become coroutines
// (transit::Proc), FUNCTIONs plain functions; every run-time check and blocking operation carries
// its occam file:line and process name.
#pragma once

#include <string>
#include <variant>

#include "transit/occam/ir/ir.h"

namespace transit::occam::backend {

struct CppError {
  std::string message;  // what in the IR could not be translated (an internal error of the compiler)
};

struct CppUnit {
  std::string source;  // the translation unit
};

std::variant<CppUnit, CppError> emit_cpp(const ir::Module& module);

}  // namespace transit::occam::backend
