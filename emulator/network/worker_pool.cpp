// A small pool of host threads for the network kernel's parallel step (see worker_pool.h).
#include "network/worker_pool.h"

#include <stdexcept>

namespace transit::network {

namespace {
// How long a worker spins for the next batch before it sleeps: the batches of a compute phase come
// one after the other, and a sleeping thread takes tens of microseconds to wake.
constexpr int kSpins = 2000;
constexpr unsigned kFieldBits = 20;
constexpr std::uint64_t kFieldMask = (std::uint64_t{1} << kFieldBits) - 1;

inline void relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

std::uint64_t batch_of(std::uint64_t claims) { return claims >> (2 * kFieldBits); }
std::uint64_t count_of(std::uint64_t claims) { return (claims >> kFieldBits) & kFieldMask; }
std::uint64_t next_of(std::uint64_t claims) { return claims & kFieldMask; }
}  // namespace

WorkerPool::WorkerPool(unsigned threads) {
  for (unsigned t = 1; t < threads; ++t) workers_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
  quit_.store(true);
  started_.fetch_add(1, std::memory_order_release);
  started_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void WorkerPool::take_jobs(std::uint64_t batch) {
  std::uint64_t c = claims_.load(std::memory_order_acquire);
  for (;;) {
    if (batch_of(c) != batch || next_of(c) >= count_of(c)) return;
    if (!claims_.compare_exchange_weak(c, c + 1, std::memory_order_acq_rel, std::memory_order_acquire)) continue;
    (*job_)(std::size_t(next_of(c)));
    done_.fetch_add(1, std::memory_order_release);
    done_.notify_one();
    c = claims_.load(std::memory_order_acquire);
  }
}

void WorkerPool::work() {
  std::uint32_t seen = 0;
  for (;;) {
    std::uint32_t s = started_.load(std::memory_order_acquire);
    for (int spin = 0; s == seen && spin < kSpins; ++spin) {
      relax();
      s = started_.load(std::memory_order_acquire);
    }
    if (s == seen) {
      started_.wait(seen, std::memory_order_acquire);
      continue;
    }
    seen = s;
    if (quit_.load()) return;
    take_jobs(batch_of(claims_.load(std::memory_order_acquire)));
  }
}

void WorkerPool::run(std::size_t count, const std::function<void(std::size_t)>& job) {
  if (workers_.empty() || count < 2) {
    for (std::size_t i = 0; i < count; ++i) job(i);
    return;
  }
  if (count > kFieldMask) throw std::logic_error("WorkerPool::run: too many jobs in one batch");
  job_ = &job;
  done_.store(0, std::memory_order_relaxed);
  batch_ = (batch_ + 1) & ((std::uint64_t{1} << (64 - 2 * kFieldBits)) - 1);
  claims_.store(batch_ << (2 * kFieldBits) | std::uint64_t(count) << kFieldBits, std::memory_order_release);
  started_.fetch_add(1, std::memory_order_release);
  started_.notify_all();
  take_jobs(batch_);
  // The jobs still running are other threads': wait for them, spinning first.
  for (int spin = 0; spin < kSpins && done_.load(std::memory_order_acquire) < count; ++spin) relax();
  for (std::size_t d; (d = done_.load(std::memory_order_acquire)) < count;) done_.wait(d, std::memory_order_acquire);
}

}  // namespace transit::network
