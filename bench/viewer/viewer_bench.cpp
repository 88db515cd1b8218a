// The viewer's speed (bench/sections/80-viewer runs it; bench/README.md, "80-viewer"):
//   viewer-bench frames           frames per second of a 16x16 grid drawn by the software renderer
//   viewer-bench png              milliseconds to write the 16x16 grid's picture as a PNG
//   viewer-bench records FILE     frames per second of a native program's picture from its records
//   viewer-bench emulate GRID.TASM [--view]   the 16x16 grid program's emulated MIPS, with or without a
//                                 live view (SDL's dummy driver: drawn by the software renderer, not shown)
// Each mode prints one line with its figure; one thread renders, as in a window.
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "../network/grid_program.h"
#include "transit/emu/network/network_session.h"
#include "transit/viewer/live_network_view.h"
#include "transit/viewer/network_scene.h"
#include "transit/viewer/process_scene.h"
#include "transit/viewer/renderer.h"
#include "transit/viewer/font.h"
#include "transit/viewer/snapshot.h"

#include <SDL.h>

using namespace transit;
using namespace transit::viewer;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

network::Topology grid16() { return std::get<network::Topology>(*network::parse_shorthand("grid:16x16")); }

// Frame k of a busy 16x16 grid: states, utilisations and link traffic that change every frame.
NetworkFrame grid_frame(const network::Topology& t, int k) {
  network::NetworkSample before, now;
  before.nodes.resize(256);
  now.nodes.resize(256);
  now.at = 20'000;
  for (int i = 0; i < 256; ++i) {
    network::NodeSample& n = now.nodes[std::size_t(i)];
    int phase = (i + k) % 4;
    n.activity = phase == 3 ? network::Activity::Waiting : network::Activity::Running;
    n.priority = phase & 1;
    n.waits_on_link = true;
    n.now = 20'000;
    n.idle_cycles = network::Cycle((i * 37 + k * 11) % 20'000);
    for (int l = 0; l < 4; ++l) n.link_bytes_out[std::size_t(l)] = std::uint64_t((i * 13 + l * 7 + k * 3) % 900);
  }
  NetworkFrame f = make_frame(t, before, now, 0, 20e6, 10);
  f.outcome = "running";
  return f;
}

// Draws `frames` scenes made by `make(k)` on one software renderer; prints frames per second of this
// thread's CPU time (one core; on a loaded machine wall time is mostly waiting) and of wall time.
template <class Make>
int time_frames(const char* what, int frames, Make make) {
  Picture warm;
  if (std::string e = draw_picture(make(0), warm); !e.empty()) {
    std::fprintf(stderr, "viewer-bench: %s\n", e.c_str());
    return 1;
  }
  // One renderer for every frame, as a window keeps its own.
  SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, 1024, 768, 32, SDL_PIXELFORMAT_RGB888);
  SDL_Renderer* soft = SDL_CreateSoftwareRenderer(surface);
  auto r = Renderer::create(soft, std::get<std::string>(find_font()));
  auto& renderer = *std::get<std::unique_ptr<Renderer>>(r);
  auto start = Clock::now();
  double cpu_start = thread_cpu_seconds();
  for (int k = 0; k < frames; ++k) {
    renderer.draw(make(k));
    SDL_RenderPresent(soft);
  }
  double cpu = thread_cpu_seconds() - cpu_start, s = seconds_since(start);
  std::printf("%s: %d frames in %.3f s CPU, %.3f s wall: %.1f frames/s on one core, %.1f wall-frames/s\n", what, frames,
              cpu, s, frames / cpu, frames / s);
  return 0;
}

int frames() {
  network::Topology t = grid16();
  NetworkLayout l = layout_network(t);
  NetworkSceneOptions o;
  o.controls = "keys";
  return time_frames("16x16 grid, software renderer", 300, [&](int k) { return network_scene(t, l, grid_frame(t, k), o); });
}

