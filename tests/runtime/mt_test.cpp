// The work-stealing scheduler: the same programs and semantics as the deterministic one, with
// several worker threads (suite 'runtime-mt', also run under ThreadSanitizer).
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "programs.h"
#include "schedules.h"

using transit::Channel;
using transit::Proc;

TEST_CASE("mt: programs give the same answer with several workers") {
  for (const Schedule& s : threaded_schedules(6)) {
    CAPTURE(s.name);
    std::int64_t sum = 0;
    REQUIRE(transit::run(programs::pipeline(5, 200, sum), s.options) == transit::exit_ok);
    CHECK(sum == programs::pipeline_answer(5, 200));
    sum = 0;
    REQUIRE(transit::run(programs::farm(4, 300, sum), s.options) == transit::exit_ok);
    CHECK(sum == programs::farm_answer(300));
    sum = 0;
    transit::RunOptions real = s.options;
    real.real_time = true;
    REQUIRE(transit::run(programs::mux(5, 50, sum), real) == transit::exit_ok);
    CHECK(sum == programs::mux_answer(5, 50));
    sum = 0;
    REQUIRE(transit::run(programs::mux(3, 50, sum), s.options) == transit::exit_ok);
    CHECK(sum == programs::mux_answer(3, 50));
    sum = 0;
    REQUIRE(transit::run(programs::commstime(300, sum), s.options) == transit::exit_ok);
    CHECK(sum == programs::commstime_answer(300));
  }
}

TEST_CASE("mt: values arrive once each and in order") {
  auto program = [](int n, std::vector<int>& got) -> Proc {
    Channel<int> c{"c"};
    auto w = [](Channel<int>& out, int count) -> Proc {
      for (int i = 0; i < count; ++i) co_await out.send(i);
    };
    auto r = [](Channel<int>& in, int count, std::vector<int>& g) -> Proc {
      for (int i = 0; i < count; ++i) g.push_back(co_await in.recv());
    };
    co_await transit::par(w(c, n), r(c, n, got));
  };
  for (const Schedule& s : threaded_schedules(4)) {
    std::vector<int> got;
    REQUIRE(transit::run(program(2000, got), s.options) == transit::exit_ok);
    REQUIRE(got.size() == 2000);
    for (int i = 0; i < 2000; ++i) CHECK(got[static_cast<std::size_t>(i)] == i);
  }
}

TEST_CASE("mt: deadlock is detected and reported") {
  auto program = []() -> Proc {
    Channel<int> c{"c"}, d{"d"};
    auto l = [](Channel<int>& x, Channel<int>& y) -> Proc {
      co_await x.send(1);
      (void)co_await y.recv();
      co_await x.send(2);
    };
    auto r = [](Channel<int>& x, Channel<int>& y) -> Proc {
      (void)co_await x.recv();
      co_await y.send(1);
      co_await y.send(2);
    };
    co_await transit::par(l(c, d).named("l"), r(c, d).named("r"));
  };
  for (const Schedule& s : threaded_schedules(3)) {
    std::ostringstream report;
    transit::RunOptions o = s.options;
    o.report = &report;
    transit::RunResult res = transit::run_detailed(program(), o);
    REQUIRE(res.status == transit::exit_deadlock);
    CHECK(res.blocked.size() == 3);
    CHECK(res.cycles.size() == 1);
  }
}

TEST_CASE("mt: virtual time, outside events and inspection") {
  auto program = [](std::vector<int>& order, std::size_t& live, int& outside) -> Proc {
    auto sleeper = [](transit::Time d, std::vector<int>& o, transit::AnyToOne<int>& log) -> Proc {
      co_await transit::after(transit::now() + d);
      co_await log.send(static_cast<int>(d));
      (void)o;
    };
    auto logger = [](transit::AnyToOne<int>& log, std::vector<int>& o, int n) -> Proc {
      for (int i = 0; i < n; ++i) o.push_back(co_await log.recv());
    };
    auto look = [](std::size_t& n) -> Proc {
      n = transit::snapshot().size();
      co_return;
    };
    auto ext = [](int& out) -> Proc { out = co_await transit::blocking([] { return 7; }); };
    transit::AnyToOne<int> log{"log"};
    co_await transit::par(sleeper(3000, order, log), sleeper(1000, order, log), sleeper(2000, order, log),
                          logger(log, order, 3), look(live), ext(outside));
  };
  for (const Schedule& s : threaded_schedules(3)) {
    std::vector<int> order;
    std::size_t live = 0;
    int outside = 0;
    REQUIRE(transit::run(program(order, live, outside), s.options) == transit::exit_ok);
    CHECK(order == std::vector<int>{1000, 2000, 3000});
    CHECK(live >= 2);
    CHECK(outside == 7);
  }
}

