// occam arrays in generated C++. Storage of a declared array is Fixed<T, N...> (sizes known at compile
// time, all dimensions flattened into one block); every use goes through View<T, R>, a pointer and R
// run-time dimensions, which is also what open ([]) parameters, abbreviations and slices are.
//
//   occ::Fixed<occ::INT, 3, 4> m{};      // [3][4]INT m:
//   auto v = m.v();                       // View<INT, 2>
//   v.at(i, &S[7]).at(j, &S[7]) = 0;      // m[i][j] := 0, bounds checked
//   occ::assign(v.at(0, &S[8]), w, &S[8]);  // m[0] := w (sizes checked, contents copied)
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <type_traits>

#include "occam_arith.h"
#include "transit/attach_trace.h"

namespace occ {

template <class T, int R>
struct View {
  static_assert(R >= 1);
  T* data = nullptr;
  INT dim[R] = {};

  INT size() const { return dim[0]; }
  // Elements of type T in the whole view.
  INT count() const {
    INT n = 1;
    for (int k = 0; k < R; ++k) n *= dim[k];
    return n;
  }
  INT stride() const {
    INT n = 1;
    for (int k = 1; k < R; ++k) n *= dim[k];
    return n;
  }
  // Element i of the outer dimension, unchecked: T& for one dimension, a View of R-1 otherwise.
  decltype(auto) elem(INT i) const {
    if constexpr (R == 1) {
      return (data[i]);
    } else {
      View<T, R - 1> v;
      v.data = data + std::ptrdiff_t(i) * stride();
      for (int k = 1; k < R; ++k) v.dim[k - 1] = dim[k];
      return v;
    }
  }
  // a[i], bounds checked.
  decltype(auto) at(INT i, const transit::Site* s) const {
    if (std::uint32_t(i) >= std::uint32_t(dim[0])) [[unlikely]] fail("array index out of range", s);
    return elem(i);
  }
  // [a FROM from FOR n], checked.
  View slice(INT from, INT n, const transit::Site* s) const {
    if (from < 0 || n < 0 || std::int64_t(from) + n > dim[0]) [[unlikely]] fail("array slice out of range", s);
    View v = *this;
    v.data = data + std::ptrdiff_t(from) * stride();
    v.dim[0] = n;
    return v;
  }
  operator View<const T, R>() const {
    View<const T, R> v;
    v.data = data;
    for (int k = 0; k < R; ++k) v.dim[k] = dim[k];
    return v;
  }
};

template <class T>
inline constexpr bool is_view_v = false;
template <class T, int R>
inline constexpr bool is_view_v<View<T, R>> = true;

// Declared storage: [N0][N1]...T, word aligned at least (RETYPES between BYTE arrays and INT).
template <class T, INT... N>
struct alignas(alignof(T) < 4 ? 4 : alignof(T)) Fixed {
  static constexpr INT kCount = (N * ...);
  T data[kCount];
  View<T, int(sizeof...(N))> v() { return View<T, int(sizeof...(N))>{data, {N...}}; }
  View<const T, int(sizeof...(N))> v() const { return View<const T, int(sizeof...(N))>{data, {N...}}; }
};

template <class T, int R>
inline void check_same_shape(const View<T, R>& a, const View<const std::remove_const_t<T>, R>& b, const transit::Site* s) {
  for (int k = 0; k < R; ++k)
    if (a.dim[k] != b.dim[k]) [[unlikely]] fail("array sizes differ in assignment or communication", s);
}

// dst := src for arrays: shapes must match; contents copied (overlap allowed).
template <class T, int R>
inline void assign(const View<T, R>& dst, const View<const T, R>& src, const transit::Site* s) {
  check_same_shape(dst, src, s);
  if constexpr (std::is_trivially_copyable_v<T>) {
    if (dst.count()) std::memmove(static_cast<void*>(dst.data), src.data, sizeof(T) * std::size_t(dst.count()));
  } else {
    std::copy(src.data, src.data + src.count(), dst.data);
  }
}
template <class T, int R>
inline void assign(const View<T, R>& dst, const View<T, R>& src, const transit::Site* s) {
  assign(dst, View<const T, R>(src), s);
}
template <class T, INT... N>
inline void assign(const View<T, int(sizeof...(N))>& dst, const Fixed<T, N...>& src, const transit::Site* s) {
  assign(dst, src.v(), s);
}

// A table whose elements are arrays of a size known only at run time (open array parameters, slices
// of run-time length): `[a, b]` for `VAL []INT a, b`. The dimensions the table's own structure gives
// are known from the start; the others (-1) are the first array element's, and the storage is
// allocated when it arrives (put). Every element is then checked to have that shape.
//
//   occ::Table<occ::INT, 2> t({2, -1});   // [a, b]
//   t.put({0}, a, &S[3]); t.put({1}, b, &S[3]);
template <class T, int R>
class Table {
 public:
  Table(std::initializer_list<INT> dims) {
    int k = 0;
    for (INT d : dims) dim_[k++] = d;
    if (std::find(dim_, dim_ + R, INT(-1)) == dim_ + R) allocate();
  }
  View<T, R> v() const {
    View<T, R> v;
    v.data = data_.get();
    for (int k = 0; k < R; ++k) v.dim[k] = dim_[k] < 0 ? 0 : dim_[k];
    return v;
  }
  // The array element at `path` (D subscripts) := e, the storage allocated first if e is the first.
  template <class V, int D>
  void put(const INT (&path)[D], const V& e, const transit::Site* s) {
    static_assert(D < R);
    if (!data_) {
      for (int k = D; k < R; ++k)
        if (dim_[k] < 0) dim_[k] = e.dim[k - D];
      allocate();
    }
    View<T, R - D> at;
    at.data = data_.get() + offset(path);
    for (int k = D; k < R; ++k) at.dim[k - D] = dim_[k];
    assign(at, e, s);
  }
  // The scalar (or record) element at `path` (every dimension known: the table's own).
  T& at(const INT (&path)[R]) { return data_[std::size_t(offset(path))]; }

