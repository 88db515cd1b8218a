// Site: where in the source a process was spawned or blocks, for deadlock reports and inspection.
// Every blocking call and every spawn takes one as an optional trailing argument that defaults
// to the caller's std::source_location; a code generator (the occam back end) passes its own
// file:line:column and process name instead.
//
//   co_await c.send(42);                                   // site = this C++ line
//   co_await c.send(42, transit::Site{"ring.occ", 12, 5, "node"});  // site = occam line
//
// Blocking calls take a SiteRef (below), which a Site converts to implicitly.
#pragma once

#include <bit>
#include <cstdint>
#include <source_location>

namespace transit {

struct Site {
  const char* file = nullptr;
  int line = 0;
  int column = 0;
  const char* process = nullptr;  // name of the enclosing process, if the caller knows it

  static constexpr Site current(std::source_location here = std::source_location::current()) noexcept {
    return Site{here.file_name(), static_cast<int>(here.line()), static_cast<int>(here.column()), nullptr};
  }
};

// How blocking calls take their site: one pointer on the fast path instead of a copy. Either
// a Site given by the caller (it must outlive the blocking call; a temporary in the same
// full-expression, as in `co_await c.send(x, Site{...})`, does), or the caller's source location.
class SiteRef {
 public:
  SiteRef(const Site& site) noexcept : bits_(reinterpret_cast<std::uintptr_t>(&site) | site_tag) {}  // NOLINT: implicit
  SiteRef(std::source_location here = std::source_location::current()) noexcept  // NOLINT: implicit
      : bits_(std::bit_cast<std::uintptr_t>(here)) {}

  Site get() const noexcept {
    if (bits_ & site_tag) return *reinterpret_cast<const Site*>(bits_ & ~site_tag);
    return Site::current(std::bit_cast<std::source_location>(bits_));
  }

 private:
  // One word: a Site* tagged in its low bit, or the bits of a std::source_location (one pointer
  // to aligned static data in libstdc++ and libc++).
  static_assert(sizeof(std::source_location) == sizeof(std::uintptr_t));
  static constexpr std::uintptr_t site_tag = 1;
  std::uintptr_t bits_;
};

}  // namespace transit
