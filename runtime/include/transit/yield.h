// yield(): the current process goes to the back of the ready queue and runs again after the
// others that are ready. A loop that polls (a port, a flag) must yield or it starves the process
// it waits for, as the transputer deschedules at a loop's end (Go's runtime.Gosched, KRoC's
// RESCHEDULE).
//
//   while (!flag) co_await transit::yield();
#pragma once

#include <coroutine>

#include "transit/process.h"
#include "transit/site.h"

namespace transit {

namespace detail {
class YieldAwaiter {
 public:
  explicit YieldAwaiter(SiteRef site) : site_(site) {}
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> h) noexcept {
    make_ready(block(h, State::ready, nullptr, wait_none, &site_));
    return next_process();
  }
  void await_resume() const noexcept {}

 private:
  SiteRef site_;
};
}  // namespace detail

[[nodiscard]] inline detail::YieldAwaiter yield(SiteRef site = {}) { return detail::YieldAwaiter(site); }

}  // namespace transit
