// A network run as `transit emu FILE --topology SPEC | --map FILE.map` does it: every node reset to
// boot from a link, the iserver host on the root's host link sending the boot file, then the
// network runs until the host's SP_EXIT, a halt, a whole-network deadlock or the cycle limit.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "transit/emu/node/transputer.h"
#include "transit/emu/host/iserver.h"
#include "transit/emu/network/network.h"

namespace transit::network {

// Exit statuses of a network run besides the program's own SP_EXIT status (docs/network.md).
inline constexpr int kExitHalted = 1;      // a node halted on an error
inline constexpr int kExitBadInput = 2;    // bad topology or map file, unreadable boot file
inline constexpr int kExitDeadlock = 3;    // the whole network deadlocked
inline constexpr int kExitCycleLimit = 4;  // --max-cycles reached
inline constexpr int kExitLivelock = 5;    // the watchdog stopped a run whose simulated time stood still
inline constexpr int kExitStopped = 130;   // the user closed the viewer's window before the run ended (as Ctrl-C: 128 + SIGINT)

struct NetworkRunConfig {
  std::string boot_file;
  std::vector<std::uint8_t> boot_image;  // used instead of reading boot_file when not empty
  std::optional<std::string> topology;  // --topology SPEC (a shorthand or a file)
  std::optional<std::string> map_file;  // --map FILE.map
  emu::NodeConfig node;                 // chip (for nodes the topology does not name), memory, link speed
  Cycle max_cycles = kNever;
  bool stats = false;     // per-node statistics on stderr at the end
  bool progress = false;  // a progress line on stderr about once per host second (NetworkOptions)
  bool progress_overwrite = false;  // each line over the last (stderr is a terminal)
  double watchdog_seconds = 5.0;    // NetworkOptions::watchdog_seconds
  bool run_ahead = true;  // false: see NetworkOptions::run_ahead
  bool chains = true;     // false: see NetworkOptions::chains
  emu::HostOptions host;
  bool trace = false;            // --trace: every node's instructions, "node N: " first, on trace_out
  std::FILE* trace_out = stderr;
  std::optional<int> rom_node;   // --rom: this node (-1: the root) boots the boot file from ROM; the host sends nothing
  std::uint32_t core_bytes = 0;  // --core: the root's memory peeked before boot, served by SP_CORE
  unsigned threads = 1;          // host threads for the nodes' runs (NetworkOptions::threads)
  // When a node halted on an error (`deadlock` false) or the network deadlocked: the report in the
  // program's own terms (a compiled occam program's lines and processes), given every node in
  // order; nothing (or no function): the emulator's report.
  std::function<std::optional<std::string>(bool deadlock, const std::vector<const emu::Transputer*>& nodes)> program_report;
  NetworkObserver* observer = nullptr;  // NetworkOptions::observer (the viewer)
};

// Runs the network; messages (errors, deadlock report, statistics) go to stderr. Returns the exit
// status: the program's SP_EXIT status, or one of the statuses above.
int run_network_emulation(const NetworkRunConfig& config);

// The same, returning the result for tests and benchmarks (the host exit status in `status`).
struct NetworkRun {
  NetworkResult result;
  int status = 0;
  std::string message;  // what to print on stderr: errors, reports
};
NetworkRun run_network_boot(const NetworkRunConfig& config);

}  // namespace transit::network
