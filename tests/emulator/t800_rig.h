// T800Rig: runs a few instructions on one transputer as a high-priority process and lets a test
// read the registers, the FPU and memory afterwards. Programs are transputer assembly, one
// instruction per line or separated by ';', encoded from the instruction table (fpentry
// sub-operations become `ldc code; fpentry`). A `stopp` is appended; the run ends when the
// process stops. Shared by the fpu_* and t800_* tests.
#pragma once

#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/transputer.h"
#include "isa/instruction.h"

namespace transit::emu::test {

inline void encode(std::vector<std::uint8_t>& out, unsigned function, std::int32_t operand) {
  if (operand >= 0 && operand < 16) {
    out.push_back(std::uint8_t(function << 4 | unsigned(operand)));
    return;
  }
  if (operand >= 16)
    encode(out, 0x2, operand >> 4);
  else
    encode(out, 0x6, ~operand >> 4);
  out.push_back(std::uint8_t(function << 4 | (unsigned(operand) & 15)));
}

inline std::vector<std::uint8_t> assemble(std::string_view program) {
  std::vector<std::uint8_t> out;
  std::string text(program);
  for (char& ch : text)
    if (ch == ';') ch = '\n';
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    std::size_t b = line.find_first_not_of(" \t");
    if (b == std::string::npos) continue;
    std::size_t e = line.find_first_of(" \t", b);
    std::string mnemonic = line.substr(b, e == std::string::npos ? std::string::npos : e - b);
    const Instruction* ins = find_instruction(mnemonic);
    REQUIRE_MESSAGE(ins != nullptr, "unknown mnemonic " << mnemonic);
    std::int32_t operand = 0;
    if (e != std::string::npos && line.find_first_not_of(" \t", e) != std::string::npos) {
      std::string arg = line.substr(line.find_first_not_of(" \t", e));
      operand = std::int32_t(std::strtoll(arg.c_str(), nullptr, 0));
    }
    switch (ins->kind) {
      case InstructionKind::Direct: encode(out, ins->code, operand); break;
      case InstructionKind::Operation: encode(out, 0xF, ins->code); break;
      case InstructionKind::FpEntry:
        encode(out, 0x4, ins->code);
        encode(out, 0xF, find_instruction("fpentry")->code);
        break;
    }
  }
  return out;
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
    std::vector<std::uint8_t> code = assemble(program);
    Cpu& c = cpu();
    for (std::size_t i = 0; i < code.size(); ++i) c.store_byte(kCode + Word(i), code[i]);
    node_.links().cancel_boot();
    c.iptr = kCode;
    c.wptr = kWorkspace;
    c.pri = 0;
    c.running = true;
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
