// The list of transit's commands: one row per command (its Command lives in cmd_<name>.cpp).
#include "commands.h"

namespace transit::cli {

namespace {
constexpr const Command* kCommands[] = {
    &help_command, &version_command, &build_command, &run_command, &emu_command,
    &asm_command,  &dis_command,     &check_command, &dump_command, &verify_command, &attach_command,
    &top_command,
};
}  // namespace

std::span<const Command* const> all_commands() { return kCommands; }

const Command* find_command(std::string_view name) {
  for (const Command* c : kCommands)
    if (c->name == name) return c;
  return nullptr;
}

}  // namespace transit::cli
