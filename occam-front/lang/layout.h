// Record layout: the one rule for where each field of a RECORD or PACKED RECORD lies, how big the
// record is and how it is aligned. It works on sizes and alignments only, so the checker (BYTESIN,
// RETYPES sizes, OFFSETOF over AST types) and the IR (ir/record_layout.h, over IR types) apply the
// same rule and every layer agrees on the bytes of a record.
//
// The layout is occam's on the 32-bit transputer (the word is 4 bytes): a RECORD lays its fields out in
// order, each aligned to min(its scalar size, the word), and pads the record to a whole word; a PACKED
// RECORD lays its fields out in order with no padding at all (alignment 1). Arrays align as their
// elements; a nested record as that record.
#pragma once

#include <cstdint>
#include <vector>

namespace transit::occam {

inline constexpr std::int64_t kWordBytes = 4;
inline constexpr std::int64_t kUnsized = -1;  // a size that is not fixed (an open array, a channel)

// The size and alignment of a type in the layout.
struct Shape {
  std::int64_t size = kUnsized;
  std::int64_t align = 1;
};

struct RecordLayout {
  std::vector<std::int64_t> offsets;  // one per field, in declaration order
  std::int64_t size = kUnsized;       // kUnsized when a field has no fixed size
  std::int64_t align = 1;
};

// The alignment of a scalar (primitive) of `bytes` bytes: min(bytes, the word).
std::int64_t scalar_align(std::int64_t bytes);

// Lays out fields of the given shapes, in order, as a RECORD (packed false) or PACKED RECORD.
RecordLayout lay_out(const std::vector<Shape>& fields, bool packed);

}  // namespace transit::occam
