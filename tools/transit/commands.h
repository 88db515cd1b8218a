// The commands of `transit`, one Command each (option_table.h), defined in cmd_<name>.cpp and
// listed in commands.cpp in the order `transit help` shows them.
#pragma once

#include <cstdio>
#include <span>
#include <string_view>

#include "option_table.h"

namespace transit::cli {

extern const Command help_command;
extern const Command version_command;
extern const Command build_command;
extern const Command run_command;
extern const Command emu_command;
extern const Command asm_command;
extern const Command dis_command;
extern const Command check_command;
extern const Command dump_command;
extern const Command verify_command;
extern const Command attach_command;
extern const Command top_command;

// Every command, in the order of `transit help`.
std::span<const Command* const> all_commands();
// The command of that name, or null.
const Command* find_command(std::string_view name);
// Every command with its summary (`transit help`).
void print_command_list(std::FILE* out);

}  // namespace transit::cli
