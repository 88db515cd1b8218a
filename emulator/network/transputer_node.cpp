// An emulated transputer as a network node (see transputer_node.h).
#include "network/transputer_node.h"

#include <algorithm>

#include "isa/instruction.h"

namespace transit::network {

using emu::StopReason;

namespace {

// in, out, outbyte and outword are the only instructions that put a signal on a wire (a data byte,
// or the acknowledge of a byte taken), and the cycle count charges their fixed part before they
// reach the link engine (core/execute.h): the earliest such signal is that many cycles away.
Cycle fewest_link_instruction_cycles() {
  Cycle fewest = kNever;
  for (const char* mnemonic : {"in", "out", "outbyte", "outword"})
    if (const emu::Instruction* i = emu::find_instruction(mnemonic)) fewest = std::min<Cycle>(fewest, i->cycles);
  return fewest == kNever ? 0 : fewest;
}

}  // namespace

TransputerNode::TransputerNode(const emu::NodeConfig& config)
    : t_(config), link_instruction_cycles_(fewest_link_instruction_cycles()) {}

void TransputerNode::attach_host(emu::HostLink& host, unsigned link, std::span<const std::uint8_t> boot_file) {
  host_ = &host;
  host_link_ = link;
  host_->send(boot_file, t_.now());
}

void TransputerNode::run(Cycle until, Cycle safe) {
  Cycle horizon = safe;
  for (;;) {
    if (host_) {
      // The host answers at the time of the signal it got, so its replies reach the node before
      // the node's clock passes them: hand them over before every run.
      for (const LinkSignal& s : host_->emitted()) t_.deliver(s);
      host_->emitted().clear();
    }
    emu::RunResult r = t_.run_until(until, horizon);
    // Stopped by the horizon unless it ran to `until` (a computing node at the kernel's cap).
    at_horizon_ = !(r.reason == StopReason::CycleLimit && t_.now() >= until);
    bool to_host = false;
    for (const LinkSignal& s : t_.emitted()) {
      if (host_ && s.link == host_link_) {
        host_->receive(s);
        to_host = true;
      } else {
        sent_.push_back(s);
        // The neighbour may answer this signal (an acknowledge, a T800 early one) as soon as it
        // sees it: nothing later than that answer's arrival is known.
        horizon = std::min(horizon, s.start + 2 * lookahead());
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
  // A signal delivered after the node ran ahead is due before now(): the node handles it at its
  // own time when it next runs.
  return std::min(t_.next_event(), const_cast<emu::Transputer&>(t_).links().next_event());
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

Cycle TransputerNode::earliest_emission() const {
  // The link engine sends on its own only when a delivered signal or an acknowledge is due.
  return std::min(t_.now() + link_instruction_cycles_, const_cast<emu::Transputer&>(t_).links().next_event());
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
  for (const emu::WaitingProcess& w : t.waiting_processes())  // internal channels, ALTs, timers
    if (w.link < 0) v.push_back({w.wdesc, w.iptr, -1, w.kind == emu::WaitingProcess::Kind::ChannelInput, w.what()});
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
