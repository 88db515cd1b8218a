// `transit emu ... --snapshot OUT.png` end to end: a deadlocked two-node network (stuck.s) is drawn
// with node 0 waiting on a link and the chain of waits to node 1 in red; the picture is read back
// from the PNG. Also --snapshot-at, the errors of a PNG that cannot be written, and `transit run --target
// --snapshot` (one chip, and a placed network deadlocked round a ring).
#include <doctest/doctest.h>

#include <SDL_image.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "transit/emu/network/topology.h"
#include "transit/viewer/network_layout.h"
#include "transit/viewer/network_scene.h"
#include "transit/viewer/palette.h"

using namespace transit;
using namespace transit::viewer;

namespace {

std::filesystem::path temp_dir() {
  auto dir = std::filesystem::temp_directory_path() / ("transit-viewer-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

int run(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Colour pixel(SDL_Surface* s, int x, int y) {
  Uint32 p = 0;
  std::memcpy(&p, static_cast<const Uint8*>(s->pixels) + y * s->pitch + x * s->format->BytesPerPixel,
              s->format->BytesPerPixel);
  Uint8 r, g, b;
  SDL_GetRGB(p, s->format, &r, &g, &b);
  return {r, g, b};
}

}  // namespace

TEST_CASE("transit emu --snapshot draws a deadlocked network with its chain in red") {
  auto dir = temp_dir();
  std::string transit = TRANSIT_EXE, boot = (dir / "stuck.btl").string(), png = (dir / "stuck.png").string();
  REQUIRE(run(transit + " asm " + STUCK_ASM + " --boot -o " + boot) == 0);
  CHECK(run(transit + " emu " + boot + " --topology pipeline:2 --snapshot " + png + " 2>" + (dir / "err").string()) == 3);

  SDL_Surface* s = IMG_Load(png.c_str());
  REQUIRE(s != nullptr);
  CHECK(s->w == 1024);
  CHECK(s->h == 768);
  auto t = std::get<network::Topology>(*network::parse_shorthand("pipeline:2"));
  NetworkLayout l = layout_network(t);
  NetworkSceneOptions o;
  NodePlace n0 = node_place(l, 0, o, false), n1 = node_place(l, 1, o, false);
  SDL_LockSurface(s);
  CHECK(pixel(s, int(n0.x + n0.half * 0.6f), int(n0.y - n0.half * 0.6f)) == colour_of(NodeState::WaitingLink));
  CHECK(pixel(s, int((n0.x + n1.x) / 2), int(n0.y)) == kDeadlockRed);
  SDL_UnlockSurface(s);
  SDL_FreeSurface(s);

  // --snapshot-at: the run stops there, the picture is of that moment, and the status is 0.
  std::string early = (dir / "early.png").string();
  CHECK(run(transit + " emu " + boot + " --topology pipeline:2 --snapshot-at 50 --snapshot " + early) == 0);
  CHECK(std::filesystem::file_size(early) > 1000);

  // A PNG that cannot be written: the reason, and a failure status.
  std::string err = (dir / "err2").string();
  CHECK(run(transit + " emu " + boot + " --snapshot-at 50 --snapshot /nonexistent/dir/x.png 2>" + err) == 1);
  std::string text;
  {
    std::FILE* f = std::fopen(err.c_str(), "r");
    REQUIRE(f);
    char buf[512];
    while (std::fgets(buf, sizeof buf, f)) text += buf;
    std::fclose(f);
  }
  CHECK(text.find("--snapshot: /nonexistent/dir/x.png: cannot write the PNG") != std::string::npos);
  CHECK(run(transit + " emu " + boot + " --snapshot-at 50 2>/dev/null") == 2);  // --snapshot-at alone
  CHECK(run(transit + " emu " + boot + " --view --snapshot x.png 2>/dev/null") == 2);
  // --view with no display: a clear error, not a window nobody sees.
  CHECK(run("env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER " + transit + " emu " + boot +
            " --topology pipeline:2 --view 2>" + err) == 1);
  {
    std::FILE* f = std::fopen(err.c_str(), "r");
    REQUIRE(f);
    char buf[512];
    text.clear();
    while (std::fgets(buf, sizeof buf, f)) text += buf;
    std::fclose(f);
  }
  CHECK(text.find("transit emu: --view: no display to open a window on") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("transit run --target --snapshot draws the emulated chip or the placed network") {
  auto dir = temp_dir();
  std::string transit = TRANSIT_EXE, png = (dir / "chip.png").string(), err = (dir / "err").string();
  // One chip: the program's deadlock report as `transit run --target` prints it, the chip idle.
  CHECK(run(transit + " run --target t800 --snapshot " + png + " " + DEADLOCK_OCC + " 2>" + err) == 3);
  SDL_Surface* s = IMG_Load(png.c_str());
  REQUIRE(s != nullptr);
  auto single = std::get<network::Topology>(*network::parse_shorthand("single"));
  NodePlace n0 = node_place(layout_network(single), 0, NetworkSceneOptions{}, false);
  SDL_LockSurface(s);
  CHECK(pixel(s, int(n0.x + n0.half * 0.6f), int(n0.y - n0.half * 0.6f)) == colour_of(NodeState::Idle));
  SDL_UnlockSurface(s);
  SDL_FreeSurface(s);

  // A PLACED PAR on ring:4 that deadlocks: every processor waits on a link, the cycle round the ring red.
  png = (dir / "ring.png").string();
  CHECK(run(transit + " run --target t414 --topology ring:4 --snapshot " + png + " " + RING_OCC + " 2>" + err) == 3);
  s = IMG_Load(png.c_str());
  REQUIRE(s != nullptr);
  auto ring = std::get<network::Topology>(*network::parse_shorthand("ring:4"));
  NetworkLayout l = layout_network(ring);
  SDL_LockSurface(s);
  for (int n = 0; n < 4; ++n) {
    NodePlace p = node_place(l, n, NetworkSceneOptions{}, false);
    CHECK(pixel(s, int(p.x + p.half * 0.6f), int(p.y - p.half * 0.6f)) == colour_of(NodeState::WaitingLink));
  }
  SDL_UnlockSurface(s);
  SDL_FreeSurface(s);
  CHECK(run(transit + " run --target t800 --view --snapshot x.png " + DEADLOCK_OCC + " 2>/dev/null") == 2);
  std::filesystem::remove_all(dir);
}
