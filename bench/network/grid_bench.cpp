// The 16-node grid benchmark: grid.tasm on grid:4x4 T414s at 20 MHz (boot tree, rounds of LCG work
// and a reduce/broadcast through the links), printing emulated MIPS per host core and simulated
// time over wall time. bench/sections/60-network runs it; the goal is simulated/wall >= 1.
//   grid-bench GRID.TASM [--rounds N] [--steps N] [--link-speed 5|10|20] [--lockstep]
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "grid_program.h"
#include "transit/emu/network/network_session.h"

using namespace transit::network;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s GRID.TASM [--rounds N] [--steps N] [--link-speed 5|10|20] [--lockstep]\n", argv[0]);
    return 2;
  }
  grid::Params p{4, 4, 20, 20000};  // about 20M cycles (1 s at 20 MHz) on each node
  NetworkRunConfig cfg;
  cfg.node.chip = transit::emu::Chip::T414;
  cfg.node.clock_mhz = 20;
  cfg.node.link_mbits = 10;
  cfg.node.memory_bytes = 64 << 10;
  cfg.node.stop_on_error = true;
  cfg.progress = false;
  for (int i = 2; i < argc; ++i) {
    bool more = i + 1 < argc;
    if (std::strcmp(argv[i], "--rounds") == 0 && more) p.rounds = std::uint32_t(std::atol(argv[++i]));
    else if (std::strcmp(argv[i], "--steps") == 0 && more) p.steps = std::uint32_t(std::atol(argv[++i]));
    else if (std::strcmp(argv[i], "--link-speed") == 0 && more) cfg.node.link_mbits = unsigned(std::atoi(argv[++i]));
    else if (std::strcmp(argv[i], "--lockstep") == 0) cfg.run_ahead = false;
    else {
      std::fprintf(stderr, "grid-bench: bad argument '%s'\n", argv[i]);
      return 2;
    }
  }
  auto source = read_text_file(argv[1]);
  if (!source) {
    std::fprintf(stderr, "grid-bench: cannot read %s\n", argv[1]);
    return 1;
  }
  std::string error;
  cfg.boot_image = grid::boot_file(*source, argv[1], p, error);
  if (cfg.boot_image.empty()) {
    std::fprintf(stderr, "%s", error.c_str());
    return 1;
  }
  cfg.topology = "grid:4x4";
  NetworkRun run = run_network_boot(cfg);
  if (run.result.outcome != Outcome::Finished || run.status != grid::expected_status(p)) {
    std::fprintf(stderr, "grid-bench: wrong result (status %d, expected %d)\n%s", run.status, grid::expected_status(p),
                 run.message.c_str());
    return 1;
  }
  const NetworkResult& r = run.result;
  std::uint64_t instructions = 0;
  for (const NodeStats& s : r.nodes) instructions += s.instructions;
  double sim = double(r.end_cycle) / (cfg.node.clock_mhz * 1e6);
  std::printf("grid 4x4 (16 x T414 at %u MHz, links %u Mbit/s%s): %.3f s simulated, %.3f s wall, %.3f s CPU, "
              "%llu instructions, %.1f MIPS, %.3f simulated/wall, %.3f simulated/CPU, %llu kernel steps\n",
              cfg.node.clock_mhz, cfg.node.link_mbits, cfg.run_ahead ? "" : ", lockstep", sim, r.wall_seconds,
              r.cpu_seconds, (unsigned long long)instructions, double(instructions) / r.cpu_seconds / 1e6,
              sim / r.wall_seconds, sim / r.cpu_seconds, (unsigned long long)r.steps);
  return 0;
}
