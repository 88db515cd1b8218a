// The work-stealing scheduler (after KRoC's CCSP): one worker thread per core, each with its own
// run queue. A process made ready by a communication goes to the queue of the worker that ran
// the communication, so communicating partners stay on one core; a worker whose queue is empty
// steals half of another's queue in one batch. A worker wakes a sleeping one only when it has
// surplus work (two or more queued), so a ping-pong pair does not bounce between cores. Idle
// workers sleep on a condition variable; the last to go idle decides, with every queue empty and
// every other worker asleep, whether to jump the virtual clock, wait for a timer or an outside
// event, or declare the run over (main ended, or deadlock).
#include <algorithm>
#include <chrono>
#include <thread>

#include "scheduler.h"

namespace transit::detail {
namespace {

struct alignas(64) Worker {
  std::uint16_t index = 0;
  SpinLock lock;
  Process* head = nullptr;
  Process* tail = nullptr;
  std::size_t size = 0;
  std::uint64_t rng = 0;

  void push(Process* p) noexcept {  // lock held
    p->next = nullptr;
    if (tail) tail->next = p; else head = p;
    tail = p;
    ++size;
  }
  Process* pop() noexcept {  // lock held
    Process* p = head;
    if (p) {
      head = p->next;
      if (!head) tail = nullptr;
      --size;
    }
    return p;
  }
};

[[gnu::tls_model("initial-exec")]] thread_local constinit Worker* tls_worker = nullptr;

class WorkStealingScheduler final : public Scheduler {
 public:
  WorkStealingScheduler(const RunOptions& options, unsigned threads) : Scheduler(options), workers_(threads) {
    for (unsigned i = 0; i < threads; ++i) {
      workers_[i].index = static_cast<std::uint16_t>(i);
      workers_[i].rng = 0x51ed270b27c6a2e1ULL * (i + 1);
    }
  }

  void ready(Process* p) noexcept override {
    p->state = State::ready;
    Worker* w = tls_worker ? tls_worker : &workers_[p->worker % workers_.size()];
    w->lock.lock();
    w->push(p);
    const std::size_t queued = w->size;
    w->lock.unlock();
    // Surplus work (or work pushed from outside a worker): wake a sleeper to steal it.
    if ((queued >= 2 || tls_worker == nullptr) && sleeping_.load(std::memory_order_seq_cst) > 0) {
      std::lock_guard lock(inbox_->mutex);
      inbox_->arrived.notify_one();
    }
  }

  std::uint64_t random_below(std::uint64_t n) noexcept override {
    if (n <= 1) return 0;
    static thread_local std::uint64_t state = 0x2545f4914f6cdd1dULL;
    std::uint64_t& s = tls_worker ? tls_worker->rng : state;
    return next_random(s) % n;
  }

  void notify() noexcept override {
    std::lock_guard lock(inbox_->mutex);
    inbox_->arrived.notify_all();
  }

  void execute() override {
    std::vector<std::thread> threads;
    threads.reserve(workers_.size());
    for (Worker& w : workers_) threads.emplace_back([this, &w] { work(w); });
    for (std::thread& t : threads) t.join();
  }

 private:
  static constexpr unsigned poll_interval = 256;

  void work(Worker& w) {
    tls_worker = &w;
    active_scheduler = this;
    unsigned since_poll = 0;
    for (;;) {
      if (pause_.load(std::memory_order_acquire)) park();
      Process* p = take(w);
      if (p == nullptr) {
        drain_inbox();
        if (real_time_) fire_due_timers(now());
        p = take(w);
        if (p == nullptr) {
          if (!idle(w)) break;
          continue;
        }
      }
      tls_current = p;
      p->state = State::running;
      p->worker = w.index;
      p->resume.resume();
      tls_current = nullptr;
      if (stopping()) {
        notify();
        break;
      }
      if (++since_poll == poll_interval) {
        since_poll = 0;
        drain_inbox();
        if (real_time_) fire_due_timers(now());
        if (inspection_requested.load(std::memory_order_relaxed) != 0) {
          const int requests = inspection_requested.exchange(0, std::memory_order_relaxed);
          with_world_stopped([requests] { print_inspection(requests); });
        }
      }
    }
    tls_worker = nullptr;
    active_scheduler = nullptr;
  }

  Process* take(Worker& w) noexcept {
    w.lock.lock();
    Process* p = w.pop();
    w.lock.unlock();
    return p ? p : steal(w);
  }

  // Takes half of another worker's queue (at least one process) in one batch.
  Process* steal(Worker& thief) noexcept {
    const std::size_t n = workers_.size();
    const std::size_t first = next_random(thief.rng) % n;
    for (std::size_t k = 0; k < n; ++k) {
      Worker& victim = workers_[(first + k) % n];
      if (&victim == &thief) continue;
      victim.lock.lock();
      if (victim.size == 0) {
        victim.lock.unlock();
        continue;
      }
      std::size_t count = (victim.size + 1) / 2;
      Process* batch = victim.head;
      Process* last = batch;
      for (std::size_t i = 1; i < count; ++i) last = last->next;
      victim.head = last->next;
      if (!victim.head) victim.tail = nullptr;
      victim.size -= count;
      victim.lock.unlock();
      last->next = nullptr;
      Process* rest = batch->next;
      if (rest) {
        thief.lock.lock();
        for (Process* q = rest; q;) {
          Process* next = q->next;
          thief.push(q);
          q = next;
        }
        thief.lock.unlock();
      }
      return batch;
    }
    return nullptr;
  }

