// ALT: enabling, the claim protocol, disabling.
//
// Invariants:
//  1. An ALT's state moves idle -> enabling -> (waiting) -> claimed -> fired -> idle. Only
//     enabling and waiting can be claimed; exactly one party wins the claim (a compare-exchange),
//     and only the winner moves a value into the ALT or records its choice. So the chosen input
//     completes atomically with the choice and no other guard consumes anything.
//  2. The winner wakes the ALT's process only if it had already blocked (claimed from waiting).
//     An ALT claimed while still enabling notices when it tries to block, and waits (briefly:
//     the winner is between its claim and its `fired` store) instead of suspending.
//  3. Every registration (channel slot, shared-channel queue, timer queue) is removed under that
//     object's lock in alt_finish before the ALT's frame can go away; a writer finding a stale
//     registration (the claim fails) treats it as absent.
#include "transit/alt.h"

#include <algorithm>
#include <optional>
#include <string>

#include "choice_log.h"
#include "scheduler.h"
#include "transit/error.h"
#include "transit/invariant.h"

namespace transit::detail {
namespace {

const char* phase_name(std::uint8_t phase) noexcept {
  switch (phase) {
    case AltCore::idle: return "idle";
    case AltCore::enabling: return "enabling";
    case AltCore::waiting: return "waiting";
    case AltCore::claimed: return "claimed";
    case AltCore::fired: return "fired";
  }
  return "?";
}

// The ALT is in `phase` (checked in debug builds; `doing` says what needs it).
inline void expect_phase(const AltCore& alt, AltCore::Phase phase, const char* doing) noexcept {
  [[maybe_unused]] std::uint8_t now = alt.state.load(std::memory_order_acquire);
  TRANSIT_INVARIANT(now == phase, "ALT %s while '%s', not '%s'", doing, phase_name(now), phase_name(phase));
}

bool claim_self(AltCore& alt) noexcept {
  std::uint8_t expected = AltCore::enabling;
  if (alt.state.compare_exchange_strong(expected, AltCore::claimed, std::memory_order_acq_rel)) {
    alt.claimed_from = AltCore::enabling;
    return true;
  }
  return false;
}

void choose(AltCore& alt, std::uint32_t guard) noexcept {
  expect_phase(alt, AltCore::claimed, "records its choice");
  alt.chosen = guard;
  alt.state.store(AltCore::fired, std::memory_order_release);
}

void wait_until_fired(AltCore& alt) noexcept {
  while (alt.state.load(std::memory_order_acquire) != AltCore::fired) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
}

// Moves the value of writer w into guard g's variable (traced while an inspector traces).
template <class Store>
void take_from(const AltCore& alt, AltGuard& g, const Store& ch, Waiter* w) {
  if (tracing.load(std::memory_order_relaxed)) [[unlikely]]
    trace_communication(&ch, ch.name, w->process, w->process->wait_site, alt.process, alt.site, g.value->show, w->data);
  g.value->take(g.dest, w->data);
}

enum class Enable { registered, chosen, claimed_by_other };

Enable enable_input(AltCore& alt, AltGuard& g, std::uint32_t i) {
  auto& ch = *static_cast<ChannelCore*>(g.channel);
  ch.lock.lock();
  Waiter* w = ch.slot;
  if (w != nullptr && w->writer) {
    if (!claim_self(alt)) {
      ch.lock.unlock();
      return Enable::claimed_by_other;
    }
    ch.slot = nullptr;
    ch.last_reader = alt.process->id;
    ch.lock.unlock();
    take_from(alt, g, ch, w);
    make_ready(w->process);
    choose(alt, i);
    return Enable::chosen;
  }
  if (w != nullptr && w->alt != &alt) {
    ch.lock.unlock();
    usage_error(ch, two_readers, *alt.site);
  }
  if (w == nullptr) {  // (the same channel may appear in two guards: registered once)
    ch.slot = &g.waiter;
    g.registered = true;
  }
  ch.last_reader = alt.process->id;
  ch.lock.unlock();
  return Enable::registered;
}

// A writer_ready guard: chosen if a writer waits (left in place), else registered as a watcher
// that an arriving writer wakes (alt_claim) before it blocks.
Enable enable_writer_ready(AltCore& alt, AltGuard& g, std::uint32_t i) {
  auto& ch = *static_cast<ChannelCore*>(g.channel);
  ch.lock.lock();
  Waiter* w = ch.slot;
  if (w != nullptr && w->writer) {
    const bool mine = claim_self(alt);
    ch.lock.unlock();
    if (!mine) return Enable::claimed_by_other;
    choose(alt, i);
    return Enable::chosen;
  }
  if (w != nullptr && w->alt != &alt) {
    ch.lock.unlock();
    usage_error(ch, two_readers, *alt.site);
  }
  if (w == nullptr) {
    g.waiter.watch = true;
    ch.slot = &g.waiter;
    g.registered = true;
  }
  ch.lock.unlock();
  return Enable::registered;
}

Enable enable_shared_input(AltCore& alt, AltGuard& g, std::uint32_t) {
  auto& ch = *static_cast<SharedChannelCore*>(g.channel);
  ch.lock.lock();
  if (Waiter* w = stable_ids ? waiting_partner(ch.writers, alt.process->id) : ch.writers.head) {
    if (!claim_self(alt)) {
      ch.lock.unlock();
      return Enable::claimed_by_other;
    }
    if (w == ch.writers.head) ch.writers.pop(); else ch.writers.remove(w);
    if (stable_ids) shared_met(alt.process->id, w->process->id);
    ch.last_reader = alt.process->id;
    ch.lock.unlock();
    take_from(alt, g, ch, w);
    make_ready(w->process);
    choose(alt, g.waiter.guard);
    return Enable::chosen;
  }
  ch.readers.push(&g.waiter);
  g.registered = true;
  ch.last_reader = alt.process->id;
  ch.lock.unlock();
  return Enable::registered;
}

}  // namespace

bool alt_start(AltCore& alt, bool fair) {
  expect_phase(alt, AltCore::idle, "starts (is one Alt in two selects at once?)");
  alt.process = current();
  alt.enabled = 0;
  alt.yield = false;
  alt.state.store(AltCore::enabling, std::memory_order_relaxed);
  const std::size_t n = alt.count;
  const std::size_t first = fair ? active_scheduler->random_below(n) : 0;
  // Replaying a recording: only the guard chosen when recorded is enabled.
  std::optional<std::uint32_t> replayed;
  if (ChoiceReplay* replay = active_scheduler->replay) {
    replayed = replay->next(alt.process->id);
    // Past the end of a prefix (a trace from transit verify) the ALT chooses freely.
    if ((!replayed && !replay->prefix()) || (replayed && (*replayed >= n || !alt.guards[*replayed].enabled))) {
      alt.state.store(AltCore::idle, std::memory_order_relaxed);
      throw RuntimeError(alt.site->get(), !replayed ? "replay: the recording has no more choices of this process (the run has left it)"
                                                    : "replay: the recorded guard " + std::to_string(*replayed) +
                                                          " of this ALT is not enabled (the run has left the recording)");
    }
  }
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = first + k < n ? first + k : first + k - n;
    AltGuard& g = alt.guards[i];
    g.registered = false;
    if (!g.enabled || (replayed && i != *replayed)) continue;
    ++alt.enabled;
    const auto index = static_cast<std::uint32_t>(i);
    Enable e = Enable::registered;
    switch (g.kind) {
      case AltGuard::skip:
        e = claim_self(alt) ? Enable::chosen : Enable::claimed_by_other;
        if (e == Enable::chosen) choose(alt, index);
        break;
      case AltGuard::timeout:
        if (clock_now() > g.deadline) {
          e = claim_self(alt) ? Enable::chosen : Enable::claimed_by_other;
          if (e == Enable::chosen) choose(alt, index);
        } else {
          g.timer = TimerNode{};
          g.timer.deadline = g.deadline;
          g.timer.process = alt.process;
          g.timer.alt = &alt;
          g.timer.guard = index;
          g.registered = true;
          timer_add(g.timer);
        }
        break;
      case AltGuard::input:
      case AltGuard::shared_input:
      case AltGuard::writer_ready:
        g.waiter = Waiter{};
        g.waiter.process = alt.process;
        g.waiter.data = g.dest;
        g.waiter.alt = &alt;
        g.waiter.guard = index;
        e = g.kind == AltGuard::input          ? enable_input(alt, g, index)
            : g.kind == AltGuard::writer_ready ? enable_writer_ready(alt, g, index)
                                               : enable_shared_input(alt, g, index);
        break;
    }
    if (e == Enable::chosen) {
      // A polling loop (an ALT with SKIP) must not starve the others: yield, as the transputer
      // deschedules at a loop end.
      alt.yield = g.kind == AltGuard::skip || g.kind == AltGuard::timeout;
      return !alt.yield;
    }
    if (e == Enable::claimed_by_other) {
      wait_until_fired(alt);
      return true;
    }
  }
  return false;
}

