// One message of a sequential, counted, variant or ANY protocol, as the native back end carries it:
// the items' bytes in order (a variant's tag first), moved across the channel in one rendezvous.
// Channels of a simple protocol (CHAN OF INT) carry the value itself instead.
//
//   occ::Packet p; p.put_tag(2); p.put(x); p.put_counted(n, buf, &S[4]);  // c ! tag.2; x; n::buf
//   co_await c.send(std::move(p), site);
//   occ::Packet q = co_await c.recv(site); q.get(x, &S[5]);              // c ? x
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#include "occam_array.h"

namespace occ {

class Packet {
 public:
  void put_tag(BYTE tag) { put(tag); }
  BYTE tag() const { return bytes_.empty() ? BYTE(255) : BYTE(bytes_[0]); }

  template <class T>
    requires(!is_view_v<T>)
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    append(&v, sizeof v);
  }
  template <class T, int R>
  void put(const View<T, R>& v) {
    append(v.data, sizeof(T) * std::size_t(v.count()));
  }
  // n :: a  (the first n elements of a's outer dimension)
  template <class C, class T, int R>
  void put_counted(C n, const View<T, R>& a, const transit::Site* s) {
    if (std::int64_t(n) < 0 || std::int64_t(n) > a.size()) [[unlikely]] fail("counted array output: count out of range", s);
    put(n);
    append(a.data, sizeof(T) * std::size_t(n) * std::size_t(a.stride()));
  }
  // ANY: the raw bytes of a value or an array.
  template <class T>
  void put_bytes(const T& v) {
    if constexpr (requires { v.count(); }) put(v); else append(&v, sizeof v);
  }

  template <class T>
    requires(!is_view_v<std::remove_const_t<T>>)
  void get(T& v, const transit::Site* s) {
    static_assert(std::is_trivially_copyable_v<T>);
    take(&v, sizeof v, s);
  }
  template <class T, int R>
  void get(const View<T, R>& v, const transit::Site* s) {
    take(v.data, sizeof(T) * std::size_t(v.count()), s);
  }
  template <class C, class T, int R>
  void get_counted(C& n, const View<T, R>& a, const transit::Site* s) {
    C count;
    get(count, s);
    if (std::int64_t(count) < 0 || std::int64_t(count) > a.size()) [[unlikely]]
      fail("counted array input: count out of range (larger than the array)", s);
    n = count;
    take(a.data, sizeof(T) * std::size_t(count) * std::size_t(a.stride()), s);
  }
  // ANY input: as many bytes as the target holds.
  template <class T>
  void get_bytes(T&& v, const transit::Site* s) {
    if constexpr (requires { v.count(); }) get(v, s); else take(&v, sizeof v, s);
  }
  // The position after the tag, for ? CASE.
  void skip_tag() { pos_ = 1; }

  // The message's bytes, as a network channel carries them (occam_net.h).
  const std::vector<unsigned char>& bytes() const noexcept { return bytes_; }
  void assign_bytes(const char* p, std::size_t n) {
    bytes_.assign(reinterpret_cast<const unsigned char*>(p), reinterpret_cast<const unsigned char*>(p) + n);
    pos_ = 0;
  }

 private:
  void append(const void* p, std::size_t n) {
    std::size_t at = bytes_.size();
    bytes_.resize(at + n);
    if (n) std::memcpy(bytes_.data() + at, p, n);
  }
  void take(void* p, std::size_t n, const transit::Site* s) {
    if (pos_ + n > bytes_.size()) [[unlikely]] fail("input does not match the message's protocol", s);
    if (n) std::memcpy(p, bytes_.data() + pos_, n);
    pos_ += n;
  }

  std::vector<unsigned char> bytes_;
  std::size_t pos_ = 0;
};

}  // namespace occ

// A message of a sequential, counted, variant or ANY protocol in a trace: its bytes, as the
// packet carries them (the protocol's items are not known here): [#02, #05, #00].
template <>
struct transit::TraceShow<occ::Packet> {
  static void show(std::string& out, const occ::Packet& p) {
    static constexpr char hex[] = "0123456789ABCDEF";
    out += '[';
    for (std::size_t i = 0; i < p.bytes().size(); ++i) {
      out += i ? ", #" : "#";
      out += hex[p.bytes()[i] >> 4];
      out += hex[p.bytes()[i] & 15];
    }
    out += ']';
  }
};