TEST_CASE("mt: a RuntimeError stops every worker") {
  auto program = []() -> Proc {
    auto spin = [](Channel<int>& c) -> Proc {
      for (;;) co_await c.send(1);
    };
    auto drain = [](Channel<int>& c) -> Proc {
      for (int i = 0;; ++i) {
        (void)co_await c.recv();
        if (i == 1000) throw transit::RuntimeError("enough");
      }
    };
    Channel<int> c{"c"};
    co_await transit::par(spin(c), drain(c));
  };
  std::ostringstream report;
  CHECK(transit::run(program(), {.threads = 2, .report = &report}) == transit::exit_runtime_error);
  CHECK(report.str().find(": enough\n") != std::string::npos);
}

// Which worker threads ran a process, and the spread of a program over them.
namespace {
struct Threads {
  std::mutex mutex;
  std::set<std::thread::id> seen;
  void note() {
    std::lock_guard lock(mutex);
    seen.insert(std::this_thread::get_id());
  }
};
}  // namespace

TEST_CASE("mt: a ping-pong pair stays on one worker, compute-bound branches spread") {
  auto pinger = [](Channel<int>& out, Channel<int>& in, int n, Threads& t) -> Proc {
    for (int i = 0; i < n; ++i) {
      co_await out.send(i);
      (void)co_await in.recv();
      if (i >= 10) t.note();  // once the pair has met: the partner is made ready on the waker's worker
    }
  };
  auto ponger = [](Channel<int>& in, Channel<int>& out, int n, Threads& t) -> Proc {
    for (int i = 0; i < n; ++i) {
      co_await out.send(co_await in.recv());
      if (i >= 10) t.note();
    }
  };
  auto pair = [&](Threads& t) -> Proc {
    Channel<int> a{"a"}, b{"b"};
    co_await transit::par(pinger(a, b, 20000, t), ponger(a, b, 20000, t));
  };
  for (unsigned threads : {2u, 4u}) {
    Threads t;
    REQUIRE(transit::run(pair(t), {.threads = threads}) == transit::exit_ok);
    CHECK(t.seen.size() == 1);
  }

  // Eight branches of about 2 ms of work each: an idle worker asks and gets some of them.
  auto burn = [](Threads& t) -> Proc {
    std::uint64_t x = 1;
    for (int round = 0; round < 8; ++round) {
      t.note();
      for (int i = 0; i < 400000; ++i) x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      co_await transit::yield();
    }
    volatile std::uint64_t sink = x;
    (void)sink;
  };
  Threads t;
  auto farm = [&]() -> Proc {
    co_await transit::par_for(0, 8, [&](int) { return burn(t); });
  };
  REQUIRE(transit::run(farm(), {.threads = 2}) == transit::exit_ok);
  CHECK(t.seen.size() == 2);
}

TEST_CASE("mt: PRI PAR: a high-priority process made ready runs before its waker goes on") {
  for (const Schedule& s : threaded_schedules(3)) {
    for (bool replicated : {false, true}) {
      CAPTURE(s.name);
      programs::EventLog log;
      REQUIRE(transit::run(programs::priorities(log, replicated), s.options) == transit::exit_ok);
      const std::vector<std::string>& e = log.events;
      for (int i = 0; i < 3; ++i) {
        auto got = std::find(e.begin(), e.end(), "high got " + std::to_string(i));
        auto sent = std::find(e.begin(), e.end(), "waker sent " + std::to_string(i));
        CHECK(got < sent);
      }
    }
  }
}

