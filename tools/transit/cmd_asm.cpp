// `transit asm FILE -o OUT [--origin ADDR] [--boot]`: assemble transputer assembly into a binary,
// or, with --boot, into a boot-from-link file (a length byte, then the code, loaded at MemStart).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "asm/assembler.h"
#include "commands.h"

namespace transit::cli {

int cmd_asm(Args args) {
  std::string in, out;
  bool boot = false;
  emu::Word origin = emu::kMemStartT414;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const char* a = args[i];
    if (std::strcmp(a, "-o") == 0 && i + 1 < args.size()) {
      out = args[++i];
    } else if (std::strcmp(a, "--origin") == 0 && i + 1 < args.size()) {
      auto value = parse_u32(args[++i]);
      if (!value) {
        std::fprintf(stderr, "transit asm: --origin wants an address (e.g. 0x80000070), not '%s'\n", args[i]);
        return kExitUsage;
      }
      origin = *value;
    } else if (std::strcmp(a, "--boot") == 0) {
      boot = true;
    } else if (a[0] != '-' && in.empty()) {
      in = a;
    } else {
      std::fprintf(stderr, "usage: transit asm FILE -o OUT [--origin ADDR] [--boot]\n");
      return kExitUsage;
    }
  }
  if (in.empty() || out.empty()) {
    std::fprintf(stderr, "usage: transit asm FILE -o OUT [--origin ADDR] [--boot]\n");
    return kExitUsage;
  }
  std::ifstream f(in, std::ios::binary);
  if (!f) {
    std::fprintf(stderr, "transit asm: cannot read '%s'\n", in.c_str());
    return kExitFailure;
  }
  std::string src((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  emu::AsmResult r = emu::assemble(src, origin, in);
  for (const std::string& e : r.errors) std::fprintf(stderr, "%s\n", e.c_str());
  if (!r.ok()) return kExitFailure;
  if (boot && (r.code.size() < 2 || r.code.size() > 255)) {
    std::fprintf(stderr, "transit asm: a bootstrap must be 2 to 255 bytes, this is %zu\n", r.code.size());
    return kExitFailure;
  }
  std::ofstream o(out, std::ios::binary);
  if (boot) o.put(char(r.code.size()));
  o.write(reinterpret_cast<const char*>(r.code.data()), std::streamsize(r.code.size()));
  if (!o) {
    std::fprintf(stderr, "transit asm: cannot write '%s'\n", out.c_str());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace transit::cli
