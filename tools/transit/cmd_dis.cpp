// `transit dis [--origin ADDR] [--boot] FILE`: disassemble a binary (with --boot, a boot file:
// the bootstrap after its length byte, at MemStart).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include "transit/emu/asm/disassembler.h"
#include "binary_options.h"
#include "commands.h"

namespace transit::cli {

namespace {

struct DisArgs {
  emu::Word origin = emu::kMemStartT414;
  bool boot = false;
};

constexpr Option kOptions[] = {origin_option<DisArgs>(), boot_option<DisArgs>()};

int run(Args args) {
  DisArgs d;
  Operands operands;
  if (auto status = parse(dis_command, args, &d, operands)) return *status;
  if (operands.operands.size() != 1) return usage_error(dis_command, "give one binary file");
  const std::string in = operands.operands[0];
  std::ifstream f(in, std::ios::binary);
  if (!f) {
    std::fprintf(stderr, "transit dis: cannot read '%s'\n", in.c_str());
    return kExitFailure;
  }
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::span<const std::uint8_t> code = bytes;
  if (d.boot && !code.empty()) code = code.subspan(1, std::min<std::size_t>(code[0], code.size() - 1));
  std::fputs(emu::disassemble(code, d.origin).c_str(), stdout);
  return kExitOk;
}

}  // namespace

const Command dis_command{"dis", "FILE", "disassemble a transputer binary", kOptions, run};

}  // namespace transit::cli
