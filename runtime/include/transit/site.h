// Site: where in the source a process was spawned or blocks, for deadlock reports and inspection.
// Every blocking call and every spawn takes one as an optional trailing argument that defaults
// to the caller's std::source_location; a code generator (the occam back end) passes its own
// file:line:column and process name instead.
//
//   co_await c.send(42);                                   // site = this C++ line
//   co_await c.send(42, transit::Site{"ring.occ", 12, 5, "node"});  // site = occam line
#pragma once

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

}  // namespace transit
