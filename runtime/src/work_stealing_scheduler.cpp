// The multi-core scheduler (after KRoC's CCSP): one worker thread per core, each running from a
// queue only its own thread touches (the FastQueue the channel operations push to and switch from
// directly, as on one thread: no locked instruction per switch). A process made ready by a
// rendezvous joins the queue of the worker that did the rendezvous, so processes that communicate
// gather on one worker as one batch. A worker that runs dry asks the others for work and sleeps;
// a busy worker answers at its next switch (which then goes back to its loop) by handing the front
// half of its queue, in one piece, to the asker. An asker that gets nothing, or burns what it got
// within 20 us (a communicating batch pulled back to its partners), asks less and less often
// (50 us up to 2 ms), so communication-bound programs stay on one core while compute-bound ones
// spread.
// The last worker to go idle decides, with every queue empty and every other worker asleep,
// whether to jump the virtual clock, wait for a timer or an outside event, or declare the run over
// (main ended, or deadlock).
#include <algorithm>
#include <chrono>
#include <thread>

#include "scheduler.h"

namespace transit::detail {
namespace {

using Clock = std::chrono::steady_clock;

struct alignas(64) Worker {
  FastQueue local;                   // this worker's thread only
  std::uint16_t index = 0;
  std::uint64_t rng = 0;
  // Processes handed over by other threads (a batch from a busy worker, an outside event),
  // taken into `local` at the worker's next return to its loop.
  SpinLock incoming_lock;
  Process* incoming_head = nullptr;
  Process* incoming_tail = nullptr;
  std::atomic<bool> has_incoming{false};
  // The asker's pace: how long it sleeps before asking again, and when it last got work.
  std::chrono::microseconds ask_interval{min_ask_interval};
  Clock::time_point got_work{};

  static constexpr std::chrono::microseconds min_ask_interval{50};
  static constexpr std::chrono::microseconds max_ask_interval{2000};
  static constexpr std::chrono::microseconds lasting_work{20};
};

[[gnu::tls_model("initial-exec")]] thread_local constinit Worker* tls_worker = nullptr;

class WorkStealingScheduler final : public Scheduler {
 public:
  WorkStealingScheduler(const RunOptions& options, unsigned threads) : Scheduler(options), workers_(threads) {
    // Each worker's random choices (a fair ALT's first guard) come from its own generator, seeded
    // from the run's seed when there is one.
    std::uint64_t seed = options.seed.value_or(0x51ed270b27c6a2e1ULL);
    for (unsigned i = 0; i < threads; ++i) {
      workers_[i].index = static_cast<std::uint16_t>(i);
      workers_[i].rng = next_random(seed);
    }
  }

