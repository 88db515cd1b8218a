// ALT: priority, fairness, preconditions, SKIP, timeouts, STOP, atomic choice, replicated ALT.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <vector>

#include "schedules.h"
#include "transit/transit.h"

using transit::Alt;
using transit::Channel;
using transit::Proc;

namespace {

Proc send_n(Channel<int>& c, int value, int n) {
  for (int i = 0; i < n; ++i) co_await c.send(value);
}

// Both writers are blocked before the ALT starts (the ALT process first waits on `go`).
Proc pri_chooser(Channel<int>& a, Channel<int>& b, Channel<int>& go, std::vector<int>& got) {
  (void)co_await go.recv();
  for (int i = 0; i < 2; ++i) {
    int x = 0, y = 0;
    Alt alt;
    alt.input(a, x).input(b, y);
    std::size_t k = co_await alt.pri_select();
    got.push_back(k == 0 ? x : y);
  }
}

Proc go_after_writers(Channel<int>& go) {
  // By the time the last of three ready processes runs under FIFO, the writers have blocked.
  co_await go.send(0);
}

}  // namespace

TEST_CASE("PRI ALT takes the first ready guard in order") {
  auto program = [](std::vector<int>& got) -> Proc {
    Channel<int> a{"a"}, b{"b"}, go{"go"};
    co_await transit::par(send_n(b, 2, 1), send_n(a, 1, 1), go_after_writers(go), pri_chooser(a, b, go, got));
  };
  std::vector<int> got;
  REQUIRE(transit::run(program(got)) == transit::exit_ok);  // FIFO: writers block first
  CHECK(got == std::vector<int>{1, 2});
}

TEST_CASE("a fair ALT serves every always-ready guard") {
  // Three writers offer values until told to stop; the server takes 3000 with a fair ALT.
  auto program = [](std::vector<int>& counts) -> Proc {
    Channel<int> c0{"c0"}, c1{"c1"}, c2{"c2"};
    auto writer_until = [](Channel<int>& out, Channel<bool>& stop) -> Proc {
      for (;;) {
        co_await out.send(1);
        if (co_await stop.recv()) co_return;
      }
    };
    Channel<bool> s0{"s0"}, s1{"s1"}, s2{"s2"};
    auto server = [](Channel<int>& a, Channel<int>& b, Channel<int>& c, Channel<bool>& sa, Channel<bool>& sb,
                     Channel<bool>& sc, std::vector<int>& n) -> Proc {
      Channel<int>* in[3] = {&a, &b, &c};
      Channel<bool>* st[3] = {&sa, &sb, &sc};
      bool ended[3] = {false, false, false};
      int served = 0, left = 3;
      while (left > 0) {
        int x = 0;
        Alt alt;
        for (int k = 0; k < 3; ++k) alt.input(*in[k], x, !ended[k]);
        std::size_t i = co_await alt.select();
        ++n[i];
        ++served;
        bool stop = served > 3000;
        co_await st[i]->send(stop);
        if (stop) {
          ended[i] = true;
          --left;
        }
      }
    };
    co_await transit::par(writer_until(c0, s0), writer_until(c1, s1), writer_until(c2, s2),
                          server(c0, c1, c2, s0, s1, s2, counts));
  };
  for (const Schedule& s : deterministic_schedules(3)) {
    CAPTURE(s.name);
    std::vector<int> counts(3, 0);
    REQUIRE(transit::run(program(counts), s.options) == transit::exit_ok);
    for (int c : counts) CHECK(c > 800);  // a fair share of ~1000 each
  }
}

TEST_CASE("preconditions, SKIP and an ALT whose guards are all false") {
  auto program = [](std::vector<std::size_t>& got) -> Proc {
    Channel<int> a{"a"};
    int x = 0;
    Alt alt;
    alt.input(a, x, false).skip(false).skip(true);
    got.push_back(co_await alt.pri_select());
    Alt none;
    none.input(a, x, false).skip(false);
    got.push_back(co_await none.pri_select());  // behaves as STOP
  };
  std::vector<std::size_t> got;
  std::ostringstream report;
  transit::RunResult r = transit::run_detailed(program(got), {.report = &report});
  CHECK(got == std::vector<std::size_t>{2});
  CHECK(r.status == transit::exit_deadlock);
  REQUIRE(r.blocked.size() == 1);
  CHECK(r.blocked[0].state == "stopped");
  CHECK(r.blocked[0].waits_on == "ALT with every precondition false (STOP)");
}