TEST_CASE("mt: the seed drives the random choices of the multi-core scheduler") {
  // One process, so it stays on one worker: its fair ALT's choices come from that worker's generator.
  auto choices = [](std::vector<std::size_t>& got) -> Proc {
    for (int i = 0; i < 64; ++i) {
      transit::Alt alt;
      alt.skip().skip().skip().skip();
      got.push_back(co_await alt.select());
    }
  };
  auto run_with = [&](std::uint64_t seed) {
    std::vector<std::size_t> got;
    REQUIRE(transit::run(choices(got), {.threads = 2, .seed = seed}) == transit::exit_ok);
    return got;
  };
  CHECK(run_with(7) == run_with(7));
  CHECK(run_with(7) != run_with(8));
}

TEST_CASE("mt: a run recorded on several workers replays on one thread with the same rendezvous") {
  // Four producers into a fair ALT: which producer the consumer hears next is the run's choice.
  auto producer = [](Channel<int>& out, int tag) -> Proc {
    for (int i = 0; i < 40; ++i) co_await out.send(tag * 1000 + i);
  };
  auto consumer = [](std::vector<Channel<int>>& in, std::vector<int>& heard) -> Proc {
    for (int i = 0; i < 160; ++i) {
      transit::Alt alt;
      int x = 0;
      for (Channel<int>& c : in) alt.input(c, x);
      (void)co_await alt.select();
      heard.push_back(x);
    }
  };
  auto program = [&](std::vector<int>& heard) -> Proc {
    std::vector<Channel<int>> chans(4);
    co_await transit::par(producer(chans[0], 0), producer(chans[1], 1), producer(chans[2], 2), producer(chans[3], 3),
                          consumer(chans, heard));
  };
  const std::string file = "mt-test-choices-" + std::to_string(::getpid()) + ".txt";
  for (const Schedule& s : threaded_schedules(2)) {
    CAPTURE(s.name);
    std::vector<int> recorded, replayed;
    transit::RunOptions record = s.options;
    record.record = file;
    REQUIRE(transit::run(program(recorded), record) == transit::exit_ok);
    REQUIRE(transit::run(program(replayed), {.replay = file}) == transit::exit_ok);
    CHECK(replayed == recorded);
    // And a seeded deterministic schedule, whose choices differ from FIFO's.
    std::vector<int> seeded, again;
    REQUIRE(transit::run(program(seeded), {.seed = 11, .record = file}) == transit::exit_ok);
    REQUIRE(transit::run(program(again), {.replay = file}) == transit::exit_ok);
    CHECK(again == seeded);
  }
  std::remove(file.c_str());

  std::ostringstream report;
  std::vector<int> none;
  CHECK(transit::run(program(none), {.report = &report, .replay = "no/such/recording"}) == transit::exit_runtime_error);
  CHECK(report.str().find("transit: cannot replay no/such/recording: No such file or directory") != std::string::npos);
}

// Records `program` under `options` and replays the recording on one thread: both runs fill
// `recorded` and `replayed` (any comparable result), which the caller compares.
template <class Program, class Result>
void record_and_replay(Program program, const transit::RunOptions& options, Result& recorded, Result& replayed) {
  const std::string file = "mt-test-record-" + std::to_string(::getpid()) + ".txt";
  transit::RunOptions record = options;
  record.record = file;
  REQUIRE(transit::run(program(recorded), record) == transit::exit_ok);
  transit::RunOptions replay;
  replay.replay = file;
  replay.real_time = options.real_time;
  REQUIRE(transit::run(program(replayed), replay) == transit::exit_ok);
  std::remove(file.c_str());
}

