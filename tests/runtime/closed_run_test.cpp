// Closed runs (run_closed): a process run to completion from a plain function, in a nested run of
// the deterministic scheduler, as occam FUNCTIONs and VALOFs whose process waits are compiled.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "schedules.h"
#include "transit/transit.h"

using transit::Channel;
using transit::Proc;
using transit::Site;
using transit::Time;

namespace {

Proc produce(Channel<int>& c, int n) {
  for (int i = 1; i <= n; ++i) co_await c.send(i);
}

Proc consume(Channel<int>& c, int n, int& sum) {
  for (int i = 0; i < n; ++i) sum += co_await c.recv();
}

Proc sum_body(int n, int& sum) {
  Channel<int> c{"c"};
  co_await transit::par(produce(c, n), consume(c, n, sum));
}

// A plain function (no co_await) that waits inside: like an occam FUNCTION with a PAR.
int sum_to(int n) {
  int sum = 0;
  transit::run_closed(sum_body(n, sum), Site{"closed.occ", 3, 1, "sum.to"});
  return sum;
}

Proc call_in_par(Channel<int>& c, int n, int& sum) {
  for (int i = 0; i < n; ++i) co_await c.send(sum_to(i));
  (void)sum;
}

// The outer program: one process computes with closed runs while its partner talks to it.
Proc outer(int rounds, std::vector<int>& got) {
  Channel<int> c{"results"};
  int unused = 0;
  auto collect = [](Channel<int>& ch, int n, std::vector<int>& out) -> Proc {
    for (int i = 0; i < n; ++i) out.push_back(co_await ch.recv());
  };
  co_await transit::par(call_in_par(c, rounds, unused), collect(c, rounds, got));
}

Proc stuck_body() {
  Channel<int> a{"a"}, b{"b"};
  auto left = [](Channel<int>& x, Channel<int>& y) -> Proc {
    (void)co_await x.recv(Site{"closed.occ", 11, 5, "left"});
    co_await y.send(1);
  };
  auto right = [](Channel<int>& x, Channel<int>& y) -> Proc {
    (void)co_await y.recv(Site{"closed.occ", 14, 5, "right"});
    co_await x.send(1);
  };
  co_await transit::par(left(a, b).named("left"), right(a, b).named("right"));
}

int stuck() {
  transit::run_closed(stuck_body(), Site{"closed.occ", 4, 1, "stuck"});
  return 0;
}

Proc call_stuck(bool& returned) {
  (void)stuck();
  returned = true;
  co_return;
}

Proc failing_body() {
  Channel<int> c{"c"};
  auto bad = [](Channel<int>& ch) -> Proc {
    co_await ch.send(1);
    throw transit::RuntimeError(Site{"closed.occ", 20, 7, "bad"}, "division by zero");
  };
  auto good = [](Channel<int>& ch) -> Proc { (void)co_await ch.recv(); };
  co_await transit::par(bad(c), good(c));
}

Proc call_failing() {
  transit::run_closed(failing_body());
  co_return;
}

Proc wait_body(Time delay, Time& woke) {
  Channel<int> c{"c"};
  auto sleeper = [](Channel<int>& ch, Time d) -> Proc {
    co_await transit::after(transit::now() + d);
    co_await ch.send(7);
  };
  auto taker = [](Channel<int>& ch, Time& t) -> Proc {
    (void)co_await ch.recv();
    t = transit::now();
  };
  co_await transit::par(sleeper(c, delay), taker(c, woke));
}

Proc timed(Time& start, Time& inside, Time& end) {
  co_await transit::after(500);
  start = transit::now();
  transit::run_closed(wait_body(1000, inside));
  end = transit::now();
}

// A closed run inside a closed run: depth levels of nesting, each a PAR.
int nested(int depth);

Proc nested_body(int depth, int& out) {
  Channel<int> c{"c"};
  auto give = [](Channel<int>& ch, int d) -> Proc { co_await ch.send(nested(d - 1) + 1); };
  auto take = [](Channel<int>& ch, int& o) -> Proc { o = co_await ch.recv(); };
  co_await transit::par(give(c, depth), take(c, out));
}

int nested(int depth) {
  if (depth == 0) return 0;
  int out = -1;
  transit::run_closed(nested_body(depth, out));
  return out;
}

Proc call_nested(int depth, int& out) {
  out = nested(depth);
  co_return;
}

std::vector<int> expected_sums(int rounds) {
  std::vector<int> v;
  for (int i = 0; i < rounds; ++i) v.push_back(i * (i + 1) / 2);
  return v;
}

}  // namespace

TEST_CASE("a closed run outside any run computes its result") {
  CHECK(sum_to(10) == 55);
  CHECK(sum_to(0) == 0);
}

TEST_CASE("closed runs inside a running process, on the deterministic scheduler") {
  for (const Schedule& s : deterministic_schedules(10)) {
    CAPTURE(s.name);
    std::vector<int> got;
    REQUIRE(transit::run(outer(20, got), s.options) == transit::exit_ok);
    CHECK(got == expected_sums(20));
  }
}

TEST_CASE("closed runs inside workers of the work-stealing scheduler leave the others running") {
  for (const Schedule& s : threaded_schedules(2)) {
    CAPTURE(s.name);
    std::vector<int> a, b, c;
    auto program = [](std::vector<int>& x, std::vector<int>& y, std::vector<int>& z) -> Proc {
      co_await transit::par(outer(30, x), outer(30, y), outer(30, z));
    };
    REQUIRE(transit::run(program(a, b, c), s.options) == transit::exit_ok);
    CHECK(a == expected_sums(30));
    CHECK(b == expected_sums(30));
    CHECK(c == expected_sums(30));
  }
}

TEST_CASE("closed runs nest") {
  int out = -1;
  REQUIRE(transit::run(call_nested(5, out)) == transit::exit_ok);
  CHECK(out == 5);
  transit::RunOptions mt;
  mt.threads = 2;
  out = -1;
  REQUIRE(transit::run(call_nested(4, out), mt) == transit::exit_ok);
  CHECK(out == 4);
}

TEST_CASE("a deadlock inside a closed run ends the program as a deadlock, with its sites") {
  for (unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    std::ostringstream report;
    transit::RunOptions o;
    o.threads = threads;
    o.report = &report;
    bool returned = false;
    transit::RunResult r = transit::run_detailed(call_stuck(returned), o);
    CHECK(r.status == transit::exit_deadlock);
    CHECK_FALSE(returned);
    CHECK(r.message == report.str());
    CHECK(r.message.find("deadlock") != std::string::npos);
    CHECK(r.message.find("closed run (FUNCTION or VALOF) at closed.occ:4") != std::string::npos);
    CHECK(r.message.find("closed.occ:11") != std::string::npos);
    CHECK(r.message.find("closed.occ:14") != std::string::npos);
    CHECK(r.blocked.size() == 3);  // the closed run's root (in its PAR), left and right
  }
}

TEST_CASE("a run-time error inside a closed run is reported as usual") {
  for (unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    std::ostringstream report;
    transit::RunOptions o;
    o.threads = threads;
    o.report = &report;
    transit::RunResult r = transit::run_detailed(call_failing(), o);
    CHECK(r.status == transit::exit_runtime_error);
    CHECK(r.message.find("closed.occ:20:7: division by zero") != std::string::npos);
  }
}

TEST_CASE("a closed run reads the caller's clock and moves it on in virtual time") {
  Time start = -1, inside = -1, end = -1;
  REQUIRE(transit::run(timed(start, inside, end)) == transit::exit_ok);
  CHECK(start == 501);
  CHECK(inside == 1502);
  CHECK(end == 1502);
}
