#include "timer_queue.h"

namespace transit::detail {

void TimerQueue::push(TimerNode& node) {
  node.seq = next_seq_++;
  heap_.push_back(&node);
  node.heap_index = heap_.size() - 1;
  sift_up(node.heap_index);
}

void TimerQueue::remove(TimerNode& node) noexcept {
  std::size_t i = node.heap_index;
  if (i == TimerNode::not_queued) return;
  node.heap_index = TimerNode::not_queued;
  TimerNode* last = heap_.back();
  heap_.pop_back();
  if (i == heap_.size()) return;  // it was the last
  place(i, last);
  sift_up(i);
  sift_down(last->heap_index);
}

TimerNode* TimerQueue::pop() noexcept {
  TimerNode* n = heap_.front();
  remove(*n);
  return n;
}

void TimerQueue::clear() noexcept {
  for (TimerNode* n : heap_) n->heap_index = TimerNode::not_queued;
  heap_.clear();
}

void TimerQueue::sift_up(std::size_t i) noexcept {
  TimerNode* n = heap_[i];
  while (i > 0) {
    std::size_t parent = (i - 1) / 2;
    if (!before(n, heap_[parent])) break;
    place(i, heap_[parent]);
    i = parent;
  }
  place(i, n);
}

void TimerQueue::sift_down(std::size_t i) noexcept {
  TimerNode* n = heap_[i];
  std::size_t count = heap_.size();
  for (;;) {
    std::size_t child = 2 * i + 1;
    if (child >= count) break;
    if (child + 1 < count && before(heap_[child + 1], heap_[child])) ++child;
    if (!before(heap_[child], n)) break;
    place(i, heap_[child]);
    i = child;
  }
  place(i, n);
}

}  // namespace transit::detail
