// `transit run --view`'s live view on a real program (slow-deadlock.occ, run by `transit run` as a
// child), drawn with SDL's dummy video driver: it asks the running program for its records over
// attach, stops and resumes it with the space key (pushed through SDL's event queue), and when the
// program deadlocks keeps its last records, with the cycle, until SDL_QUIT closes it.
#include <doctest/doctest.h>

#include <SDL.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "transit/viewer/live_process_view.h"
#include "transit/viewer/process_model.h"
#include "transit/viewer/process_picture.h"
#include "transit/viewer/process_scene.h"

using namespace transit;
using namespace transit::viewer;
using namespace std::chrono_literals;

namespace {

template <class F>
bool eventually(const LiveProcessView& v, F ok, std::chrono::seconds limit) {
  for (auto end = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < end;) {
    if (ok(v.state())) return true;
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

void push_key(SDL_Keycode k) {
  SDL_Event e{};
  e.type = SDL_KEYDOWN;
  e.key.keysym.sym = k;
  REQUIRE(SDL_PushEvent(&e) == 1);
}

void push_click(const Box& b, int clicks = 1) {
  SDL_Event e{};
  e.type = SDL_MOUSEBUTTONDOWN;
  e.button.button = SDL_BUTTON_LEFT;
  e.button.clicks = Uint8(clicks);
  e.button.x = int(b.x + b.w / 2);
  e.button.y = int(b.y + b.h / 2);
  REQUIRE(SDL_PushEvent(&e) == 1);
}

// Where the view draws box `i` of these records with these kinds expanded.
Box box_at(const ProcessRecords& r, const std::set<std::string>& expanded, int i) {
  ProcessSceneOptions o;
  o.controls = "keys";
  ProcessPlaces places;
  process_scene(process_model(r, kCollapseAbove, expanded), o, &places);
  return places.boxes.at(std::size_t(i));
}

}  // namespace

TEST_CASE("a replicated PAR's box expands into a box per process and collapses again") {
  setenv("SDL_VIDEODRIVER", "dummy", 1);
  std::string t = "transit-records 1\nheadline\tdeadlock\nprocess\t1\tmain\tpar\tPAR\tf.occ:3:3\t\t";
  for (int w = 0; w < 20; ++w) t += (w ? "," : "") + std::to_string(10 + w);
  t += "\n";
  for (int w = 0; w < 20; ++w) t += "process\t" + std::to_string(10 + w) + "\tworker[" + std::to_string(w) + "]\ttimer\tAFTER\tf.occ:6:9\tf.occ:5:5\t\n";
  ProcessRecords r = *parse_records(t);
  LiveProcessView view("workers");
  REQUIRE(view.open() == "");
  view.ended(r, "deadlock");
  REQUIRE(eventually(view, [](auto s) { return s.boxes == 1; }, 5s));

  push_click(box_at(r, {}, 0));  // a click selects the collapsed box, e expands it
  REQUIRE(eventually(view, [](auto s) { return s.selected == 0; }, 5s));
  push_key(SDLK_e);
  CHECK(eventually(view, [](auto s) { return s.boxes == 20 && s.expanded == 1; }, 5s));

  const std::string kind = process_kind(r.processes[1]);
  push_click(box_at(r, {kind}, 7));  // any of its processes' boxes collapses them again
  REQUIRE(eventually(view, [](auto s) { return s.selected == 7; }, 5s));
  push_key(SDLK_e);
  CHECK(eventually(view, [](auto s) { return s.boxes == 1 && s.expanded == 0; }, 5s));

  push_click(box_at(r, {}, 0), 2);  // a double click expands at once
  CHECK(eventually(view, [](auto s) { return s.boxes == 20; }, 5s));
  push_click(box_at(r, {kind}, 19), 2);
  CHECK(eventually(view, [](auto s) { return s.boxes == 1; }, 5s));

  SDL_Event quit{};
  quit.type = SDL_QUIT;
  REQUIRE(SDL_PushEvent(&quit) == 1);
  view.wait_closed();
}

TEST_CASE("a live view on a running native program, to its deadlock") {
  setenv("SDL_VIDEODRIVER", "dummy", 1);
  LiveProcessView view("slow-deadlock.occ");
  REQUIRE(view.open() == "");
  std::string records = "/tmp/transit-viewer-live-" + std::to_string(::getpid());
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("TRANSIT_STATE_FILE", records.c_str(), 1);
    ::execl(TRANSIT_EXE, TRANSIT_EXE, "run", SLOW_OCC, (char*)nullptr);
    ::_exit(127);
  }
  REQUIRE(pid > 0);
  view.watch(pid);
  // The program answers over attach while it waits on its timer (after its compilation, if any).
  CHECK(eventually(view, [](auto s) { return s.polls > 0; }, 60s));
  push_key(SDLK_SPACE);
  CHECK(eventually(view, [](auto s) { return s.paused; }, 5s));
  push_key(SDLK_SPACE);
  CHECK(eventually(view, [](auto s) { return !s.paused; }, 5s));

  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 3);
  auto last = read_records_file(records);
  REQUIRE(std::holds_alternative<ProcessRecords>(last));
  CHECK(std::get<ProcessRecords>(last).cycles.size() == 1);
  view.ended(std::get<ProcessRecords>(last), "deadlock");
  std::uint64_t frames = view.state().frames;
  CHECK(eventually(view, [&](auto s) { return s.frames > frames + 2; }, 5s));  // still drawing the end
  SDL_Event quit{};
  quit.type = SDL_QUIT;
  REQUIRE(SDL_PushEvent(&quit) == 1);
  view.wait_closed();
  CHECK(view.state().quit);
  ::unlink(records.c_str());
}
