// stop(): occam's STOP. The process never continues; it shows as 'stopped' in inspection and
// deadlock reports (a program whose remaining processes are all stopped or blocked is deadlocked).
//
//   if (bad) co_await transit::stop();
#pragma once

#include <coroutine>

#include "transit/process.h"
#include "transit/site.h"

namespace transit {

namespace detail {
class StopAwaiter {
 public:
  explicit StopAwaiter(SiteRef site) : site_(site) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept { block(h, State::stopped, nullptr, wait_none, &site_); }
  void await_resume() const noexcept {}

 private:
  SiteRef site_;
};
}  // namespace detail

[[nodiscard]] inline detail::StopAwaiter stop(SiteRef site = {}) { return detail::StopAwaiter(site); }

}  // namespace transit
