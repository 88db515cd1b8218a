// The process record: what the schedulers, channels and reports know about one running process.
// Users never touch it; it is public only because the channel and ALT templates inline the
// rendezvous. One record per process (not per coroutine frame): nested calls share it.
#pragma once

#include <atomic>
#include <coroutine>
#include <climits>
#include <cstdint>
#include <source_location>

#include "transit/site.h"

namespace transit::detail {

// What a process is doing; State::input/output/alt/timer/par/stopped/external are the blocked states
// named in deadlock reports.
enum class State : std::uint8_t { ready, running, input, output, alt, timer, par, stopped, external, ended };

const char* state_name(State s) noexcept;

struct ParJoin;
struct AltCore;
}  // namespace transit::detail

namespace transit {
struct ChannelEnd;  // ends.h
}

namespace transit::detail {

struct Process;

// One blocked party of a rendezvous: a process's plain send or receive (the Waiter inside its
// Process record: a process blocks on one thing at a time), or one input guard of an ALT.
struct Waiter {
  Process* process = nullptr;
  void* data = nullptr;           // writer: T* source; reader: T* (assign) or RawStorage<T>* (construct)
  AltCore* alt = nullptr;         // non-null for an ALT guard
  Waiter* next = nullptr;         // queue link on shared channels
  std::uint32_t guard = 0;        // ALT guard index
  bool writer = false;
  bool construct = false;         // reader: construct into RawStorage<T>
  bool watch = false;             // ALT guard waiting for a writer to arrive, not for its value (Alt::writer_ready)
};

inline constexpr std::int32_t no_replicator = INT32_MIN;

struct Process {
  std::coroutine_handle<> resume{};  // where the process continues when scheduled
  Process* next = nullptr;           // intrusive ready-queue link
  std::coroutine_handle<> root{};    // outermost frame, owned; null once ended
  ParJoin* join = nullptr;           // the PAR this process belongs to
  Site spawn{};                      // where it was spawned; spawn.process = its name if given
  std::source_location origin{};     // the coroutine function (default name)
  std::uint64_t id = 0;
  const void* waiting_on = nullptr;  // ChannelCore*, SharedChannelCore*, AltCore*, ParJoin*, TimerNode*
  const SiteRef* wait_site = nullptr;  // where it blocked (lives in the blocked frame)
  State state = State::ready;
  std::uint8_t wait_kind = 0;        // which kind of object waiting_on points to (WaitObject)
  std::uint8_t worker = 0;           // last worker, modulo 256 (multi-threaded scheduler locality: a hint)
  std::uint8_t priority = 0;         // high_priority (every process but the later branches of a PRI PAR) or low_priority
  std::int32_t replicator = no_replicator;  // a replicated PAR's branch: its index, shown as name[index]
  Waiter waiter;                     // for a plain send or receive
  const ChannelEnd* held = nullptr;  // channel ends it declares it holds (ends.h), for reports
};

// Fills the current process's own Waiter for a plain send or receive (its `process` and `alt`
// never change: init_process sets them once).
inline Waiter* plain_waiter(Process* p, void* data, bool writer, bool construct) noexcept {
  Waiter& w = p->waiter;
  w.data = data;
  w.writer = writer;
  w.construct = construct;
  return &w;
}

enum WaitObject : std::uint8_t { wait_none, wait_channel, wait_shared_channel, wait_alt, wait_par, wait_timer };

// The process running on this thread.
[[gnu::tls_model("initial-exec")]] extern thread_local constinit Process* tls_current;
inline Process* current() noexcept { return tls_current; }

// True while the multi-threaded scheduler runs: channels then take their spin locks.
// Written only between runs, so reading it needs no synchronisation.
extern bool multi_threaded;
// True while a run records or replays its choices: process ids are then keys that are the same in
// every run of the program (choice_log.h), not numbers in spawn order.
extern bool stable_ids;

// The ready queue this thread runs from, inlined into the channel operations: the deterministic
// scheduler's in FIFO order (no seed), or a worker's own queue on the multi-threaded scheduler
// (only its thread touches it); null under a seeded deterministic scheduler. `budget` bounds how
// many processes are switched to directly (symmetric transfer) before control returns to the
// scheduler loop; a worker that asks this one for work also sets it to 0, so the switch after that
// goes back to the loop, which answers (the budget is an atomic only for that store: its owner
// reads and writes it with plain relaxed loads and stores, no locked instruction).
// Two levels, as on the transputer: a ready high-priority process runs before any low-priority one.
inline constexpr std::uint8_t high_priority = 0;
inline constexpr std::uint8_t low_priority = 1;

// A FIFO list of T linked through T::next (waiting parties of a shared channel, ready processes).
template <class T>
struct IntrusiveFifo {
  T* head = nullptr;
  T* tail = nullptr;