bool alt_suspend(AltCore& alt, std::coroutine_handle<> h, const SiteRef* site) noexcept {
  if (alt.yield) {  // already chosen: go to the back of the ready queue
    make_ready(block(h, State::ready, &alt, wait_alt, site));
    return true;
  }
  if (alt.enabled == 0) {  // every precondition false: STOP
    block(h, State::stopped, &alt, wait_alt, site);
    return true;
  }
  block(h, State::alt, &alt, wait_alt, site);
  std::uint8_t expected = AltCore::enabling;
  if (alt.state.compare_exchange_strong(expected, AltCore::waiting, std::memory_order_acq_rel)) {
    return true;  // blocked: from here on the frame may be resumed by a claimer at any time
  }
  wait_until_fired(alt);  // claimed while enabling
  alt.process->state = State::running;
  return false;
}

std::size_t alt_finish(AltCore& alt) noexcept {
  expect_phase(alt, AltCore::fired, "finishes");
  for (std::size_t i = 0; i < alt.count; ++i) {
    AltGuard& g = alt.guards[i];
    if (!g.registered) continue;
    g.registered = false;
    switch (g.kind) {
      case AltGuard::input:
      case AltGuard::writer_ready: {
        auto& ch = *static_cast<ChannelCore*>(g.channel);
        ch.lock.lock();
        if (ch.slot == &g.waiter) ch.slot = nullptr;
        ch.lock.unlock();
        break;
      }
      case AltGuard::shared_input: {
        auto& ch = *static_cast<SharedChannelCore*>(g.channel);
        ch.lock.lock();
        ch.readers.remove(&g.waiter);
        ch.lock.unlock();
        break;
      }
      case AltGuard::timeout:
        timer_remove(g.timer);
        break;
      case AltGuard::skip:
        break;
    }
  }
  alt.state.store(AltCore::idle, std::memory_order_relaxed);
  if (ChoiceRecorder* recorder = active_scheduler->recorder) recorder->note(alt.process->id, alt.chosen);
  return alt.chosen;
}

