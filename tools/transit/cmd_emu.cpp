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
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "commands.h"
#include "core/trace.h"
#include "core/transputer.h"
#include "host/session.h"
#include "network/network_session.h"

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

bool parse_u64(const char* s, std::uint64_t& out) {
  char* end = nullptr;
  out = std::strtoull(s, &end, 0);
  return end != s && *end == '\0';
}

// One row per option; `arg` options take the next argument. Add options here.
struct Option {
  const char* name;
  bool arg;
  bool (*apply)(EmuOptions& o, const char* value);
};

constexpr Option kOptions[] = {
    {"--chip", true,
     [](EmuOptions& o, const char* v) {
       static const std::pair<const char*, Chip> kChips[] = {
           {"t414", Chip::T414}, {"t800", Chip::T800}, {"t425", Chip::T425}, {"t805", Chip::T805}};
       for (auto& [name, chip] : kChips)
         if (std::strcmp(v, name) == 0) {
           o.node.chip = chip;
           o.chip_given = true;
           return true;
         }
       return false;
     }},
    {"--mem", true, [](EmuOptions& o, const char* v) { return parse_size(v, o.node.memory_bytes); }},
    {"--link-speed", true,
     [](EmuOptions& o, const char* v) {
       o.node.link_mbits = unsigned(std::atoi(v));
       return o.node.link_mbits == 5 || o.node.link_mbits == 10 || o.node.link_mbits == 20;
     }},
    {"--clock", true,
     [](EmuOptions& o, const char* v) {
       o.node.clock_mhz = unsigned(std::atoi(v));
       return o.node.clock_mhz >= 5 && o.node.clock_mhz <= 40;
     }},
    {"--wait-states", true,
     [](EmuOptions& o, const char* v) {
       std::uint64_t n;
       if (!parse_u64(v, n) || n > 64) return false;
       o.node.wait_states = unsigned(n);
       return true;
     }},
    {"--max-cycles", true, [](EmuOptions& o, const char* v) { return parse_u64(v, o.max_cycles); }},
    {"--trace", false, [](EmuOptions& o, const char*) { return o.trace = true; }},
    {"--stats", false, [](EmuOptions& o, const char*) { return o.stats = true; }},
    {"--progress", false, [](EmuOptions& o, const char*) { return o.progress = true; }},
    {"--rom", false, [](EmuOptions& o, const char*) { return o.rom = true; }},
    {"--rom-node", true,
     [](EmuOptions& o, const char* v) {
       std::uint64_t n;
       if (!parse_u64(v, n) || n > 4096) return false;
       o.rom_node = int(n);
       return o.rom = true;
     }},
    {"--core", true, [](EmuOptions& o, const char* v) { return parse_size(v, o.core_bytes); }},
    {"--threads", true,
     [](EmuOptions& o, const char* v) {
       std::uint64_t n;
       if (!parse_u64(v, n) || n < 1 || n > 256) return false;
       o.threads = unsigned(n);
       return true;
     }},
    {"--no-stop-on-error", false,
     [](EmuOptions& o, const char*) { return !(o.node.stop_on_error = false); }},
    {"--allow-system", false, [](EmuOptions& o, const char*) { return o.host.allow_system = true; }},
    {"--topology", true, [](EmuOptions& o, const char* v) { return !(o.topology = v).empty(); }},
    {"--map", true, [](EmuOptions& o, const char* v) { return !(o.map_file = v).empty(); }},
    {"--event", true,
     [](EmuOptions& o, const char* v) {
       std::string list = v;
       for (std::size_t at = 0; at <= list.size();) {
         std::size_t comma = std::min(list.find(',', at), list.size());
         std::uint64_t cycle;
         if (!parse_u64(list.substr(at, comma - at).c_str(), cycle)) return false;
         o.events.push_back(cycle);
         at = comma + 1;
       }
       return true;
     }},
};

int usage_error(const char* what, const char* arg) {
  std::fprintf(stderr, "transit emu: %s '%s'\n", what, arg);
  std::fprintf(stderr,
               "usage: transit emu FILE [--chip t414|t800|t425|t805] [--mem SIZE] [--link-speed 5|10|20]\n"
               "       [--clock MHZ] [--wait-states N] [--trace] [--max-cycles N] [--stats] [--progress]\n"
               "       [--rom] [--core SIZE] [--no-stop-on-error] [--allow-system] [--event CYCLE,...]\n"
               "       [--topology SPEC | --map FILE.map] [--rom-node N] [--threads N] [-- ARGS...]\n");
  return kExitUsage;
}

const char* chip_name(Chip c) {
  switch (c) {
    case Chip::T414: return "T414";
    case Chip::T800: return "T800";
    case Chip::T425: return "T425";
    case Chip::T805: return "T805";
  }
  return "?";
}

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
               " idle cycles\n", chip_name(c.chip), t.config().clock_mhz, c.cycles, c.instructions,
               t.idle_cycles());
  for (unsigned l = 0; l < kLinks; ++l) {
    const LinkStats& s = t.cpu().links->stats(l);
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

// A network of transputers (docs/network.md): the host boots the root, the root's code boots the rest.
int run_network(EmuOptions& o) {
  if (!o.topology.empty() && !o.map_file.empty()) return usage_error("give one of --topology and --map, not both", "");
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
  cfg.threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  return network::run_network_emulation(cfg);
}

}  // namespace

int cmd_emu(Args args) {
  EmuOptions o;
  o.node.memory_bytes = 4u << 20;
  o.node.stop_on_error = true;
  std::size_t i = 0;
  for (; i < args.size(); ++i) {
    const char* a = args[i];
    if (std::strcmp(a, "--") == 0) {
      for (++i; i < args.size(); ++i) o.host.args.emplace_back(args[i]);
      break;
    }
    if (a[0] == '-' && a[1] != '\0') {
      const Option* opt = nullptr;
      for (const Option& x : kOptions)
        if (std::strcmp(a, x.name) == 0) opt = &x;
      if (!opt) return usage_error("unknown option", a);
      const char* value = nullptr;
      if (opt->arg) {
        if (i + 1 >= args.size()) return usage_error("missing value for", a);
        value = args[++i];
      }
      if (!opt->apply(o, value)) return usage_error("bad value for", a);
      continue;
    }
    if (!o.file.empty()) return usage_error("more than one boot file", a);
    o.file = a;
  }
  if (o.file.empty()) return usage_error("no boot file", "");
  if (!o.topology.empty() || !o.map_file.empty()) return run_network(o);
  if (o.rom_node || o.threads) return usage_error("--rom-node and --threads are for networks, not without", "--topology/--map");

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
  Progress progress = [&](const Transputer& t) {
    double w = wall();
    if (!show_progress || w < 2.0) return;
    double sim = double(t.now()) / (double(t.config().clock_mhz) * 1e6);
    std::fprintf(stderr, "\r[transit emu] %.2f s simulated, %.2f s wall, %.0f MIPS ", sim, w,
                 double(t.cpu().instructions) / w / 1e6);
    progress_shown = true;
  };
  SessionOutcome r = run_session(node, host, boot, o.max_cycles, progress);
  std::fflush(stdout);
  if (progress_shown) std::fprintf(stderr, "\n");
  if (o.stats) print_stats(node, host, wall(), cpu_seconds() - cpu_start);
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

}  // namespace transit::cli