 private:
  void allocate() {
    std::size_t n = 1;
    for (int k = 0; k < R; ++k) n *= std::size_t(dim_[k]);
    data_.reset(new T[n == 0 ? 1 : n]{});
  }
  template <int D>
  std::ptrdiff_t offset(const INT (&path)[D]) const {
    std::ptrdiff_t o = 0;
    for (int k = 0; k < R; ++k) o = o * dim_[k] + (k < D ? path[k] : 0);
    return o;
  }
  INT dim_[R] = {};
  std::unique_ptr<T[]> data_;
};

// An array bound to a name whose type gives its size (an abbreviation or parameter declared [n]T)
// from a value whose size is known only at run time: the sizes must agree (-1: an open dimension).
// The sizes are template arguments: a temporary array in a co_await expression trips g++.
//
//   p_three(occ::sized<3>(v_a, &S[2]))     // a []INT argument to a VAL [3]INT parameter
template <INT... N, class T, int R>
inline View<T, R> sized(const View<T, R>& v, const transit::Site* s) {
  static_assert(sizeof...(N) == R);
  constexpr INT dims[] = {N...};
  for (int k = 0; k < R; ++k)
    if (dims[k] >= 0 && v.dim[k] != dims[k]) [[unlikely]] fail("array size differs from the size declared", s);
  return v;
}

// A Fixed holding a copy of src (for sending an array by value); shapes checked.
template <class F, class T, int R>
inline F to_fixed(const View<T, R>& src, const transit::Site* s) {
  F f;
  assign(f.v(), View<const std::remove_const_t<T>, R>(src), s);
  return f;
}

// Gives every channel of an array its name for reports.
template <class C, int R>
inline void name_channels(const View<C, R>& v, const char* name) {
  for (INT i = 0, n = v.count(); i < n; ++i) v.data[i].core().name = name;
}

// KRoC's abbreviation of a table of channels, d IS [c0, c1]: its channels are stored apart, so it
// holds their addresses; d[i] is channel i, as View<C, 1> would give it. Never used whole.
template <class C, INT N>
struct ChanTable {
  C* ch[N];
  INT size() const { return N; }
  INT count() const { return N; }
  C& elem(INT i) const { return *ch[i]; }
  C& at(INT i, const transit::Site* s) const {
    if (std::uint32_t(i) >= std::uint32_t(N)) [[unlikely]] fail("array index out of range", s);
    return *ch[i];
  }
};

// The dimensions of `bytes` bytes seen as To elements in dimensions `dims` (RETYPES): the byte sizes
// must agree. Dimensions given as -1 are open and computed from the size.
template <class To, int R>
inline void retype_dims(INT (&out)[R], std::int64_t bytes, const INT (&dims)[R], const transit::Site* s) {
  std::int64_t known = sizeof(To);
  int open = -1;
  for (int k = 0; k < R; ++k) {
    out[k] = dims[k];
    if (dims[k] < 0) open = k; else known *= dims[k];
  }
  if (open >= 0) {
    if (known == 0 || bytes % known != 0) [[unlikely]] fail("RETYPES: sizes differ", s);
    out[open] = INT(bytes / known);
  } else if (known != bytes) [[unlikely]] {
    fail("RETYPES: sizes differ", s);
  }
}
// A view of storage seen as another element type (RETYPES).
template <class To, int R, class From>
inline View<To, R> retype_view(From* data, std::int64_t bytes, const INT (&dims)[R], const transit::Site* s) {
  View<To, R> v;
  v.data = reinterpret_cast<To*>(data);
  retype_dims<To>(v.dim, bytes, dims, s);
  return v;
}
template <class To, class From>
inline To& retype_ref(From* data, std::int64_t bytes, const transit::Site* s) {
  if (std::int64_t(sizeof(To)) != bytes) [[unlikely]] fail("RETYPES: sizes differ", s);
  return *reinterpret_cast<To*>(data);
}

// occam PORT OF T natively: a cell read and written without synchronisation, as a memory-mapped
// port is. Its own cell, or words of the simulated address space when it is PLACEd AT an address
// (docs/occam.md). A port's accesses are atomic with respect to each other (one process-wide lock),
// so a program on several threads sees whole values.
inline std::mutex& port_lock() {
  static std::mutex m;
  return m;
}
template <class T>
class Port {
 public:
  Port() : cell_(&own_) {}
  explicit Port(std::byte* placed) : cell_(placed) {}
  Port(const Port&) = delete;
  Port& operator=(const Port&) = delete;
  // Moves the port to words of the simulated address space (an element of a placed array of ports).
  void place(std::byte* placed) { cell_ = placed; }
  T read() const {
    std::lock_guard<std::mutex> hold(port_lock());
    T v;
    std::memcpy(static_cast<void*>(&v), cell_, sizeof(T));  // the words may lie below T's alignment
    return v;
  }
  void write(const T& v) {
    std::lock_guard<std::mutex> hold(port_lock());
    std::memcpy(cell_, static_cast<const void*>(&v), sizeof(T));
  }

