// The occam 2.1 built-in routines as a table (rows in builtins.def): name, signature, kind.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace transit::occam::ir {

enum class BuiltinId : std::int32_t {
#define BUILTIN(id, name, sig, kind) id,
#include "builtins.def"
#undef BUILTIN
};

struct BuiltinInfo {
  std::string_view name;       // as written in occam
  std::string_view signature;  // "ARGS>RESULTS" in the letters of builtins.def
  bool proc;                   // a PROC (ASSERT) rather than a FUNCTION
  std::string_view id;         // the row's identifier (the native back end's function name)
};

std::span<const BuiltinInfo> builtins();
// The row index of an occam name, or -1.
std::int32_t find_builtin(std::string_view name);

}  // namespace transit::occam::ir