bool alt_claim(AltCore& alt) noexcept {
  std::uint8_t s = alt.state.load(std::memory_order_acquire);
  while (s == AltCore::enabling || s == AltCore::waiting) {
    if (alt.state.compare_exchange_weak(s, AltCore::claimed, std::memory_order_acq_rel)) {
      alt.claimed_from = s;
      return true;
    }
  }
  return false;
}

void alt_fired(AltCore& alt, std::uint32_t guard) noexcept {
  const bool was_blocked = alt.claimed_from == AltCore::waiting;
  Process* p = alt.process;  // read before `fired`: an enabling ALT may then finish and go away
  choose(alt, guard);
  if (was_blocked) make_ready(p);
}

bool alt_claim(Waiter& w) noexcept {
  if (!alt_claim(*w.alt)) return false;
  if (w.watch) {  // a writer_ready guard: woken, and the writer (finding the slot empty) blocks
    alt_fired(*w.alt, w.guard);
    return false;
  }
  return true;
}
void alt_fired(Waiter& w) noexcept {
  // A writer met the ALT's process on a shared channel (recorded or replayed, see take_partner).
  if (stable_ids && w.alt->guards[w.guard].kind == AltGuard::shared_input) shared_met(current()->id, w.process->id);
  alt_fired(*w.alt, w.guard);
}

}  // namespace transit::detail

namespace transit {

detail::AltGuard& Alt::add(detail::AltGuard::Kind kind, bool precondition) {
  if (count_ == capacity_) {
    auto bigger = std::make_unique<detail::AltGuard[]>(capacity_ * 2);
    std::copy(data(), data() + count_, bigger.get());
    heap_ = std::move(bigger);
    capacity_ *= 2;
  }
  detail::AltGuard& g = data()[count_++];
  g = detail::AltGuard{};
  g.kind = kind;
  g.enabled = precondition;
  return g;
}

}  // namespace transit
