// One transputer as a SystemC module (see node_module.h and docs/network.md, "Synchronisation").
#include "node_module.h"
#include "run_batch.h"

#include <algorithm>
#include <string>

namespace transit::network {

NodeModule::NodeModule(sc_core::sc_module_name name, int id, bool root, NetworkNode& node,
                       sc_core::sc_time cycle_time)
    : sc_core::sc_module(name), id_(id), root_(root), node_(node), cycle_time_(cycle_time) {
  SC_METHOD(step);
  sensitive << wake_;
  dont_initialize();
}

void NodeModule::start_of_simulation() {
  lookahead_ = node_.lookahead();
  data_lookahead_ = node_.data_lookahead();
  reaction_ = node_.reaction();
  refresh();
  wake_at(node_.now());
}

Cycle NodeModule::now_cycles() const {
  if (batch_ && batch_->chaining()) return batch_->chain_now();
  return sc_core::sc_time_stamp().value() / cycle_time_.value();
}

void NodeModule::wake_at(Cycle c) {
  if (c == kNever || c >= wake_at_) return;
  wake_at_ = c;
  if (batch_ && batch_->chaining()) return;  // SystemC is told when the chain ends
  Cycle t = now_cycles();
  notified_ = std::max(c, t);
  // An sc_event keeps its earliest pending notification, so an earlier wake replaces a later one.
  wake_.notify(cycle_time_ * double(c > t ? c - t : 0));
}

void NodeModule::begin() {
  wake_at_ = kNever;
  // A module run before its time (ready_early) is woken anew by finish(). In a chain, SystemC's
  // notification is set right when the chain ends (notify_wake): one change per chain, not per run.
  if (batch_ && batch_->chaining()) return;
  wake_.cancel();
  notified_ = kNever;
}

void NodeModule::notify_wake(Cycle now) {
  Cycle c = wake_at_ == kNever ? kNever : std::max(wake_at_, now);
  if (c == notified_) return;
  wake_.cancel();
  notified_ = c;
  if (c != kNever) wake_.notify(cycle_time_ * double(c - sc_core::sc_time_stamp().value() / cycle_time_.value()));
}

void NodeModule::deliver(const LinkSignal& s) {
  node_.receive(s);
  if (s.kind == LinkSignal::Kind::Data) ++stats_.bytes_in;
  refresh();
  if (activity_ != Activity::Stopped) wake_at(next_event_);
}

void NodeModule::refresh() {
  activity_ = node_.activity();
  next_event_ = node_.next_event();
  switch (activity_) {
    case Activity::Running:
      // Without run-ahead, the plainest bound: a running node may send at its own cycle.
      next_action_ = run_ahead_ ? node_.earliest_emission() : node_.now();
      break;
    case Activity::Waiting:
      next_action_ = next_event_;
      break;
    case Activity::Stopped:
      next_action_ = kNever;
      break;
  }
}

// When this node could next do anything by itself (send, or wake up): not counting signals it
// has yet to receive.
Cycle NodeModule::earliest_action() const {
  return activity_ == Activity::Waiting ? std::min(wake_at_, next_action_) : next_action_;
}

Cycle NodeModule::earliest_send(const NodeModule& asking) const {
  if (activity_ == Activity::Stopped) return kNever;
  // A signal still to come wakes a process at the node's clock at the earliest, which then sends
  // `reaction_` later: a running node bound by its clock alone has nothing to learn from others.
  if (activity_ == Activity::Running && next_action_ <= node_.now() + reaction_) return next_action_;
  // A waiting node sends at its next event, a running one after its quiet code at the earliest
  // (NetworkNode::earliest_emission), either sooner if a signal wakes a process. Every signal not yet sent
  // comes from some node's next action (the asking node's own signals excepted: it stops where an
  // answer to them could arrive), so it arrives a lookahead after the earliest of those at best.
  Cycle others = kNever;
  for (const NodeModule* m : *all_)
    if (m != &asking) others = std::min(others, m->earliest_action());
  if (others != kNever) others += lookahead_;
  return std::min(earliest_action(), others);
}

// All signals this node can receive before `link` have been delivered, and all that act on its
// processor before `processor`. A neighbour's acknowledge acts a lookahead after it is sent, but
// it only answers data this node sent: on a link where none awaits its acknowledge, only the
// neighbour's data can act on the processor, at the end of its packet (NetworkNode::data_lookahead).
NodeModule::Horizons NodeModule::safe_horizons() const {
  Horizons h;
  for (int link = 0; link < kLinksPerNode; ++link) {
    const Attachment& a = wires_[std::size_t(link)];
    if (!a.wire) continue;
    const NodeModule* peer = a.wire->end[1 - a.side];
    Cycle send = peer->earliest_send(*this);
    if (send == kNever) continue;
    h.link = std::min(h.link, send + peer->lookahead_);
    h.processor = std::min(h.processor, send + (node_.awaits_ack(link) ? peer->lookahead_ : peer->data_lookahead_));
  }
  return h;
}

std::string NodeModule::kernel_state() const {
  auto cycle = [](Cycle c) { return c == kNever ? std::string("never") : std::to_string(c); };
  const char* what[] = {"running", "waiting", "stopped"};
  return std::string(what[int(node_.activity())]) + " at cycle " + cycle(node_.now()) + ", next event at " +
         cycle(node_.next_event()) + ", woken next at " + cycle(wake_at_) + ", safe horizon of its last run " +
         cycle(safe_);
}

void NodeModule::step() { batch_->join(this); }

bool NodeModule::prepare() {
  ++steps_;
  if (activity_ == Activity::Stopped) return false;
  woke_at_ = now_cycles();
  Cycle before = node_.now();  // may be ahead of woke_at_: a node that ran ahead, woken by a late signal
  started_at_ = before;
  next_before_ = next_event_;
  until_ = std::min(max_cycles_, (early_ ? woke_at_ : std::max(woke_at_, before)) + kRunCap);
  Horizons h = safe_horizons();
  safe_ = h.processor;
  link_safe_ = h.link;
  if (!run_ahead_) until_ = std::max(before, std::min(until_, link_safe_));
  return true;
}

void NodeModule::finish() {
  last_run_cycles_ = node_.now() - started_at_;
  node_.flush_trace();
  sent_.clear();
  node_.take_sent(sent_);
  for (const LinkSignal& s : sent_) {
    if (s.kind == LinkSignal::Kind::Data) {
      ++stats_.bytes_out;
      ++stats_.link_bytes_out[s.link & 3];
    }
    const Attachment& a = wires_[s.link & 3];
    if (!a.wire) continue;  // an unconnected link: the signal goes nowhere, as on a board
    LinkSignal at_peer = s;
    at_peer.link = std::uint8_t(a.wire->link[1 - a.side]);
    a.wire->end[1 - a.side]->deliver(at_peer);
  }

  refresh();
  may_run_early_ = run_ahead_ && activity_ == Activity::Running && !node_.at_horizon();
  switch (activity_) {
    case Activity::Running:
    case Activity::Waiting: {
      // Woken no later than its earliest action: neighbours' horizons wait for that (safe_horizons),
      // so a later wake-up would leave them stuck below SystemC's time. A running node's next
      // event is its cycle, or earlier: a link event (an acknowledge, a byte) that fell due while
      // its last instruction or process switch ran and was left for its next run. A run that
      // changed nothing (stopped at its horizon) goes on a cycle later at the earliest: its
      // horizon moves only when another node runs (docs/network.md, "Liveness").
      Cycle next = next_event_;
      bool progressed = node_.now() != started_at_ || !sent_.empty() || next != next_before_;
      wake_at(progressed ? next : std::max(next, woke_at_ + 1));
      break;
    }
    case Activity::Stopped:
      if (root_ || node_.failed()) {  // run_network looks at which node stopped and why
        ended_ = true;
        sc_core::sc_stop();
      }
      break;
  }
  stats_.cycles = node_.now();
}

}  // namespace transit::network
