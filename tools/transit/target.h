// `--target t800|t414`: an occam program compiled by the transputer back end
// (occam-front/backend/transputer), assembled by the project's assembler (emulator/asm) and booted on
// one emulated chip with the iserver on link 0, as `transit emu` runs a boot file. The commands' own
// files only parse `--target`/`--asm` and call these.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "driver/compile.h"
#include "host/session.h"
#include "target_report.h"

namespace transit::cli {

enum class TargetChip { T414, T800 };

// "t414" / "t800"; nullopt for anything else.
std::optional<TargetChip> parse_target(const char* name);

// transit run --target: compile, boot, serve; returns the program's exit status (as native: 0, 3
// deadlock, 4 run-time error; 1 when it cannot be compiled for the target).
int run_on_target(const std::string& file, TargetChip chip, const occam::driver::Options& options,
                  const std::vector<std::string>& args);
// After a session of a compiled occam program (transit run --target, or transit emu of a boot file
// with its line table): output the halted chip still held given to the host, a run-time error or a
// deadlock reported in occam terms; returns the exit status as the native run's (0, 3, 4; 1).
int occam_outcome(const emu::SessionOutcome& r, const emu::Transputer& node, const emu::HostLink& host,
                  emu::IServer& server, const TargetSymbols& s, const std::string& file);
// transit build --target: writes the boot file, and its line table beside it (line_table.h).
int build_for_target(const std::string& file, TargetChip chip, const occam::driver::Options& options,
                     const std::string& out);
// transit dump --asm: prints the assembly (`transit asm` reads it back).
int dump_target_asm(const std::string& file, TargetChip chip, const occam::driver::Options& options);

}  // namespace transit::cli
