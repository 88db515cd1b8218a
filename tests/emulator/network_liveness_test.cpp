// The network kernel always moves on or says why not: a node whose run leaves a link event before
// its own clock is woken at that event (the hang of raytrace3 on three nodes, reduced to two
// scripted nodes); the livelock watchdog stops a run whose nodes' clocks stand still and reports
// each node; a cycle limit stops computing nodes at that cycle; progress lines come once per
// host second.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "transit/emu/network/network.h"

using namespace transit::network;

namespace {

Topology pipeline(int n) { return std::get<Topology>(*parse_shorthand("pipeline:" + std::to_string(n))); }

// Computes to cycle `end`, its first run jumping to `first_stop` and leaving a link event due at
// `overdue` unhandled (a transputer does that when an instruction or a process switch takes its
// clock past an acknowledge that then waits for its next run): until that event is handled, the
// node may still send at `overdue`.
class OverdueNode : public NetworkNode {
 public:
  OverdueNode(Cycle first_stop, Cycle overdue, Cycle end) : first_stop_(first_stop), overdue_(overdue), end_(end) {}
  Cycle now() const override { return now_; }
  void run(Cycle until, Cycle) override {
    if (runs_++ == 0) {
      now_ = first_stop_;
      return;
    }
    overdue_ = kNever;
    now_ = std::max(now_, std::min(until, end_));
  }
  Activity activity() const override { return now_ >= end_ ? Activity::Stopped : Activity::Running; }
  Cycle next_event() const override { return activity() == Activity::Stopped ? kNever : std::min(now_, overdue_); }
  void take_sent(std::vector<LinkSignal>&) override {}
  void receive(const LinkSignal&) override {}
  Cycle lookahead() const override { return 2; }
  Cycle earliest_emission() const override { return std::min(now_, overdue_); }
  std::vector<BlockedProcess> blocked() const override { return {}; }
  std::string stop_reason() const override { return "done"; }
  bool failed() const override { return false; }
  std::uint64_t instructions() const override { return now_; }
  Cycle idle_cycles() const override { return 0; }

 private:
  Cycle first_stop_, overdue_, end_;
  Cycle now_ = 0;
  int runs_ = 0;
};

// Waits for something of its own due at `at` (a timer), never running past its safe horizon, then
// stops. With `stuck`, it claims to be running but never moves: a broken node, for the watchdog.
class TimerNode : public NetworkNode {
 public:
  explicit TimerNode(Cycle at, bool stuck = false) : at_(at), stuck_(stuck) {}
  Cycle now() const override { return now_; }
  void run(Cycle until, Cycle safe) override {
    if (stuck_) return;
    now_ = std::max(now_, std::min({until, safe, at_}));
    done_ = now_ >= at_;
  }
  Activity activity() const override {
    if (done_) return Activity::Stopped;
    return stuck_ || now_ >= at_ ? Activity::Running : Activity::Waiting;
  }
  Cycle next_event() const override { return done_ ? kNever : stuck_ ? now_ : at_; }
  void take_sent(std::vector<LinkSignal>&) override {}
  void receive(const LinkSignal&) override {}
  Cycle lookahead() const override { return 2; }
  Cycle earliest_emission() const override { return now_; }
  std::vector<BlockedProcess> blocked() const override { return {}; }
  std::string state_report() const override { return stuck_ ? "  claims to run and never moves\n" : "  waits\n"; }
  std::string stop_reason() const override { return "done"; }
  bool failed() const override { return false; }
  std::uint64_t instructions() const override { return 0; }
  Cycle idle_cycles() const override { return now_; }

 private:
  Cycle at_;
  bool stuck_;
  Cycle now_ = 0;
  bool done_ = false;
};

// Computes for ever, taking `host_micros` of host time per run (for progress lines).
class SlowNode : public NetworkNode {
 public:
  explicit SlowNode(int host_micros) : host_micros_(host_micros) {}
  Cycle now() const override { return now_; }
  void run(Cycle until, Cycle) override {
    std::this_thread::sleep_for(std::chrono::microseconds(host_micros_));
    now_ = std::max(now_, until);
  }
  Activity activity() const override { return Activity::Running; }
  Cycle next_event() const override { return now_; }
  void take_sent(std::vector<LinkSignal>&) override {}
  void receive(const LinkSignal&) override {}
  Cycle lookahead() const override { return 2; }
  Cycle earliest_emission() const override { return now_; }
  std::vector<BlockedProcess> blocked() const override { return {}; }
  std::string stop_reason() const override { return ""; }
  bool failed() const override { return false; }
  std::uint64_t instructions() const override { return now_ / 2; }
  Cycle idle_cycles() const override { return 0; }

