// Evaluates a compiled expression (program.h) over memory, with occam's checks: overflow, division
// by zero, subscripts, shifts and conversions out of range are RunErrors. The compiler folds
// constant nodes with it (mem null), so folding and running can never disagree.
#pragma once

#include <string>
#include <vector>

#include "transit/occam/verify/program.h"

namespace transit::occam::verify {

struct RunError {
  ir::Site site;
  std::int32_t thread = 0;
  std::string message;
};

Word eval(const std::vector<Node>& nodes, std::int32_t id, const Word* mem, std::int32_t thread);

}  // namespace transit::occam::verify
