// `--target t800|t414`: an occam program compiled by the transputer back end
// (occam-front/backend/transputer), assembled by the project's assembler (emulator/asm) and booted on
// one emulated chip with the iserver on link 0, as `transit emu` runs a boot file. The commands' own
// files only parse `--target`/`--asm` and call these.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "transit/occam/driver/compile.h"
#include "transit/emu/host/session.h"
#include "line_table.h"
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
// Writes the root's boot file (holding every processor's), the network as a topology file and the
// network's line table.
int build_for_network(const std::string& file, TargetChip chip, const occam::driver::Options& options,
                      const std::string& out, const TargetNetwork& net);
// What a network's reports in occam terms need of each processor (target_network_lines.cpp): its
// tables, where its links go, the occam channels on its link channel words, its PROCESSOR's process.
struct NetworkProcessorSymbols {
  LineTable table;  // no assembly text
  std::array<std::pair<int, int>, 4> links{{{-1, -1}, {-1, -1}, {-1, -1}, {-1, -1}}};
  std::map<emu::Word, std::string> link_channels;
  std::string process_name;
  occam::ir::Site spawned;
};
using NetworkSymbols = std::vector<std::optional<NetworkProcessorSymbols>>;  // by processor; none: no program
// The network run's hook (network::NetworkRunConfig::program_report); `symbols` must outlive it.
using NetworkReport = std::function<std::optional<std::string>(bool deadlock, const std::vector<const emu::Transputer*>& nodes)>;
NetworkReport network_program_report(const NetworkSymbols& symbols);
// The network line table transit build writes beside a network's boot file (line_table_path), and
// reads it back for transit emu; nullopt when there is none, or (named on stderr) it cannot be read.
std::string write_network_line_table(const NetworkSymbols& symbols);
std::optional<NetworkSymbols> network_line_table(const std::string& boot);
std::string network_topology_path(const std::string& boot);  // FILE.btl -> FILE.btl.top

// transit dump --asm: prints the assembly (`transit asm` reads it back).
int dump_target_asm(const std::string& file, TargetChip chip, const occam::driver::Options& options);

}  // namespace transit::cli
