// The processor's slow paths: faults, ROM fetches, halts.
#include "core/cpu.h"

#include "core/execute.h"

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

void Cpu::fault_store(Word addr) { stop_with(HaltReason::BadAddress, addr); }

std::uint8_t Cpu::fetch_slow() {
  std::uint32_t rom_off = iptr - (kMostNeg - rom_size);
  if (rom && rom_off < rom_size) {
    ++iptr;
    return rom[rom_off];
  }
  stop_with(HaltReason::BadAddress, iptr);
  return 0xF0;  // opr rev: harmless, the loop stops after it
}

void illegal_operation(Cpu& c, Word code) {
  c.stop_with(HaltReason::IllegalInstruction, code);
}

}  // namespace transit::emu
