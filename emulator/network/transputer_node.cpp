// An emulated transputer as a network node (see transputer_node.h).
#include "network/transputer_node.h"

#include <algorithm>

#include "transit/emu/isa/instruction.h"
#include "network/report_text.h"

namespace transit::network {

using emu::StopReason;

namespace {

// The instructions that put a signal on a wire (a data byte, or the acknowledge of a byte taken) are
// the table's inputs and outputs on a link channel (in, out, outbyte, outword); the cycle count
// charges their fixed part before they reach the link engine (core/execute.h): the earliest such
// signal is that many cycles away.
Cycle fewest_link_instruction_cycles() {
  Cycle fewest = kNever;
  for (const emu::Instruction& i : emu::instruction_table())
    if (i.touches_link() && (i.waits() == emu::WaitKind::Input || i.waits() == emu::WaitKind::Output))
      fewest = std::min<Cycle>(fewest, i.cycles);
  return fewest == kNever ? 0 : fewest;
}

// How far the quiet-code search looks (cycles) and how many instructions it decodes at most: a
// node's neighbours may run that far past it between synchronisations, at the cost of a search
// each time the node's state changes.
constexpr Cycle kQuietEnough = 1 << 14;
constexpr int kQuietBudget = 4000;

}  // namespace

TransputerNode::TransputerNode(const emu::NodeConfig& config)
    : t_(config), link_instruction_cycles_(fewest_link_instruction_cycles()), quiet_(kQuietEnough, kQuietBudget) {}

void TransputerNode::attach_host(emu::HostLink& host, unsigned link, std::span<const std::uint8_t> boot_file) {
  host_ = &host;
  host_link_ = link;
  host_->send(boot_file, t_.now());
}

void TransputerNode::run(Cycle until, Cycle safe, Cycle link_safe) {
  Cycle horizon = safe;
  for (;;) {
    if (host_) {
      // The host answers at the time of the signal it got, so its replies reach the node before
      // the node's clock passes them: hand them over before every run.
      for (const LinkSignal& s : host_->emitted()) t_.deliver(s);
      host_->emitted().clear();
    }
    emu::RunResult r = t_.run_until(until, horizon, std::min(horizon, link_safe));
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
  if (out.empty()) out.swap(sent_);  // the kernel's usual call: no copy, and both keep their storage
  else out.insert(out.end(), sent_.begin(), sent_.end());
  sent_.clear();
}

// A data packet is known as data after its first two bits, an acknowledge is two bits long:
// nothing a neighbour sends at cycle s changes this node before s + 2 bit times.
Cycle TransputerNode::lookahead() const {
  return emu::kDataHeaderBits * const_cast<emu::Transputer&>(t_).links().bit_cycles();
}

// A data packet is 11 bits long; only its end takes the byte (link/link_engine.cpp, DataEnd).
Cycle TransputerNode::data_lookahead() const {
  return emu::kDataPacketBits * const_cast<emu::Transputer&>(t_).links().bit_cycles();
}

bool TransputerNode::awaits_ack(int link) const { return t_.links().awaiting_ack(unsigned(link) & 3); }

Cycle TransputerNode::earliest_emission() const {
  // The link engine sends on its own only when a delivered signal or an acknowledge is due; the
  // processor only from a link instruction, which the running process reaches no sooner than its
  // quiet code allows, and another process only after a timer, the event pin or a timeslice
  // switches to it (docs/network.md, "Quiet code").
  const emu::Cpu& c = t_.cpu();
  Cycle now = t_.now(), cap = std::min({c.timer_wake[0], c.timer_wake[1], c.event_at});
  bool slices = c.pri == 1 && c.fptr[1] != emu::kNotProcess;
  if (slices && c.timeslice_end > now) {
    cap = std::min(cap, c.timeslice_end);
    slices = false;
  }
  Cycle quiet = cap <= now ? 0 : std::min(cap - now, quiet_.cycles(const_cast<emu::Transputer&>(t_).cpu(), slices));
  return std::min(now + quiet + link_instruction_cycles_, const_cast<emu::Transputer&>(t_).links().next_event());
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

namespace {

std::string process_name(emu::Cpu& c, emu::Word wdesc) {
  return hex_word(wdesc & ~3u) + (wdesc & 1 ? " (low)" : " (high)") + " at Iptr " + hex_word(c.ws(wdesc & ~3u, emu::kSlotIptr));
}

// A scheduling queue from its front pointer, through each workspace's link slot (a few named).
std::string queue_list(emu::Cpu& c, emu::Word front, unsigned pri) {
  if (front == emu::kNotProcess) return "empty";
  constexpr int kNamed = 4, kMost = 100000;  // kMost: a queue longer than this is taken as corrupt
  std::string s;
  int n = 0;
  for (emu::Word w = front; w != emu::kNotProcess && n < kMost; ++n) {
    if (n < kNamed) s += (n ? ", " : "") + hex_word(w);
    if (w - emu::kMostNeg >= c.mem_size) break;
    w = c.ws(w, emu::kSlotLink);
  }
  if (n > kNamed) s += ", ...";
  return s + " (" + std::to_string(n) + (n == 1 ? " process, " : " processes, ") + (pri ? "low" : "high") + ")";
}

}  // namespace

std::string TransputerNode::state_report() const {
  auto& t = const_cast<emu::Transputer&>(t_);
  emu::Cpu& c = t.cpu();
  emu::LinkEngine& links = t.links();
  std::string s;
  if (t.halted() || host_exited()) return "  " + stop_reason() + "\n";
  if (links.booting()) s += "  waits to boot from a link\n";
  s += c.running ? "  running process " + process_name(c, c.wdesc()) + "\n" : "  no process running\n";
  for (unsigned p = 0; p < 2; ++p) s += std::string(p ? "  low" : "  high") + "-priority queue: " + queue_list(c, c.fptr[p], p) + "\n";
  for (unsigned p = 0; p < 2; ++p)
    if (c.timer_wake[p] != kNever)
      s += std::string("  ") + (p ? "low" : "high") + "-priority timer queue: first wakes at cycle " + std::to_string(c.timer_wake[p]) + "\n";
  for (unsigned l = 0; l < emu::kLinks; ++l) {
    emu::LinkEngine::Transfer x = links.transfer(l);
    std::string where = "  link " + std::to_string(l) + (host_ && l == host_link_ ? " (host)" : "") + ": ";
    if (x.out_wdesc != emu::kNotProcess || x.awaiting_ack)
      s += where + "output in flight, " + std::to_string(x.out_remaining) + " bytes to send" +
           (x.awaiting_ack ? ", awaiting the acknowledge of the last byte sent" : "") +
           (x.out_wdesc != emu::kNotProcess ? ", process " + process_name(c, x.out_wdesc) : "") + "\n";
    if (x.in_wdesc != emu::kNotProcess)
      s += where + "input in flight, " + std::to_string(x.in_remaining) + " bytes to come, process " +
           process_name(c, x.in_wdesc) + "\n";
    if (x.buffered || x.arriving)
      s += where + std::to_string(x.buffered) + " bytes received and not taken" +
           (x.arriving ? ", a data packet arriving" : "") + "\n";
  }
  if (std::size_t n = links.pending_events())
    s += "  " + std::to_string(n) + " link signals delivered and not yet acted on, the first at cycle " +
         std::to_string(links.next_event()) + "\n";
  for (const BlockedProcess& p : blocked())
    if (p.link < 0 && p.wdesc != 0) s += "  process " + process_name(c, p.wdesc) + ": " + p.what + "\n";
  return s;
}

int TransputerNode::running_priority() const {
  if (activity() != Activity::Running) return -1;
  return int(t_.cpu().pri);
}

bool TransputerNode::waits_on_link() const {
  const emu::LinkEngine& links = t_.links();
  for (unsigned l = 0; l < emu::kLinks; ++l)
    if (links.waiting_input(l) != emu::kNotProcess || links.waiting_output(l) != emu::kNotProcess) return true;
  return false;
}

std::string TransputerNode::stop_reason() const {
  if (t_.halted()) return "halted: " + t_.halt_report();
  if (host_exited()) return "exit status " + std::to_string(host_->exit_status());
  return "";
}

}  // namespace transit::network
