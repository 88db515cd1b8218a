// occam's record layout (lang/layout.h) applied to IR types: the shape of any type of a module and
// the layout of its records, read by bytes_of, the lowering and the back ends.
#pragma once

#include "transit/occam/ir/ir.h"
#include "lang/layout.h"

namespace transit::occam::ir {

static_assert(kUnsized == kNone, "an unsized shape reads as kNone in the IR");

Shape shape_of(const Module& m, TypeId t);
RecordLayout record_layout(const Module& m, RecordId r);

}  // namespace transit::occam::ir