 private:
  int host_micros_;
  Cycle now_ = 0;
};

// What a piece of code writes on stderr (the progress lines go there).
template <class F>
std::string capture_stderr(F f) {
  std::fflush(stderr);
  std::FILE* tmp = std::tmpfile();
  int saved = dup(2);
  dup2(fileno(tmp), 2);
  f();
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  std::string s;
  std::rewind(tmp);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, tmp)) > 0;) s.append(buf, n);
  std::fclose(tmp);
  return s;
}

}  // namespace

TEST_CASE("a node left with a link event before its clock is woken at that event, and its neighbour moves on") {
  // Node 0 jumps to cycle 100 with an event due at 50 still to handle, so node 1 (waiting for
  // cycle 60) may not pass 52. Woken at 100, its clock, node 0 would leave node 1 re-woken at 60
  // for ever, SystemC's time never reaching 100; woken at 50 it handles the event and all goes on.
  std::vector<std::unique_ptr<NetworkNode>> nodes;
  nodes.push_back(std::make_unique<OverdueNode>(100, 50, 1000));
  nodes.push_back(std::make_unique<TimerNode>(60));
  NetworkOptions opt;
  opt.root = 1;
  opt.watchdog_seconds = 2;  // a regression fails here instead of hanging
  NetworkResult r = run_network(pipeline(2), nodes, opt);
  CHECK(r.outcome == Outcome::Finished);
  CHECK(r.report.empty());
  CHECK(nodes[1]->now() == 60);
}

TEST_CASE("the watchdog stops a run whose nodes' clocks stand still, with each node's state") {
  std::vector<std::unique_ptr<NetworkNode>> nodes;
  nodes.push_back(std::make_unique<TimerNode>(500));
  nodes.push_back(std::make_unique<TimerNode>(100, /*stuck=*/true));
  nodes.push_back(std::make_unique<TimerNode>(500));
  NetworkOptions opt;
  opt.watchdog_seconds = 0.2;
  auto start = std::chrono::steady_clock::now();
  NetworkResult r = run_network(pipeline(3), nodes, opt);
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(r.outcome == Outcome::Livelock);
  CHECK(wall < 30);
  CHECK(r.report.find("livelock at cycle ") == 0);
  CHECK(r.report.find("no node's clock moved in ") != std::string::npos);
  CHECK(r.report.find("node 1: running at cycle 0, next event at 0") != std::string::npos);
  CHECK(r.report.find("  claims to run and never moves\n") != std::string::npos);
  CHECK(r.report.find("node 0: waiting at cycle ") != std::string::npos);
  CHECK(r.report.find("node 2: waiting at cycle ") != std::string::npos);
}

TEST_CASE("a cycle limit stops computing nodes at that cycle") {
  std::vector<std::unique_ptr<NetworkNode>> nodes;
  for (int i = 0; i < 3; ++i) nodes.push_back(std::make_unique<SlowNode>(0));
  NetworkOptions opt;
  opt.max_cycles = 1'000'003;
  NetworkResult r = run_network(pipeline(3), nodes, opt);
  CHECK(r.outcome == Outcome::CycleLimit);
  CHECK(r.end_cycle == 1'000'003);
  for (const auto& n : nodes) CHECK(n->now() == 1'000'003);
}

TEST_CASE("--progress: a line about once per host second, with simulated time, instructions and MIPS") {
  std::vector<std::unique_ptr<NetworkNode>> nodes;
  nodes.push_back(std::make_unique<SlowNode>(1000));  // 1 ms of host time per 65536 cycles
  NetworkOptions opt;
  opt.max_cycles = 1400 * 65536;  // about 1.4 s or more of host time
  opt.progress = true;
  NetworkResult r;
  std::string err = capture_stderr([&] { r = run_network(pipeline(1), nodes, opt); });
  CHECK(r.outcome == Outcome::CycleLimit);
  REQUIRE(err.find("[transit emu] ") == 0);
  CHECK(err.find(" s simulated, ") != std::string::npos);
  CHECK(err.find(" instructions, ") != std::string::npos);
  CHECK(err.find(" MIPS, ") != std::string::npos);
  CHECK(err.find(" s wall\n") != std::string::npos);
  // No line overwritten (stderr is not a terminal): one line per second.
  CHECK(err.find('\r') == std::string::npos);
  CHECK(std::count(err.begin(), err.end(), '\n') <= int(r.wall_seconds) + 1);
}
