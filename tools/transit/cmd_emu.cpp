// `transit emu`: run a transputer boot file on an emulated B004-style board (one transputer, the
// iserver on link 0), as `iserver -se -sb FILE` does.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "commands.h"
#include "line_table.h"
#include "target.h"
#include "target_report.h"
#include "transit/attach.h"
#include "transit/emu/core/trace.h"
#include "transit/emu/node/transputer.h"
#include "transit/emu/host/session.h"
#include "transit/emu/network/network_session.h"
#include "transit/viewer/live_network_view.h"
#include "transit/viewer/network_picture.h"

namespace transit::cli {
namespace {

using namespace transit::emu;

struct EmuOptions {
  std::string file;
  NodeConfig node;
  bool chip_given = false;
  bool trace = false;
  bool stats = false;
  bool progress = false;
  bool rom = false;
  std::optional<int> rom_node;   // --rom-node N (networks): that node boots from ROM
  std::uint32_t core_bytes = 0;  // --core SIZE: peek the root's memory before boot for SP_CORE
  unsigned threads = 0;          // --threads N (networks); 0: one per host core
  Cycle max_cycles = kNever;
  std::vector<Cycle> events;     // --event CYCLE[,CYCLE...]: the event pin is raised then (one node)
  HostOptions host;
  std::string topology, map_file;  // a network (emulator/network): --topology SPEC or --map FILE.map
  std::string snapshot;            // --snapshot OUT.png: the last frame as a picture (viewer/)
  std::optional<Cycle> snapshot_at;  // --snapshot-at CYCLE: the run stops there for the picture
  bool view = false;               // --view: a live window on the run (viewer/)
};

// Parses "4M", "512K", "65536" (bytes).
bool parse_size(const char* s, std::uint32_t& out) {
  char* end = nullptr;
  unsigned long long v = std::strtoull(s, &end, 0);
  if (end == s) return false;
  if (*end == 'K' || *end == 'k') v <<= 10, ++end;
  else if (*end == 'M' || *end == 'm') v <<= 20, ++end;
  if (*end != '\0' || v == 0 || v > (1ull << 31)) return false;
  out = std::uint32_t(v);
  return true;
}

// A whole number no larger than `most` into `out`.
template <class N>
bool parse_at_most(const char* s, std::uint64_t most, N& out) {
  auto v = parse_u64(s);
  if (!v || *v > most) return false;
  out = N(*v);
  return true;
}

// "t414|t800|t425|t805": --chip's values, from the one table of chip names.
struct ChipChoices {
  char text[8 * std::size(kChipNames)] = {};
  std::size_t size = 0;
};
constexpr ChipChoices kChipChoices = [] {
  ChipChoices c;
  for (const ChipName& chip : kChipNames) {
    if (c.size) c.text[c.size++] = '|';
    for (char ch : chip.name) c.text[c.size++] = ch >= 'A' && ch <= 'Z' ? char(ch - 'A' + 'a') : ch;
  }
  return c;
}();

using E = EmuOptions;

constexpr Option kOptions[] = {
    {"--chip", std::string_view(kChipChoices.text, kChipChoices.size), "the processor (default t414)",
     on<E>([](E& o, const char* v) {
       std::optional<Chip> chip = parse_chip(v);
       if (!chip) return false;
       o.node.chip = *chip;
       o.chip_given = true;
       return true;
     })},
    {"--mem", "SIZE", "RAM from MOSTNEG, on-chip RAM included (default 4M; K and M suffixes)",
     on<E>([](E& o, const char* v) { return parse_size(v, o.node.memory_bytes); })},
    {"--link-speed", "5|10|20", "link speed in Mbit/s (default 10)",
     on<E>([](E& o, const char* v) {
       return parse_at_most(v, 20, o.node.link_mbits) &&
              (o.node.link_mbits == 5 || o.node.link_mbits == 10 || o.node.link_mbits == 20);
     })},
    {"--clock", "MHZ", "processor clock, 5 to 40 MHz (default 20)",
     on<E>([](E& o, const char* v) { return parse_at_most(v, 40, o.node.clock_mhz) && o.node.clock_mhz >= 5; })},
    {"--wait-states", "N", "extra cycles for each data access to external memory, 0 to 64 (default 0)",
     on<E>([](E& o, const char* v) { return parse_at_most(v, 64, o.node.wait_states); })},
    {"--max-cycles", "N", "stop with an error after N processor cycles",
     on<E>([](E& o, const char* v) { return parse_at_most(v, UINT64_MAX, o.max_cycles); })},
    {"--trace", "", "each instruction on stderr before it runs",
     on<E>([](E& o, const char*) { return o.trace = true; })},
    {"--stats", "", "cycles, instructions, link traffic and speed on stderr at the end",
     on<E>([](E& o, const char*) { return o.stats = true; })},
    {"--progress", "", "progress lines on stderr after 2 s, on networks each second (default on a terminal)",
     on<E>([](E& o, const char*) { return o.progress = true; })},
    {"--rom", "", "FILE is a ROM image at the top of memory; the chip boots from it",
     on<E>([](E& o, const char*) { return o.rom = true; })},
    {"--rom-node", "N", "on a network: node N boots from the ROM image FILE",
     on<E>([](E& o, const char* v) {
       int n = 0;
       if (!parse_at_most(v, 4096, n)) return false;
       o.rom_node = n;
       return o.rom = true;
     })},
    {"--core", "SIZE", "peek the first SIZE bytes of the root's memory before boot, for SP_CORE",
     on<E>([](E& o, const char* v) { return parse_size(v, o.core_bytes); })},
    {"--threads", "N", "on a network: N host threads, 1 to 256 (default one per core)",
     on<E>([](E& o, const char* v) { return parse_at_most(v, 256, o.threads) && o.threads >= 1; })},
    {"--no-stop-on-error", "", "go on when the error flag is set (by default the board stops)",
     on<E>([](E& o, const char*) { return !(o.node.stop_on_error = false); })},
    {"--allow-system", "", "let the program run host commands through SP_SYSTEM",
     on<E>([](E& o, const char*) { return o.host.allow_system = true; })},
    {"--topology", "SPEC", "a network of transputers: a shorthand (ring:4, grid:4x4) or a topology file",
     on<E>([](E& o, const char* v) { return !(o.topology = v).empty(); }), Times::optional, 1},
    {"--map", "FILE.map", "the network an Inmos collector's map file describes",
     on<E>([](E& o, const char* v) { return !(o.map_file = v).empty(); }), Times::optional, 1},
    {"--snapshot", "OUT.png", "draw the network's last frame (at the end, or --snapshot-at) into a PNG",
     on<E>([](E& o, const char* v) { return !(o.snapshot = v).empty(); })},
    {"--snapshot-at", "CYCLE", "stop the run at that processor cycle for --snapshot",
     on<E>([](E& o, const char* v) {
       auto c = parse_u64(v);
       return c && *c > 0 && (o.snapshot_at = *c);
     })},
    {"--view", "", "show the network in a live window (keys: pause, one frame, faster/slower, quit)",
     on<E>([](E& o, const char*) { return o.view = true; })},
    {"--event", "CYCLE,...", "raise the event pin at those processor cycles (one node only)",
     on<E>([](E& o, const char* v) {
       std::string list = v;
       for (std::size_t at = 0; at <= list.size();) {
         std::size_t comma = std::min(list.find(',', at), list.size());
         auto cycle = parse_u64(list.substr(at, comma - at).c_str());
         if (!cycle) return false;
         o.events.push_back(*cycle);
         at = comma + 1;
       }
       return true;
     })},
};


double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// MIPS are per host core: emulated instructions over the process's CPU time.
void print_stats(const Transputer& t, const HostLink& host, double wall, double cpu) {
  const Cpu& c = t.cpu();
  double sim = double(c.cycles) / (double(t.config().clock_mhz) * 1e6);
  std::fprintf(stderr, "node 0 (%s, %u MHz): %" PRIu64 " cycles, %" PRIu64 " instructions, %" PRIu64
               " idle cycles\n", chip_name(c.chip).data(), t.config().clock_mhz, c.cycles, c.instructions,
               t.idle_cycles());
  for (unsigned l = 0; l < kLinks; ++l) {
    const LinkStats& s = t.links().stats(l);
    if (s.bytes_in || s.bytes_out)
      std::fprintf(stderr, "  link %u: %" PRIu64 " bytes in, %" PRIu64 " bytes out\n", l, s.bytes_in,
                   s.bytes_out);
  }
  std::fprintf(stderr, "  host: %" PRIu64 " bytes to host, %" PRIu64 " bytes from host\n",
               host.bytes_to_host(), host.bytes_from_host());
  std::fprintf(stderr,
               "  simulated %.6f s in %.3f s wall, %.3f s CPU: %.1f emulated MIPS, simulated/wall %.3f\n", sim,
               wall, cpu, cpu > 0 ? double(c.instructions) / cpu / 1e6 : 0.0, wall > 0 ? sim / wall : 0.0);
}

static_assert(network::kExitStopped == kExitStoppedByUser, "one status for a view closed by the user");

// --view: the run with a live window on it, which stays open after the end until it is closed.
int run_with_view(const EmuOptions& o, network::NetworkRunConfig& cfg) {
  viewer::LiveOptions live;
  live.link_mbits = o.node.link_mbits;
  live.frame_cycles = Cycle(o.node.clock_mhz) * 1000;  // a frame of the step key: 1 ms of simulated time
  // A boot file `transit build --target` made for one chip: its line table names the node's occam lines.
  std::optional<LineTable> lines;
  if (o.topology.empty() && o.map_file.empty()) lines = occam_line_table(o.file, o.node.chip);
  if (lines)
    live.iptr_line = [&lines](int node, std::uint32_t iptr) {
      return node == 0 ? line_near({lines->tables, lines->labels, lines->files}, iptr) : std::string();
    };
  viewer::LiveNetworkView view(live);
  if (std::string error = view.open(); !error.empty()) {
    std::fprintf(stderr, "transit emu: --view: %s\n", error.c_str());
    return kExitFailure;
  }
  cfg.observer = &view;
  network::NetworkRun run = network::run_network_boot(cfg);
  std::fflush(stdout);
  if (!run.message.empty()) std::fputs(run.message.c_str(), stderr);
  if (run.status != network::kExitBadInput) view.wait_closed();
  return run.status;
}

// --snapshot: the run, then its last frame (at the end or at --snapshot-at) drawn into the PNG.
int run_with_picture(const EmuOptions& o, network::NetworkRunConfig& cfg) {
  viewer::PictureOptions picture;
  picture.path = o.snapshot;
  picture.link_mbits = o.node.link_mbits;
  viewer::NetworkPicture watcher(picture);
  cfg.observer = &watcher;
  if (o.snapshot_at) cfg.max_cycles = std::min(cfg.max_cycles, *o.snapshot_at);
  network::NetworkRun run = network::run_network_boot(cfg);
  std::fflush(stdout);
  bool stopped_for_picture = o.snapshot_at && run.status == network::kExitCycleLimit && cfg.max_cycles == *o.snapshot_at;
  if (stopped_for_picture) {
    run.status = kExitOk;
    if (o.stats) std::fputs(network::format_stats(run.result, double(o.node.clock_mhz) * 1e6).c_str(), stderr);
  } else if (!run.message.empty()) std::fputs(run.message.c_str(), stderr);
  if (!watcher.error().empty()) {
    std::fprintf(stderr, "transit emu: --snapshot: %s\n", watcher.error().c_str());
    return run.status ? run.status : kExitFailure;
  }
  return run.status;
}

// A network of transputers (docs/network.md): the host boots the root, the root's code boots the rest.
int run_network(EmuOptions& o) {
  if (!o.topology.empty() && !o.map_file.empty())
    return usage_error(emu_command, "give one of --topology and --map, not both");
  network::NetworkRunConfig cfg;
  cfg.boot_file = o.file;
  if (!o.topology.empty()) cfg.topology = o.topology;
  if (!o.map_file.empty()) cfg.map_file = o.map_file;
  cfg.node = o.node;
  cfg.max_cycles = o.max_cycles;
  cfg.stats = o.stats;
  cfg.progress = o.progress || isatty(2);
  cfg.progress_overwrite = isatty(2);
  cfg.host = o.host;
  cfg.host.program = o.file;
  cfg.host.board_size = o.node.memory_bytes;
  cfg.trace = o.trace;
  if (o.rom) cfg.rom_node = o.rom_node.value_or(-1);  // -1: the root, once the topology is known
  cfg.core_bytes = o.core_bytes;
  // A network transit build wrote: its errors and deadlocks in occam terms (target_network_lines.cpp).
  std::optional<NetworkSymbols> symbols = network_line_table(o.file);
  if (symbols) cfg.program_report = network_program_report(*symbols);
  cfg.threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  if (o.view) return run_with_view(o, cfg);
  if (!o.snapshot.empty()) return run_with_picture(o, cfg);
  return network::run_network_emulation(cfg);
}

int run(Args args) {
  EmuOptions o;
  o.node.memory_bytes = 4u << 20;
  o.node.stop_on_error = true;
  Operands given;
  if (auto status = parse(emu_command, args, &o, given)) return *status;
  if (given.operands.size() > 1)
    return usage_error(emu_command, "more than one boot file: '" + std::string(given.operands[1]) + "'");
  if (given.operands.empty()) return usage_error(emu_command, "no boot file");
  o.file = given.operands[0];
  o.host.args.assign(given.passed.begin(), given.passed.end());
  if (o.snapshot_at && o.snapshot.empty()) return usage_error(emu_command, "--snapshot-at without --snapshot");
  if (o.view && !o.snapshot.empty()) return usage_error(emu_command, "give one of --view and --snapshot, not both");
  // A picture is of a network: one chip alone is the network "single".
  if (!o.topology.empty() || !o.map_file.empty() || !o.snapshot.empty() || o.view) return run_network(o);
  if (o.rom_node || o.threads)
    return usage_error(emu_command, "--rom-node and --threads are for networks, not without --topology or --map");

  std::ifstream in(o.file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "transit emu: cannot read '%s'\n", o.file.c_str());
    return kExitFailure;
  }
  std::vector<std::uint8_t> image((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (image.empty()) {
    std::fprintf(stderr, "transit emu: '%s' is empty\n", o.file.c_str());
    return kExitFailure;
  }

  o.host.program = o.file;
  o.host.board_size = o.node.memory_bytes;
  IServer server(o.host);
  Transputer node(o.node);
  for (Cycle e : o.events) node.raise_event(e);
  PrintTracer tracer(stderr);
  if (o.trace) node.set_tracer(&tracer);
  HostLink host(server, node.links().bit_cycles());
  std::span<const std::uint8_t> boot = image;
  if (o.rom) {
    if (!node.boot_from_rom(image)) {
      std::fprintf(stderr, "transit emu: '%s' is too large for a ROM\n", o.file.c_str());
      return kExitFailure;
    }
    boot = {};
  }
  if (o.core_bytes) server.set_core(peek_core(node, o.core_bytes));

  auto start = std::chrono::steady_clock::now();
  double cpu_start = cpu_seconds();
  auto wall = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  bool show_progress = o.progress || isatty(2);
  bool progress_shown = false;
  double progress_at = 2.0;  // the next progress line, in wall seconds
  // Attach (transit attach PID): answered between two runs of the chip, about every 20,000 cycles;
  // in occam terms for a boot file transit build wrote, else the emulator's own report.
  std::unique_ptr<AttachListener> attach;
  if (const char* no = std::getenv("TRANSIT_NO_ATTACH"); !(no && *no == '1')) {
    std::string problem;
    attach = AttachListener::start(problem);
    if (!attach) std::fprintf(stderr, "transit emu: attach is off: %s\n", problem.c_str());
  }
  auto lines = occam_line_table(o.file, node.config().chip);
  Progress progress = [&](const Transputer& t) {
    if (attach && attach->asked()) {
      const char* chip = t.config().chip == Chip::T800 ? "T800" : "T414";
      attach->answer(lines ? target_attach_report(t, {lines->tables, lines->labels, lines->files}, chip, long(::getpid()))
                           : "transit: attach: pid " + std::to_string(::getpid()) + ", cycle " + std::to_string(t.now()) +
                                 " (on the emulated " + chip + ")\n" + t.waiting_report());
    }
    double w = wall();
    if (!show_progress || w < progress_at) return;
    progress_at = w + 1.0;
    double sim = double(t.now()) / (double(t.config().clock_mhz) * 1e6);
    std::fprintf(stderr, "\r[transit emu] %.2f s simulated, %.2f s wall, %.0f MIPS ", sim, w,
                 double(t.cpu().instructions) / w / 1e6);
    progress_shown = true;
  };
  SessionOutcome r = run_session(node, host, boot, o.max_cycles, progress, 20000);
  std::fflush(stdout);
  if (progress_shown) std::fprintf(stderr, "\n");
  if (o.stats) print_stats(node, host, wall(), cpu_seconds() - cpu_start);
  if (r.kind == SessionOutcome::Kind::Halted || r.kind == SessionOutcome::Kind::Deadlock)
    if (lines) {  // a boot file transit build wrote
      occam_outcome(r, node, host, server, {lines->tables, lines->labels, lines->files}, o.file);
      return kExitFailure;
    }
  switch (r.kind) {
    case SessionOutcome::Kind::Exited:
      return r.exit_status;
    case SessionOutcome::Kind::Halted:
      std::fprintf(stderr, "transit emu: %s: transputer halted: %s\n", o.file.c_str(), r.message.c_str());
      return kExitFailure;
    case SessionOutcome::Kind::Deadlock:
    case SessionOutcome::Kind::CycleLimit:
      std::fprintf(stderr, "transit emu: %s: %s\n", o.file.c_str(), r.message.c_str());
      return kExitFailure;
  }
  return kExitFailure;
}

}  // namespace

const Command emu_command{"emu", "FILE [-- ARGS...]", "run a transputer boot file with the iserver on link 0", kOptions, run,
                          Rest::after_dashes,
                          "After '--', the arguments go to the program (the iserver's command line).\n"
                          "Exit status: the program's (through the iserver); 1 when the transputer halts on an\n"
                          "error, deadlocks or reaches --max-cycles; 2 for a bad command line. A network's\n"
                          "(--topology, --map, --view, --snapshot): docs/network.md; 130 when --view's window was\n"
                          "closed while the program ran."};

}  // namespace transit::cli
