// The IR as indented text: `transit dump --ir FILE`. One line per process, its site at the end;
// `!` marks an operation that still carries its run-time check.
#pragma once

#include <string>

#include "transit/occam/ir/ir.h"

namespace transit::occam::ir {

std::string print(const Module& module);
// A protocol in occam notation, records field by field ("INT; [4]BYTE", "CASE 0:a(INT) 1:b"): what
// both ends of a network channel compare at connect.
std::string net_protocol_text(const Module& module, ProtocolId protocol);

}  // namespace transit::occam::ir
