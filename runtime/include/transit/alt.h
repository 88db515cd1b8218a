// Alt: occam's ALT, a guarded choice. Guards are channel inputs, timeouts and SKIP, each with an
// optional boolean precondition; they are added in order (guard index 0, 1, ...), so a loop can
// build a run-time-sized ALT (replicated ALT). pri_select() takes the first ready guard in that
// order (PRI ALT); select() starts from a random guard, so no ready guard starves (fair ALT).
// The chosen input completes atomically with the choice: when select() returns i, guard i's
// value is already in its variable and its writer has been released; no other guard consumed
// anything. If every precondition is false the ALT behaves as STOP.
//
//   int x = 0, y = 0;
//   transit::Alt alt;
//   alt.input(a, x)                       // a ? x
//      .input(b, y, count < 10)           // (count < 10) & b ? y
//      .after(deadline)                   // tim ? AFTER deadline
//      .skip(polling);                    // polling & SKIP
//   switch (co_await alt.pri_select()) {
//     case 0: /* use x */ break;
//     case 1: /* use y */ break;
//     case 2: /* timed out */ break;
//     case 3: /* nothing was ready */ break;
//   }
//
// An Alt can be cleared and refilled for the next choice (alt.clear()). Invariants and the
// claim protocol that makes the choice atomic on both schedulers: docs/runtime.md.
#pragma once

#include <atomic>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

#include "transit/channel.h"
#include "transit/process.h"
#include "transit/shared_channel.h"
#include "transit/site.h"
#include "transit/timer.h"

namespace transit {

namespace detail {

// Moves a value of the guard's type from a waiting writer, and shows it for a trace.
struct ValueOps {
  void (*take)(void* dest, void* src);
  ShowValue show;
};

struct AltGuard {
  enum Kind : std::uint8_t { input, shared_input, timeout, skip, writer_ready };
  Kind kind = skip;
  bool enabled = true;
  bool registered = false;
  void* channel = nullptr;  // ChannelCore* (input, writer_ready) or SharedChannelCore*
  void* dest = nullptr;     // T* receiving the value
  const ValueOps* value = nullptr;  // how the guard's channel type is taken and shown
  Time deadline = 0;
  Waiter waiter{};
  TimerNode timer{};
};

struct AltCore {
  enum Phase : std::uint8_t { idle, enabling, waiting, claimed, fired };
  std::atomic<std::uint8_t> state{idle};
  std::uint8_t claimed_from = idle;  // written by the claimer: was the ALT already blocked?
  std::uint32_t chosen = 0;
  bool yield = false;  // chose SKIP or an expired timeout: let others run before going on
  std::size_t enabled = 0;
  Process* process = nullptr;
  const SiteRef* site = nullptr;
  AltGuard* guards = nullptr;
  std::size_t count = 0;
};

bool alt_start(AltCore& alt, bool fair);                                       // true: chose without blocking
bool alt_suspend(AltCore& alt, std::coroutine_handle<> h, const SiteRef* site) noexcept;  // true: blocked
std::size_t alt_finish(AltCore& alt) noexcept;                                 // disables; returns choice
bool alt_claim(AltCore& alt) noexcept;
void alt_fired(AltCore& alt, std::uint32_t guard) noexcept;

template <class T>
void take_value(void* dest, void* src) {
  *static_cast<T*>(dest) = std::move(*static_cast<T*>(src));
}
template <class T>
inline constexpr ValueOps value_ops{&take_value<T>, &show_value<T>};

}  // namespace detail

class Alt {
 public:
  Alt() = default;
  Alt(const Alt&) = delete;
  Alt& operator=(const Alt&) = delete;

  template <class T>
  Alt& input(Channel<T>& c, T& into, bool precondition = true) {
    detail::AltGuard& g = add(detail::AltGuard::input, precondition);
    g.channel = &c.core();
    g.dest = &into;
    g.value = &detail::value_ops<T>;
    return *this;
  }
  template <class T>
  Alt& input(detail::SharedChannel<T>& c, T& into, bool precondition = true) {
    detail::AltGuard& g = add(detail::AltGuard::shared_input, precondition);
    g.channel = &c.core();
    g.dest = &into;
    g.value = &detail::value_ops<T>;
    return *this;
  }
  // Ready while a writer waits on c; its value is not taken and it stays blocked (a network link
  // reads the value in place and releases the writer once the remote reader has it: transit/net.h).
  template <class T>
  Alt& writer_ready(Channel<T>& c, bool precondition = true) {
    add(detail::AltGuard::writer_ready, precondition).channel = &c.core();
    return *this;
  }
  // Ready once the clock is after t.
  Alt& after(Time t, bool precondition = true) {
    add(detail::AltGuard::timeout, precondition).deadline = t;
    return *this;
  }
  // Always ready.
  Alt& skip(bool precondition = true) {
    add(detail::AltGuard::skip, precondition);
    return *this;
  }

  void clear() noexcept { count_ = 0; }
  // The guard a select() has chosen while its process has not resumed yet (its value is already
  // taken), or -1. Seen only when a run is torn down by an error in that moment: a console writer
  // uses it to write out the byte it took.
  long taken_not_resumed() const noexcept {
    return core_.state.load(std::memory_order_acquire) == detail::AltCore::fired ? long(core_.chosen) : -1;
  }
  std::size_t size() const noexcept { return count_; }

  class Awaiter {
   public:
    Awaiter(Alt& alt, bool fair, SiteRef site) : alt_(alt), fair_(fair), site_(site) {}
    bool await_ready() {
      alt_.core_.guards = alt_.data();
      alt_.core_.count = alt_.count_;
      alt_.core_.site = &site_;
      return detail::alt_start(alt_.core_, fair_);
    }
    bool await_suspend(std::coroutine_handle<> h) noexcept { return detail::alt_suspend(alt_.core_, h, &site_); }
    std::size_t await_resume() noexcept { return detail::alt_finish(alt_.core_); }

   private:
    Alt& alt_;
    bool fair_;
    SiteRef site_;
  };

  // Fair ALT: returns the index of the chosen guard.
  [[nodiscard]] Awaiter select(SiteRef site = {}) { return Awaiter(*this, true, site); }
  // PRI ALT: the first ready guard in the order added.
  [[nodiscard]] Awaiter pri_select(SiteRef site = {}) { return Awaiter(*this, false, site); }

 private:
  static constexpr std::size_t inline_guards = 4;  // most ALTs have few guards: no heap for them

  detail::AltGuard* data() noexcept { return heap_ ? heap_.get() : inline_; }
  detail::AltGuard& add(detail::AltGuard::Kind kind, bool precondition);

  detail::AltGuard inline_[inline_guards];
  std::unique_ptr<detail::AltGuard[]> heap_;
  std::size_t count_ = 0;
  std::size_t capacity_ = inline_guards;
  detail::AltCore core_;
};

}  // namespace transit
