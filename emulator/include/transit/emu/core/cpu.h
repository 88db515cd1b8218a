// The state of one transputer's processor: registers, scheduling registers, timers, the cycle
// count, memory and (T800) the FPU. The semantics functions (core/semantics/*.h) read and
// write it; the process model (core/scheduler.h) and the link engine act on it between
// instructions. Plain data with inline memory accessors, so the dispatch loop stays fast.
#pragma once

#include <cstdint>
#include <cstring>

#include "transit/emu/core/move2d.h"
#include "transit/emu/fpu/fpu_state.h"
#include "transit/emu/isa/chip.h"
#include "transit/emu/isa/memory_map.h"
#include "transit/emu/isa/types.h"

namespace transit::emu {

// Why a transputer stopped executing for good.
enum class HaltReason : std::uint8_t {
  None,
  ErrorFlag,           // error flag set while HaltOnError is set
  BadAddress,          // access outside memory
  IllegalInstruction,  // operation code not implemented on this chip
};

class LinkPort;

// A block copy in progress: move, the second process of an internal-channel in/out, or a 2D move
// (T800). A long copy at low priority is done in pieces so that a high-priority process that
// becomes ready meanwhile preempts it midway (core/block_move.h); the rest is kept here, and in
// Cpu::block_move_saved while the process is preempted.
struct BlockMove {
  enum class Kind : std::uint8_t { None, Bytes, Rows };
  Kind kind = Kind::None;
  Word source = 0, dest = 0;
  Word remaining = 0;      // Bytes: bytes left to copy
  Word rows = 0;           // Rows: rows left; the row width, strides and which bytes are copied
  Word width = 0;
  Word source_stride = 0, dest_stride = 0;
  std::uint8_t which = 0;  // Rows: 0 all, 1 non-zero bytes, 2 zero bytes
  Word channel = 0;        // a channel transfer: the channel to clear and the waiting process to
  Word other = kNotProcess;  // schedule when the copy ends (kNotProcess: a plain move)
  bool active() const { return kind != Kind::None; }
};

struct Cpu {
  // Evaluation stack, operand register, and the running process.
  Word areg = 0, breg = 0, creg = 0, oreg = 0;
  Word wptr = 0;     // workspace pointer of the running process (word aligned)
  Word iptr = 0;     // address of the next instruction
  Word pri = 1;      // priority of the running process: 0 high, 1 low
  bool running = false;  // false: no process to run (idle, booting or halted)

  bool error = false;          // the error flag
  bool halt_on_error = false;  // the HaltOnError flag
  bool stop_on_error = false;  // the board stops when the error flag is set (iserver -se)

  // Process queues (front/back) indexed by priority; linked through W[-2].
  Word fptr[2] = {kNotProcess, kNotProcess};
  Word bptr[2] = {kNotProcess, kNotProcess};
  bool low_interrupted = false;  // a preempted low-priority process is in the IntSave area
  Cycle interrupted_timeslice_end = kNever;  // its timeslice deadline

  // Time. `cycles` counts processor cycles since reset; the fast loop leaves when it reaches
  // next_event (timer, link, timeslice bookkeeping or a request to stop).
  Cycle cycles = 0;
  Cycle next_event = 0;
  Cycle timeslice_end = kNever;  // low priority: deschedule at the next j/lend after this
  // A link instruction (in/out/outbyte/outword/enbc/disc/resetch on a link channel) at or after
  // link_horizon is not executed: the dispatch loop undoes its fetch and stops, because the
  // network simulator has not yet delivered what may arrive on the links by then.
  Cycle link_horizon = kNever;
  bool link_wait = false;
  std::uint64_t instructions = 0;  // instructions executed, prefixes included (updated when the
                                   // dispatch loop returns)

  // Timers: clock[p] = timer_base[p] + (cycles - timer_base_cycle[p]) / tick[p] while running
  // (after sttimer, and while enabled: T425/T805 timerdisableh/l stop one priority's clock).
  Cycle tick_cycles[2] = {20, 20 * 64};  // processor cycles per tick: 1 us and 64 us at 20 MHz
  Cycle timer_base_cycle[2] = {0, 0};
  Word timer_base[2] = {0, 0};
  bool timers_running = false;
  bool timer_enabled[2] = {true, true};
  Cycle timer_wake[2] = {kNever, kNever};  // when the head of each timer queue becomes ready

  // The event pin (EventReq): the cycle of the next request from outside (Transputer::raise_event),
  // and whether a request waits to be taken by an input on the event channel.
  Cycle event_at = kNever;
  bool event_pending = false;

  // A block copy in progress (see BlockMove), and that of the preempted low-priority process.
  BlockMove block_move;
  BlockMove block_move_saved;

  // FPU concurrency (T800/T805): the cycle at which the FPU finishes its current operation.
  Cycle fpu_free_at = 0;

