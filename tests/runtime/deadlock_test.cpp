// Deadlock reports: the exact blocked set, what each waits on, where, and the wait-for cycle.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <thread>

#include "schedules.h"
#include "transit/transit.h"

using transit::Channel;
using transit::Proc;
using transit::Site;

namespace {

// Round 1 succeeds (so each channel knows its reader and writer); in round 2 both output.
Proc left(Channel<int>& c, Channel<int>& d) {
  co_await c.send(1);
  (void)co_await d.recv();
  co_await c.send(2, Site{"cycle.occ", 5, 3, "left"});
  (void)co_await d.recv();
}

Proc right(Channel<int>& c, Channel<int>& d) {
  (void)co_await c.recv();
  co_await d.send(1);
  co_await d.send(2, Site{"cycle.occ", 12, 3, "right"});
  (void)co_await c.recv();
}

Proc crossed() {
  Channel<int> c{"c"}, d{"d"};
  co_await transit::par(left(c, d).named("left"), right(c, d).named("right"));
}

const transit::ProcessInfo* find(const transit::RunResult& r, const std::string& name) {
  for (const auto& p : r.blocked)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace

TEST_CASE("a crossed exchange deadlocks with the exact blocked set and cycle") {
  for (const Schedule& s : deterministic_schedules(20)) {
    CAPTURE(s.name);
    std::ostringstream report;
    transit::RunOptions o = s.options;
    o.report = &report;
    transit::RunResult r = transit::run_detailed(crossed(), o);
    REQUIRE(r.status == transit::exit_deadlock);
    REQUIRE(r.blocked.size() == 3);
    const auto* main = &r.blocked[0];
    const auto* l = find(r, "left");
    const auto* rt = find(r, "right");
    REQUIRE(l);
    REQUIRE(rt);
    CHECK(main->name == "crossed");
    CHECK(main->state == "par");
    CHECK(main->waits_for == std::vector<std::uint64_t>{l->id, rt->id});
    CHECK(l->state == "output");
    CHECK(l->waits_on == "output on channel 'c'");
    CHECK(std::string(l->site.file) == "cycle.occ");
    CHECK(l->site.line == 5);
    CHECK(l->waits_for == std::vector<std::uint64_t>{rt->id});
    CHECK(rt->waits_on == "output on channel 'd'");
    CHECK(rt->site.line == 12);
    CHECK(rt->waits_for == std::vector<std::uint64_t>{l->id});
    REQUIRE(r.cycles.size() == 1);
    CHECK(r.cycles[0] == std::vector<std::uint64_t>{std::min(l->id, rt->id), std::max(l->id, rt->id)});
    // The printed report, line by line.
    const std::string text = report.str();
    CHECK(text.find("transit: deadlock: no process can run, and none waits for a timer or an outside event\n3 live processes:\n") == 0);
    const std::string lid = "#" + std::to_string(l->id), rid = "#" + std::to_string(rt->id);
    CHECK(text.find("  " + lid + " left [output] output on channel 'c' at cycle.occ:5:3 (spawned at ") != std::string::npos);
    CHECK(text.find("; waits for " + rid + " right\n") != std::string::npos);
    CHECK(text.find("wait-for cycles:\n") != std::string::npos);
    const std::string L = lid + " left (cycle.occ:5)", R = rid + " right (cycle.occ:12)";
    const std::string cycle = l->id < rt->id ? "  " + L + " -> " + R + " -> " + L + "\n" : "  " + R + " -> " + L + " -> " + R + "\n";
    CHECK(text.find(cycle) != std::string::npos);
  }
}

TEST_CASE("the source site defaults to the C++ line of the blocking call") {
  auto program = []() -> Proc {
    Channel<int> lonely{"lonely"};
    (void)co_await lonely.recv();  // the line checked below
  };
  const int line = __LINE__ - 2;
  std::ostringstream sink;
  transit::RunResult r = transit::run_detailed(program(), {.report = &sink});
  REQUIRE(r.status == transit::exit_deadlock);
  REQUIRE(r.blocked.size() == 1);
  CHECK(r.blocked[0].state == "input");
  CHECK(r.blocked[0].waits_on == "input on channel 'lonely'");
  CHECK(std::string(r.blocked[0].site.file).find("deadlock_test.cpp") != std::string::npos);
  CHECK(r.blocked[0].site.line == line);
  CHECK(r.cycles.empty());
}

TEST_CASE("STOP, ALT and timers in a report; a pending timer is not a deadlock") {
  auto program = []() -> Proc {
    Channel<int> a{"a"}, b{"b"};
    auto stopper = []() -> Proc { co_await transit::stop(Site{"s.occ", 3, 1, nullptr}); };
    auto chooser = [](Channel<int>& x, Channel<int>& y) -> Proc {
      int v = 0;
      transit::Alt alt;
      alt.input(x, v).input(y, v, false).input(y, v).after(7);
      (void)co_await alt.pri_select();
      (void)co_await x.recv();  // then blocks for good
    };
    co_await transit::par(stopper().named("stopper"), chooser(a, b).named("chooser"));
  };
  std::ostringstream report;
  transit::RunResult r = transit::run_detailed(program(), {.report = &report});
  REQUIRE(r.status == transit::exit_deadlock);  // the timeout fired first; then nothing can run
  REQUIRE(r.blocked.size() == 3);
  CHECK(find(r, "stopper")->state == "stopped");
  CHECK(find(r, "stopper")->waits_on == "STOP");
  CHECK(find(r, "chooser")->waits_on == "input on channel 'a'");

  auto alt_only = []() -> Proc {
    Channel<int> a{"a"}, b{"b"};
    int v = 0;
    transit::Alt alt;
    alt.input(a, v).input(b, v, false).skip(false).input(b, v);
    (void)co_await alt.pri_select();
  };
  r = transit::run_detailed(alt_only(), {.report = &report});
  REQUIRE(r.status == transit::exit_deadlock);
  REQUIRE(r.blocked.size() == 1);
  CHECK(r.blocked[0].state == "alt");
  CHECK(r.blocked[0].waits_on == "ALT over: 'a'?, 'b'?");
}

TEST_CASE("a process waiting for an outside event is not deadlocked") {
  auto program = [](int& got) -> Proc {
    got = co_await transit::blocking([] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      return 42;
    });
  };
  int got = 0;
  CHECK(transit::run(program(got)) == transit::exit_ok);
  CHECK(got == 42);
}

namespace {

constexpr Site kCallOuter{"calls.occ", 20, 5, "main"};
constexpr Site kCallInner{"calls.occ", 12, 7, "outer"};

Proc inner(Channel<int>& c) { (void)co_await c.recv(Site{"calls.occ", 4, 3, "inner"}); }
Proc outer(Channel<int>& c) {
  co_await inner(c).called_at(kCallInner);
  co_await inner(c).called_at(kCallInner);
}
Proc fails() { throw transit::RuntimeError(Site{"calls.occ", 30, 9, "fails"}, "overflow"); co_return; }
Proc calls_failing() { co_await fails().called_at(kCallInner); }

}  // namespace

TEST_CASE("reports and errors show the calls a process is inside, and returned calls leave the chain") {
  auto program = []() -> Proc {
    Channel<int> c{"c"};
    co_await transit::par([](Channel<int>& ch) -> Proc { co_await outer(ch).called_at(kCallOuter); }(c).named("main"),
                          [](Channel<int>& ch) -> Proc { co_await ch.send(1); }(c).named("feeder"));
  };
  std::ostringstream sink;
  transit::RunResult r = transit::run_detailed(program(), {.report = &sink});
  REQUIRE(r.status == transit::exit_deadlock);
  const transit::ProcessInfo* m = find(r, "main");
  REQUIRE(m != nullptr);
  REQUIRE(m->calls.size() == 2);  // the first inner call returned: outer -> inner only once
  CHECK(m->calls[0].line == 20);
  CHECK(m->calls[1].line == 12);
  CHECK(sink.str().find("at calls.occ:4:3 in inner, called at calls.occ:12:7 in outer, called at calls.occ:20:5 in main") !=
        std::string::npos);

  std::ostringstream err;
  transit::RunResult e = transit::run_detailed(calls_failing(), {.report = &err});
  CHECK(e.status == transit::exit_runtime_error);
  CHECK(err.str().find("at calls.occ:30:9 in fails, called at calls.occ:12:7 in outer") != std::string::npos);
  CHECK(transit::RuntimeError(Site{}, "outside a run").calls().empty());
}
