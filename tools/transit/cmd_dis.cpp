// `transit dis FILE [--origin ADDR] [--boot]`: disassemble a binary (with --boot, a boot file:
// the bootstrap after its length byte, at MemStart).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include "asm/disassembler.h"
#include "commands.h"

namespace transit::cli {

int cmd_dis(Args args) {
  std::string in;
  bool boot = false;
  emu::Word origin = emu::kMemStartT414;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const char* a = args[i];
    if (std::strcmp(a, "--origin") == 0 && i + 1 < args.size()) {
      auto value = parse_u32(args[++i]);
      if (!value) {
        std::fprintf(stderr, "transit dis: --origin wants an address (e.g. 0x80000070), not '%s'\n", args[i]);
        return kExitUsage;
      }
      origin = *value;
    } else if (std::strcmp(a, "--boot") == 0) {
      boot = true;
    } else if (a[0] != '-' && in.empty()) {
      in = a;
    } else {
      std::fprintf(stderr, "usage: transit dis FILE [--origin ADDR] [--boot]\n");
      return kExitUsage;
    }
  }
  if (in.empty()) {
    std::fprintf(stderr, "usage: transit dis FILE [--origin ADDR] [--boot]\n");
    return kExitUsage;
  }
  std::ifstream f(in, std::ios::binary);
  if (!f) {
    std::fprintf(stderr, "transit dis: cannot read '%s'\n", in.c_str());
    return kExitFailure;
  }
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::span<const std::uint8_t> code = bytes;
  if (boot && !code.empty()) code = code.subspan(1, std::min<std::size_t>(code[0], code.size() - 1));
  std::fputs(emu::disassemble(code, origin).c_str(), stdout);
  return kExitOk;
}

}  // namespace transit::cli