  bool any_queued() noexcept {
    for (Worker& v : workers_) {
      v.lock.lock();
      bool some = v.size != 0;
      v.lock.unlock();
      if (some) return true;
    }
    return false;
  }

  // Nothing to run: sleep, or settle the run. Returns false when the run is over.
  bool idle(Worker& w) {
    std::unique_lock lock(inbox_->mutex);
    ++idle_;
    sleeping_.fetch_add(1, std::memory_order_seq_cst);
    bool keep_going = true;
    for (;;) {
      if (finished_ || main_done() || stopping()) {
        finished_ = true;
        keep_going = false;
        break;
      }
      if (pause_.load(std::memory_order_acquire)) {  // the inspector counts us as quiet: stay so
        inbox_->arrived.notify_all();
        inbox_->arrived.wait(lock, [&] { return !pause_.load(std::memory_order_acquire); });
        continue;
      }
      if (inspection_requested.load(std::memory_order_relaxed) != 0) {
        const int requests = inspection_requested.exchange(0, std::memory_order_relaxed);
        --idle_;
        lock.unlock();
        with_world_stopped([requests] { print_inspection(requests); });
        lock.lock();
        ++idle_;
        continue;
      }
      if (!inbox_->processes.empty() || any_queued()) break;
      const bool timers = timer_count_.load(std::memory_order_acquire) != 0;
      if (idle_ == workers_.size() && !timers && externals() == 0) {
        finished_ = true;  // every worker idle, nothing queued, nothing pending: deadlock
        inbox_->arrived.notify_all();
        keep_going = false;
        break;
      }
      if (timers && !real_time_ && idle_ == workers_.size() && externals() == 0) {
        // Everyone is idle: jump the virtual clock to the next timeout.
        timer_lock_.lock();
        Time deadline = timers_.earliest();
        timer_lock_.unlock();
        if (deadline >= virtual_now_.load(std::memory_order_relaxed)) virtual_now_.store(deadline + 1, std::memory_order_release);
        // Not idle while firing: a process taken off the timer queue is in no ready queue until
        // fire_due_timers pushes it, and another worker that counted everyone idle meanwhile would
        // jump the clock again past it.
        --idle_;
        lock.unlock();
        fire_due_timers(now());
        lock.lock();
        ++idle_;
        continue;
      }
      if (timers && real_time_) {
        timer_lock_.lock();
        Time deadline = timers_.empty() ? now() : timers_.earliest();
        timer_lock_.unlock();
        Time t = now();
        if (t > deadline) {
          --idle_;  // not idle while firing (see above)
          lock.unlock();
          fire_due_timers(t);
          lock.lock();
          ++idle_;
          continue;
        }
        inbox_->arrived.wait_for(lock, std::chrono::nanoseconds(deadline + 1 - t));
        continue;
      }
      // Sleep. Work readied on a busy worker without surplus (one process queued behind a long
      // computation) wakes nobody, so look again after a while: one wake-up per millisecond per
      // idle worker at most, not spinning.
      inbox_->arrived.wait_for(lock, std::chrono::milliseconds(1));
    }
    --idle_;
    sleeping_.fetch_sub(1, std::memory_order_seq_cst);
    lock.unlock();
    if (keep_going) drain_inbox();
    (void)w;
    return keep_going;
  }

  // Stop-the-world: wait until every other worker is parked or idle, call fn, resume.
  void with_world_stopped(const std::function<void()>& fn) override {
    bool expected = false;
    while (!pause_.compare_exchange_strong(expected, true)) {  // someone else is inspecting
      expected = false;
      park();
    }
    {
      std::unique_lock lock(inbox_->mutex);
      inbox_->arrived.wait(lock, [&] { return parked_ + idle_ + 1 >= workers_.size(); });
    }
    fn();
    {
      std::lock_guard lock(inbox_->mutex);
      pause_.store(false, std::memory_order_release);
      inbox_->arrived.notify_all();
    }
  }

  void park() {
    std::unique_lock lock(inbox_->mutex);
    ++parked_;
    inbox_->arrived.notify_all();
    inbox_->arrived.wait(lock, [&] { return !pause_.load(std::memory_order_acquire); });
    --parked_;
  }

  std::vector<Worker> workers_;
  std::atomic<int> sleeping_{0};
  std::size_t idle_ = 0;     // guarded by inbox_->mutex
  std::size_t parked_ = 0;   // guarded by inbox_->mutex
  bool finished_ = false;    // guarded by inbox_->mutex
  std::atomic<bool> pause_{false};
};

}  // namespace

std::unique_ptr<Scheduler> make_work_stealing_scheduler(const RunOptions& options, unsigned threads) {
  return std::make_unique<WorkStealingScheduler>(options, std::max(1u, threads));
}

}  // namespace transit::detail
