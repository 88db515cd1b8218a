// Native programs' pictures: process records read back, grouped by PAR and collapsed, drawn with
// the wait-for cycle in red (checked by pixels), and `transit run --snapshot` end to end.
#include <doctest/doctest.h>

#include <SDL_image.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "transit/viewer/process_model.h"
#include "transit/viewer/process_scene.h"
#include "transit/viewer/snapshot.h"
#include "transit/process_records.h"

using namespace transit;
using namespace transit::viewer;

namespace {

// main runs a PAR of a producer, a consumer and 20 workers (worker[0] ...) spawned at one line; the producer and
// the consumer wait for each other (a cycle); the workers wait on a timer.
std::string records_text_of_a_deadlock() {
  std::string t = "transit-records 1\nheadline\tdeadlock\n";
  t += "process\t1\tmain\tpar\tPAR: 22 of 22 branches still running\tf.occ:3:3\t\t2,3";
  for (int w = 0; w < 20; ++w) t += "," + std::to_string(10 + w);
  t += "\nprocess\t2\tproducer\toutput\toutput on channel 'c'\tf.occ:5:7\tf.occ:4:5\t3\n";
  t += "process\t3\tconsumer\tinput\tinput on channel 'd'\tf.occ:8:7\tf.occ:7:5\t2\n";
  for (int w = 0; w < 20; ++w)  // named with their replicator index, as the runtime names them
    t += "process\t" + std::to_string(10 + w) + "\tworker[" + std::to_string(w) + "]\ttimer\ttimer AFTER 5\tf.occ:12:9\tf.occ:11:5\t\n";
  t += "cycle\t2,3\n";
  return t;
}

}  // namespace

TEST_CASE("process records: written by the runtime's format, read back; bad lines are named") {
  auto r = parse_records(records_text_of_a_deadlock());
  REQUIRE(r.has_value());
  CHECK(r->headline == "deadlock");
  REQUIRE(r->processes.size() == 23);
  CHECK(r->processes[1].name == "producer");
  CHECK(r->processes[1].site == "f.occ:5:7");
  CHECK(r->processes[1].waits_for == std::vector<std::uint64_t>{3});
  CHECK(r->cycles == std::vector<std::vector<std::uint64_t>>{{2, 3}});
  int bad = 0;
  CHECK(!parse_records("transit-records 1\nprocess\tx\n", &bad));
  CHECK(bad == 2);
  CHECK(!parse_records("hello\n", &bad));
  CHECK(bad == 1);

  ProcessInfo p;
  p.id = 7;
  p.name = "a\tb";
  p.state = "input";
  p.waits_on = "input on channel 'c'";
  p.site = Site{"x.occ", 4, 2, nullptr};
  p.waits_for = {8, 9};
  auto back = parse_records(records_text({p}, {{7, 8}}, "deadlock"));
  REQUIRE(back.has_value());
  CHECK(back->processes[0].name == "a b");
  CHECK(back->processes[0].site == "x.occ:4:2");
  CHECK(back->processes[0].spawned == "");
  CHECK(back->processes[0].waits_for == std::vector<std::uint64_t>{8, 9});
}

TEST_CASE("an expanded kind of process is a box per process, each naming its kind") {
  ProcessRecords r = *parse_records(records_text_of_a_deadlock());
  std::string workers = process_kind(r.processes[3]);
  CHECK(workers == "worker spawned at f.occ:11:5");
  ProcessModel collapsed = process_model(r), expanded = process_model(r, kCollapseAbove, {workers});
  CHECK(collapsed.boxes.size() == 3);
  REQUIRE(expanded.boxes.size() == 22);
  int of_kind = 0;
  for (const ProcessBox& b : expanded.boxes) {
    of_kind += b.kind == workers;
    CHECK(b.ids.size() == 1);
  }
  CHECK(of_kind == 20);
  CHECK(expanded.boxes[0].kind.empty());  // the producer: one of its kind, never collapsed
  ProcessPlaces places;
  process_scene(expanded, ProcessSceneOptions{}, &places);
  CHECK(places.boxes.size() == 22);
  for (const Box& b : places.boxes) CHECK(b.w > 10);  // all on screen, large enough to click
}

