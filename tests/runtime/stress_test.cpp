// The same programs over many seeds of the deterministic scheduler; and seeds replay exactly.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "programs.h"
#include "schedules.h"

TEST_CASE("stress: programs give the same answer under every seed") {
  for (const Schedule& s : deterministic_schedules(100)) {
    CAPTURE(s.name);
    std::int64_t sum = 0;
    REQUIRE(transit::run(programs::pipeline(5, 50, sum), s.options) == transit::exit_ok);
    CHECK(sum == programs::pipeline_answer(5, 50));
    sum = 0;
    REQUIRE(transit::run(programs::farm(4, 100, sum), s.options) == transit::exit_ok);
    CHECK(sum == programs::farm_answer(100));
    sum = 0;
    REQUIRE(transit::run(programs::mux(5, 20, sum), s.options) == transit::exit_ok);
    CHECK(sum == programs::mux_answer(5, 20));
    sum = 0;
    REQUIRE(transit::run(programs::commstime(100, sum), s.options) == transit::exit_ok);
    CHECK(sum == programs::commstime_answer(100));
  }
}

namespace {

transit::Proc racer(transit::AnyToOne<int>& out, int id) {
  for (int i = 0; i < 5; ++i) co_await out.send(id);
}

transit::Proc race(std::string& trace) {
  transit::AnyToOne<int> c{"c"};
  auto listen = [](transit::AnyToOne<int>& in, std::string& t) -> transit::Proc {
    for (int i = 0; i < 20; ++i) t += static_cast<char>('a' + co_await in.recv());
  };
  co_await transit::par(racer(c, 0), racer(c, 1), racer(c, 2), racer(c, 3), listen(c, trace));
}

}  // namespace

TEST_CASE("a seed replays the same schedule; different seeds explore different ones") {
  std::vector<std::string> traces;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    std::string first, second;
    REQUIRE(transit::run(race(first), {.seed = seed}) == transit::exit_ok);
    REQUIRE(transit::run(race(second), {.seed = seed}) == transit::exit_ok);
    CHECK(first == second);
    traces.push_back(first);
  }
  std::sort(traces.begin(), traces.end());
  CHECK(std::unique(traces.begin(), traces.end()) - traces.begin() > 5);
}
