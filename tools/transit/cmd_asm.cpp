// `transit asm [--origin ADDR] [--boot] -o OUT FILE`: assemble transputer assembly into a binary,
// or, with --boot, into a boot-from-link file (a length byte, then the code, loaded at MemStart).
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "transit/emu/asm/assembler.h"
#include "binary_options.h"
#include "commands.h"

namespace transit::cli {

namespace {

struct AsmArgs {
  std::string out;
  emu::Word origin = emu::kMemStartT414;
  bool boot = false;
};

constexpr Option kOptions[] = {
    {"-o", "OUT", "where to write the binary",
     on<AsmArgs>([](AsmArgs& a, const char* v) { return !(a.out = v).empty(); }), Times::needed},
    origin_option<AsmArgs>(),
    boot_option<AsmArgs>(),
};

int run(Args args) {
  AsmArgs a;
  Operands operands;
  if (auto status = parse(asm_command, args, &a, operands)) return *status;
  if (operands.operands.size() != 1) return usage_error(asm_command, "give one assembly file");
  const std::string in = operands.operands[0];
  std::ifstream f(in, std::ios::binary);
  if (!f) {
    std::fprintf(stderr, "transit asm: cannot read '%s'\n", in.c_str());
    return kExitFailure;
  }
  std::string src((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  emu::AsmResult r = emu::assemble(src, a.origin, in);
  for (const std::string& e : r.errors) std::fprintf(stderr, "%s\n", e.c_str());
  if (!r.ok()) return kExitFailure;
  if (a.boot && (r.code.size() < 2 || r.code.size() > 255)) {
    std::fprintf(stderr, "transit asm: a bootstrap must be 2 to 255 bytes, this is %zu\n", r.code.size());
    return kExitFailure;
  }
  std::ofstream o(a.out, std::ios::binary);
  if (a.boot) o.put(char(r.code.size()));
  o.write(reinterpret_cast<const char*>(r.code.data()), std::streamsize(r.code.size()));
  if (!o) {
    std::fprintf(stderr, "transit asm: cannot write '%s'\n", a.out.c_str());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

const Command asm_command{"asm", "FILE", "assemble transputer assembly", kOptions, run};

}  // namespace transit::cli
