// Test harness: one transputer running a program assembled from source, without a host.
// The program starts as a low-priority process at MemStart with its workspace near the top of
// memory and normally ends with `stopp`; the test then reads registers and memory.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "transit/emu/asm/assembler.h"
#include "transit/emu/core/scheduler.h"
#include "transit/emu/node/transputer.h"
#include "transit/emu/isa/instruction.h"

namespace transit::emu::test {

inline constexpr Cycle kStoppCycles = 12;  // the `stopp` (pfix 1; opr 5) that ends a program

struct Machine {
  explicit Machine(Chip chip = Chip::T414, std::uint32_t mem = 64 * 1024)
      : Machine(NodeConfig{.chip = chip, .memory_bytes = mem}) {}
  explicit Machine(const NodeConfig& config) : t(config) { t.links().cancel_boot(); }

  // Assembles `src` at MemStart and starts it. Returns false (and reports) on assembly errors.
  bool load(std::string_view src, Word pri = 1) {
    Cpu& c = t.cpu();
    AsmResult r = assemble(src, c.memstart(), "test.s");
    for (const std::string& e : r.errors) FAIL_CHECK(e);
    if (!r.ok()) return false;
    labels = r.labels;
    for (std::size_t i = 0; i < r.code.size(); ++i) c.store_byte(c.memstart() + Word(i), r.code[i]);
    c.iptr = c.memstart();
    c.wptr = top_workspace();
    c.pri = pri;
    c.running = true;
    c.timeslice_end = kNever;
    return true;
  }

  // Runs until no process can run (or the limit); returns the cycles taken.
  Cycle run(Cycle limit = 10'000'000) {
    Cycle start = t.now();
    last = t.run_until(start + limit);
    return t.now() - start;
  }

  // Loads, runs, and checks the program ended normally (idle, not halted).
  Cycle exec(std::string_view src) {
    if (!load(src)) return 0;
    Cycle n = run();
    CHECK_MESSAGE(last.reason == StopReason::Idle, t.halt_report());
    return n;
  }

  Word top_workspace() const { return kMostNeg + t.cpu().mem_size - 256; }
  Word label(std::string_view name) const {
    auto it = labels.find(name);
    REQUIRE_MESSAGE(it != labels.end(), "no label ", name);
    return it->second;
  }
  Word word_at(Word addr) { return t.cpu().load(addr); }
  Cpu& cpu() { return t.cpu(); }

  Transputer t;
  RunResult last{StopReason::Idle, 0};
  std::map<std::string, Word, std::less<>> labels;
};

// Cycle count of an operation row in the table.
inline Cycle table_cycles(std::string_view mnemonic) {
  const Instruction* i = find_instruction(mnemonic);
  REQUIRE_MESSAGE(i, "no instruction ", mnemonic);
  return i->cycles;
}

}  // namespace transit::emu::test
