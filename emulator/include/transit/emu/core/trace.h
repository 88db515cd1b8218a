// Instruction tracing: the dispatch loop's traced variant calls a Tracer before each instruction
// (transit emu --trace); PrintTracer prints it with the registers.
#pragma once

#include <cstdio>

#include "transit/emu/core/cpu.h"

namespace transit::emu {

class Tracer {
 public:
  virtual ~Tracer() = default;
  virtual void instruction(const Cpu& c, Word iptr, unsigned function, Word operand) = 0;
};

class PrintTracer : public Tracer {
 public:
  explicit PrintTracer(std::FILE* out) : out_(out) {}
  void instruction(const Cpu& c, Word iptr, unsigned function, Word operand) override;

 private:
  std::FILE* out_;
};

}  // namespace transit::emu