  // On a worker, processes go to its own queue (make_ready does the same inline); from another
  // thread, to the incoming list of the worker the process last ran on.
  void ready(Process* p) noexcept override {
    p->state = State::ready;
    if (tls_worker != nullptr) {
      tls_worker->local.ready[p->priority].push(p);
      return;
    }
    hand_over(workers_[p->worker % workers_.size()], p, p);
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
  // At most how many processes a worker switches to directly before it returns to its loop (to
  // answer askers, take incoming work, look at outside events, timers and inspection requests).
  static constexpr unsigned switch_budget = 256;

  void work(Worker& w) {
    tls_worker = &w;
    active_scheduler = this;
    fast_queue = &w.local;
    for (;;) {
      if (pause_.load(std::memory_order_acquire)) park();
      if (w.local.asked_by.load(std::memory_order_relaxed) != 0) answer(w);
      if (w.has_incoming.load(std::memory_order_acquire)) take_incoming(w);
      drain_inbox();
      if (real_time_) fire_due_timers(now());
      if (inspection_requested.load(std::memory_order_relaxed) != 0) {
        const int requests = inspection_requested.exchange(0, std::memory_order_relaxed);
        with_world_stopped([requests] { print_inspection(requests); });
      }
      Process* p = w.local.pop();
      if (p == nullptr) {
        if (!idle(w)) break;
        continue;
      }
      tls_current = p;
      p->state = State::running;
      p->worker = static_cast<std::uint8_t>(w.index);  // modulo 256: a hint
      w.local.budget.store(switch_budget, std::memory_order_relaxed);
      p->resume.resume();
      tls_current = nullptr;
      if (stopping()) {
        notify();
        break;
      }
    }
    fast_queue = nullptr;
    tls_worker = nullptr;
    active_scheduler = nullptr;
  }

  // Appends the list first..last to w's incoming list and wakes the sleepers.
  void hand_over(Worker& w, Process* first, Process* last) noexcept {
    w.incoming_lock.lock();
    last->next = nullptr;
    if (w.incoming_tail) w.incoming_tail->next = first; else w.incoming_head = first;
    w.incoming_tail = last;
    w.has_incoming.store(true, std::memory_order_release);
    w.incoming_lock.unlock();
    notify();
  }

  void take_incoming(Worker& w) noexcept {
    w.incoming_lock.lock();
    Process* first = w.incoming_head;
    Process* last = w.incoming_tail;
    w.incoming_head = w.incoming_tail = nullptr;
    w.has_incoming.store(false, std::memory_order_relaxed);
    w.incoming_lock.unlock();
    if (first == nullptr) return;
    last->next = nullptr;
    for (Process* p = first; p;) {
      Process* next = p->next;
      w.local.ready[p->priority].push(p);
      p = next;
    }
  }

  // Another worker ran dry and asks: give it the front half of one of this worker's queues (the
  // processes that have waited longest), in one piece, keeping at least one process of that
  // priority here. The low-priority queue goes first: high-priority work stays where it was made
  // ready.
  void answer(Worker& w) noexcept {
    const int asker = w.local.asked_by.exchange(0, std::memory_order_relaxed);
    if (asker == 0) return;
    for (std::uint8_t priority : {low_priority, high_priority}) {
      RunList& list = w.local.ready[priority];
      std::size_t count = 0;
      for (Process* p = list.head; p; p = p->next) ++count;
      const std::size_t give = count / 2;
      if (give == 0) continue;
      Process* first = list.head;
      Process* last = first;
      for (std::size_t i = 1; i < give; ++i) last = last->next;
      list.head = last->next;
      if (!list.head) list.tail = nullptr;
      hand_over(workers_[static_cast<std::size_t>(asker - 1)], first, last);
      return;
    }
  }

  // Asks every other worker (that no one asks yet) for work.
  void ask(Worker& w) noexcept {
    for (Worker& v : workers_) {
      if (&v == &w) continue;
      int nobody = 0;
      if (v.local.asked_by.compare_exchange_strong(nobody, w.index + 1, std::memory_order_relaxed))
        v.local.budget.store(0, std::memory_order_relaxed);  // its next switch goes back to its loop
    }
  }

  bool any_incoming() const noexcept {
    for (const Worker& v : workers_) {
      if (v.has_incoming.load(std::memory_order_acquire)) return true;
    }
    return false;
  }

  // Nothing to run: ask for work and sleep, or settle the run. Returns false when the run is over.
  bool idle(Worker& w) {
    // Work burnt within one asking interval of getting it was a batch pulled back to its
    // partners: ask more slowly. Work that lasted: ask quickly again.
    const Clock::time_point dry = Clock::now();
    if (dry - w.got_work < Worker::lasting_work) w.ask_interval = std::min(w.ask_interval * 2, Worker::max_ask_interval);
    else w.ask_interval = Worker::min_ask_interval;
    std::unique_lock lock(inbox_->mutex);
    ++idle_;
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
      if (!inbox_->processes.empty() || w.has_incoming.load(std::memory_order_acquire)) break;
      const bool timers = timer_count_.load(std::memory_order_acquire) != 0;
      const bool all_idle = idle_ == workers_.size() && externals() == 0 && !any_incoming();
      if (all_idle && !timers) {
        finished_ = true;  // every worker idle, nothing queued, nothing pending: deadlock
        inbox_->arrived.notify_all();
        keep_going = false;
        break;
      }
      if (all_idle && !real_time_) {
        // Everyone is idle: jump the virtual clock to the next timeout.
        timer_lock_.lock();
        Time deadline = timers_.earliest();
        timer_lock_.unlock();
        if (deadline >= virtual_now_.load(std::memory_order_relaxed)) virtual_now_.store(deadline + 1, std::memory_order_release);
        // Not idle while firing: a process taken off the timer queue is in no ready queue until
        // fire_due_timers pushes it (to this worker), and another worker that counted everyone
        // idle meanwhile would jump the clock again past it.
        --idle_;
        lock.unlock();
        fire_due_timers(now());
        lock.lock();
        ++idle_;
        if (!w.local.empty()) break;
        continue;
      }
      std::chrono::nanoseconds sleep = w.ask_interval;
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
          if (!w.local.empty()) break;
          continue;
        }
        sleep = std::min(sleep, std::chrono::nanoseconds(deadline + 1 - t));
      }
      // Sleep until work is handed over, an event arrives, or it is time to ask again; never spin.
      ask(w);
      if (inbox_->arrived.wait_for(lock, sleep) == std::cv_status::timeout && !w.has_incoming.load(std::memory_order_acquire))
        w.ask_interval = std::min(w.ask_interval * 2, Worker::max_ask_interval);
    }
    --idle_;
    lock.unlock();
    if (keep_going) {
      w.got_work = Clock::now();
      if (w.has_incoming.load(std::memory_order_acquire)) take_incoming(w);
      drain_inbox();
    }
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