  // Block copies, link input and the boot loader count their writes into [code_watch_lo,
  // code_watch_hi) in code_writes: the code a network node's quiet-code search has read
  // (transit/emu/network/quiet_code.h), whose results hold only while it is unchanged.
  Word code_watch_lo = 0, code_watch_hi = 0;
  std::uint64_t code_writes = 0;
  void watch_write(Word addr, Word n) {
    if (addr < code_watch_hi && addr + n > code_watch_lo) ++code_writes;
  }

  // One byte per word of RAM, set when a process leaves its descriptor in the word as a channel
  // (kMarkChannel) or waits in an ALT with its workspace there (kMarkAltHigh << priority): lets a
  // deadlock report find processes blocked on internal channels and ALTs without walking anything
  // at run time.
  std::uint8_t* wait_marks = nullptr;
  static constexpr std::uint8_t kMarkChannel = 1, kMarkAltHigh = 2, kMarkAltLow = 4;
  void mark_wait(Word addr, std::uint8_t what) {
    std::uint32_t off = addr - kMostNeg;
    if (off < mem_size) wait_marks[off >> 2] |= what;
  }

  // Memory: [kMostNeg, kMostNeg + mem_size) is RAM; the first internal_size bytes are on-chip,
  // the rest costs wait_states extra cycles per access. An optional ROM ends at 0x7FFFFFFF.
  std::uint8_t* mem = nullptr;
  std::uint32_t mem_size = 0;
  std::uint32_t internal_size = 0;
  std::uint32_t wait_states = 0;
  std::uint32_t fast_limit = 0;   // mem_size, or internal_size when wait_states > 0
  const std::uint8_t* rom = nullptr;
  std::uint32_t rom_size = 0;

  Chip chip = Chip::T414;
  HaltReason halt = HaltReason::None;
  Word fault_address = 0;  // BadAddress: the address; IllegalInstruction: the operation code
  Word fault_iptr = 0;     // Iptr of the faulting instruction (set by the dispatch loop)

  LinkPort* links = nullptr;    // the node's link hardware (core/link_port.h)
  fpu::FpuState fpu;            // T800 floating-point unit (emulator/fpu)
  fpu::FpuState fpu_saved;      // the preempted low-priority process's FPU registers (T800 saves them too)
  Move2dState move2d;           // T800 2D block move registers (core/move2d.h)

  // Leave the fast loop after the current instruction.
  void request_stop() { next_event = 0; }

  Word wdesc() const { return wptr | pri; }
  Word memstart() const { return chip == Chip::T414 || chip == Chip::T425 ? kMemStartT414 : kMemStartT800; }
  bool has_fpu() const { return chip == Chip::T800 || chip == Chip::T805; }

  // Memory accessors: one compare on the fast path. Offsets below fast_limit (the RAM size, or the
  // on-chip RAM size when external memory has wait states) need nothing more; the rest go out of
  // line to count wait states or to fault.
  Word load(Word addr) {
    std::uint32_t off = (addr & ~3u) - kMostNeg;
    if (off >= fast_limit) [[unlikely]]
      return load_slow(addr);
    Word v;
    std::memcpy(&v, mem + off, 4);
    return v;
  }
  void store(Word addr, Word v) {
    std::uint32_t off = (addr & ~3u) - kMostNeg;
    if (off >= fast_limit) [[unlikely]] {
      store_slow(addr, v);
      return;
    }
    std::memcpy(mem + off, &v, 4);
  }
  std::uint8_t load_byte(Word addr) {
    std::uint32_t off = addr - kMostNeg;
    if (off >= fast_limit) [[unlikely]]
      return load_byte_slow(addr);
    return mem[off];
  }
  void store_byte(Word addr, std::uint8_t v) {
    std::uint32_t off = addr - kMostNeg;
    if (off >= fast_limit) [[unlikely]] {
      store_byte_slow(addr, v);
      return;
    }
    mem[off] = v;
  }
  // Workspace word W[i] of the process whose workspace is w.
  Word ws(Word w, int i) { return load(w + Word(i * 4)); }
  void set_ws(Word w, int i, Word v) { store(w + Word(i * 4), v); }

  // The next instruction byte.
  std::uint8_t fetch() {
    std::uint32_t off = iptr - kMostNeg;
    if (off >= fast_limit) [[unlikely]]
      return fetch_slow();
    ++iptr;
    return mem[off];
  }

  // Timer value of priority p at the current cycle.
  Word clock(unsigned p) const {
    if (!timers_running || !timer_enabled[p]) return timer_base[p];
    return timer_base[p] + Word((cycles - timer_base_cycle[p]) / tick_cycles[p]);
  }

  // Stop the processor for good with a reason (reported by the node).
  void stop_with(HaltReason why, Word address);

  // Error flag: set it; with HaltOnError the transputer halts.
  void set_error() {
    error = true;
    if (halt_on_error || stop_on_error) stop_with(HaltReason::ErrorFlag, 0);
  }

 private:
  Word load_slow(Word addr);
  void store_slow(Word addr, Word v);
  std::uint8_t load_byte_slow(Word addr);
  void store_byte_slow(Word addr, std::uint8_t v);
  Word fault_load(Word addr);
  std::uint8_t fetch_slow();
};

}  // namespace transit::emu
