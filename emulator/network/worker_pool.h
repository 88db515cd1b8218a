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
  // Calls job(i) once for every i < count, on whichever thread claims it first; returns when all
  // returned. The caller's thread takes jobs too, so a worker the host does not schedule in time
  // delays nothing.
  void run(std::size_t count, const std::function<void(std::size_t)>& job);

 private:
  void work();  // a worker thread's loop
  // Claims and runs jobs of batch `batch` until none is left (or another batch has started).
  void take_jobs(std::uint64_t batch);

  std::vector<std::thread> workers_;
  // The batch's job; written by run() before it publishes the batch in claims_, read only by a
  // thread that claimed a job of that batch (run() is still waiting for that job then).
  const std::function<void(std::size_t)>* job_ = nullptr;
  // Batch number (high 24 bits), job count (20 bits) and next job to claim (low 20 bits), in one
  // word so that a thread never takes a job of a batch other than the one it read.
  std::atomic<std::uint64_t> claims_{0};
  std::atomic<std::size_t> done_{0};      // jobs of the current batch finished
  std::atomic<std::uint32_t> started_{0};  // bumped to start a batch; idle workers wait on it
  std::atomic<bool> quit_{false};
  std::uint64_t batch_ = 0;                // run()'s batch number
};

}  // namespace transit::network
