// One transputer: processor, memory, four links; runs until a cycle limit, an emitted link signal,
// idleness or a halt. The unit a network simulator (emulator/network) instantiates per node and
// the single-node host runner drives with the iserver on link 0.
//
//   Transputer t({.chip = Chip::T414, .memory_bytes = 2 << 20});
//   t.reset();                       // waits to boot from a link
//   t.deliver(signal);               // a byte or acknowledge arriving on one of its links
//   RunResult r = t.run_until(limit);
//   for (LinkSignal& s : t.emitted()) carry(s);  t.emitted().clear();
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "transit/emu/core/cpu.h"
#include "transit/emu/core/trace.h"
#include "transit/emu/link/link_engine.h"

namespace transit::emu {

struct NodeConfig {
  Chip chip = Chip::T414;
  std::uint32_t memory_bytes = 2u << 20;  // total RAM from MOSTNEG, on-chip RAM included
  unsigned clock_mhz = 20;
  unsigned link_mbits = 10;               // 5, 10 or 20
  unsigned wait_states = 0;               // extra cycles per external memory access
  bool stop_on_error = false;             // stop when the error flag is set (iserver -se)
};

enum class StopReason : std::uint8_t {
  CycleLimit,  // reached the requested cycle
  Emitted,     // put a signal on a link wire: carry it, then call run_until again
  Idle,        // no process can run and nothing is pending inside the node: waits for a link
  Halted,      // stopped for good (see halt_report())
};

struct RunResult {
  StopReason reason;
  Cycle cycle;  // the node's clock when it stopped
};

// A process that waits (for the deadlock reports): what it waits on.
struct WaitingProcess {
  enum class Kind : std::uint8_t {
    LinkInput, LinkOutput,        // in/out on link `link`
    ChannelInput, ChannelOutput,  // in/out on the internal channel `channel`
    Event,                        // in on the event channel
    Alt,                          // ALT (altwt/taltwt): `alt_channels`, `alt_links` enabled, timeout `time` if has_time
    Timer,                        // tin: until `time`
  };
  Kind kind = Kind::Timer;
  Word wdesc = 0;  // workspace | priority (1 low)
  Word iptr = 0;   // where it resumes
  Word channel = 0;
  int link = -1;
  Word time = 0;
  bool has_time = false;
  std::vector<Word> alt_channels;  // internal channel words holding the ALT's descriptor
  std::vector<int> alt_links;      // input links the ALT has enabled
  std::string what() const;        // "waits to input on channel #80000F20", ...
  std::string describe() const;    // "process #... (low) at Iptr #...: " + what()
};

class Transputer {
 public:
  explicit Transputer(const NodeConfig& config);
  Transputer(const Transputer&) = delete;
  Transputer& operator=(const Transputer&) = delete;

  // Power-on reset: memory cleared, no process; boots from the first link that receives a byte.
  void reset();
  // Boot from ROM instead: the image occupies the top of the address space and execution starts
  // at 0x7FFFFFFE (low priority, Wptr = MemStart). Returns false if the image is too large.
  bool boot_from_rom(std::span<const std::uint8_t> image);

  RunResult run_until(Cycle limit) { return run_until(limit, limit); }
  // For a network simulator that has delivered every signal taking effect before `safe`: while a
  // signal could change what the node does (a process waits on a link or for an acknowledge, an
  // ALT has enabled a link, the node is booting) it runs no further than `safe`; otherwise it runs
  // on towards `until` but stops before a link instruction (in, out, outbyte, outword, enbc, disc,
  // resetch on a link channel) at a cycle >= safe. Signals delivered later with an earlier time
  // then act exactly as they would have at their own time, so where runs stop never changes what
  // the node computes. Returns CycleLimit when it stops at such a link instruction. Once an
  // instruction has taken its clock to `safe` or past it while a signal could change what it does,
  // it takes only the link events before `safe` and stops: a signal delivered later may be due
  // before the others, which the next run takes in time order. `link_safe` (<= safe): the horizon
  // for link instructions alone, when it is earlier (a packet's first bits act on the link engine
  // before its last bit acts on the processor).
  RunResult run_until(Cycle until, Cycle safe) { return run_until(until, safe, safe); }
  RunResult run_until(Cycle until, Cycle safe, Cycle link_safe);
  void deliver(const LinkSignal& s) { links_.deliver(s); }
  std::vector<LinkSignal>& emitted() { return links_.emitted(); }
  // Earliest cycle at which something happens inside the node without outside input
  // (the node's clock if it can run now); kNever if it waits only for links.
  Cycle next_event() const;

  Cycle now() const { return cpu_.cycles; }
  bool halted() const { return cpu_.halt != HaltReason::None; }
  std::string halt_report() const;
  // Every process that waits: on links, internal channels, the event channel, in ALTs, on
  // timers (found from the link engine, the timer queues and the marks left at wait time:
  // Cpu::wait_marks). For deadlock reports; costs a pass over the marks (a byte per RAM word).
  std::vector<WaitingProcess> waiting_processes() const;
  // The same, one line each, for deadlock reports.
  std::string waiting_report() const;

  // The event pin: an external device raises EventReq at cycle `at` (now if in the past). The
  // process waiting on the event channel (#80000020) then goes on, or the next input on it will
  // not wait; an ALT may have an event channel guard. Requests are taken in cycle order.
  void raise_event(Cycle at);

  void set_tracer(Tracer* t) { tracer_ = t; }
  Cpu& cpu() { return cpu_; }
  const Cpu& cpu() const { return cpu_; }
  LinkEngine& links() { return links_; }
  const LinkEngine& links() const { return links_; }
  const NodeConfig& config() const { return config_; }
  std::uint64_t idle_cycles() const { return idle_cycles_; }

 private:
  void handle_events();

  NodeConfig config_;
  std::vector<std::uint8_t> memory_;
  std::vector<std::uint8_t> rom_;
  Cpu cpu_;
  LinkEngine links_;
  Tracer* tracer_ = nullptr;
  std::uint64_t idle_cycles_ = 0;
  std::vector<std::uint8_t> wait_marks_;  // Cpu::wait_marks
  std::vector<Cycle> events_;             // raise_event times still to come, latest first
};

}  // namespace transit::emu
