// TRANSIT_INVARIANT(condition, format, ...): checks a state machine's rule (the ALT's phases, a
// channel's waiting parties) in debug builds of the runtime, where meson defines TRANSIT_DEBUG
// (every build type but release); a broken rule prints what broke, in the states' names, and
// aborts. Elsewhere (release builds, programs the occam driver compiles) it costs nothing and does
// not evaluate its arguments.
#pragma once

namespace transit::detail {
[[noreturn, gnu::cold, gnu::format(printf, 3, 4)]] void invariant_broken(const char* file, int line, const char* format,
                                                                         ...) noexcept;
}  // namespace transit::detail

#ifdef TRANSIT_DEBUG
#define TRANSIT_INVARIANT(condition, ...) \
  ((condition) ? void(0) : ::transit::detail::invariant_broken(__FILE__, __LINE__, __VA_ARGS__))
#else  // unevaluated: the names it uses still count as used
#define TRANSIT_INVARIANT(condition, ...) \
  void(sizeof((condition) ? 0 : (::transit::detail::invariant_broken(__FILE__, __LINE__, __VA_ARGS__), 0)))
#endif
