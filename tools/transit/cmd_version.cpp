// `transit version [--paths]`: the toolchain's version; with --paths, where the occam compiler
// finds its libraries, headers and C++ compiler (build tree or installed layout).
#include <cstdio>
#include <string>
#include <variant>

#include "commands.h"
#include "transit/occam/driver/toolchain.h"
#include "transit/occam/pre/preprocessor.h"

namespace transit::cli {

namespace {

struct VersionArgs {
  bool paths = false;
};

constexpr Option kOptions[] = {
    {"--paths", "", "also show where it finds the occam library, headers, support library and C++ compiler",
     on<VersionArgs>([](VersionArgs& v, const char*) { return v.paths = true; })},
};

int run(Args args) {
  VersionArgs v;
  Operands in;
  if (auto status = parse(version_command, args, &v, in)) return *status;
  if (!in.operands.empty()) return usage_error(version_command, "unexpected argument '" + std::string(in.operands[0]) + "'");
  std::printf("transit %s\n", TRANSIT_VERSION);
  if (!v.paths) return kExitOk;
  std::printf("occam library: %s\n", occam::default_library_dir().c_str());
  auto tc = occam::driver::find_toolchain();
  if (auto* error = std::get_if<std::string>(&tc)) {
    std::printf("toolchain: %s\n", error->c_str());
    return kExitFailure;
  }
  const auto& t = std::get<occam::driver::Toolchain>(tc);
  std::printf("runtime headers: %s\nsupport headers: %s\nsupport library: %s\nC++ compiler: %s\n",
              t.runtime_include.c_str(), t.support_include.c_str(), t.support_lib.c_str(), t.cxx.c_str());
  return kExitOk;
}

}  // namespace

const Command version_command{"version", "", "print the toolchain's version (and where it finds its files)",
                              kOptions, run};

}  // namespace transit::cli
