// Timers: virtual time jumps, ordering of wake-ups, AFTER is strictly later, real time advances.
#include <doctest/doctest.h>

#include <vector>

#include "schedules.h"
#include "transit/transit.h"

using transit::Proc;
using transit::Time;

namespace {

Proc sleeper(Time delay, std::vector<Time>& woke, std::vector<int>& order, int id) {
  transit::Timer tim;
  Time t = tim.now();
  co_await tim.after(t + delay);
  woke.push_back(tim.now());
  order.push_back(id);
}

}  // namespace

TEST_CASE("processes wake in deadline order, in virtual time") {
  auto program = [](std::vector<Time>& woke, std::vector<int>& order) -> Proc {
    co_await transit::par(sleeper(300, woke, order, 3), sleeper(100, woke, order, 1), sleeper(200, woke, order, 2),
                          sleeper(3'600'000'000'000, woke, order, 4));  // an hour, instantly
  };
  for (const Schedule& s : deterministic_schedules(20)) {
    CAPTURE(s.name);
    std::vector<Time> woke;
    std::vector<int> order;
    REQUIRE(transit::run(program(woke, order), s.options) == transit::exit_ok);
    CHECK(order == std::vector<int>{1, 2, 3, 4});
    CHECK(woke == std::vector<Time>{101, 201, 301, 3'600'000'000'001});  // AFTER: strictly later
  }
}

TEST_CASE("virtual time does not move while processes can run") {
  auto program = [](Time& before, Time& after) -> Proc {
    before = transit::now();
    for (int i = 0; i < 1000; ++i) co_await transit::after(transit::now() - 1);  // already past: no wait
    after = transit::now();
  };
  Time before = -1, after = -1;
  REQUIRE(transit::run(program(before, after)) == transit::exit_ok);
  CHECK(before == 0);
  CHECK(after == 0);
}

TEST_CASE("a timer wait is not a deadlock; real time advances") {
  auto program = [](Time& start, Time& end) -> Proc {
    start = transit::now();
    co_await transit::after(start + 2'000'000);  // 2 ms of real time
    end = transit::now();
  };
  Time start = 0, end = 0;
  REQUIRE(transit::run(program(start, end), {.real_time = true}) == transit::exit_ok);
  CHECK(end > start + 2'000'000);
}
