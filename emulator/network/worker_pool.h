// WorkerPool: runs a batch of independent jobs on N host threads (the caller's thread is one of
// them) and returns when all are done. The network kernel hands it the nodes that run in one
// synchronisation step; which thread runs which job never changes a result (docs/network.md).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

namespace transit::network {

class WorkerPool {
 public:
  explicit WorkerPool(unsigned threads);  // 1: no extra thread, jobs run on the caller's
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  unsigned threads() const { return unsigned(workers_.size()) + 1; }
  // Calls job(i) once for every i < count, spread over the threads (thread t takes the i with
  // i % threads == t); returns when all returned.
  void run(std::size_t count, const std::function<void(std::size_t)>& job);

 private:
  void work(unsigned self);  // a worker thread's loop
  void take_jobs(unsigned self);

  std::vector<std::thread> workers_;
  // Written by run() before it starts a batch and not again until every worker has finished it.
  const std::function<void(std::size_t)>* job_ = nullptr;
  std::size_t count_ = 0;
  std::atomic<std::uint32_t> batch_{0};  // bumped to start a batch; workers wait on it
  std::atomic<unsigned> finished_{0};    // workers done with the current batch
  std::atomic<bool> quit_{false};
};

}  // namespace transit::network
