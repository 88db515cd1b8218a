#include "ir/record_layout.h"

namespace transit::occam::ir {

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
