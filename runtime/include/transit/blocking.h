// blocking(fn): wait for something outside the program (a read from stdin, a socket, a file)
// without holding up other processes and without being counted as deadlocked. fn runs on a
// helper thread; the process resumes with fn's result (or its exception) when fn returns.
//
//   int ch = co_await transit::blocking([] { return std::getchar(); });   // occam's keyboard
//
// fn must own what it uses (capture by value): if the program stops on an error while fn is
// still running, fn finishes on its own and its result is dropped.
#pragma once

#include <coroutine>
#include <exception>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "transit/process.h"
#include "transit/site.h"

namespace transit {

namespace detail {
// Runs job on a helper thread, then makes p ready again.
void start_external(Process* p, std::function<void()> job);

template <class F>
class BlockingAwaiter {
  using R = std::invoke_result_t<F&>;
  using Slot = std::conditional_t<std::is_void_v<R>, bool, std::optional<R>>;

 public:
  BlockingAwaiter(F fn, SiteRef site) : fn_(std::move(fn)), site_(site) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    Process* p = block(h, State::external, nullptr, wait_none, &site_);
    start_external(p, [this] {
      try {
        if constexpr (std::is_void_v<R>) {
          fn_();
          result_ = true;
        } else {
          result_.emplace(fn_());
        }
      } catch (...) {
        error_ = std::current_exception();
      }
    });
  }
  R await_resume() {
    if (error_) std::rethrow_exception(error_);
    if constexpr (!std::is_void_v<R>) return std::move(*result_);
  }

 private:
  F fn_;
  SiteRef site_;
  Slot result_{};
  std::exception_ptr error_{};
};
}  // namespace detail

template <class F>
[[nodiscard]] detail::BlockingAwaiter<std::decay_t<F>> blocking(F&& fn, SiteRef site = {}) {
  return detail::BlockingAwaiter<std::decay_t<F>>(std::forward<F>(fn), site);
}

}  // namespace transit
