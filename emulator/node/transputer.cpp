// One transputer node: reset, boot, and the run loop around the fast instruction loop.
#include "transit/emu/node/transputer.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <functional>
#include <map>

#include "core/block_move.h"
#include "core/execute.h"
#include "transit/emu/core/scheduler.h"
#include "transit/emu/isa/instruction.h"
#include "transit/emu/isa/prefix.h"

namespace transit::emu {
namespace {

std::uint32_t internal_ram(Chip chip) { return chip == Chip::T414 ? 2048 : 4096; }

std::string hex(Word w) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "#%08X", w);
  return buf;
}

}  // namespace

Transputer::Transputer(const NodeConfig& config)
    : config_(config),
      memory_((std::max<std::uint32_t>(config.memory_bytes, internal_ram(config.chip)) + 3) & ~3u),
      links_(cpu_, std::max<Cycle>(1, config.clock_mhz / std::max(1u, config.link_mbits))) {
  cpu_.chip = config.chip;
  cpu_.mem = memory_.data();
  cpu_.mem_size = std::uint32_t(memory_.size());
  cpu_.internal_size = internal_ram(config.chip);
  cpu_.wait_states = config.wait_states;
  cpu_.fast_limit = config.wait_states ? cpu_.internal_size : cpu_.mem_size;
  cpu_.stop_on_error = config.stop_on_error;
  cpu_.tick_cycles[0] = config.clock_mhz;
  cpu_.tick_cycles[1] = Cycle(config.clock_mhz) * 64;
  cpu_.links = &links_;
  wait_marks_.assign(memory_.size() / 4, 0);
  cpu_.wait_marks = wait_marks_.data();
  reset();
}

void Transputer::reset() {
  std::fill(memory_.begin(), memory_.end(), 0);
  Cpu& c = cpu_;
  ++c.code_writes;  // all of memory changed (Cpu::code_watch_lo)
  c.areg = c.breg = c.creg = c.oreg = 0;
  c.wptr = c.memstart();
  c.iptr = c.memstart();
  c.pri = 1;
  c.running = false;
  c.error = c.halt_on_error = false;
  c.fptr[0] = c.fptr[1] = c.bptr[0] = c.bptr[1] = kNotProcess;
  c.low_interrupted = false;
  c.fpu = {};
  c.fpu_saved = {};
  c.move2d = {};
  c.block_move = c.block_move_saved = {};
  c.fpu_free_at = 0;
  c.timers_running = false;
  c.timer_enabled[0] = c.timer_enabled[1] = true;
  c.event_at = kNever;
  c.event_pending = false;
  events_.clear();
  std::fill(wait_marks_.begin(), wait_marks_.end(), 0);
  c.timer_wake[0] = c.timer_wake[1] = kNever;
  c.halt = HaltReason::None;
  for (unsigned l = 0; l < kLinks; ++l) {
    c.store(link_out_channel(l), kNotProcess);
    c.store(link_in_channel(l), kNotProcess);
  }
  c.store(kEventChannel, kNotProcess);
  c.store(timer_queue_head(0), kNotProcess);
  c.store(timer_queue_head(1), kNotProcess);
  c.store(kWdescIntSave, kNotProcess);
  c.cycles = 0;
  c.instructions = 0;
  idle_cycles_ = 0;
  links_.reset();
}

bool Transputer::boot_from_rom(std::span<const std::uint8_t> image) {
  if (image.size() < 2 || image.size() > (1u << 30)) return false;
  rom_.assign(image.begin(), image.end());
  Cpu& c = cpu_;
  c.rom = rom_.data();
  c.rom_size = std::uint32_t(rom_.size());
  c.iptr = 0x7FFFFFFEu;
  c.wptr = c.memstart();
  c.pri = 1;
  c.running = true;
  c.timeslice_end = c.cycles + 2 * kTimesliceTicks * c.tick_cycles[0];
  links_.cancel_boot();
  return true;
}

