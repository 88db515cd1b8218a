// `transit version`: the toolchain's version; with --paths, where the occam compiler finds its
// libraries, headers and C++ compiler (build tree or installed layout).
#include <cstdio>
#include <string_view>
#include <variant>

#include "commands.h"
#include "driver/toolchain.h"
#include "pre/preprocessor.h"

namespace transit::cli {

int cmd_version(Args args) {
  std::printf("transit %s\n", TRANSIT_VERSION);
  if (args.empty()) return kExitOk;
  if (args.size() != 1 || std::string_view(args[0]) != "--paths") {
    std::fprintf(stderr, "transit version: unknown argument '%s' (try: transit version --paths)\n", args[0]);
    return kExitUsage;
  }
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

}  // namespace transit::cli
