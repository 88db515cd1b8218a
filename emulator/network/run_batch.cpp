// The nodes due at one time, prepared together, run in parallel, finished in order (run_batch.h).
#include "run_batch.h"

#include "run_monitor.h"

#include <algorithm>

namespace transit::network {

namespace {
constexpr Cycle kLongRun = 5000;  // cycles: about 10 us of host time
// The most activations in one chain before SystemC's scheduler runs again: some 100 us of host time.
constexpr int kChainMost = 256;
}  // namespace

RunBatch::RunBatch(sc_core::sc_module_name name, unsigned threads) : sc_core::sc_module(name), pool_(threads) {
  SC_METHOD(execute);
  sensitive << ready_;
  dont_initialize();
}

void RunBatch::join(NodeModule* m) {
  if (monitor_) monitor_->tick();
  if (eager_.empty() && joined_.empty()) {
    // No node computes ahead and none waits in this delta: run this one at once, as one module on
    // one thread would (no delta cycle, no bookkeeping; the common case while nodes only talk).
    // Whether a node joins or runs at once depends only on the simulation's state.
    run_alone(m);
    chain();
    return;
  }
  joined_.push_back(m);
  ready_.notify(sc_core::SC_ZERO_TIME);  // after every module woken in this delta has joined
}

void RunBatch::run_alone(NodeModule* m) {
  m->set_early(false);
  if (m->prepare()) {
    m->begin();
    m->run();
    m->finish();
    if (m->may_run_early()) eager_.push_back(m);
  } else {
    m->begin();
  }
  m->set_early(true);
  ++batches_;
}

// After a module ran alone, when nothing else is due at this SystemC time: the module woken
// earliest (the lowest node number among equals) is run next, at its wake-up time, as SystemC
// would run it alone, and so on while no node may run early, nothing ended the run and the next
// time is before the cycle limit (SystemC handles the limit). The modules' time is the chain's;
// their wake-ups are notified to SystemC, from its own time, when the chain ends. Which module
// runs next, and when, depends only on the simulation's state, and where runs stop never changes
// what a node computes (docs/network.md, "Synchronisation"), so a chain is as exact as SystemC's
// own scheduling, and cheaper: no timed notification, queue or process switch per activation.
Cycle RunBatch::now() const {
  return chaining_ ? chain_now_ : sc_core::sc_time_stamp().value() / cycle_time_.value();
}

void RunBatch::chain() {
  if (!chains_ || sc_core::sc_pending_activity_at_current_time()) return;
  chaining_ = true;
  chain_now_ = sc_core::sc_time_stamp().value() / cycle_time_.value();
  for (int i = 0; i < kChainMost && eager_.empty() && !(monitor_ && monitor_->stopped()); ++i) {
    NodeModule* next = nullptr;
    bool ended = false;  // a node called sc_stop: nothing more runs
    for (NodeModule* m : *all_) {
      ended |= m->ended();
      if (m->wake_time() != kNever && (!next || m->wake_time() < next->wake_time())) next = m;
    }
    if (ended || !next || std::max(next->wake_time(), chain_now_) >= max_cycles_) break;
    chain_now_ = std::max(chain_now_, next->wake_time());
    if (monitor_) monitor_->tick();
    run_alone(next);
    ++chained_;
  }
  chaining_ = false;
  for (NodeModule* m : *all_) m->notify_wake(chain_now_);
}

void RunBatch::execute() {
  std::vector<NodeModule*>& batch = batch_;
  batch.swap(joined_);
  joined_.clear();
  // The modules due now, and the running ones that could go on now as well, in node order.
  for (NodeModule* m : batch) m->set_early(false);
  for (NodeModule* m : eager_)
    if (m->early() && m->ready_early()) batch.push_back(m);
  std::sort(batch.begin(), batch.end(), [](const NodeModule* a, const NodeModule* b) { return a->id() < b->id(); });
  batch.erase(std::unique(batch.begin(), batch.end()), batch.end());  // a module woken twice in a delta
  running_.clear();
  for (NodeModule* m : batch)
    if (m->prepare()) running_.push_back(m);
  for (NodeModule* m : batch) m->begin();
  ++batches_;
  // Handing runs to other threads costs microseconds: worth it only when two or more of them are
  // long (runs before their time are; due ones if their last run was). Either way the runs and
  // their results are the same.
  int long_runs = 0;
  for (NodeModule* m : running_) long_runs += m->early() || m->last_run_cycles() >= kLongRun;
  if (long_runs >= 2) {
    runs_ += running_.size();
    pool_.run(running_.size(), [this](std::size_t i) { running_[i]->run(); });
  } else {
    for (NodeModule* m : running_) m->run();
  }
  for (NodeModule* m : running_) m->finish();
  // The running nodes that may run early from now on (few: those that compute).
  std::erase_if(eager_, [](const NodeModule* m) { return !m->may_run_early(); });
  for (NodeModule* m : running_)
    if (m->may_run_early() && std::find(eager_.begin(), eager_.end(), m) == eager_.end()) eager_.push_back(m);
  for (NodeModule* m : batch) m->set_early(true);
}

}  // namespace transit::network
