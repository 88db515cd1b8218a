// Timer: occam's TIMER. now() reads the clock; after(t) waits until the clock is AFTER t
// (strictly later, as occam's `tim ? AFTER t`). Time is in nanoseconds. In a deterministic run
// (RunOptions::real_time false) the clock is virtual: it starts at 0 and jumps to the next
// timeout when no process can run, so timed programs run instantly and reproducibly. With
// real_time it is the steady clock, counted from the start of the run.
//
//   transit::Timer tim;
//   transit::Time t = tim.now();
//   co_await tim.after(t + 1'000'000);   // one millisecond later
//
// A timeout as an ALT guard is Alt::after (alt.h).
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>

#include "transit/process.h"
#include "transit/site.h"

namespace transit {

using Time = std::int64_t;  // nanoseconds

namespace detail {

struct AltCore;

// An entry of the scheduler's timer queue (an intrusive binary heap). It lives in the blocked
// frame; heap_index is its position while queued.
struct TimerNode {
  static constexpr std::size_t not_queued = static_cast<std::size_t>(-1);
  Time deadline = 0;
  std::uint64_t seq = 0;
  std::size_t heap_index = not_queued;
  Process* process = nullptr;
  AltCore* alt = nullptr;
  std::uint32_t guard = 0;
};

Time clock_now() noexcept;
void timer_add(TimerNode& node) noexcept;      // queue (wakes or fires the ALT when due)
void timer_remove(TimerNode& node) noexcept;   // unqueue if still queued

class AfterAwaiter {
 public:
  AfterAwaiter(Time t, SiteRef site) : site_(site) { node_.deadline = t; }
  bool await_ready() const noexcept { return clock_now() > node_.deadline; }
  void await_suspend(std::coroutine_handle<> h) noexcept {
    node_.process = block(h, State::timer, &node_, wait_timer, &site_);
    timer_add(node_);
  }
  void await_resume() const noexcept {}

 private:
  SiteRef site_;
  TimerNode node_;
};

}  // namespace detail

// The current time.
inline Time now() noexcept { return detail::clock_now(); }
// Waits until the clock is after t.
[[nodiscard]] inline detail::AfterAwaiter after(Time t, SiteRef site = {}) { return {t, site}; }

class Timer {
 public:
  Time now() const noexcept { return detail::clock_now(); }
  [[nodiscard]] detail::AfterAwaiter after(Time t, SiteRef site = {}) const { return {t, site}; }
};

}  // namespace transit
