// The IR as indented text: `transit dump --ir FILE`. One line per process, its site at the end;
// `!` marks an operation that still carries its run-time check.
#pragma once

#include <string>

#include "transit/occam/ir/ir.h"

namespace transit::occam::ir {

std::string print(const Module& module);

}  // namespace transit::occam::ir
