// The deterministic scheduler: one thread runs every process. Without a seed the ready queue is
// FIFO; with a seed the next process is drawn at random from the ready set by a seeded
// generator, so a schedule that fails replays exactly from its seed. Virtual time jumps to the
// next timeout only when no process can run.
#include <chrono>

#include "scheduler.h"

namespace transit::detail {
namespace {

class DeterministicScheduler final : public Scheduler {
 public:
  explicit DeterministicScheduler(const RunOptions& options)
      : Scheduler(options), seeded_(options.seed.has_value()), rng_(options.seed.value_or(0)) {}

  void ready(Process* p) noexcept override {
    p->state = State::ready;
    if (seeded_) pools_[p->priority].push_back(p);
    else queue_.ready[p->priority].push(p);
  }

  bool high_priority_ready() const noexcept override { return !pools_[high_priority].empty(); }

  std::uint64_t random_below(std::uint64_t n) noexcept override { return n <= 1 ? 0 : next_random(rng_) % n; }

  void execute() override {
    // The inlined queue is this thread's (a closed run inside a worker sets its own); the outer
    // run's is put back on every way out.
    struct Restore {
      FastQueue* previous = fast_queue;
      ~Restore() { fast_queue = previous; }
    } restore;
    fast_queue = seeded_ ? nullptr : &queue_;
    for (;;) {
      Process* p = pop();
      if (p == nullptr) {
        if (stopping() || main_done()) return;
        drain_inbox();
        if (has_ready()) continue;
        if (timer_count_.load(std::memory_order_relaxed) != 0) {
          wait_for_timer();
          poll();
          continue;
        }
        if (externals() > 0) {
          {
            std::unique_lock lock(inbox_->mutex);
            inbox_->arrived.wait_for(lock, std::chrono::milliseconds(50), [&] { return woken(); });
          }
          poll();
          continue;
        }
        return;  // deadlock: the caller reports it
      }
      tls_current = p;
      p->state = State::running;
      // Processes that block switch straight to the next ready one (next_process) until the
      // budget runs out; then control comes back here.
      queue_.budget.store(poll_interval, std::memory_order_relaxed);
      p->resume.resume();
      if (stopping()) return;
      poll();
    }
  }

 private:
  // At most how many process switches between looks at outside events, real-time timers and SIGQUIT.
  static constexpr unsigned poll_interval = 256;

  bool has_ready() const noexcept {
    return !queue_.empty() || !pools_[high_priority].empty() || !pools_[low_priority].empty();
  }

  // The next process: high priority first; under a seed, drawn at random among the ready ones of
  // that priority.
  Process* pop() noexcept {
    if (seeded_) {
      std::vector<Process*>& pool = pools_[pools_[high_priority].empty() ? low_priority : high_priority];
      if (pool.empty()) return nullptr;
      std::size_t i = next_random(rng_) % pool.size();
      Process* p = pool[i];
      pool[i] = pool.back();
      pool.pop_back();
      return p;
    }
    return queue_.pop();
  }

  void poll() noexcept {
    drain_inbox();
    if (real_time_) fire_due_timers(now());
    if (inspection_requested.load(std::memory_order_relaxed) != 0)
      print_inspection(inspection_requested.exchange(0, std::memory_order_relaxed));
  }

  // An outside event completed or an inspector asks (called under the inbox lock).
  bool woken() const noexcept {
    return !inbox_->processes.empty() || inspection_requested.load(std::memory_order_relaxed) != 0;
  }

  // Nothing is ready but a timer is queued: jump the virtual clock, or sleep until the deadline
  // (waking early if an outside event completes).
  void wait_for_timer() {
    timer_lock_.lock();
    Time deadline = timers_.earliest();
    timer_lock_.unlock();
    if (!real_time_) {
      if (deadline >= virtual_now_.load(std::memory_order_relaxed)) virtual_now_.store(deadline + 1, std::memory_order_release);
      fire_due_timers(now());
      return;
    }
    Time t = now();
    if (t <= deadline) {
      std::unique_lock lock(inbox_->mutex);
      inbox_->arrived.wait_for(lock, std::chrono::nanoseconds(deadline + 1 - t), [&] { return woken(); });
    }
    fire_due_timers(now());
  }

  bool seeded_;
  std::uint64_t rng_;
  FastQueue queue_;                  // FIFO order (no seed)
  std::vector<Process*> pools_[2];   // the ready set by priority (seeded)
};

}  // namespace

std::unique_ptr<Scheduler> make_deterministic_scheduler(const RunOptions& options) {
  return std::make_unique<DeterministicScheduler>(options);
}

}  // namespace transit::detail
