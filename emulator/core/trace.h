// A Tracer that prints each instruction with the registers before it executes (emu --trace).
#pragma once

#include <cstdio>

#include "core/transputer.h"

namespace transit::emu {

class PrintTracer : public Tracer {
 public:
  explicit PrintTracer(std::FILE* out) : out_(out) {}
  void instruction(const Cpu& c, Word iptr, unsigned function, Word operand) override;

 private:
  std::FILE* out_;
};

}  // namespace transit::emu
