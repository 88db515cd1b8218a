// An emulated transputer as a network node (see transputer_node.h).
#include "network/transputer_node.h"

#include <algorithm>

namespace transit::network {

using emu::StopReason;

TransputerNode::TransputerNode(const emu::NodeConfig& config) : t_(config) {}

void TransputerNode::attach_host(emu::HostLink& host, unsigned link, std::span<const std::uint8_t> boot_file) {
  host_ = &host;
  host_link_ = link;
  host_->send(boot_file, t_.now());
}

void TransputerNode::run(Cycle until, Cycle safe) {
  Cycle limit = std::min(until, safe);
  for (;;) {
    if (host_) {
      // The host answers at the time of the signal it got, so its replies reach the node before
      // the node's clock passes them: hand them over before every run.
      for (const LinkSignal& s : host_->emitted()) t_.deliver(s);
      host_->emitted().clear();
    }
    emu::RunResult r = t_.run_until(limit);
    bool to_host = false;
    for (const LinkSignal& s : t_.emitted()) {
      if (host_ && s.link == host_link_) {
        host_->receive(s);
        to_host = true;
      } else {
        sent_.push_back(s);
      }
    }
    t_.emitted().clear();
    if (host_exited() || r.reason == StopReason::Halted || r.reason == StopReason::CycleLimit) break;
    if (r.reason == StopReason::Idle && !to_host) break;
  }
  if (host_) {
    for (const LinkSignal& s : host_->emitted()) t_.deliver(s);
    host_->emitted().clear();
  }
}

Activity TransputerNode::activity() const {
  if (t_.halted() || host_exited()) return Activity::Stopped;
  return t_.next_event() <= t_.now() ? Activity::Running : Activity::Waiting;
}

Cycle TransputerNode::next_event() const {
  if (t_.halted() || host_exited()) return kNever;
  return t_.next_event();
}

void TransputerNode::take_sent(std::vector<LinkSignal>& out) {
  out.insert(out.end(), sent_.begin(), sent_.end());
  sent_.clear();
}

// A data packet is known as data after its first two bits, an acknowledge is two bits long:
// nothing a neighbour sends at cycle s changes this node before s + 2 bit times.
Cycle TransputerNode::lookahead() const {
  return emu::kDataHeaderBits * const_cast<emu::Transputer&>(t_).links().bit_cycles();
}

std::vector<BlockedProcess> TransputerNode::blocked() const {
  std::vector<BlockedProcess> v;
  auto& t = const_cast<emu::Transputer&>(t_);
  emu::Cpu& c = t.cpu();
  emu::LinkEngine& links = t.links();
  for (unsigned l = 0; l < emu::kLinks; ++l) {
    for (bool input : {true, false}) {
      emu::Word w = input ? links.waiting_input(l) : links.waiting_output(l);
      if (w == emu::kNotProcess) continue;
      BlockedProcess p;
      p.wdesc = w;
      p.iptr = c.ws(w & ~3u, emu::kSlotIptr);
      p.link = int(l);
      p.input = input;
      p.what = std::string(input ? "waits to input on link " : "waits to output on link ") + std::to_string(l);
      v.push_back(p);
    }
  }
  if (links.booting()) {
    BlockedProcess p;
    p.what = "waits to boot from a link (no boot code arrived)";
    v.push_back(p);
  }
  return v;
}

std::string TransputerNode::stop_reason() const {
  if (t_.halted()) return "halted: " + t_.halt_report();
  if (host_exited()) return "exit status " + std::to_string(host_->exit_status());
  return "";
}

}  // namespace transit::network
