// A real window under Xvfb (run by xvfb_window_test.sh): `transit emu --view`'s view on a real
// network run (stuck.btl on pipeline:2, which deadlocks) opens on the X display, draws, is captured
// (the chain of waits red between the nodes), and closes on SDL_QUIT with the run's status.
#include <SDL.h>

#include <cstdlib>
#include <thread>

#include "transit/viewer/live_network_view.h"
#include "live_view_test.h"
#include "transit/emu/network/network_session.h"
#include "transit/viewer/palette.h"

using namespace transit;
using namespace transit::viewer;

TEST_CASE("transit emu's live view in a real X window") {
  REQUIRE(std::getenv("DISPLAY") != nullptr);
  setenv("SDL_VIDEODRIVER", "x11", 1);
  LiveNetworkView view(LiveOptions{});
  REQUIRE(view.open() == "");

  network::NetworkRunConfig cfg;
  cfg.boot_file = std::string(std::getenv("STUCK_BTL"));
  cfg.topology = "pipeline:2";
  cfg.observer = &view;
  network::NetworkRun run;
  std::thread kernel([&] { run = network::run_network_boot(cfg); });
  for (int i = 0; i < 5000 && !view.state().finished; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  REQUIRE(view.state().finished);

  Picture p;
  REQUIRE(view.capture(p) == "");
  CHECK(p.width == 1024);
  CHECK(viewer_test::node_pixel(p, 0) == colour_of(NodeState::WaitingLink));
  auto a = viewer_test::live_place(0), b = viewer_test::live_place(1);
  CHECK(p.at(int((a.x + b.x) / 2), int(a.y)) == kDeadlockRed);

  SDL_Event quit{};
  quit.type = SDL_QUIT;
  REQUIRE(SDL_PushEvent(&quit) == 1);
  view.wait_closed();
  kernel.join();
  CHECK(run.status == network::kExitDeadlock);
  CHECK(view.state().quit);
}
