// `--target t800|t414`: an occam program compiled by the transputer back end
// (occam-front/backend/transputer), assembled by the project's assembler (emulator/asm) and booted on
// one emulated chip with the iserver on link 0, as `transit emu` runs a boot file. The commands' own
// files only parse `--target`/`--asm` and call these.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "transit/occam/driver/compile.h"

namespace transit::cli {

enum class TargetChip { T414, T800 };

// "t414" / "t800"; nullopt for anything else.
std::optional<TargetChip> parse_target(const char* name);

// transit run --target: compile, boot, serve; returns the program's exit status (as native: 0, 3
// deadlock, 4 run-time error; 1 when it cannot be compiled for the target).
int run_on_target(const std::string& file, TargetChip chip, const occam::driver::Options& options,
                  const std::vector<std::string>& args);
// transit build --target: writes the boot file.
int build_for_target(const std::string& file, TargetChip chip, const occam::driver::Options& options,
                     const std::string& out);
// transit dump --asm: prints the assembly (`transit asm` reads it back).
int dump_target_asm(const std::string& file, TargetChip chip, const occam::driver::Options& options);

}  // namespace transit::cli
