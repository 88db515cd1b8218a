// occam's TIMER on the runtime's clock: an INT counting microseconds (as KRoC's timers do) that
// wraps around; `tim ? AFTER t` waits until that clock is AFTER t in occam's modulo sense.
//
//   INT t = occ::timer_read();                       // tim ? t
//   co_await transit::after(occ::deadline(t), S[2]); // tim ? AFTER t
//   alt.after(occ::deadline(t));                     // as an ALT guard
#pragma once

#include "transit/timer.h"

#include "occam_arith.h"

namespace occ {

inline constexpr transit::Time kNsPerTick = 1000;

inline INT timer_read() { return INT(std::uint32_t(std::uint64_t(transit::now() / kNsPerTick))); }

// The runtime time after which the occam clock is AFTER t.
inline transit::Time deadline(INT t) {
  transit::Time now = transit::now();
  transit::Time ticks = now / kNsPerTick;
  INT delta = minus(t, INT(std::uint32_t(std::uint64_t(ticks))));
  if (delta < 0) return now - 1;  // already after
  return (ticks + delta + 1) * kNsPerTick - 1;
}

}  // namespace occ
