// `transit version`: the toolchain's version.
#include <cstdio>

#include "commands.h"

namespace transit::cli {

int cmd_version(Args) {
  std::printf("transit %s\n", TRANSIT_VERSION);
  return kExitOk;
}

}  // namespace transit::cli
