// PRI PAR on the deterministic scheduler, in FIFO order and under many seeds: a high-priority
// process made ready by a low-priority one's output runs at once, before the low one goes on and
// before any other ready low-priority process.
#include <doctest/doctest.h>

#include <algorithm>

#include "programs.h"
#include "schedules.h"

TEST_CASE("PRI PAR: a ready high-priority process runs before any low-priority one") {
  for (bool replicated : {false, true}) {
    for (const Schedule& s : deterministic_schedules(30)) {
      CAPTURE(s.name);
      CAPTURE(replicated);
      programs::EventLog log;
      REQUIRE(transit::run(programs::priorities(log, replicated), s.options) == transit::exit_ok);
      const std::vector<std::string>& e = log.events;
      for (int i = 0; i < 3; ++i) {
        auto sends = std::find(e.begin(), e.end(), "waker sends " + std::to_string(i));
        REQUIRE(sends != e.end());
        REQUIRE(sends + 1 != e.end());
        CHECK(*(sends + 1) == "high got " + std::to_string(i));  // the waker gave way at once
      }
      CHECK(std::count(e.begin(), e.end(), "busy") == 12);
    }
  }
}

TEST_CASE("PRI PAR: the branches of a PAR inside a low-priority branch run at low priority") {
  std::vector<std::string> order;
  transit::Channel<int> c{"c"};
  auto high = [&]() -> transit::Proc {
    (void)co_await c.recv();
    order.push_back("high");
  };
  auto sender = [&]() -> transit::Proc {
    co_await c.send(1);  // readies high: this branch, low like its parent, gives way
    order.push_back("sender");
  };
  auto other = [&]() -> transit::Proc {
    order.push_back("other");
    co_return;
  };
  auto low = [&]() -> transit::Proc { co_await transit::par(sender(), other()); };
  auto program = [&]() -> transit::Proc { co_await transit::pri_par(high(), low()); };
  for (const Schedule& s : deterministic_schedules(10)) {
    CAPTURE(s.name);
    order.clear();
    REQUIRE(transit::run(program(), s.options) == transit::exit_ok);
    CHECK(std::find(order.begin(), order.end(), "high") < std::find(order.begin(), order.end(), "sender"));
  }
}
