// Record fields in generated C++. An array field is a FieldArray. Fields stored below their C++ alignment: any field of a PACKED RECORD, and an INT64/REAL64
// of a RECORD (occam's layout aligns them to the 4-byte word, C++ wants 8). They are read and assigned
// by value through the struct; where occam needs the field's storage (a VAR or RESULT argument) the
// callee gets an aligned copy that is written back when the call ends, so no reference is ever
// misaligned. occam's usage rules forbid any other access to the field during the call.
//
// An array field whose elements may lie below their C++ alignment (INT64/REAL64 elements in a RECORD,
// multi-byte elements or records in a PACKED RECORD or in a record nested in one) holds Packed<T>
// elements: alignment 1, each read and assigned through its packed member `v`. Where occam needs a
// View<T> of such an array (an array argument, an abbreviation, a RETYPES) it gets an AlignedCopy,
// written back when it ends if it may have been written.
#pragma once

#include <cstring>
#include <memory>
#include <type_traits>

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
  explicit Unaligned(void* at) : at_(at) { std::memcpy(static_cast<void*>(&value_), at, sizeof(T)); }
  ~Unaligned() { std::memcpy(at_, static_cast<const void*>(&value_), sizeof(T)); }
  Unaligned(const Unaligned&) = delete;
  Unaligned& operator=(const Unaligned&) = delete;
  operator T&() { return value_; }

 private:
  void* at_;
  T value_;
};

// An element stored at any address: accessed only through the packed member.
template <class T>
struct __attribute__((packed)) Packed {
  T v;
};

template <class T>
struct unpacked {
  using type = T;
};
template <class T>
struct unpacked<Packed<T>> {
  using type = T;
};
template <class T>
struct unpacked<const Packed<T>> {
  using type = const T;
};
template <class T>
using unpacked_t = typename unpacked<T>::type;

// dst := src where one side holds Packed elements: the same bytes, so a byte copy (overlap allowed).
template <class D, class S, int R>
  requires(!std::is_same_v<std::remove_const_t<D>, std::remove_const_t<S>> &&
           std::is_same_v<std::remove_const_t<unpacked_t<D>>, std::remove_const_t<unpacked_t<S>>>)
inline void assign(const View<D, R>& dst, const View<S, R>& src, const transit::Site* s) {
  for (int k = 0; k < R; ++k)
    if (dst.dim[k] != src.dim[k]) [[unlikely]] fail("array sizes differ in assignment or communication", s);
  if (INT n = dst.count()) std::memmove(static_cast<void*>(dst.data), static_cast<const void*>(src.data), sizeof(D) * std::size_t(n));
}

// An aligned copy of storage that may lie below T's alignment, seen as a View<T, R>: an array field of
// Packed elements, or the bytes a RETYPES reinterprets. Written back as it ends when `write_back`.
template <class T, int R>
class AlignedCopy {
 public:
  template <class P>
  AlignedCopy(const View<P, R>& at, bool write_back)
      : at_(const_cast<std::remove_const_t<P>*>(at.data)), bytes_(sizeof(P) * std::size_t(at.count())),
        write_back_(write_back && !std::is_const_v<P>) {
    static_assert(sizeof(P) == sizeof(T));
    for (int k = 0; k < R; ++k) view_.dim[k] = at.dim[k];
    fill();
  }
  // RETYPES of `bytes` bytes at `at` as dimensions `dims`.
  AlignedCopy(const void* at, std::int64_t bytes, const INT (&dims)[R], bool write_back, const transit::Site* s)
      : at_(const_cast<void*>(at)), bytes_(std::size_t(bytes)), write_back_(write_back) {
    retype_dims<T>(view_.dim, bytes, dims, s);
    fill();
  }
  ~AlignedCopy() {
    if (write_back_ && bytes_) std::memcpy(at_, static_cast<const void*>(copy_.get()), bytes_);
  }
  AlignedCopy(const AlignedCopy&) = delete;
  AlignedCopy& operator=(const AlignedCopy&) = delete;
  View<T, R> v() const { return view_; }

 private:
  void fill() {
    copy_.reset(new T[bytes_ / sizeof(T)]);
    if (bytes_) std::memcpy(static_cast<void*>(copy_.get()), at_, bytes_);
    view_.data = copy_.get();
  }
  void* at_;
  std::size_t bytes_;
  bool write_back_;
  std::unique_ptr<T[]> copy_;
  View<T, R> view_;
};
template <class P, int R>
AlignedCopy(const View<P, R>&, bool) -> AlignedCopy<std::remove_const_t<unpacked_t<P>>, R>;

// VAL x RETYPES y where y may lie below x's alignment: the bytes copied out (sizes checked).
template <class To>
inline To retype_load(const void* at, std::int64_t bytes, const transit::Site* s) {
  if (std::int64_t(sizeof(To)) != bytes) [[unlikely]] fail("RETYPES: sizes differ", s);
  To r;
  std::memcpy(static_cast<void*>(&r), at, sizeof r);
  return r;
}
// x RETYPES y there: the address, once the sizes are checked, for an Unaligned<To>.
template <class To>
inline void* retype_at(void* at, std::int64_t bytes, const transit::Site* s) {
  if (std::int64_t(sizeof(To)) != bytes) [[unlikely]] fail("RETYPES: sizes differ", s);
  return at;
}

}  // namespace occ
