// Record layout: the one place that decides where each field of a RECORD or PACKED RECORD lies, how big
// the record is and how it is aligned. The checker (BYTESIN, RETYPES sizes), the IR (bytes_of), the
// lowering and the back ends all read it, so every layer agrees on the bytes of a record.
//
// The layout is occam's on the 32-bit transputer (the word is 4 bytes): a RECORD lays its fields out in
// order, each aligned to min(its scalar size, the word), and pads the record to a whole word; a PACKED
// RECORD lays its fields out in order with no padding at all (alignment 1). Arrays align as their
// elements; a nested record as that record.
#pragma once

#include <cstdint>
#include <vector>

#include "ir.h"

namespace transit::occam::ir {

inline constexpr std::int64_t kWordBytes = 4;

// The size and alignment of a type in the layout (size kNone: no fixed size).
struct Shape {
  std::int64_t size = kNone;
  std::int64_t align = 1;
};

struct RecordLayout {
  std::vector<std::int64_t> offsets;  // one per field, in declaration order
  std::int64_t size = kNone;          // kNone when a field has no fixed size
  std::int64_t align = 1;
};

// The alignment of a scalar (primitive) of `bytes` bytes: min(bytes, the word).
std::int64_t scalar_align(std::int64_t bytes);

// Lays out fields of the given shapes, in order, as a RECORD (packed false) or PACKED RECORD.
RecordLayout lay_out(const std::vector<Shape>& fields, bool packed);

Shape shape_of(const Module& m, TypeId t);
RecordLayout record_layout(const Module& m, RecordId r);

}  // namespace transit::occam::ir
