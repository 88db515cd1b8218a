// Shared-end channels: many writers, many readers, FIFO queueing, ALT on a shared channel.
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include "schedules.h"
#include "transit/transit.h"

using transit::Proc;

namespace {

template <class Ch>
Proc produce(Ch& out, int from, int count) {
  for (int i = from; i < from + count; ++i) co_await out.send(i);
}

template <class Ch>
Proc collect(Ch& in, int count, std::vector<int>& got) {
  for (int i = 0; i < count; ++i) got.push_back(co_await in.recv());
}

}  // namespace

TEST_CASE("AnyToOne: values from many writers all arrive, each writer's in order") {
  auto program = [](std::vector<int>& got) -> Proc {
    transit::AnyToOne<int> c{"requests"};
    co_await transit::par(produce(c, 0, 50), produce(c, 100, 50), produce(c, 200, 50), collect(c, 150, got));
  };
  for (const Schedule& s : deterministic_schedules(20)) {
    CAPTURE(s.name);
    std::vector<int> got;
    REQUIRE(transit::run(program(got), s.options) == transit::exit_ok);
    for (int base : {0, 100, 200}) {
      std::vector<int> mine;
      for (int v : got)
        if (v >= base && v < base + 50) mine.push_back(v);
      std::vector<int> want(50);
      std::iota(want.begin(), want.end(), base);
      CHECK(mine == want);
    }
  }
}

TEST_CASE("OneToAny: a farm of readers shares the work, nothing lost") {
  auto program = [](std::vector<int>& a, std::vector<int>& b, std::vector<int>& c) -> Proc {
    transit::OneToAny<int> work{"work"};
    transit::AnyToOne<int> done{"done"};
    auto worker = [](transit::OneToAny<int>& in, std::vector<int>& mine) -> Proc {
      for (;;) {
        int v = co_await in.recv();
        if (v < 0) co_return;
        mine.push_back(v);
      }
    };
    auto boss = [](transit::OneToAny<int>& out) -> Proc {
      for (int i = 0; i < 300; ++i) co_await out.send(i);
      for (int i = 0; i < 3; ++i) co_await out.send(-1);
    };
    co_await transit::par(boss(work), worker(work, a), worker(work, b), worker(work, c));
  };
  for (const Schedule& s : deterministic_schedules(20)) {
    CAPTURE(s.name);
    std::vector<int> a, b, c;
    REQUIRE(transit::run(program(a, b, c), s.options) == transit::exit_ok);
    std::vector<int> all = a;
    all.insert(all.end(), b.begin(), b.end());
    all.insert(all.end(), c.begin(), c.end());
    std::sort(all.begin(), all.end());
    std::vector<int> want(300);
    std::iota(want.begin(), want.end(), 0);
    CHECK(all == want);
  }
}

TEST_CASE("AnyToAny and an ALT on a shared channel") {
  auto program = [](int& total) -> Proc {
    transit::AnyToAny<int> pool{"pool"};
    transit::Channel<int> results{"results"};
    auto reader = [](transit::AnyToAny<int>& in, transit::Channel<int>& out, int n) -> Proc {
      int sum = 0;
      for (int i = 0; i < n; ++i) {
        int v = 0;
        transit::Alt alt;
        alt.input(in, v);
        (void)co_await alt.select();
        sum += v;
      }
      co_await out.send(sum);
    };
    auto adder = [](transit::Channel<int>& in, int& t) -> Proc {
      t = co_await in.recv();
      t += co_await in.recv();
    };
    co_await transit::par(produce(pool, 1, 10), produce(pool, 11, 10), reader(pool, results, 10),
                          reader(pool, results, 10), adder(results, total));
  };
  for (const Schedule& s : deterministic_schedules(30)) {
    CAPTURE(s.name);
    int total = 0;
    REQUIRE(transit::run(program(total), s.options) == transit::exit_ok);
    CHECK(total == 210);
  }
}