TEST_CASE("a PAR's branches are one group; many of one name and line collapse into one box") {
  ProcessModel m = process_model(*parse_records(records_text_of_a_deadlock()));
  CHECK(m.processes == 23);
  REQUIRE(m.groups.size() == 1);
  CHECK(m.groups[0].label == "main: PAR at f.occ:3:3");
  REQUIRE(m.boxes.size() == 3);  // producer, consumer, "worker x 20"
  CHECK(m.boxes[2].label == "worker");
  CHECK(m.boxes[2].ids.size() == 20);
  CHECK(m.boxes[2].state == NodeState::Timer);
  CHECK(m.boxes[2].counts[std::size_t(int(NodeState::Timer) - int(NodeState::Ready))] == 20);
  CHECK(m.boxes[0].in_cycle);
  CHECK(m.boxes[1].in_cycle);
  CHECK(!m.boxes[2].in_cycle);
  REQUIRE(m.arrows.size() == 2);
  CHECK(m.arrows[0].in_cycle);
  CHECK(m.arrows[0].channel == "'c'");
  REQUIRE(m.cycles.size() == 1);
  CHECK(m.cycles[0] == "producer (output at f.occ:5:7) -> consumer (input at f.occ:8:7) -> producer");
}

TEST_CASE("the picture: boxes in their state's colour, the cycle's arrows in red") {
  ProcessModel m = process_model(*parse_records(records_text_of_a_deadlock()));
  ProcessPlaces places;
  ProcessSceneOptions o;
  Scene scene = process_scene(m, o, &places);
  Picture p;
  REQUIRE(draw_picture(scene, p) == "");
  auto inside = [&](int b) {  // right of the text, above the bottom
    const Box& x = places.boxes[std::size_t(b)];
    return p.at(int(x.x + x.w - 6), int(x.y + x.h / 2));
  };
  CHECK(inside(0) == colour_of(NodeState::Output));
  CHECK(inside(1) == colour_of(NodeState::Input));
  CHECK(inside(2) == colour_of(NodeState::Timer));
  // The producer and the consumer sit side by side: the arrows between them are red.
  const Box &a = places.boxes[0], &b = places.boxes[1];
  CHECK(p.at(int((a.x + a.w + b.x) / 2), int(a.y + a.h / 2)) == kDeadlockRed);
  CHECK(scene.hit_at(a.x + 3, a.y + 3) == 0);
  bool counted = false;  // the collapsed box names its count
  for (const Text& t : scene.texts) counted |= t.text == "worker x 20";
  CHECK(counted);
}

TEST_CASE("transit run --snapshot draws a deadlocked program with its cycle") {
  auto dir = std::filesystem::temp_directory_path() / ("transit-viewer-run-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string png = (dir / "two.png").string();
  std::string command = std::string(TRANSIT_EXE) + " run --snapshot " + png + " " + DEADLOCK_OCC + " >/dev/null 2>" +
                        (dir / "err").string();
  int status = std::system(command.c_str());
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 3);  // the program's own status: deadlock
  SDL_Surface* s = IMG_Load(png.c_str());
  REQUIRE(s != nullptr);
  SDL_Surface* rgb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGB888, 0);
  REQUIRE(rgb != nullptr);
  int red = 0, input = 0;
  for (int y = 0; y < rgb->h; ++y)
    for (int x = 0; x < rgb->w; ++x) {
      Uint32 px;
      std::memcpy(&px, static_cast<const Uint8*>(rgb->pixels) + y * rgb->pitch + 4 * x, 4);
      Uint8 r, g, b;
      SDL_GetRGB(px, rgb->format, &r, &g, &b);
      red += Colour{r, g, b} == kDeadlockRed;
      input += Colour{r, g, b} == colour_of(NodeState::Input);
    }
  CHECK(red > 500);     // two boxes' red borders, two red arrows, the cycle's line
  CHECK(input > 5000);  // two processes waiting to input
  SDL_FreeSurface(rgb);
  SDL_FreeSurface(s);
  std::filesystem::remove_all(dir);
}
