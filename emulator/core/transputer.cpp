// One transputer node: reset, boot, and the run loop around the fast instruction loop.
#include "core/transputer.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "core/execute.h"
#include "core/scheduler.h"

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
  reset();
}

void Transputer::reset() {
  std::fill(memory_.begin(), memory_.end(), 0);
  Cpu& c = cpu_;
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
  c.timers_running = false;
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
  return std::min({links_.next_event(), cpu_.timer_wake[0], cpu_.timer_wake[1]});
}

void Transputer::handle_events() {
  Cpu& c = cpu_;
  links_.process_due();
  if (c.timer_wake[0] <= c.cycles || c.timer_wake[1] <= c.cycles) timer_fire(c);
  if (c.halt != HaltReason::None) return;
  if (c.running && c.pri == 1 && c.fptr[0] != kNotProcess) preempt(c);
  if (!c.running) run_next(c);
}

RunResult Transputer::run_until(Cycle until, Cycle safe) {
  Cpu& c = cpu_;
  c.link_horizon = safe;
  for (;;) {
    if (c.halt != HaltReason::None) return {StopReason::Halted, c.cycles};
    handle_events();
    if (c.halt != HaltReason::None) return {StopReason::Halted, c.cycles};
    if (!emitted().empty()) return {StopReason::Emitted, c.cycles};
    Cycle limit = links_.sensitive() ? std::min(until, safe) : until;
    if (c.cycles >= limit) return {StopReason::CycleLimit, c.cycles};
    Cycle internal = std::min({links_.next_event(), c.timer_wake[0], c.timer_wake[1]});
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

std::string Transputer::waiting_report() const {
  std::string s;
  Cpu& c = const_cast<Cpu&>(cpu_);
  for (unsigned l = 0; l < kLinks; ++l) {
    if (links_.waiting_input(l) != kNotProcess)
      s += "process " + hex(links_.waiting_input(l) & ~3u) + " waits for input on link " +
           std::to_string(l) + "\n";
    if (links_.waiting_output(l) != kNotProcess)
      s += "process " + hex(links_.waiting_output(l) & ~3u) + " waits to output on link " +
           std::to_string(l) + "\n";
  }
  for (unsigned p = 0; p < 2; ++p) {
    Word w = c.load(timer_queue_head(p));
    for (int guard = 0; w != kNotProcess && guard < 1000 && !halted(); ++guard) {
      s += "process " + hex(w) + " waits for time " + hex(c.ws(w, kSlotTime)) + "\n";
      w = c.ws(w, kSlotTLink);
    }
  }
  if (links_.booting()) s += "waiting to boot from a link\n";
  return s;
}

}  // namespace transit::emu
