// Scheduler: what both schedulers share (timers, outside events, failure, the root process) and
// the interface the rest of the runtime calls (ready, post). One scheduler is active per thread:
// the run's on each of its threads, or a closed run's (run_closed) on the thread it is nested in.
#pragma once

#include <atomic>
#include <chrono>
#include <csignal>
#include <functional>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <vector>

#include "choice_log.h"
#include "timer_queue.h"
#include "transit/par.h"
#include "transit/process.h"
#include "transit/run.h"

namespace transit::detail {

// splitmix64: small, fast, and good enough to pick among ready processes and steal victims.
inline std::uint64_t next_random(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Processes whose outside event (blocking()) has completed, handed over by helper threads.
// Shared with the helpers so that one finishing after the run has ended finds it closed.
struct Inbox {
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<Process*> processes;
  std::atomic<bool> nonempty{false};
  bool closed = false;

  void post(Process* p);
};

class Scheduler {
 public:
  explicit Scheduler(const RunOptions& options);
  virtual ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Makes p runnable; called on a thread that runs processes.
  virtual void ready(Process* p) noexcept = 0;
  // Runs until main ends, a process fails, or nothing can run (deadlock).
  virtual void execute() = 0;
  // Whether a high-priority process is ready on this thread (for a scheduler without a FastQueue).
  virtual bool high_priority_ready() const noexcept { return false; }
  // A uniformly random number below n (deterministic under a seed).
  virtual std::uint64_t random_below(std::uint64_t n) noexcept = 0;
  // An outside event completed, or a timer became due while workers may sleep.
  virtual void notify() noexcept {}
  // Wakes a scheduler sleeping on a timer or an outside event to look at inspection_requested.
  void wake() noexcept;
  // Calls fn while no process runs on another thread (for inspection).
  virtual void with_world_stopped(const std::function<void()>& fn) { fn(); }

  Time now() const noexcept;
  // A closed run reads the clock of the run it is nested in and, on virtual time, moves that
  // clock on by the time the closed run waited.
  void follow_clock(const Scheduler& outer) noexcept;
  void catch_up_clock(const Scheduler& inner) noexcept;
  void add_timer(TimerNode& node) noexcept;
  void remove_timer(TimerNode& node) noexcept;
  // Wakes every timer due at `t` (deadline < t); returns how many fired.
  std::size_t fire_due_timers(Time t) noexcept;

  void start_external(Process* p, std::function<void()> job);
  // An outside event that the caller's own thread completes (a network link's reader): counted as
  // start_external counts its job; that thread then calls post(p) on the inbox returned.
  std::shared_ptr<Inbox> expect_external() noexcept;
  // Moves processes whose outside event completed to the ready queues.
  void drain_inbox() noexcept;

  void main_ended() noexcept { main_done_.store(true, std::memory_order_release); notify(); }
  bool main_done() const noexcept { return main_done_.load(std::memory_order_acquire); }
  void fail(std::exception_ptr error, Process* p) noexcept;
  bool stopping() const noexcept { return stopping_.load(std::memory_order_acquire); }
  std::exception_ptr failure() const noexcept { return failure_; }
  const Process* failed_process() const noexcept { return failed_; }
  int externals() const noexcept { return externals_.load(std::memory_order_acquire); }

  Process root;
  ParJoin root_join;
  // Recording or replaying the run's ALT choices (choice_log.h); null otherwise, and in closed runs
  // (which are deterministic).
  ChoiceRecorder* recorder = nullptr;
  ChoiceReplay* replay = nullptr;

 protected:
  bool real_time_;
  std::chrono::steady_clock::time_point start_;
  std::atomic<Time> virtual_now_{0};
  SpinLock timer_lock_;
  TimerQueue timers_;
  std::atomic<std::size_t> timer_count_{0};
  std::shared_ptr<Inbox> inbox_;
  std::atomic<int> externals_{0};
  std::atomic<bool> main_done_{false};
  std::atomic<bool> stopping_{false};
  std::mutex failure_mutex_;
  std::exception_ptr failure_{};
  const Process* failed_ = nullptr;
};

[[gnu::tls_model("initial-exec")]] extern thread_local constinit Scheduler* active_scheduler;

std::unique_ptr<Scheduler> make_deterministic_scheduler(const RunOptions& options);
std::unique_ptr<Scheduler> make_work_stealing_scheduler(const RunOptions& options, unsigned threads);

// Set by the SIGQUIT handler and the attach server (one bit each); schedulers take it at a
// scheduling point and call print_inspection with what they took.
inline constexpr int inspection_for_sigquit = 1;  // print the live processes on stderr
inline constexpr int inspection_for_attach = 2;   // answer the waiting inspectors (attach_server.h)
inline constexpr int inspection_for_records = 4;  // ... those that asked for process records (the viewer)
extern std::atomic<int> inspection_requested;  // lock-free, so safe in a signal handler
void print_inspection(int requests) noexcept;

// The wait-for cycles section of the deadlock report ("wait-for cycles:" and one line each), or
// `none` when there is none.
std::string cycles_text(const std::vector<ProcessInfo>& live, const std::vector<std::vector<std::uint64_t>>& cycles,
                        const std::string& none);

}  // namespace transit::detail
