#include "lang/layout.h"

namespace transit::occam {

std::int64_t scalar_align(std::int64_t bytes) { return bytes < kWordBytes ? (bytes < 1 ? 1 : bytes) : kWordBytes; }

RecordLayout lay_out(const std::vector<Shape>& fields, bool packed) {
  RecordLayout l;
  std::int64_t at = 0;
  bool sized = true;
  l.align = packed ? 1 : kWordBytes;
  for (const Shape& f : fields) {
    std::int64_t a = packed ? 1 : f.align;
    at = (at + a - 1) / a * a;
    l.offsets.push_back(at);
    if (f.size == kUnsized) sized = false;
    else at += f.size;
  }
  if (!sized) return l;
  l.size = (at + l.align - 1) / l.align * l.align;
  return l;
}

}  // namespace transit::occam
