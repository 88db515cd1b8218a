// T800Rig: runs a few instructions on one transputer as a high-priority process and lets a test
// read the registers, the FPU and memory afterwards. Programs are transputer assembly (one
// instruction per line; fpentry sub-operations by name), assembled by emulator/asm. run()
// appends a `stopp`; the run ends when the process stops. Shared by the fpu_* and t800_* tests.
#pragma once

#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "transit/emu/asm/assembler.h"
#include "transit/emu/node/transputer.h"

namespace transit::emu::test {

// The program assembled at `origin` by the emulator's assembler (emulator/asm).
inline std::vector<std::uint8_t> assemble_at(std::string_view program, Word origin) {
  AsmResult r = assemble(program, origin, "test.s");
  for (const std::string& e : r.errors) FAIL_CHECK(e);
  REQUIRE(r.ok());
  return r.code;
}

class T800Rig {
 public:
  static constexpr Word kCode = kMostNeg + 0x400;
  static constexpr Word kWorkspace = kMostNeg + 0x3F0;  // the process's workspace (grows down)
  static constexpr Word kData = kMostNeg + 0x800;       // free for a test's data

  explicit T800Rig(Chip chip = Chip::T800) : node_({.chip = chip, .memory_bytes = 64 * 1024}) {}

  // Runs the program from a fresh processor state (memory and FPU kept); returns the cycles it
  // took, the final stopp included.
  Cycle run(std::string_view program) {
    start(std::string(program) + "\nstopp");
    Cycle start = cpu().cycles;
    RunResult r = node_.run_until(kNever);  // the programs end; a hang is the test's timeout
    REQUIRE_MESSAGE(r.reason == StopReason::Idle, node_.halt_report());
    return cpu().cycles - start;
  }
  // Loads the program and makes it the running process, without running it.
  void start(std::string_view program) {
    std::vector<std::uint8_t> code = assemble_at(program, kCode);
    Cpu& c = cpu();
    for (std::size_t i = 0; i < code.size(); ++i) c.store_byte(kCode + Word(i), code[i]);
    node_.links().cancel_boot();
    c.iptr = kCode;
    c.wptr = kWorkspace;
    c.pri = 0;
    c.running = true;
    c.fpu_free_at = 0;  // the FPU idle: a run does not wait for the last run's FPU operation
  }
  // Cycles of `instruction` alone: the run with it minus the run without it, after `setup`.
  Cycle cycles_of(std::string_view setup, std::string_view instruction) {
    Cycle without = run(setup);
    Cycle with = run(std::string(setup) + "\n" + std::string(instruction));
    return with - without;
  }

  Cpu& cpu() { return node_.cpu(); }
  Transputer& node() { return node_; }

  void poke(Word addr, Word v) { cpu().store(addr, v); }
  Word peek(Word addr) { return cpu().load(addr); }
  void poke_float(Word addr, float f) { poke(addr, std::bit_cast<Word>(f)); }
  void poke_double(Word addr, double d) {
    auto bits = std::bit_cast<std::uint64_t>(d);
    poke(addr, Word(bits));
    poke(addr + 4, Word(bits >> 32));
  }
  float peek_float(Word addr) { return std::bit_cast<float>(peek(addr)); }
  double peek_double(Word addr) {
    return std::bit_cast<double>(std::uint64_t{peek(addr)} | std::uint64_t{peek(addr + 4)} << 32);
  }

  // "ldc addr" for a data address.
  static std::string ldc(Word addr) { return "ldc " + std::to_string(std::int32_t(addr)); }

 private:
  Transputer node_;
};

}  // namespace transit::emu::test
