#include "transit/emu/core/trace.h"

#include "transit/emu/asm/disassembler.h"

namespace transit::emu {

void PrintTracer::instruction(const Cpu& c, Word iptr, unsigned function, Word operand) {
  DecodedInstruction d;
  d.address = iptr;
  d.function = function;
  d.operand = operand;
  d.length = unsigned(c.iptr - iptr);
  std::fprintf(out_, "%10llu %08X %c %-22s A=%08X B=%08X C=%08X W=%08X%s\n",
               static_cast<unsigned long long>(c.cycles), iptr, c.pri == 0 ? 'H' : 'L',
               format(d).c_str(), c.areg, c.breg, c.creg, c.wptr, c.error ? " E" : "");
}

}  // namespace transit::emu