Cycle Transputer::next_event() const {
  if (cpu_.halt != HaltReason::None) return kNever;
  if (cpu_.running || cpu_.fptr[0] != kNotProcess || cpu_.fptr[1] != kNotProcess ||
      cpu_.low_interrupted)
    return cpu_.cycles;
  return std::min({links_.next_event(), cpu_.timer_wake[0], cpu_.timer_wake[1], cpu_.event_at});
}

void Transputer::raise_event(Cycle at) {
  at = std::max(at, cpu_.cycles);
  events_.insert(std::upper_bound(events_.begin(), events_.end(), at, std::greater<>()), at);
  cpu_.event_at = events_.back();
  cpu_.request_stop();
}

void Transputer::handle_events() {
  Cpu& c = cpu_;
  links_.process_due();
  if (c.timer_wake[0] <= c.cycles || c.timer_wake[1] <= c.cycles) timer_fire(c);
  while (c.event_at <= c.cycles && c.halt == HaltReason::None) {
    events_.pop_back();
    c.event_at = events_.empty() ? kNever : events_.back();
    signal_event(c);
  }
  if (c.halt != HaltReason::None) return;
  if (c.running && c.pri == 1 && c.fptr[0] != kNotProcess) preempt(c);
  if (!c.running) run_next(c);
}

RunResult Transputer::run_until(Cycle until, Cycle safe, Cycle link_safe) {
  Cpu& c = cpu_;
  c.link_horizon = link_safe;
  for (;;) {
    if (c.halt != HaltReason::None) return {StopReason::Halted, c.cycles};
    if (c.cycles >= safe && links_.sensitive()) {
      // The last instruction took the clock to the horizon or past it: a signal not yet delivered
      // may be due there, before events already here. Take only those before the horizon; the
      // rest, with the late ones, in time order at the next run.
      links_.process_due(safe);
      if (!emitted().empty()) return {StopReason::Emitted, c.cycles};
      return {StopReason::CycleLimit, c.cycles};
    }
    handle_events();
    if (c.halt != HaltReason::None) return {StopReason::Halted, c.cycles};
    if (!emitted().empty()) return {StopReason::Emitted, c.cycles};
    Cycle limit = links_.sensitive() ? std::min(until, safe) : until;
    if (c.cycles >= limit) return {StopReason::CycleLimit, c.cycles};
    Cycle internal = std::min({links_.next_event(), c.timer_wake[0], c.timer_wake[1], c.event_at});
    Cycle next = std::min(limit, internal);
    if (!c.running) {
      if (internal == kNever) return {StopReason::Idle, c.cycles};
      if (next > c.cycles) {
        idle_cycles_ += next - c.cycles;
        c.cycles = next;
      }
      continue;
    }
    c.next_event = next;
    if (c.block_move.active()) {  // a block copy of the running process, interrupted by an event
      continue_block_move(c);
      continue;
    }
    if (tracer_)
      execute<true>(c, tracer_);
    else
      execute<false>(c, nullptr);
    if (c.link_wait) {
      c.link_wait = false;
      return {StopReason::CycleLimit, c.cycles};
    }
    if (!emitted().empty()) return {StopReason::Emitted, c.cycles};
  }
}

std::string Transputer::halt_report() const {
  const Cpu& c = cpu_;
  std::string s;
  switch (c.halt) {
    case HaltReason::None:
      return "running";
    case HaltReason::ErrorFlag:
      s = "error flag set";
      break;
    case HaltReason::BadAddress:
      s = "bad memory access at address " + hex(c.fault_address);
      break;
    case HaltReason::IllegalInstruction:
      s = "illegal operation code " + hex(c.fault_address);
      break;
  }
  s += " (Iptr " + hex(c.fault_iptr) + ", Wptr " + hex(c.wptr) + ", " +
       (c.pri == 0 ? "high" : "low") + " priority, Areg " + hex(c.areg) + ", Breg " + hex(c.breg) +
       ", Creg " + hex(c.creg) + ")";
  return s;
}

