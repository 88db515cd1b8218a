// A small pool of host threads for the network kernel's parallel step (see worker_pool.h).
#include "network/worker_pool.h"

namespace transit::network {

namespace {
// How long a worker spins for the next batch before it sleeps: batches come every few
// microseconds while nodes talk, and a sleeping thread takes tens of microseconds to wake.
constexpr int kSpins = 2000;

inline void relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}
}  // namespace

WorkerPool::WorkerPool(unsigned threads) {
  for (unsigned t = 1; t < threads; ++t) workers_.emplace_back([this, t] { work(t); });
}

WorkerPool::~WorkerPool() {
  quit_.store(true);
  batch_.fetch_add(1, std::memory_order_release);
  batch_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void WorkerPool::take_jobs(unsigned self) {
  for (std::size_t i = self; i < count_; i += threads()) (*job_)(i);
}

void WorkerPool::work(unsigned self) {
  std::uint32_t seen = 0;
  for (;;) {
    // run() waits for every worker before it starts the next batch: a worker sees each one.
    std::uint32_t b = batch_.load(std::memory_order_acquire);
    for (int spin = 0; b == seen && spin < kSpins; ++spin) {
      relax();
      b = batch_.load(std::memory_order_acquire);
    }
    if (b == seen) {
      batch_.wait(seen, std::memory_order_acquire);
      continue;
    }
    seen = b;
    if (quit_.load()) return;
    take_jobs(self);
    finished_.fetch_add(1, std::memory_order_release);
    finished_.notify_one();
  }
}

void WorkerPool::run(std::size_t count, const std::function<void(std::size_t)>& job) {
  if (workers_.empty() || count < 2) {
    for (std::size_t i = 0; i < count; ++i) job(i);
    return;
  }
  job_ = &job;
  count_ = count;
  finished_.store(0, std::memory_order_relaxed);
  batch_.fetch_add(1, std::memory_order_release);
  batch_.notify_all();
  take_jobs(0);
  unsigned all = unsigned(workers_.size());
  for (int spin = 0; spin < kSpins; ++spin) {
    if (finished_.load(std::memory_order_acquire) == all) return;
    relax();
  }
  // A worker the host has not scheduled: sleep instead of taking its core.
  for (unsigned f; (f = finished_.load(std::memory_order_acquire)) != all;) finished_.wait(f, std::memory_order_acquire);
}

}  // namespace transit::network
