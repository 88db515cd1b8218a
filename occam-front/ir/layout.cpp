#include "layout.h"

namespace transit::occam::ir {

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
    if (f.size == kNone) sized = false;
    else at += f.size;
  }
  if (!sized) return l;
  l.size = (at + l.align - 1) / l.align * l.align;
  return l;
}

Shape shape_of(const Module& m, TypeId id) {
  const Type& t = m.types[std::size_t(id)];
  switch (t.kind) {
    case TypeKind::Prim: {
      std::int64_t s = bytes_of(m, id);
      return Shape{s, scalar_align(s)};
    }
    case TypeKind::Array: {
      Shape e = shape_of(m, t.elem);
      if (t.length == kNone || e.size == kNone) return Shape{kNone, e.align};
      return Shape{e.size * t.length, e.align};
    }
    case TypeKind::Record: {
      RecordLayout l = record_layout(m, t.record);
      return Shape{l.size, l.align};
    }
    case TypeKind::Chan:
    case TypeKind::Timer:
    case TypeKind::Port:
      return Shape{kNone, 1};
  }
  return Shape{kNone, 1};
}

RecordLayout record_layout(const Module& m, RecordId r) {
  const Record& rec = m.records[std::size_t(r)];
  std::vector<Shape> fields;
  for (const Field& f : rec.fields) fields.push_back(shape_of(m, f.type));
  return lay_out(fields, rec.packed);
}

}  // namespace transit::occam::ir