namespace {

// What the operation just before `iptr` (where a descheduled process resumes) waits for: the
// table's F_WAIT_* column of the `opr`, with at most one prefix, that ends there.
WaitKind waits_before(Cpu& c, Word iptr) {
  std::uint32_t off = iptr - kMostNeg;
  if (off < 1 || off > c.mem_size) return WaitKind::None;
  for (unsigned length : {2u, 1u}) {
    if (off < length) continue;
    DecodedInstruction d = decode(std::span(c.mem + off - length, length), iptr - length);
    if (!d.complete || d.length != length || d.function != kOpr) continue;
    const Instruction* op = find_operation(d.operand);
    return op ? op->waits() : WaitKind::None;
  }
  return WaitKind::None;
}

bool is_alt_state(Word s) { return s == kEnabling || s == kWaiting || s == kReady; }

}  // namespace

std::vector<WaitingProcess> Transputer::waiting_processes() const {
  using Kind = WaitingProcess::Kind;
  Cpu& c = const_cast<Cpu&>(cpu_);
  std::vector<WaitingProcess> v;
  if (halted()) return v;
  auto resume_at = [&](Word w) { return c.ws(w & ~3u, kSlotIptr); };
  auto waiting = [&](Kind kind, Word wdesc) {
    WaitingProcess p;
    p.kind = kind;
    p.wdesc = wdesc;
    p.iptr = resume_at(wdesc);
    return p;
  };
  for (unsigned l = 0; l < kLinks; ++l) {
    for (bool input : {true, false}) {
      Word w = input ? links_.waiting_input(l) : links_.waiting_output(l);
      if (w == kNotProcess) continue;
      WaitingProcess p = waiting(input ? Kind::LinkInput : Kind::LinkOutput, w);
      p.channel = input ? link_in_channel(l) : link_out_channel(l);
      p.link = int(l);
      v.push_back(p);
    }
  }
  // ALTs waiting (marked by altwt/taltwt), by workspace.
  std::map<Word, std::size_t> alts;
  auto alt_entry = [&](Word w, Word pri) -> WaitingProcess& {
    auto [it, fresh] = alts.emplace(w, v.size());
    if (fresh) v.push_back(waiting(Kind::Alt, w | pri));
    return v[it->second];
  };
  for (std::uint32_t i = 0; i < wait_marks_.size(); ++i) {
    Word addr = kMostNeg + 4 * i;
    if (!(wait_marks_[i] & Cpu::kMarkChannel) || is_link_channel(addr)) continue;
    Word d = c.load(addr);
    Word w = d & ~3u;
    if (d == kNotProcess || w - kMostNeg >= c.mem_size || w - kMostNeg < 20) continue;
    Word state = c.ws(w, kSlotState);
    WaitKind waits = waits_before(c, resume_at(w));
    if (is_alt_state(state)) {
      if (state == kWaiting && waits == WaitKind::Alt) alt_entry(w, d & 1).alt_channels.push_back(addr);
      continue;
    }
    Kind kind;
    if (waits == WaitKind::Input) kind = addr == kEventChannel ? Kind::Event : Kind::ChannelInput;
    else if (waits == WaitKind::Output) kind = Kind::ChannelOutput;
    else continue;  // a word once used as a channel, now something else
    v.push_back(waiting(kind, d));
    v.back().channel = addr;
  }
  // ALTs that enabled a link input.
  for (unsigned l = 0; l < kLinks; ++l) {
    Word d = links_.alt_enabled(l);
    Word w = d & ~3u;
    if (d == kNotProcess || w - kMostNeg >= c.mem_size || w - kMostNeg < 20) continue;
    if (c.ws(w, kSlotState) == kWaiting && waits_before(c, resume_at(w)) == WaitKind::Alt)
      alt_entry(w, d & 1).alt_links.push_back(int(l));
  }
  // Timer queues: tin, and taltwt with a timeout.
  for (unsigned p = 0; p < 2; ++p) {
    Word w = c.load(timer_queue_head(p));
    for (std::size_t guard = 0; w != kNotProcess && guard < wait_marks_.size() && !halted(); ++guard) {
      if (c.ws(w, kSlotState) == kWaiting && waits_before(c, resume_at(w)) == WaitKind::Alt) {  // taltwt
        WaitingProcess& a = alt_entry(w, p);
        a.time = c.ws(w, kSlotTime);
        a.has_time = true;
      } else {
        v.push_back(waiting(Kind::Timer, w | p));
        v.back().time = c.ws(w, kSlotTime);
        v.back().has_time = true;
      }
      w = c.ws(w, kSlotTLink);
    }
  }
  // ALTs waiting on nothing but guards that can never be ready (no channel, no timeout).
  for (std::uint32_t i = 0; i < wait_marks_.size(); ++i) {
    Word w = kMostNeg + 4 * i;
    std::uint8_t mark = wait_marks_[i] & (Cpu::kMarkAltHigh | Cpu::kMarkAltLow);
    if (!mark || alts.count(w) || w - kMostNeg < 20) continue;
    if (c.ws(w, kSlotState) != kWaiting || waits_before(c, resume_at(w)) != WaitKind::Alt) continue;
    bool queued = false;  // a process made ready and then run again may have waited elsewhere
    for (unsigned p = 0; p < 2 && !queued; ++p)
      for (Word q = c.fptr[p], n = 0; q != kNotProcess && n < wait_marks_.size(); q = c.ws(q, kSlotLink), ++n) {
        if (q == w) queued = true;
        if (q == c.bptr[p]) break;
      }
    // (Marked at both priorities, a workspace reused: take the priority it last waited at, low.)
    if (!queued && !(c.running && c.wptr == w)) alt_entry(w, mark & Cpu::kMarkAltLow ? 1 : 0);
  }
  return v;
}

