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
  std::uint16_t worker = 0;          // last worker (multi-threaded scheduler locality)
  std::int32_t replicator = no_replicator;  // a replicated PAR's branch: its index, shown as name[index]
  Waiter waiter;                     // for a plain send or receive
  const ChannelEnd* held = nullptr;  // channel ends it declares it holds (ends.h), for reports
};

// Fills the current process's own Waiter for a plain send or receive.
inline Waiter* plain_waiter(Process* p, void* data, bool writer, bool construct) noexcept {
  Waiter& w = p->waiter;
  w.process = p;
  w.data = data;
  w.alt = nullptr;
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

// The ready queue of the deterministic scheduler in FIFO order (no seed), inlined into the
// channel operations; null under the other schedulers (and in a closed run inside a
// multi-threaded run, as the other workers would see it). `budget` bounds how many processes
// are switched to directly (symmetric transfer) before control returns to the scheduler loop.
struct FastQueue {
  Process* head = nullptr;
  Process* tail = nullptr;
  unsigned budget = 0;
};
extern FastQueue* fast_queue;

void make_ready_slow(Process* p);

// Makes a blocked process runnable again (on the calling worker, for locality).
inline void make_ready(Process* p) {
  if (FastQueue* q = fast_queue) {
    p->state = State::ready;
    p->next = nullptr;
    if (q->tail) q->tail->next = p; else q->head = p;
    q->tail = p;
    return;
  }
  make_ready_slow(p);
}

// What a process that has just blocked switches to: the next ready process directly, or the
// scheduler loop (timers, outside events, other schedulers).
inline std::coroutine_handle<> next_process() noexcept {
  FastQueue* q = fast_queue;
  if (q == nullptr || q->budget == 0 || q->head == nullptr) return std::noop_coroutine();
  --q->budget;
  Process* p = q->head;
  q->head = p->next;
  if (!q->head) q->tail = nullptr;
  tls_current = p;
  p->state = State::running;
  return p->resume;
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
  void unlock() noexcept {
    if (!multi_threaded) return;
    flag_.store(false, std::memory_order_release);
  }

 private:
  static void pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
  std::atomic<bool> flag_{false};
};

}  // namespace transit::detail
