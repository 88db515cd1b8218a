#include "builtins.h"

namespace transit::occam::ir {
namespace {

constexpr BuiltinInfo kBuiltins[] = {
#define BUILTIN(id, name, sig, kind) {name, sig, #kind[0] == 'P', #id},
#include "builtins.def"
#undef BUILTIN
};

}  // namespace

std::span<const BuiltinInfo> builtins() { return kBuiltins; }

std::int32_t find_builtin(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kBuiltins); ++i)
    if (kBuiltins[i].name == name) return std::int32_t(i);
  return -1;
}

}  // namespace transit::occam::ir