std::string WaitingProcess::describe() const {
  return "process " + hex(wdesc & ~3u) + (wdesc & 1 ? " (low)" : " (high)") + " at Iptr " + hex(iptr) + ": " + what();
}

std::string WaitingProcess::what() const {
  std::string s;
  switch (kind) {
    case Kind::LinkInput: return s + "waits for input on link " + std::to_string(link);
    case Kind::LinkOutput: return s + "waits to output on link " + std::to_string(link);
    case Kind::ChannelInput: return s + "waits to input on channel " + hex(channel);
    case Kind::ChannelOutput: return s + "waits to output on channel " + hex(channel);
    case Kind::Event: return s + "waits for an event (event channel " + hex(channel) + ")";
    case Kind::Timer: return s + "waits for time " + hex(time);
    case Kind::Alt: {
      s += "waits in an ALT";
      if (alt_channels.empty() && alt_links.empty() && !has_time)
        return s + " with no guard that can become ready";
      std::string sep = " on";
      if (!alt_channels.empty()) {
        s += sep + (alt_channels.size() > 1 ? " channels" : " channel");
        sep = ",";
        for (std::size_t i = 0; i < alt_channels.size(); ++i) s += (i ? ", " : " ") + hex(alt_channels[i]);
      }
      if (!alt_links.empty()) {
        s += sep + (alt_links.size() > 1 ? " links" : " link");
        sep = ",";
        for (std::size_t i = 0; i < alt_links.size(); ++i) s += (i ? ", " : " ") + std::to_string(alt_links[i]);
      }
      if (has_time) s += (sep == " on" ? " for time " : " or time ") + hex(time);
      return s;
    }
  }
  return s;
}

std::string Transputer::waiting_report() const {
  std::string s;
  for (const WaitingProcess& p : waiting_processes()) s += p.describe() + "\n";
  if (links_.booting()) s += "waiting to boot from a link\n";
  return s;
}

}  // namespace transit::emu
