// The processor's slow paths: faults, ROM fetches, halts.
#include "transit/emu/core/cpu.h"

#include "core/execute.h"
#include "transit/emu/isa/instruction.h"
#include "transit/emu/isa/prefix.h"

namespace transit::emu {

void Cpu::stop_with(HaltReason why, Word address) {
  if (halt == HaltReason::None) {
    halt = why;
    fault_address = address;
    fault_iptr = iptr;
  }
  running = false;
  request_stop();
}

Word Cpu::fault_load(Word addr) {
  std::uint32_t rom_off = (addr & ~3u) - (kMostNeg - rom_size);
  if (rom && rom_off + 4 <= rom_size) {
    Word v;
    std::memcpy(&v, rom + rom_off, 4);
    if ((addr & 3) == 0) return v;
  }
  if (rom && addr - (kMostNeg - rom_size) < rom_size) return rom[addr - (kMostNeg - rom_size)];
  stop_with(HaltReason::BadAddress, addr);
  return 0;
}

Word Cpu::load_slow(Word addr) {
  std::uint32_t off = (addr & ~3u) - kMostNeg;
  if (off >= mem_size) return fault_load(addr);
  cycles += wait_states;
  Word v;
  std::memcpy(&v, mem + off, 4);
  return v;
}

void Cpu::store_slow(Word addr, Word v) {
  std::uint32_t off = (addr & ~3u) - kMostNeg;
  if (off >= mem_size) {
    stop_with(HaltReason::BadAddress, addr);
    return;
  }
  cycles += wait_states;
  std::memcpy(mem + off, &v, 4);
}

std::uint8_t Cpu::load_byte_slow(Word addr) {
  std::uint32_t off = addr - kMostNeg;
  if (off >= mem_size) return std::uint8_t(fault_load(addr));
  cycles += wait_states;
  return mem[off];
}

void Cpu::store_byte_slow(Word addr, std::uint8_t v) {
  std::uint32_t off = addr - kMostNeg;
  if (off >= mem_size) {
    stop_with(HaltReason::BadAddress, addr);
    return;
  }
  cycles += wait_states;
  mem[off] = v;
}

std::uint8_t Cpu::fetch_slow() {
  std::uint32_t off = iptr - kMostNeg;
  if (off < mem_size) {
    // External memory with wait states: the processor fetches a word of instructions at a time.
    if ((iptr & 3) == 0) cycles += wait_states;
    ++iptr;
    return mem[off];
  }
  std::uint32_t rom_off = iptr - (kMostNeg - rom_size);
  if (rom && rom_off < rom_size) {
    ++iptr;
    return rom[rom_off];
  }
  stop_with(HaltReason::BadAddress, iptr);
  return std::uint8_t(kOpr << 4 | operation_code("rev"));  // harmless: the loop stops after it
}

void illegal_operation(Cpu& c, Word code) {
  c.stop_with(HaltReason::IllegalInstruction, code);
}

}  // namespace transit::emu
