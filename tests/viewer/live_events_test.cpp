// The live window's keys and clicks, pushed through SDL's event queue with no display (SDL's dummy
// video driver, a software renderer): pause holds the run, a step runs one frame of simulated time,
// +/- step the speed limit down to real time, a click selects a node, q stops the run.
#include <SDL.h>

#include <chrono>
#include <future>
#include <thread>

#include "transit/viewer/controls.h"
#include "transit/viewer/live_network_view.h"
#include "live_view_test.h"
#include "transit/viewer/palette.h"

using namespace transit;
using namespace transit::viewer;
using namespace std::chrono_literals;

namespace {

void key(SDL_Keycode k) {
  SDL_Event e{};
  e.type = SDL_KEYDOWN;
  e.key.keysym.sym = k;
  REQUIRE(SDL_PushEvent(&e) == 1);
}

void click(float x, float y) {
  SDL_Event e{};
  e.type = SDL_MOUSEBUTTONDOWN;
  e.button.button = SDL_BUTTON_LEFT;
  e.button.x = int(x);
  e.button.y = int(y);
  REQUIRE(SDL_PushEvent(&e) == 1);
}

// Waits (at most 5 s) until `ok` holds for the view's state.
template <class F>
bool eventually(const LiveNetworkView& v, F ok) {
  for (auto end = std::chrono::steady_clock::now() + 5s; std::chrono::steady_clock::now() < end;) {
    if (ok(v.state())) return true;
    std::this_thread::sleep_for(2ms);
  }
  return false;
}

network::NetworkSample sample_at(network::Cycle at) {
  network::NetworkSample s;
  s.at = at;
  s.nodes.resize(2);
  s.nodes[0].activity = network::Activity::Running;
  s.nodes[0].priority = 0;
  s.nodes[1].activity = network::Activity::Waiting;
  s.nodes[1].waits_on_link = true;
  return s;
}

}  // namespace

TEST_CASE("SDL events as controls") {
  SDL_Event e{};
  e.type = SDL_KEYDOWN;
  e.key.keysym.sym = SDLK_SPACE;
  CHECK(control_of(e).control == Control::pause);
  e.key.keysym.sym = SDLK_s;
  CHECK(control_of(e).control == Control::step);
  e.key.keysym.sym = SDLK_MINUS;
  CHECK(control_of(e).control == Control::slower);
  e.key.keysym.sym = SDLK_EQUALS;
  CHECK(control_of(e).control == Control::faster);
  e.key.keysym.sym = SDLK_ESCAPE;
  CHECK(control_of(e).control == Control::quit);
  e.key.keysym.sym = SDLK_x;
  CHECK(control_of(e).control == Control::none);
  e.type = SDL_QUIT;
  CHECK(control_of(e).control == Control::quit);
  CHECK(controls_help().find("q: quit") != std::string::npos);
}

TEST_CASE("keys and clicks through SDL's event queue drive a live view") {
  setenv("SDL_VIDEODRIVER", "dummy", 1);
  LiveOptions options;
  options.frame_cycles = 1000;
  LiveNetworkView view(options);
  REQUIRE(view.open() == "");
  view.start(viewer_test::pipeline2(), 20e6);
  CHECK(view.sample(sample_at(100)) == network::NetworkObserver::Reply::go_on);

  // The frame on screen: node 0 runs at high priority, node 1 waits on a link.
  Picture p;
  REQUIRE(view.capture(p) == "");
  CHECK(viewer_test::node_pixel(p, 0) == colour_of(NodeState::RunningHigh));
  CHECK(viewer_test::node_pixel(p, 1) == colour_of(NodeState::WaitingLink));

  key(SDLK_SPACE);
  REQUIRE(eventually(view, [](auto s) { return s.paused; }));
  CHECK(view.sample_due(101));  // paused: the kernel is held at its next chance
  auto held = std::async(std::launch::async, [&] { return view.sample(sample_at(200)); });
  CHECK(held.wait_for(50ms) == std::future_status::timeout);
  key(SDLK_s);  // one frame: the run goes on to cycle 200 + 1000
  REQUIRE(held.wait_for(5s) == std::future_status::ready);
  CHECK(held.get() == network::NetworkObserver::Reply::go_on);
  CHECK(view.sample_due(1200));
  auto again = std::async(std::launch::async, [&] { return view.sample(sample_at(1200)); });
  CHECK(again.wait_for(50ms) == std::future_status::timeout);  // paused again after the frame

  // A click on node 1 while paused: the kernel is asked for a sample with its state.
  auto at = viewer_test::live_place(1);
  click(at.x, at.y);
  REQUIRE(again.wait_for(5s) == std::future_status::ready);
  CHECK(again.get() == network::NetworkObserver::Reply::again);
  CHECK(view.detail_node() == 1);
  CHECK(view.state().selected == 1);

  key(SDLK_SPACE);  // go on
  REQUIRE(eventually(view, [](auto s) { return !s.paused; }));
  key(SDLK_MINUS);
  key(SDLK_MINUS);
  key(SDLK_MINUS);
  key(SDLK_MINUS);  // past the slowest: stays at real time
  REQUIRE(eventually(view, [](auto s) { return s.speed_limit == 1; }));
  key(SDLK_PLUS);
  REQUIRE(eventually(view, [](auto s) { return s.speed_limit == 10; }));
  key(SDLK_PLUS);
  key(SDLK_PLUS);
  REQUIRE(eventually(view, [](auto s) { return s.speed_limit == 0; }));

  key(SDLK_q);
  REQUIRE(eventually(view, [](auto s) { return s.quit; }));
  CHECK(view.sample(sample_at(1300)) == network::NetworkObserver::Reply::stop);
  view.wait_closed();
  CHECK(view.state().frames > 0);
}

TEST_CASE("a click on a node shows its Iptr with the occam line the program's line table gives") {
  setenv("SDL_VIDEODRIVER", "dummy", 1);
  LiveOptions options;
  options.iptr_line = [](int node, std::uint32_t iptr) {
    return node == 1 && iptr == 0x80000123u ? std::string("prog.occ:12:5") : std::string();
  };
  LiveNetworkView view(options);
  REQUIRE(view.open() == "");
  view.start(viewer_test::pipeline2(), 20e6);
  network::NetworkSample end = sample_at(100);
  end.nodes[1].iptr = 0x80000123u;
  end.reports = {"node 0's state", "node 1's state"};
  view.finished(end, network::NetworkResult{}, {});
  Picture p;
  REQUIRE(view.capture(p) == "");  // the end is on screen: a click finds its nodes
  auto at = viewer_test::live_place(1);
  click(at.x, at.y);
  REQUIRE(eventually(view, [](auto s) { return s.detail.find("node 1's state") != std::string::npos; }));
  CHECK(view.state().detail.find("Iptr #80000123 at prog.occ:12:5") != std::string::npos);
  auto other = viewer_test::live_place(0, true);  // with the panel open the nodes move
  click(other.x, other.y);
  REQUIRE(eventually(view, [](auto s) { return s.detail.find("node 0's state") != std::string::npos; }));
  CHECK(view.state().detail.find(" at ") == std::string::npos);  // no line for node 0's Iptr
  SDL_Event quit{};
  quit.type = SDL_QUIT;
  REQUIRE(SDL_PushEvent(&quit) == 1);
  view.wait_closed();
}
