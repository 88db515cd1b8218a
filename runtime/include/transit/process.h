// The process record: what the schedulers, channels and reports know about one running process.
// Users never touch it; it is public only because the channel and ALT templates inline the
// rendezvous. One record per process (not per coroutine frame): nested calls share it.
#pragma once

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <source_location>

#include "transit/site.h"

namespace transit::detail {

// What a process is doing; State::input/output/alt/timer/par/stopped/external are the blocked states
// named in deadlock reports.
enum class State : std::uint8_t { ready, running, input, output, alt, timer, par, stopped, external, ended };

const char* state_name(State s) noexcept;

struct ParJoin;

struct Process {
  std::coroutine_handle<> resume{};  // where the process continues when scheduled
  Process* next = nullptr;           // intrusive ready-queue link
  std::coroutine_handle<> root{};    // outermost frame, owned; null once ended
  ParJoin* join = nullptr;           // the PAR this process belongs to
  Site spawn{};                      // where it was spawned; spawn.process = its name if given
  std::source_location origin{};     // the coroutine function (default name)
  std::uint64_t id = 0;
  const void* waiting_on = nullptr;  // ChannelCore*, SharedChannelCore*, AltCore*, ParJoin*, TimerNode*
  const Site* wait_site = nullptr;   // where it blocked (lives in the blocked frame)
  State state = State::ready;
  std::uint8_t wait_kind = 0;        // which kind of object waiting_on points to (WaitObject)
  std::uint16_t worker = 0;          // last worker (multi-threaded scheduler locality)
};

enum WaitObject : std::uint8_t { wait_none, wait_channel, wait_shared_channel, wait_alt, wait_par, wait_timer };

// The process running on this thread.
extern thread_local Process* tls_current;
inline Process* current() noexcept { return tls_current; }

// True while the multi-threaded scheduler runs: channels then take their spin locks.
// Written only between runs, so reading it needs no synchronisation.
extern bool multi_threaded;

// Makes a blocked process runnable again (on the calling worker, for locality).
void make_ready(Process* p);

// Marks the current process blocked before it suspends.
inline Process* block(std::coroutine_handle<> h, State s, const void* on, WaitObject kind, const Site* site) noexcept {
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
