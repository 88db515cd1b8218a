// `--target t800|t414`: an occam program compiled by the transputer back end
// (occam-front/backend/transputer), assembled by the project's assembler (emulator/asm) and booted on
// one emulated chip with the iserver on link 0, as `transit emu` runs a boot file. The commands' own
// files only parse `--target`/`--asm` and call these.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "transit/occam/driver/compile.h"
#include "transit/emu/host/session.h"
#include "target_report.h"

namespace transit::cli {

enum class TargetChip { T414, T800 };

// One processor's program, compiled and assembled (target.cpp; target_network.cpp builds networks of them).
struct TargetImage {
  std::vector<std::uint8_t> boot;  // the boot file: bootstrap length, bootstrap, the rest
  occam::backend::TransputerAsm text;
  std::map<std::string, emu::Word, std::less<>> labels;
  std::vector<std::string> files;
  std::uint32_t memory_bytes = 0;  // from MOSTNEG to the end of what it uses
};
// The front end for the target (#USEd libraries compiled in); a program without an entry is an error.
std::variant<occam::ir::Module, occam::driver::Failure> target_front_end(const std::string& file,
                                                                        occam::driver::Options options);
std::variant<TargetImage, occam::driver::Failure> target_image(const occam::ir::Module& module, TargetChip chip,
                                                               const occam::backend::NetworkRole& role,
                                                               const std::string& file);

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
// `--topology SPEC` (and `--threads`, `--stats`): a PLACED PAR program on a network of emulated
// transputers (target_network.cpp).
struct TargetNetwork {
  std::string topology;  // a shorthand (ring:16, grid:4x4, ...) or a topology file; empty: one chip
  unsigned threads = 1;  // host threads of the simulation (0: one per core)
  bool stats = false;    // per-node statistics on stderr at the end
  std::string snapshot;  // --snapshot OUT.png: the network's last frame as a picture (viewer/)
  bool view = false;     // --view: the network in a live window, occam lines in its node panel
};
int run_on_network(const std::string& file, TargetChip chip, const occam::driver::Options& options,
                   const std::vector<std::string>& args, const TargetNetwork& net);
// Writes the root's boot file (holding every processor's) and the network as a topology file.
int build_for_network(const std::string& file, TargetChip chip, const occam::driver::Options& options,
                      const std::string& out, const TargetNetwork& net);
std::string network_topology_path(const std::string& boot);  // FILE.btl -> FILE.btl.top

// transit dump --asm: prints the assembly (`transit asm` reads it back).
int dump_target_asm(const std::string& file, TargetChip chip, const occam::driver::Options& options);

}  // namespace transit::cli
