// emu-bench: emulated instructions per second on one transputer, cycle-exact, for bench/run.
//   emu-bench FILE --chip t414|t800 --runs N
// Boots FILE N times on a fresh node with the iserver on link 0 (output discarded), then prints
// the emulated MIPS per host core (CPU time) and the simulated/wall ratio of the runs.
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <vector>

#include "transit/emu/isa/chip.h"
#include "transit/emu/node/transputer.h"
#include "transit/emu/host/session.h"

using namespace transit::emu;

namespace {

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: emu-bench FILE [--chip t414|t800|t425|t805] [--runs N]\n");
    return 2;
  }
  Chip chip = Chip::T414;
  int runs = 1;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--chip") == 0 && i + 1 < argc) {
      std::optional<Chip> c = parse_chip(argv[++i]);
      if (!c) {
        std::fprintf(stderr, "emu-bench: no chip '%s'\n", argv[i]);
        return 2;
      }
      chip = *c;
    } else if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
      runs = std::atoi(argv[++i]);
  }
  std::ifstream f(argv[1], std::ios::binary);
  std::vector<std::uint8_t> image((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (image.empty()) {
    std::fprintf(stderr, "emu-bench: cannot read %s\n", argv[1]);
    return 1;
  }
  std::FILE* devnull = std::fopen("/dev/null", "r+");
  std::uint64_t instructions = 0;
  Cycle cycles = 0;
  double cpu = 0, wall = 0;
  for (int r = 0; r < runs; ++r) {
    HostOptions ho;
    ho.in = devnull;
    ho.out = devnull;
    ho.board_size = 4u << 20;
    IServer server(ho);
    Transputer node(NodeConfig{.chip = chip, .memory_bytes = 4u << 20, .stop_on_error = true});
    HostLink host(server, node.links().bit_cycles());
    double c0 = cpu_seconds();
    auto w0 = std::chrono::steady_clock::now();
    SessionOutcome o = run_session(node, host, image, Cycle(1) << 34);
    cpu += cpu_seconds() - c0;
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
    if (o.kind == SessionOutcome::Kind::Deadlock || o.kind == SessionOutcome::Kind::CycleLimit) {
      std::fprintf(stderr, "emu-bench: %s\n", o.message.c_str());
      return 1;
    }
    instructions += node.cpu().instructions;
    cycles += node.now();
  }
  double simulated = double(cycles) / 20e6;
  std::printf("%llu instructions, %.3f s simulated, %.3f s CPU, %.3f s wall: %.1f MIPS, %.1f simulated/wall\n",
              static_cast<unsigned long long>(instructions), simulated, cpu, wall,
              double(instructions) / cpu / 1e6, simulated / wall);
  return 0;
}