int png() {
  network::Topology t = grid16();
  NetworkLayout l = layout_network(t);
  Scene scene = network_scene(t, l, grid_frame(t, 0), NetworkSceneOptions{});
  const int n = 20;
  double best = 1e9, total = 0, cpu_start = thread_cpu_seconds();
  for (int i = 0; i < n; ++i) {
    auto start = Clock::now();
    if (std::string e = write_png(scene, "/tmp/transit-viewer-bench.png"); !e.empty()) {
      std::fprintf(stderr, "viewer-bench: %s\n", e.c_str());
      return 1;
    }
    double s = seconds_since(start);
    best = std::min(best, s);
    total += s;
  }
  double cpu = thread_cpu_seconds() - cpu_start;
  std::remove("/tmp/transit-viewer-bench.png");
  // CPU time first: the picture is made on this one thread, and on a loaded machine wall time is mostly waiting.
  std::printf("16x16 grid PNG (1024x768, font loaded each time): %.1f ms/picture of CPU time, %.1f wall-ms/picture (mean of %d, "
              "best %.1f wall-ms)\n", cpu / n * 1e3, total / n * 1e3, n, best * 1e3);
  return 0;
}

int records(const char* file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  auto r = parse_records(text.str());
  if (!r) {
    std::fprintf(stderr, "viewer-bench: %s: not process records\n", file);
    return 1;
  }
  char what[128];
  std::snprintf(what, sizeof what, "%zu processes: records to model to picture", r->processes.size());
  ProcessSceneOptions o;
  return time_frames(what, 100, [&](int) { return process_scene(process_model(*r), o); });
}

int emulate(const char* tasm, bool view) {
  auto source = network::read_text_file(tasm);
  if (!source) return std::fprintf(stderr, "viewer-bench: cannot read %s\n", tasm), 1;
  network::grid::Params p{16, 16, 4, 20000};
  network::NetworkRunConfig cfg;
  std::string error;
  cfg.boot_image = network::grid::boot_file(*source, tasm, p, error);
  if (cfg.boot_image.empty()) return std::fprintf(stderr, "%s", error.c_str()), 1;
  cfg.topology = "grid:16x16";
  cfg.node.chip = emu::Chip::T414;
  cfg.node.memory_bytes = 64 << 10;
  cfg.node.stop_on_error = true;
  cfg.threads = 1;
  LiveNetworkView live(LiveOptions{});
  std::uint64_t frames = 0;
  if (view) {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (std::string e = live.open(); !e.empty()) return std::fprintf(stderr, "viewer-bench: %s\n", e.c_str()), 1;
    cfg.observer = &live;
  }
  double cpu_start = thread_cpu_seconds();
  network::NetworkRun run = network::run_network_boot(cfg);
  double kernel_cpu = thread_cpu_seconds() - cpu_start;  // the kernel runs the nodes on this thread (threads = 1)
  if (run.result.outcome != network::Outcome::Finished || run.status != network::grid::expected_status(p))
    return std::fprintf(stderr, "viewer-bench: wrong result (status %d)\n%s", run.status, run.message.c_str()), 1;
  if (view) {
    frames = live.state().frames;
    SDL_Event quit{};
    quit.type = SDL_QUIT;
    SDL_PushEvent(&quit);
    live.wait_closed();
  }
  std::uint64_t instructions = 0;
  for (const auto& s : run.result.nodes) instructions += s.instructions;
  std::printf("grid 16x16 program, 256 x T414, %s: %.1f MIPS over the emulator thread's CPU time, %.1f MIPS over wall "
              "time, %.3f s wall%s\n",
              view ? "with a live view" : "no view", double(instructions) / kernel_cpu / 1e6,
              double(instructions) / run.result.wall_seconds / 1e6, run.result.wall_seconds,
              view ? (", " + std::to_string(frames) + " frames drawn, " +
                      std::to_string(int(double(frames) / run.result.wall_seconds)) + " frames/s")
                         .c_str()
                   : "");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "frames") return frames();
  if (mode == "png") return png();
  if (mode == "records" && argc == 3) return records(argv[2]);
  if (mode == "emulate" && argc >= 3) return emulate(argv[2], argc > 3 && std::strcmp(argv[3], "--view") == 0);
  std::fprintf(stderr, "usage: viewer-bench frames | png | records FILE | emulate GRID.TASM [--view]\n");
  return 2;
}
