// The predefined routines of occam 2.1 as one constexpr table made from builtins.def: each row's
// occam name, whether it is a PROC or a FUNCTION, its VAL parameter types and its result types.
// The checker, the lowering and every back end index it (BuiltinId, or the row's position).
#pragma once

#include <array>
#include <concepts>
#include <cstdint>
#include <span>
#include <string_view>

namespace transit::occam {

// The types a predefined routine takes and gives, spelled as in occam.
enum class BuiltinType : std::uint8_t { BOOL, BYTE, INT, INT16, INT32, INT64, REAL32, REAL64 };

enum class BuiltinKind : std::uint8_t { FUNCTION, PROC };

enum class BuiltinId : std::int32_t {
#define BUILTIN(id, name, kind, params, results) id,
#define LIBRARY(id, name, kind, params, results, unit) id,
#include "transit/occam/lang/builtins.def"
#undef LIBRARY
#undef BUILTIN
};

// A short list of types (no routine takes more than four parameters or gives more than three results).
struct BuiltinTypes {
  std::array<BuiltinType, 4> at{};
  std::uint8_t count = 0;
  constexpr std::span<const BuiltinType> list() const { return {at.data(), count}; }
};

struct Builtin {
  std::string_view name;  // as written in occam
  std::string_view id;    // the row's identifier (BuiltinId)
  BuiltinKind kind;
  BuiltinTypes params;    // every parameter is a VAL
  BuiltinTypes results;   // none for a PROC
  std::string_view unit;  // the bundled occam unit that defines it (snglmath.lib, ...), or empty: built in
};

namespace builtin_rows {
using enum BuiltinType;
using enum BuiltinKind;
constexpr BuiltinTypes types(std::same_as<BuiltinType> auto... t) { return BuiltinTypes{{t...}, sizeof...(t)}; }

inline constexpr Builtin kTable[] = {
#define BUILTIN(id, name, kind, params, results) {name, #id, kind, types params, types results, {}},
#define LIBRARY(id, name, kind, params, results, unit) {name, #id, kind, types params, types results, unit},
#include "transit/occam/lang/builtins.def"
#undef LIBRARY
#undef BUILTIN
};
}  // namespace builtin_rows

// The whole table, in the order of builtins.def.
constexpr std::span<const Builtin> builtins() { return builtin_rows::kTable; }
constexpr const Builtin& builtin(BuiltinId id) { return builtin_rows::kTable[std::size_t(id)]; }

// The row of an occam name, or -1.
constexpr std::int32_t find_builtin(std::string_view name) {
  for (std::size_t i = 0; i < builtins().size(); ++i)
    if (builtins()[i].name == name) return std::int32_t(i);
  return -1;
}

}  // namespace transit::occam