TEST_CASE("a timeout guard fires in virtual time when no input comes") {
  auto program = [](std::size_t& chosen, transit::Time& at) -> Proc {
    Channel<int> a{"a"};
    int x = 0;
    Alt alt;
    transit::Time t0 = transit::now();
    alt.input(a, x).after(t0 + 5'000'000'000);  // five (virtual) seconds
    chosen = co_await alt.pri_select();
    at = transit::now();
  };
  std::size_t chosen = 99;
  transit::Time at = 0;
  REQUIRE(transit::run(program(chosen, at)) == transit::exit_ok);
  CHECK(chosen == 1);
  CHECK(at == 5'000'000'001);
}

TEST_CASE("the chosen input completes atomically: no value is lost or taken twice") {
  // Two writers each send 200 numbered values; a reader ALTs over both with a timeout and SKIP
  // mixed in. Every value must arrive exactly once and in order per channel.
  auto program = [](std::vector<int>& from_a, std::vector<int>& from_b) -> Proc {
    Channel<int> a{"a"}, b{"b"};
    auto reader = [](Channel<int>& ca, Channel<int>& cb, std::vector<int>& va, std::vector<int>& vb) -> Proc {
      int x = 0, y = 0;
      while (va.size() + vb.size() < 400) {
        Alt alt;
        alt.input(ca, x).input(cb, y).after(transit::now() + 10).skip(va.size() % 7 == 3);
        switch (co_await alt.select()) {
          case 0: va.push_back(x); break;
          case 1: vb.push_back(y); break;
          default: break;
        }
      }
    };
    auto numbered = [](Channel<int>& out) -> Proc {
      for (int i = 0; i < 200; ++i) co_await out.send(i);
    };
    co_await transit::par(numbered(a), numbered(b), reader(a, b, from_a, from_b));
  };
  for (const Schedule& s : deterministic_schedules(30)) {
    CAPTURE(s.name);
    std::vector<int> va, vb;
    REQUIRE(transit::run(program(va, vb), s.options) == transit::exit_ok);
    REQUIRE(va.size() == 200);
    REQUIRE(vb.size() == 200);
    for (int i = 0; i < 200; ++i) {
      CHECK(va[static_cast<std::size_t>(i)] == i);
      CHECK(vb[static_cast<std::size_t>(i)] == i);
    }
  }
}

TEST_CASE("a replicated ALT over a run-time number of channels") {
  auto program = [](std::vector<int>& got) -> Proc {
    constexpr int n = 9;  // more guards than the inline storage
    std::vector<Channel<int>> chans(n);
    auto mux = [](std::vector<Channel<int>>& cs, std::vector<int>& out) -> Proc {
      for (int k = 0; k < n; ++k) {
        Alt alt;
        int x = -1;
        for (auto& c : cs) alt.input(c, x);
        (void)co_await alt.pri_select();
        out.push_back(x);
      }
    };
    auto senders = [](std::vector<Channel<int>>& cs) -> Proc {
      co_await transit::par_for(0, n, [&](int i) { return send_n(cs[static_cast<std::size_t>(i)], i, 1); });
    };
    co_await transit::par(senders(chans), mux(chans, got));
  };
  for (const Schedule& s : deterministic_schedules(10)) {
    std::vector<int> got;
    REQUIRE(transit::run(program(got), s.options) == transit::exit_ok);
    std::sort(got.begin(), got.end());
    CHECK(got == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8});
  }
}

#ifdef TRANSIT_DEBUG
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <string>

namespace {

Proc select_on(Alt& alt) { (void)co_await alt.select(); }
Proc select_twice(Alt& alt) { co_await transit::par(select_on(alt), select_on(alt)); }

// Two processes selecting on one Alt at once: the second finds it 'waiting', not 'idle'.
void run_shared_alt() {
  Channel<int> c{"c"};
  int x = 0;
  Alt alt;
  alt.input(c, x);
  transit::run(select_twice(alt));
}

}  // namespace

TEST_CASE("debug builds: a broken ALT state machine aborts naming the states") {
  int out[2];
  REQUIRE(pipe(out) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(out[1], 2);
    run_shared_alt();
    _exit(0);
  }
  close(out[1]);
  std::string err;
  char buf[512];
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;) err.append(buf, std::size_t(n));
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGABRT);
  CHECK(err.find("transit: internal invariant broken at ") != std::string::npos);
  CHECK(err.find("ALT starts (is one Alt in two selects at once?) while 'waiting', not 'idle'") != std::string::npos);
}
#endif