 private:
  T own_{};
  void* cell_;
};

// An array of ports PLACEd AT words `at`: element k (in row-major order) at at + k * stride bytes.
template <class T, int R>
inline void place_ports(const View<Port<T>, R>& v, std::byte* at, std::size_t stride) {
  for (INT k = 0, n = v.count(); k < n; ++k) v.data[k].place(at + std::size_t(k) * stride);
}

// The channels PLACEd over a run of word addresses, one per word, each named for reports (by the
// first name placed over its word).
template <class C, std::size_t N>
struct PlacedChannels {
  explicit PlacedChannels(const char* const (&names)[N]) {
    for (std::size_t k = 0; k < N; ++k) ch[k].core().name = names[k];
  }
  C ch[N];
};

// The length of dimension k of a view (0 is the outer one: size()).
template <class T, int R>
inline INT dim_of(const View<T, R>& v, int k) { return v.dim[k]; }

// Byte size and address of any storage: a scalar, a record, or a view.
template <class T>
  requires(!is_view_v<T>)
inline std::int64_t bytes_of(const T&) { return sizeof(T); }
template <class T, int R>
inline std::int64_t bytes_of(const View<T, R>& v) { return std::int64_t(sizeof(T)) * v.count(); }
template <class T>
  requires(!is_view_v<std::remove_const_t<T>>)
inline auto* address_of(T& x) { return &x; }
template <class T, int R>
inline T* address_of(const View<T, R>& v) { return v.data; }

}  // namespace occ

// A declared array in a trace (transit attach --trace): [1, 2, 3], nested for each dimension.
template <class T, occ::INT... N>
struct transit::TraceShow<occ::Fixed<T, N...>> {
  static void show(std::string& out, const occ::Fixed<T, N...>& a) {
    static constexpr std::size_t dims[] = {std::size_t(N)...};
    show_rows(out, a.data, dims, sizeof...(N));
  }
  static void show_rows(std::string& out, const T* first, const std::size_t* dims, std::size_t rank) {
    if (rank == 1) return show_table(out, first, dims[0]);
    std::size_t stride = 1;
    for (std::size_t k = 1; k < rank; ++k) stride *= dims[k];
    out += '[';
    for (std::size_t i = 0; i < dims[0]; ++i) {
      if (i) out += ", ";
      show_rows(out, first + i * stride, dims + 1, rank - 1);
    }
    out += ']';
  }
};