  bool empty() const noexcept { return head == nullptr; }
  void push(T* x) noexcept {
    x->next = nullptr;
    if (tail) tail->next = x; else head = x;
    tail = x;
  }
  T* pop() noexcept {
    T* x = head;
    if (x) {
      head = x->next;
      if (!head) tail = nullptr;
    }
    return x;
  }
};

// The ready processes of one priority, in FIFO order.
using RunList = IntrusiveFifo<Process>;

struct FastQueue {
  RunList ready[2];  // by priority: high_priority first
  std::atomic<unsigned> budget{0};

  bool empty() const noexcept { return ready[high_priority].empty() && ready[low_priority].empty(); }
  // The next ready process: high priority first.
  Process* pop() noexcept {
    Process* p = ready[high_priority].pop();
    return p ? p : ready[low_priority].pop();
  }

  // Another worker of the multi-threaded scheduler ran dry and asks this one for work (its index
  // + 1) and zeroes `budget`: the next switch goes back to the scheduler loop, which answers. (An
  // ask that meets the owner's own store of its budget may wait for the budget to run out: at most
  // 256 switches.)
  std::atomic<int> asked_by{0};
};
[[gnu::tls_model("initial-exec")]] extern thread_local constinit FastQueue* fast_queue;

void make_ready_slow(Process* p);

// Makes a blocked process runnable again (on the calling thread's queue: a process made ready by a
// rendezvous runs on the waker's worker, so partners stay together).
inline void make_ready(Process* p) {
  if (FastQueue* q = fast_queue) {
    p->state = State::ready;
    q->ready[p->priority].push(p);
    return;
  }
  make_ready_slow(p);
}

// What a process that has just blocked switches to: the next ready process directly, or the
// scheduler loop (timers, outside events, other schedulers).
inline std::coroutine_handle<> next_process() noexcept {
  FastQueue* q = fast_queue;
  if (q == nullptr) return std::noop_coroutine();
  const unsigned budget = q->budget.load(std::memory_order_relaxed);
  if (budget == 0) return std::noop_coroutine();
  Process* p = q->pop();
  if (p == nullptr) return std::noop_coroutine();
  q->budget.store(budget - 1, std::memory_order_relaxed);
  tls_current = p;
  p->state = State::running;
  return p->resume;
}

bool high_priority_ready_slow() noexcept;

// True when the current process has low priority and a high-priority one is ready on this thread:
// the low one must give way at this scheduling point (preempt_point), as on the transputer.
inline bool must_give_way() noexcept {
  if (tls_current->priority == high_priority) return false;
  if (FastQueue* q = fast_queue) return q->ready[high_priority].head != nullptr;
  return high_priority_ready_slow();
}

// Called from await_ready after a rendezvous completed without blocking: true to go on; false
// (the process marked ready) when it must give way, and await_suspend then calls give_way.
inline bool continue_or_give_way() noexcept {
  if (!must_give_way()) return true;
  tls_current->state = State::ready;
  return false;
}
// True in await_suspend when await_ready completed the operation and asked to give way.
inline bool giving_way() noexcept { return tls_current->state == State::ready; }
// The current process goes to the back of its ready queue and the next process runs.
inline std::coroutine_handle<> give_way(std::coroutine_handle<> h) noexcept {
  Process* p = tls_current;
  p->resume = h;
  make_ready(p);
  return next_process();
}

// Marks the current process blocked before it suspends.
inline Process* block(std::coroutine_handle<> h, State s, const void* on, WaitObject kind, const SiteRef* site) noexcept {
  Process* p = tls_current;
  p->resume = h;
  p->state = s;
  p->waiting_on = on;
  p->wait_kind = kind;
  p->wait_site = site;
  return p;
}

// A test-and-test-and-set lock taken only in multi-threaded runs. Critical sections are a few
// loads and stores, so spinning is cheaper than parking.
class SpinLock {
 public:
  void lock() noexcept {
    if (!multi_threaded) return;
    while (flag_.exchange(true, std::memory_order_acquire)) {
      while (flag_.load(std::memory_order_relaxed)) pause();
    }
  }
  // Unconditional: a plain store on x86, cheaper than testing multi_threaded (the flag is already
  // false on one thread).
  void unlock() noexcept { flag_.store(false, std::memory_order_release); }

 private:
  static void pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
  std::atomic<bool> flag_{false};
};

}  // namespace transit::detail
