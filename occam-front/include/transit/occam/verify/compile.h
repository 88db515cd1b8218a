// Compiles a checked IR module into the program the model checker runs (program.h). What it cannot
// interpret yet is refused with one error naming the construct and its file:line, never guessed at.
#pragma once

#include <string>
#include <variant>

#include "transit/occam/ir/ir.h"
#include "transit/occam/verify/program.h"

namespace transit::occam::verify {

std::variant<Program, std::string> compile(const ir::Module& m);

}  // namespace transit::occam::verify
