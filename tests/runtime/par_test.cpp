// PAR: termination, nesting, replication, exception propagation, run-time errors.
#include <doctest/doctest.h>

#include <atomic>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "schedules.h"
#include "transit/transit.h"

using transit::Channel;
using transit::Proc;

namespace {

Proc mark(std::vector<int>& done, int i) {
  done[static_cast<std::size_t>(i)] = 1;
  co_return;
}

Proc fails_after(Channel<int>& c, int n) {
  for (int i = 0; i < n; ++i) co_await c.send(i);
  throw std::runtime_error("branch failed");
}

Proc drains(Channel<int>& c, int n, int& got) {
  for (int i = 0; i < n; ++i) got += co_await c.recv() >= 0;
}

Proc exception_waits_for_siblings(int& got, bool& caught, std::string& what) {
  Channel<int> c{"c"};
  try {
    co_await transit::par(fails_after(c, 3), drains(c, 3, got));
  } catch (const std::runtime_error& e) {
    caught = true;
    what = e.what();
  }
}

Proc seq_then_par(std::vector<int>& order) {
  auto step = [&](int i) -> Proc {
    order.push_back(i);
    co_return;
  };
  co_await step(1);  // a call: runs to completion before the next statement
  co_await transit::par(step(2), step(2));
  co_await step(3);
}

}  // namespace

TEST_CASE("a PAR ends when every branch has ended, on every schedule") {
  auto program = [](std::vector<int>& done) -> Proc {
    co_await transit::par(mark(done, 0), mark(done, 1), mark(done, 2));
    co_await transit::par_for(3, 10, [&](int i) { return mark(done, i); });
    std::vector<Proc> list;
    for (int i = 10; i < 14; ++i) list.push_back(mark(done, i));
    co_await transit::par_list(std::move(list));
    co_await transit::pri_par(mark(done, 14), mark(done, 15));
  };
  for (const Schedule& s : deterministic_schedules(20)) {
    CAPTURE(s.name);
    std::vector<int> done(16, 0);
    REQUIRE(transit::run(program(done), s.options) == transit::exit_ok);
    for (int d : done) CHECK(d == 1);
  }
}

TEST_CASE("a process polling in a loop lets the others run when it yields, on every schedule") {
  // Without the yield the poller never gives up the (single) worker and the setter never runs.
  auto program = [](int& polls) -> Proc {
    bool flag = false;
    auto poller = [&]() -> Proc {
      while (!flag) {
        ++polls;
        co_await transit::yield();
      }
    };
    auto setter = [&]() -> Proc {
      flag = true;
      co_return;
    };
    co_await transit::par(poller(), setter());
  };
  for (const Schedule& s : deterministic_schedules(20)) {
    CAPTURE(s.name);
    int polls = 0;
    REQUIRE(transit::run(program(polls), s.options) == transit::exit_ok);
    if (s.name == "fifo") CHECK(polls >= 1);  // the poller starts first and waits for the setter
  }
}

TEST_CASE("sequence and PAR compose") {
  std::vector<int> order;
  REQUIRE(transit::run(seq_then_par(order)) == transit::exit_ok);
  CHECK(order == std::vector<int>{1, 2, 2, 3});
}

TEST_CASE("an empty replicated PAR ends at once") {
  auto program = []() -> Proc { co_await transit::par_for(5, 5, [](int) -> Proc { co_return; }); };
  CHECK(transit::run(program()) == transit::exit_ok);
}

TEST_CASE("an exception in a branch reaches the PAR after all branches end") {
  for (const Schedule& s : deterministic_schedules(20)) {
    CAPTURE(s.name);
    int got = 0;
    bool caught = false;
    std::string what;
    REQUIRE(transit::run(exception_waits_for_siblings(got, caught, what), s.options) == transit::exit_ok);
    CHECK(caught);
    CHECK(what == "branch failed");
    CHECK(got == 3);  // the sibling finished its inputs before the PAR rethrew
  }
}

TEST_CASE("an exception escaping main gives exit_uncaught_exception") {
  auto program = []() -> Proc {
    throw std::logic_error("oops");
    co_return;
  };
  std::ostringstream report;
  transit::RunResult r = transit::run_detailed(program(), {.report = &report});
  CHECK(r.status == transit::exit_uncaught_exception);
  CHECK(report.str() == "transit: uncaught exception in main: oops\n");
}

TEST_CASE("a RuntimeError stops the whole program with its site") {
  auto bad = []() -> Proc {
    throw transit::RuntimeError(transit::Site{"prog.occ", 12, 7, "checker"}, "array index out of range");
    co_return;
  };
  auto forever = [](Channel<int>& c) -> Proc { (void)co_await c.recv(); };
  auto program = [&]() -> Proc {
    Channel<int> never{"never"};
    co_await transit::par(forever(never), bad());
  };
  std::ostringstream report;
  transit::RunResult r = transit::run_detailed(program(), {.report = &report});
  CHECK(r.status == transit::exit_runtime_error);
  CHECK(report.str().find("transit: error in process checker (#") == 0);
  CHECK(report.str().find(") at prog.occ:12:7: array index out of range\n") != std::string::npos);
}

TEST_CASE("process names come from named() or the coroutine function") {
  auto program = []() -> Proc {
    auto probe = [](std::vector<transit::ProcessInfo>& out) -> Proc {
      out = transit::snapshot();
      co_return;
    };
    std::vector<transit::ProcessInfo> seen;
    co_await transit::par(probe(seen).named("prober"));
    REQUIRE(seen.size() == 2);
    CHECK(seen[1].name == "prober");
    CHECK(seen[1].state == "running");
    CHECK(seen[0].state == "par");
    CHECK(seen[0].waits_on == "PAR: 1 of 1 branches still running");
  };
  CHECK(transit::run(program()) == transit::exit_ok);
}

TEST_CASE("a name given with named() survives moving the Proc (replicated PAR, par_list)") {
  auto program = []() -> Proc {
    auto probe = [](std::vector<transit::ProcessInfo>& out) -> Proc {
      out = transit::snapshot();
      co_return;
    };
    std::vector<transit::ProcessInfo> seen;
    std::vector<Proc> branches;
    branches.push_back(probe(seen).named("listed"));
    co_await transit::par_list(std::move(branches));
    REQUIRE(seen.size() == 2);
    CHECK(seen[1].name == "listed");
  };
  CHECK(transit::run(program()) == transit::exit_ok);
}
