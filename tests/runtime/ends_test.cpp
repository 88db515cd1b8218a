// Declared channel ends (ends.h): a deadlock on channels whose other end was never used still
// shows its wait-for cycle when the processes declare the ends they hold; the innermost declarer
// of an end holds it.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "schedules.h"
#include "transit/transit.h"

using transit::Channel;
using transit::ChannelEnd;
using transit::Proc;

namespace {

constexpr int kSeats = 4;

// Takes the left fork, waits (so every philosopher has a left fork), reaches for the right one.
Proc philosopher(Channel<bool>& left, Channel<bool>& right) {
  co_await left.send(true);
  co_await transit::after(transit::now() + 100);
  co_await right.send(true);
  co_await left.send(false);
  co_await right.send(false);
}

// Picked up from either side, then put down by the same side.
Proc fork(Channel<bool>& left, Channel<bool>& right) {
  bool any = false;
  transit::Alt alt;
  alt.input(left, any).input(right, any);
  if (co_await alt.pri_select() == 0) co_await left.recv(any);
  else co_await right.recv(any);
}

struct Table {
  Channel<bool> left[kSeats], right[kSeats];
};

// Each branch declares its ends through hold() (forks) or holding() (philosophers), or not at all.
Proc dinner(bool declare) {
  Table t;
  std::vector<std::vector<ChannelEnd>> ends(kSeats);
  std::vector<Proc> branches;
  for (int i = 0; i < kSeats; ++i) {
    ends[i] = {transit::writer_end(t.left[i]), transit::writer_end(t.right[i]), {}};
    Proc p = philosopher(t.left[i], t.right[i]).named("philosopher");
    branches.push_back(declare ? std::move(p).holding(ends[i].data()) : std::move(p));
  }
  for (int i = 0; i < kSeats; ++i) {
    Channel<bool>& l = t.left[i];
    Channel<bool>& r = t.right[(i + 1) % kSeats];
    branches.push_back([](Channel<bool>& l, Channel<bool>& r, bool declare) -> Proc {
      const ChannelEnd mine[] = {transit::reader_end(l), transit::reader_end(r), {}};
      if (declare) transit::hold(mine);
      co_await fork(l, r);
    }(l, r, declare).named("fork"));
  }
  co_await transit::par_list(std::move(branches));
}

std::string name_of(const transit::RunResult& r, std::uint64_t id) {
  for (const auto& p : r.blocked)
    if (p.id == id) return p.name;
  return "?";
}

}  // namespace

TEST_CASE("without declarations the first-use deadlock has no known cycle") {
  std::ostringstream report;
  transit::RunResult r = transit::run_detailed(dinner(false), {.report = &report});
  REQUIRE(r.status == transit::exit_deadlock);
  CHECK(r.blocked.size() == 1 + 2 * kSeats);
  CHECK(r.cycles.empty());
}

TEST_CASE("declared ends give the philosophers' wait-for cycle on every schedule") {
  for (const Schedule& s : deterministic_schedules(20)) {
    CAPTURE(s.name);
    std::ostringstream report;
    transit::RunOptions o = s.options;
    o.report = &report;
    transit::RunResult r = transit::run_detailed(dinner(true), o);
    REQUIRE(r.status == transit::exit_deadlock);
    REQUIRE(r.cycles.size() == 1);
    const auto& cycle = r.cycles[0];
    REQUIRE(cycle.size() == 2 * kSeats);
    // philosopher -> fork -> philosopher -> ... alternating, each step a real edge.
    std::string first = name_of(r, cycle[0]);
    for (std::size_t k = 0; k < cycle.size(); ++k) {
      std::string expect = (k % 2 == 0) == (first == "philosopher") ? "philosopher" : "fork";
      CHECK(name_of(r, cycle[k]) == expect);
    }
    CHECK(report.str().find("wait-for cycles:") != std::string::npos);
  }
}

namespace {

// The outer branch declares the whole array; its inner branches declare one element each and
// so hold them; `main_ends` declares a reader the main process gives up to nobody.
Proc nested() {
  Channel<int> c[2];
  co_await transit::par(
      [](Channel<int>* c) -> Proc {
        const ChannelEnd all[] = {transit::channel_ends(c, 2, true), {}};
        transit::hold(all);
        co_await transit::par(
            [](Channel<int>& x) -> Proc {
              const ChannelEnd e[] = {transit::writer_end(x), {}};
              transit::hold(e);
              co_await transit::after(transit::now() + 10);  // never used before the deadlock
              co_await x.send(1);
            }(c[0]).named("writer0"),
            [](Channel<int>& x) -> Proc {
              const ChannelEnd e[] = {transit::writer_end(x), {}};
              transit::hold(e);
              co_await transit::stop();
              co_await x.send(1);
            }(c[1]).named("writer1"));
      }(c).named("writers"),
      [](Channel<int>* c) -> Proc {
        const ChannelEnd e[] = {transit::channel_ends(c, 2, false), {}};
        transit::hold(e);
        (void)co_await c[1].recv();
        (void)co_await c[0].recv();
      }(c).named("reader"));
}

}  // namespace

TEST_CASE("the innermost process declaring an end holds it") {
  std::ostringstream report;
  transit::RunResult r = transit::run_detailed(nested(), {.report = &report});
  REQUIRE(r.status == transit::exit_deadlock);
  const transit::ProcessInfo* reader = nullptr;
  for (const auto& p : r.blocked)
    if (p.name == "reader") reader = &p;
  REQUIRE(reader);
  REQUIRE(reader->waits_for.size() == 1);
  CHECK(name_of(r, reader->waits_for[0]) == "writer1");
  CHECK(report.str().find("waits for #") != std::string::npos);
}

TEST_CASE("a process's own or an ancestor's declaration never makes a cycle by itself") {
  // The main process declares both ends of a channel it then uses alone in one branch.
  auto program = []() -> Proc {
    Channel<int> c{"c"};
    const ChannelEnd e[] = {transit::reader_end(c), transit::writer_end(c), {}};
    transit::hold(e);
    co_await transit::par([](Channel<int>& c) -> Proc { (void)co_await c.recv(); }(c).named("lonely"),
                          [](Channel<int>& c) -> Proc { co_await transit::stop(); co_await c.send(1); }(c).named("stuck"));
  };
  std::ostringstream report;
  transit::RunResult r = transit::run_detailed(program(), {.report = &report});
  REQUIRE(r.status == transit::exit_deadlock);
  CHECK(r.cycles.empty());
}
