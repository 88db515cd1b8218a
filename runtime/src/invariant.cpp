// What a broken invariant prints (invariant.h): where, and the rule in the states' names.
#include "transit/invariant.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>

namespace transit::detail {

void invariant_broken(const char* file, int line, const char* format, ...) noexcept {
  std::fprintf(stderr, "transit: internal invariant broken at %s:%d: ", file, line);
  va_list args;
  va_start(args, format);
  std::vfprintf(stderr, format, args);
  va_end(args);
  std::fputc('\n', stderr);
  std::abort();
}

}  // namespace transit::detail
