// `transit`: one command, many subcommands (commands.h). This file is the dispatch.
#include <cstdio>
#include <exception>
#include <string_view>

#include "commands.h"

int main(int argc, char** argv) {
  using namespace transit::cli;
  std::string_view name = argc < 2 ? "" : argv[1];
  if (name == "--help" || name == "-h") name = "help";
  if (name == "--version") name = "version";
  const Command* c = find_command(name);
  if (!c) {
    if (argc >= 2) std::fprintf(stderr, "transit: unknown command '%s'\n\n", argv[1]);
    print_command_list(stderr);
    return kExitUsage;
  }
  try {
    return c->run(Args(argv + 2, argv + argc));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "transit %s: internal error: %s\n", argv[1], e.what());
    return 70;  // EX_SOFTWARE
  }
}
