// Where the runtime's operations meet a recording of the run (choice_log.h): who meets whom on a
// shared channel, and what the clock read. ALT choices are recorded and replayed in alt.cpp.
#include <optional>

#include "choice_log.h"
#include "scheduler.h"
#include "transit/error.h"
#include "transit/shared_channel.h"
#include "transit/timer.h"

namespace transit::detail {

Waiter* waiting_partner(WaiterQueue& q, std::uint64_t key) noexcept {
  ChoiceReplay* replay = active_scheduler->replay;
  if (replay == nullptr) return q.head;
  const std::optional<std::uint64_t> partner = replay->partner(key);
  if (!partner) return replay->prefix() ? q.head : nullptr;  // past a prefix's end: the first that waits
  // The partner waits here, and this meeting is its next one too (else it waits for another first).
  for (Waiter* w = q.head; w != nullptr; w = w->next) {
    if (w->process->id == *partner) return replay->partner(*partner) == key ? w : nullptr;
  }
  return nullptr;
}

void shared_met(std::uint64_t a, std::uint64_t b) noexcept {
  const Scheduler& s = *active_scheduler;
  if (s.recorder) s.recorder->note(ChoiceKind::partner, a, b);
  if (s.replay) s.replay->met(a, b);
}

Waiter* take_partner(SharedChannelCore& ch, WaiterQueue& q, SiteRef site) {
  const std::uint64_t me = current()->id;
  if (const ChoiceReplay* replay = active_scheduler->replay; replay && !replay->prefix() && !replay->partner(me)) {
    ch.lock.unlock();
    throw RuntimeError(site.get(), "replay: the recording has no more meetings of this process on shared channels (the "
                                   "run has left it)");
  }
  Waiter* w = waiting_partner(q, me);
  if (w == nullptr) return nullptr;
  if (w == q.head) q.pop(); else q.remove(w);
  if (w->alt == nullptr) shared_met(me, w->process->id);  // an ALT's: once its claim succeeds (alt_fired)
  return w;
}

Time clock_now() noexcept {
  const Scheduler& s = *active_scheduler;
  Time t = s.now();
  const Process* p = current();
  if (p == nullptr || (s.recorder == nullptr && s.replay == nullptr)) return t;
  if (s.replay) {
    // A run that has left the recording reads the clock itself.
    if (std::optional<Time> recorded = s.replay->time(p->id)) t = *recorded;
  } else {
    s.recorder->note(ChoiceKind::time, p->id, static_cast<std::uint64_t>(t));
  }
  return t;
}

}  // namespace transit::detail
