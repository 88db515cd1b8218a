// `transit verify --view / --snapshot`: a counterexample trace drawn step by step (the step's two
// processes and channel highlighted, the end's blocked processes and cycle in red, checked by pixels),
// its keys through SDL's event queue, and `transit verify --snapshot` end to end.
#include <doctest/doctest.h>

#include <SDL.h>
#include <SDL_image.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include "transit/viewer/palette.h"
#include "transit/viewer/snapshot.h"
#include "transit/viewer/trace_view.h"

using namespace transit;
using namespace transit::viewer;
using namespace std::chrono_literals;

namespace {

// Two processes under main's PAR: #2 outputs on 'c' to #3, which inputs on 'd' from #2 (a cycle).
ProcessRecords two_waiting() {
  return *parse_records(
      "transit-records 1\nheadline\tdeadlock\n"
      "process\t1\tmain\tpar\tPAR\tf.occ:3:3\t\t2,3\n"
      "process\t2\tsender\toutput\toutput on channel 'c'\tf.occ:5:7\tf.occ:4:5\t3\n"
      "process\t3\treceiver\tinput\tinput on channel 'd'\tf.occ:8:7\tf.occ:7:5\t2\n"
      "cycle\t2,3\n");
}

Trace trace_of(std::size_t steps) {
  Trace t;
  t.title = "f.occ";
  t.outcome = "deadlock after 1 communications";
  t.deadlock = true;
  for (std::size_t k = 0; k < steps; ++k) {
    TraceStep s;
    if (k) s.text = "sender -> receiver on e: 1", s.writer = 2, s.reader = 3, s.channel = "e";
    s.records = two_waiting();
    t.steps.push_back(s);
  }
  return t;
}

void key(SDL_Keycode k) {
  SDL_Event e{};
  e.type = SDL_KEYDOWN;
  e.key.keysym.sym = k;
  REQUIRE(SDL_PushEvent(&e) == 1);
}

template <class F>
bool eventually(const LiveTraceView& v, F ok) {
  for (auto end = std::chrono::steady_clock::now() + 5s; std::chrono::steady_clock::now() < end;) {
    if (ok(v.state())) return true;
    std::this_thread::sleep_for(2ms);
  }
  return false;
}

int run(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("a trace's step highlights its two processes; its end frames the blocked ones in red") {
  Trace t = trace_of(2);
  ProcessPlaces places;
  Picture p;
  REQUIRE(draw_picture(trace_scene(t, 1, "", -1, &places), p) == "");
  REQUIRE(places.boxes.size() == 2);
  for (const Box& b : places.boxes) {
    CHECK(p.at(int(b.x - 4), int(b.y + b.h / 2)) == kStepHighlight);  // the step's frame
    CHECK(p.at(int(b.x - 1), int(b.y + b.h / 2)) == kDeadlockRed);    // the end: blocked, in red
  }
  REQUIRE(draw_picture(trace_scene(trace_of(3), 1, "", -1, &places), p) == "");  // not the end: no red
  for (const Box& b : places.boxes) {
    CHECK(p.at(int(b.x - 4), int(b.y + b.h / 2)) == kStepHighlight);
    CHECK(p.at(int(b.x - 1), int(b.y + b.h / 2)) != kDeadlockRed);
  }
  REQUIRE(draw_picture(trace_scene(trace_of(3), 0, "", -1, &places), p) == "");  // the start: no step
  for (const Box& b : places.boxes) CHECK(p.at(int(b.x - 4), int(b.y + b.h / 2)) != kStepHighlight);
}

TEST_CASE("the trace's keys through SDL's event queue: next, previous, first, last") {
  setenv("SDL_VIDEODRIVER", "dummy", 1);
  LiveTraceView view(trace_of(4));
  REQUIRE(view.open() == "");
  CHECK(view.state().step == 0);
  key(SDLK_LEFT);  // before the first: stays
  key(SDLK_RIGHT);
  REQUIRE(eventually(view, [](auto s) { return s.step == 1; }));
  key(SDLK_END);
  REQUIRE(eventually(view, [](auto s) { return s.step == 3; }));
  key(SDLK_n);  // past the last: stays
  key(SDLK_LEFT);
  REQUIRE(eventually(view, [](auto s) { return s.step == 2; }));
  key(SDLK_HOME);
  REQUIRE(eventually(view, [](auto s) { return s.step == 0; }));
  key(SDLK_q);
  REQUIRE(eventually(view, [](auto s) { return s.quit; }));
  view.wait_closed();
  CHECK(view.state().frames > 0);
}

TEST_CASE("transit verify --snapshot draws the deadlock its trace ends in") {
  auto dir = std::filesystem::temp_directory_path() / ("transit-trace-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string transit = TRANSIT_EXE, png = (dir / "v.png").string();
  CHECK(run(transit + " verify --snapshot " + png + " " + PHILOSOPHERS_OCC + " >/dev/null") == 3);
  SDL_Surface* s = IMG_Load(png.c_str());
  REQUIRE(s != nullptr);
  SDL_Surface* rgb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGB24, 0);
  REQUIRE(rgb != nullptr);
  int red = 0, highlight = 0;
  for (int y = 0; y < rgb->h; ++y)
    for (int x = 0; x < rgb->w; ++x) {
      const Uint8* px = static_cast<const Uint8*>(rgb->pixels) + y * rgb->pitch + 3 * x;
      Colour c{px[0], px[1], px[2]};
      red += c == kDeadlockRed;
      highlight += c == kStepHighlight;
    }
  SDL_FreeSurface(rgb);
  SDL_FreeSurface(s);
  CHECK(red > 2000);       // ten blocked processes framed, the cycle's arrows
  CHECK(highlight > 500);  // the last communication's two processes
  CHECK(run(transit + " verify --view --snapshot x.png " + PHILOSOPHERS_OCC + " 2>/dev/null") == 2);
  CHECK(run("env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER " + transit + " verify --view " + PHILOSOPHERS_OCC +
            " >/dev/null 2>&1") == 1);
  std::filesystem::remove_all(dir);
}
