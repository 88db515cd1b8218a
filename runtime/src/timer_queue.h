// TimerQueue: the pending timeouts of a run, an intrusive binary min-heap of TimerNodes ordered
// by (deadline, seq) so that equal deadlines fire in the order they were queued.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "transit/timer.h"

namespace transit::detail {

class TimerQueue {
 public:
  bool empty() const noexcept { return heap_.empty(); }
  std::size_t size() const noexcept { return heap_.size(); }
  Time earliest() const noexcept { return heap_.front()->deadline; }
  TimerNode* top() const noexcept { return heap_.front(); }

  void push(TimerNode& node);
  void remove(TimerNode& node) noexcept;  // no-op if not queued
  TimerNode* pop() noexcept;
  void clear() noexcept;

 private:
  static bool before(const TimerNode* a, const TimerNode* b) noexcept {
    return a->deadline != b->deadline ? a->deadline < b->deadline : a->seq < b->seq;
  }
  void place(std::size_t i, TimerNode* n) noexcept {
    heap_[i] = n;
    n->heap_index = i;
  }
  void sift_up(std::size_t i) noexcept;
  void sift_down(std::size_t i) noexcept;

  std::vector<TimerNode*> heap_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace transit::detail