TEST_CASE("mt: a replay pairs the writers and readers of shared channels as recorded") {
  // Many writers into an AnyToOne (plain receives and an ALT's input), one writer to many readers
  // through a OneToAny: who meets whom is the run's choice.
  auto producer = [](transit::AnyToOne<int>& out, int tag) -> Proc {
    for (int i = 0; i < 40; ++i) co_await out.send(tag * 1000 + i);
  };
  auto any_to_one = [&](std::vector<int>& heard) -> Proc {
    transit::AnyToOne<int> jobs{"jobs"};
    Channel<int> other{"other"};
    auto consumer = [](transit::AnyToOne<int>& in, Channel<int>& other, std::vector<int>& heard) -> Proc {
      for (int i = 0; i < 160; ++i) {
        int x = 0;
        if (i % 2 == 0) {
          x = co_await in.recv();
        } else {
          transit::Alt alt;
          int y = 0;
          alt.input(in, x).input(other, y);
          if (co_await alt.select() == 1) x = y;
        }
        heard.push_back(x);
      }
    };
    co_await transit::par(producer(jobs, 0), producer(jobs, 1), producer(jobs, 2), producer(jobs, 3),
                          consumer(jobs, other, heard));
  };
  auto one_to_any = [](std::vector<std::vector<int>>& got) -> Proc {
    got.assign(4, {});
    transit::OneToAny<int> tasks{"tasks"};
    auto worker = [](transit::OneToAny<int>& in, std::vector<int>& mine) -> Proc {
      for (int i = 0; i < 30; ++i) mine.push_back(co_await in.recv());
    };
    auto farmer = [](transit::OneToAny<int>& out) -> Proc {
      for (int i = 0; i < 120; ++i) co_await out.send(i);
    };
    co_await transit::par(farmer(tasks), worker(tasks, got[0]), worker(tasks, got[1]), worker(tasks, got[2]),
                          worker(tasks, got[3]));
  };
  std::vector<Schedule> schedules = threaded_schedules(2);
  schedules.push_back({"seed 5", {.seed = 5}});
  for (const Schedule& s : schedules) {
    CAPTURE(s.name);
    std::vector<int> heard, heard_again;
    record_and_replay(any_to_one, s.options, heard, heard_again);
    CHECK(heard_again == heard);
    std::vector<std::vector<int>> got, got_again;
    record_and_replay(one_to_any, s.options, got, got_again);
    CHECK(got_again == got);
  }
  // A seeded order differs from FIFO's, so the replay above followed the recording, not FIFO.
  std::vector<int> fifo, seeded;
  REQUIRE(transit::run(any_to_one(fifo)) == transit::exit_ok);
  REQUIRE(transit::run(any_to_one(seeded), {.seed = 5}) == transit::exit_ok);
  CHECK(fifo != seeded);

  // A recording without those meetings: the replay stops with an error at the first one.
  const std::string file = "mt-test-nomeet-" + std::to_string(::getpid()) + ".txt";
  {
    std::ofstream out(file);
    out << "transit choices 2\n";
  }
  std::ostringstream report;
  std::vector<int> none;
  CHECK(transit::run(any_to_one(none), {.report = &report, .replay = file}) == transit::exit_runtime_error);
  CHECK(report.str().find("replay: the recording has no more meetings of this process on shared channels") !=
        std::string::npos);
  std::remove(file.c_str());
}

TEST_CASE("mt: a replay reads the clock values recorded") {
  // Real time on several workers: every reading differs from run to run.
  auto program = [](std::vector<transit::Time>& readings) -> Proc {
    readings.assign(3 * 20, 0);
    auto reader = [](transit::Time* mine) -> Proc {
      transit::Timer clock;
      for (int i = 0; i < 20; ++i) {
        mine[i] = clock.now();
        co_await transit::after(mine[i] + 1000);  // 1 us later, by the clock read
      }
    };
    co_await transit::par(reader(&readings[0]), reader(&readings[20]), reader(&readings[40]));
  };
  for (unsigned threads : {1u, 2u, 3u}) {
    CAPTURE(threads);
    std::vector<transit::Time> recorded, replayed;
    record_and_replay(program, {.threads = threads, .real_time = true}, recorded, replayed);
    CHECK(replayed == recorded);
    CHECK(recorded[19] > recorded[0]);
  }
}
