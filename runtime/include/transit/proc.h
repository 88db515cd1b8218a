// Proc: a process, written as a C++20 coroutine. A process that waits costs its frame (a few
// hundred bytes), not a thread or a stack, so a program can hold millions of them.
//
// A function returning Proc is a process body. It starts when run, par or co_await starts it:
//
//   transit::Proc producer(transit::Channel<int>& out) {
//     for (int i = 0; i < 3; ++i) co_await out.send(i);
//   }
//   transit::Proc main_proc() {
//     transit::Channel<int> c{"c"};
//     co_await transit::par(producer(c), consumer(c));   // run side by side (par.h)
//     co_await helper();                                  // run in sequence, as a call
//   }
//
// Reports name a process by its Site::process if given (`producer(c).named("producer")`),
// otherwise by its coroutine function. STOP is `co_await transit::stop();`.
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <source_location>
#include <type_traits>
#include <utility>

#include "transit/process.h"
#include "transit/site.h"

namespace transit {

struct ChannelEnd;  // ends.h

namespace detail {
void* frame_alloc(std::size_t size);
void frame_free(void* frame, std::size_t size) noexcept;
// Process frames allocated and not yet freed, over all threads (exact once the other threads of a
// run have ended): what the runtime tests' leak check compares before and after each test.
std::int64_t live_frames() noexcept;
std::coroutine_handle<> process_ended(std::coroutine_handle<> root, std::exception_ptr error) noexcept;
extern thread_local constinit std::source_location tls_origin [[gnu::tls_model("initial-exec")]];
}  // namespace detail

class [[nodiscard]] Proc {
 public:
  struct promise_type;
  using Handle = std::coroutine_handle<promise_type>;

  struct FinalAwaiter {
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(Handle h) noexcept {
      promise_type& pr = h.promise();
      if (pr.continuation) {  // a call: return to the caller
        if (pr.called_by_proc()) Handle::from_address(pr.continuation.address()).promise().callee = {};
        return pr.continuation;
      }
      return detail::process_ended(h, std::move(pr.error));
    }
    void await_resume() const noexcept {}
  };

  struct promise_type {
    // The coroutine function's location (its name names the process in reports) passes through a
    // thread-local to get_return_object, which runs right after, so the frame does not keep it.
    explicit promise_type(std::source_location origin = std::source_location::current()) noexcept {
      detail::tls_origin = origin;
    }
    Proc get_return_object() noexcept { return Proc(Handle::from_promise(*this), detail::tls_origin); }
    std::suspend_always initial_suspend() const noexcept { return {}; }
    FinalAwaiter final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
    void unhandled_exception() noexcept { error = std::current_exception(); }
    static void* operator new(std::size_t size) { return detail::frame_alloc(size); }
    static void operator delete(void* frame, std::size_t size) noexcept { detail::frame_free(frame, size); }

    std::coroutine_handle<> continuation{};  // the caller, when awaited as a call
    std::exception_ptr error{};
    // The call chain, for reports: the Proc this one is calling now, and where this one was called
    // from (called_at; null when not given) with, in the low bit, whether its caller is a Proc (one
    // word instead of two: every frame has it).
    Handle callee{};
    std::uintptr_t call_site_bits = 0;

    const Site* call_site() const noexcept { return reinterpret_cast<const Site*>(call_site_bits & ~std::uintptr_t{1}); }
    bool called_by_proc() const noexcept { return (call_site_bits & 1) != 0; }
  };
  static_assert(alignof(Site) > 1, "the low bit of a Site* is free");

  Proc(Proc&& other) noexcept
      : handle_(std::exchange(other.handle_, {})), origin_(other.origin_), site_(other.site_),
        has_site_(other.has_site_), replicator_(other.replicator_), held_(other.held_) {}
  Proc& operator=(Proc&& other) noexcept {
    if (this != &other) {
      if (handle_) handle_.destroy();
      handle_ = std::exchange(other.handle_, {});
      origin_ = other.origin_;
      site_ = other.site_;
      has_site_ = other.has_site_;
      replicator_ = other.replicator_;
      held_ = other.held_;
    }
    return *this;
  }
  Proc(const Proc&) = delete;
  Proc& operator=(const Proc&) = delete;
  ~Proc() {
    if (handle_) handle_.destroy();
  }

  // Names the process for reports; `site` is where it is spawned (defaults to this call).
  Proc&& named(const char* name, Site site = Site::current()) && noexcept {
    site_ = site;
    site_.process = name;
    has_site_ = true;
    return std::move(*this);
  }
  // The branch of a replicated PAR for index i: reports show it as name[i] (an index outside 32
  // bits is not shown).
  Proc&& replicated(std::int64_t i) && noexcept {
    replicator_ = i >= INT32_MIN + 1 && i <= INT32_MAX ? std::int32_t(i) : detail::no_replicator;
    return std::move(*this);
  }
  // Sets the spawn site (a code generator's source line), keeping any name given in it.
  Proc&& at(Site site) && noexcept {
    site_ = site;
    has_site_ = true;
    return std::move(*this);
  }

  // Where a call (co_await) of this Proc is in the source, for the call chains of reports;
  // `site` outlives the call (a code generator's static table).
  Proc&& called_at(const Site& site) && noexcept {
    promise_type& pr = handle_.promise();
    pr.call_site_bits = reinterpret_cast<std::uintptr_t>(&site) | (pr.call_site_bits & 1);
    return std::move(*this);
  }
  // The channel ends the process holds, for deadlock reports (ends.h); `ends` outlives the process.
  Proc&& holding(const ChannelEnd* ends) && noexcept {
    held_ = ends;
    return std::move(*this);
  }

  // Awaiting a Proc runs it as a call inside the current process (sequential composition).
  struct CallAwaiter {
    Handle child;
    bool await_ready() const noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> caller) noexcept {
      child.promise().continuation = caller;
      if constexpr (std::is_same_v<P, promise_type>) {  // a Proc calling: link the call chain
        child.promise().call_site_bits |= 1;
        caller.promise().callee = child;
      }
      return child;
    }
    void await_resume() const {
      if (child.promise().error) std::rethrow_exception(child.promise().error);
    }
  };
  CallAwaiter operator co_await() && noexcept { return CallAwaiter{handle_}; }

  // For par and run: give up ownership of the frame.
  Handle release() noexcept { return std::exchange(handle_, {}); }
  const std::source_location& origin() const noexcept { return origin_; }
  // The spawn site given with named()/at(), or `fallback`.
  Site site_or(Site fallback) const noexcept { return has_site_ ? site_ : fallback; }
  const ChannelEnd* held() const noexcept { return held_; }
  std::int32_t replicator() const noexcept { return replicator_; }

 private:
  Proc(Handle h, std::source_location origin) noexcept : handle_(h), origin_(origin) {}

  Handle handle_{};
  std::source_location origin_{};
  Site site_{};
  bool has_site_ = false;
  std::int32_t replicator_ = detail::no_replicator;
  const ChannelEnd* held_ = nullptr;
};

namespace detail {
// Turns a released Proc into a ready-to-schedule process record.
void init_process(Process& p, Proc&& body, const Site& spawn_site, ParJoin* join) noexcept;
}  // namespace detail

}  // namespace transit
