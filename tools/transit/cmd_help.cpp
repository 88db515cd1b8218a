// `transit help [COMMAND]`: the list of commands, or one command's help (as `transit COMMAND --help`).
#include <cstdio>
#include <string>

#include "commands.h"

namespace transit::cli {

void print_command_list(std::FILE* out) {
  std::fprintf(out, "usage: transit COMMAND [ARGS...]\n\ncommands:\n");
  for (const Command* c : all_commands())
    std::fprintf(out, "  %-10.*s %.*s\n", int(c->name.size()), c->name.data(), int(c->summary.size()),
                 c->summary.data());
  std::fprintf(out, "\n'transit help COMMAND' or 'transit COMMAND --help' shows a command's options.\n");
}

namespace {

int run(Args args) {
  Operands in;
  if (auto status = parse(help_command, args, nullptr, in)) return *status;
  if (in.operands.size() > 1) return usage_error(help_command, "one command at a time");
  if (in.operands.empty()) {
    print_command_list(stdout);
    return kExitOk;
  }
  const Command* c = find_command(in.operands[0]);
  if (!c) return usage_error(help_command, "no command '" + std::string(in.operands[0]) + "'");
  std::fputs(help_text(*c).c_str(), stdout);
  return kExitOk;
}

}  // namespace

const Command help_command{"help", "[COMMAND]", "show this help, or the help of one command", {}, run};

}  // namespace transit::cli
