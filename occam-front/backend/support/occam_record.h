// Record fields in generated C++. An array field is a FieldArray. Fields stored below their C++ alignment: any field of a PACKED RECORD, and an INT64/REAL64
// of a RECORD (occam's layout aligns them to the 4-byte word, C++ wants 8). They are read and assigned
// by value through the struct; where occam needs the field's storage (a VAR or RESULT argument) the
// callee gets an aligned copy that is written back when the call ends, so no reference is ever
// misaligned. occam's usage rules forbid any other access to the field during the call.
#pragma once

#include <cstring>

#include "occam_array.h"

namespace occ {

// An array field of a record: its elements with no alignment beyond theirs (a declared Fixed is
// word-aligned; a field lies exactly where occam's record layout puts it).
template <class T, INT... N>
struct FieldArray {
  static constexpr INT kCount = (N * ...);
  T data[kCount];
  View<T, int(sizeof...(N))> v() { return View<T, int(sizeof...(N))>{data, {N...}}; }
  View<const T, int(sizeof...(N))> v() const { return View<const T, int(sizeof...(N))>{data, {N...}}; }
};

template <class T>
class Unaligned {
 public:
  explicit Unaligned(void* at) : at_(at) { std::memcpy(&value_, at, sizeof(T)); }
  ~Unaligned() { std::memcpy(at_, &value_, sizeof(T)); }
  Unaligned(const Unaligned&) = delete;
  Unaligned& operator=(const Unaligned&) = delete;
  operator T&() { return value_; }

 private:
  void* at_;
  T value_;
};

}  // namespace occ
