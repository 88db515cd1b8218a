#include "scheduler.h"

#include <thread>

#include "transit/alt.h"

namespace transit::detail {

[[gnu::tls_model("initial-exec")]] thread_local constinit Scheduler* active_scheduler = nullptr;

void Inbox::post(Process* p) {
  std::lock_guard lock(mutex);
  if (closed) return;  // the run is over: drop the result
  processes.push_back(p);
  nonempty.store(true, std::memory_order_release);
  arrived.notify_all();
}

Scheduler::Scheduler(const RunOptions& options)
    : real_time_(options.real_time), start_(std::chrono::steady_clock::now()), inbox_(std::make_shared<Inbox>()) {}

Scheduler::~Scheduler() {
  std::lock_guard lock(inbox_->mutex);
  inbox_->closed = true;
}

Time Scheduler::now() const noexcept {
  if (!real_time_) return virtual_now_.load(std::memory_order_acquire);
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start_).count();
}

void Scheduler::follow_clock(const Scheduler& outer) noexcept {
  real_time_ = outer.real_time_;
  start_ = outer.start_;
  virtual_now_.store(outer.virtual_now_.load(std::memory_order_acquire), std::memory_order_release);
}

void Scheduler::catch_up_clock(const Scheduler& inner) noexcept {
  const Time t = inner.virtual_now_.load(std::memory_order_acquire);
  Time seen = virtual_now_.load(std::memory_order_acquire);
  while (seen < t && !virtual_now_.compare_exchange_weak(seen, t, std::memory_order_acq_rel)) {
  }
}

void Scheduler::add_timer(TimerNode& node) noexcept {
  timer_lock_.lock();
  timers_.push(node);
  timer_count_.store(timers_.size(), std::memory_order_release);
  timer_lock_.unlock();
  notify();  // a sleeping worker may have to shorten its sleep
}

void Scheduler::remove_timer(TimerNode& node) noexcept {
  timer_lock_.lock();
  timers_.remove(node);
  timer_count_.store(timers_.size(), std::memory_order_release);
  timer_lock_.unlock();
}

std::size_t Scheduler::fire_due_timers(Time t) noexcept {
  if (timer_count_.load(std::memory_order_acquire) == 0) return 0;
  std::size_t fired = 0;
  timer_lock_.lock();
  while (!timers_.empty() && timers_.earliest() < t) {
    TimerNode* n = timers_.pop();
    ++fired;
    // Claim and wake under the timer lock: an ALT cannot finish disabling (and free the node)
    // until we release it.
    if (n->alt == nullptr) {
      make_ready(n->process);
    } else if (alt_claim(*n->alt)) {
      alt_fired(*n->alt, n->guard);
    }
  }
  timer_count_.store(timers_.size(), std::memory_order_release);
  timer_lock_.unlock();
  return fired;
}

std::shared_ptr<Inbox> Scheduler::expect_external() noexcept {
  externals_.fetch_add(1, std::memory_order_acq_rel);
  return inbox_;
}

void Scheduler::start_external(Process* p, std::function<void()> job) {
  std::thread([inbox = expect_external(), job = std::move(job), p] {
    job();
    inbox->post(p);
  }).detach();
}

void Scheduler::drain_inbox() noexcept {
  if (!inbox_->nonempty.load(std::memory_order_acquire)) return;
  std::vector<Process*> arrived;
  {
    std::lock_guard lock(inbox_->mutex);
    arrived.swap(inbox_->processes);
    inbox_->nonempty.store(false, std::memory_order_relaxed);
  }
  for (Process* p : arrived) {
    externals_.fetch_sub(1, std::memory_order_acq_rel);
    ready(p);
  }
}

void Scheduler::wake() noexcept {
  { std::lock_guard lock(inbox_->mutex); }  // a sleeper is either waiting or will see the request
  inbox_->arrived.notify_all();
}

void Scheduler::fail(std::exception_ptr error, Process* p) noexcept {
  std::lock_guard lock(failure_mutex_);
  if (!failure_) {
    failure_ = std::move(error);
    failed_ = p;
  }
  stopping_.store(true, std::memory_order_release);
  notify();
}

// The hooks the headers declare.

[[gnu::tls_model("initial-exec")]] thread_local constinit FastQueue* fast_queue = nullptr;

void make_ready_slow(Process* p) { active_scheduler->ready(p); }
bool high_priority_ready_slow() noexcept { return active_scheduler->high_priority_ready(); }

void timer_add(TimerNode& node) noexcept { active_scheduler->add_timer(node); }
void timer_remove(TimerNode& node) noexcept { active_scheduler->remove_timer(node); }

void start_external(Process* p, std::function<void()> job) { active_scheduler->start_external(p, std::move(job)); }

}  // namespace transit::detail
