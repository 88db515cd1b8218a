// `transit`: one command, many subcommands. This file is the table and the dispatch.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string_view>

#include "commands.h"

namespace transit::cli {
namespace {

int cmd_help(Args args);

// Add a subcommand: one row here plus its cmd_<name>.cpp.
constexpr Command kCommands[] = {
    {"help", "[COMMAND]", "show this help, or the help of one command", cmd_help},
    {"version", "[--paths]", "print the toolchain version (and where it finds its files)", cmd_version},
    {"build", "FILE.occ [-o OUT] [-I DIR]... [-v] [--emit-cpp]", "compile an occam program to an executable", cmd_build},
    {"run", "[--threads N] [--seed N] [--virtual-time] [-I DIR]... FILE.occ [ARGS...]", "compile and run an occam program", cmd_run},
    {"emu", "FILE [--chip t414|t800] [--mem SIZE] [--link-speed 5|10|20] [--trace] [--max-cycles N] [--stats] [--topology SPEC | --map FILE.map] [-- ARGS...]",
     "run a transputer boot file with the iserver on link 0", cmd_emu},
    {"asm", "FILE -o OUT [--origin ADDR] [--boot]", "assemble transputer assembly", cmd_asm},
    {"dis", "FILE [--origin ADDR] [--boot]", "disassemble a transputer binary", cmd_dis},
    {"check", "FILE.occ [-I DIR]...", "check an occam program and print its diagnostics", cmd_check},
    {"dump", "--tokens|--ast|--ir FILE.occ [-I DIR]...", "print a compiler stage's output", cmd_dump},
    {"verify", "FILE.occ [--max-memory SIZE] [--max-depth N] [--stdin TEXT] [-I DIR]...", "prove an occam program deadlock-free, or show the shortest way to its deadlock", cmd_verify},
};

const Command* find(std::string_view name) {
  for (const Command& c : kCommands)
    if (c.name == name) return &c;
  return nullptr;
}

void print_usage(std::FILE* out) {
  std::fprintf(out, "usage: transit COMMAND [ARGS...]\n\ncommands:\n");
  for (const Command& c : kCommands)
    std::fprintf(out, "  %-10.*s %.*s\n", int(c.name.size()), c.name.data(), int(c.summary.size()),
                 c.summary.data());
  std::fprintf(out, "\n'transit help COMMAND' shows a command's arguments.\n");
}

int cmd_help(Args args) {
  if (args.empty()) {
    print_usage(stdout);
    return kExitOk;
  }
  const Command* c = find(args[0]);
  if (!c) {
    std::fprintf(stderr, "transit: no command '%s'\n", args[0]);
    return kExitUsage;
  }
  std::printf("usage: transit %.*s %.*s\n%.*s\n", int(c->name.size()), c->name.data(),
              int(c->usage.size()), c->usage.data(), int(c->summary.size()), c->summary.data());
  return kExitOk;
}

}  // namespace
}  // namespace transit::cli

int main(int argc, char** argv) {
  using namespace transit::cli;
  if (argc < 2) {
    print_usage(stderr);
    return kExitUsage;
  }
  std::string_view name = argv[1];
  if (name == "--help" || name == "-h") name = "help";
  if (name == "--version") name = "version";
  const Command* c = find(name);
  if (!c) {
    std::fprintf(stderr, "transit: unknown command '%s'\n\n", argv[1]);
    print_usage(stderr);
    return kExitUsage;
  }
  try {
    return c->run(Args(argv + 2, argv + argc));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "transit %s: internal error: %s\n", argv[1], e.what());
    return 70;  // EX_SOFTWARE
  }
}
