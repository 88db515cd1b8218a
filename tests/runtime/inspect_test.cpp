// Inspection: snapshot()/inspect() from inside a running program, and SIGQUIT.
#include <doctest/doctest.h>

#include <csignal>
#include <iostream>
#include <sstream>

#include "transit/transit.h"

using transit::Channel;
using transit::Proc;
using transit::Site;

namespace {

Proc waiter(Channel<int>& c) { (void)co_await c.recv(Site{"w.occ", 4, 2, nullptr}); }

Proc observer(Channel<int>& c, std::string& text, std::vector<transit::ProcessInfo>& seen) {
  co_await transit::after(transit::now() + 10);  // let the waiter block first
  seen = transit::snapshot();
  std::ostringstream out;
  transit::inspect(out);
  text = out.str();
  co_await c.send(1);
}

}  // namespace

TEST_CASE("snapshot and inspect list every live process with its state") {
  auto program = [](std::string& text, std::vector<transit::ProcessInfo>& seen) -> Proc {
    Channel<int> c{"c"};
    co_await transit::par(waiter(c).named("waiter", Site{"w.occ", 1, 1, nullptr}), observer(c, text, seen).named("observer"));
  };
  std::string text;
  std::vector<transit::ProcessInfo> seen;
  REQUIRE(transit::run(program(text, seen)) == transit::exit_ok);
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].state == "par");
  CHECK(seen[1].name == "waiter");
  CHECK(seen[1].state == "input");
  CHECK(seen[1].waits_on == "input on channel 'c'");
  CHECK(seen[1].site.line == 4);
  CHECK(seen[1].spawned.line == 1);
  CHECK(seen[2].name == "observer");
  CHECK(seen[2].state == "running");
  const std::string line = "  #" + std::to_string(seen[1].id) +
                           " waiter [input] input on channel 'c' at w.occ:4:2 (spawned at w.occ:1:1)\n";
  CHECK(text.find(line) != std::string::npos);
}

TEST_CASE("SIGQUIT prints the live processes and the program carries on") {
  auto program = []() -> Proc {
    Channel<int> c{"quit-test"};
    auto spin = [](Channel<int>& out) -> Proc {
      std::raise(SIGQUIT);
      for (int i = 0; i < 2000; ++i) co_await out.send(i);  // enough resumes to reach a poll
    };
    auto sink = [](Channel<int>& in) -> Proc {
      for (int i = 0; i < 2000; ++i) (void)co_await in.recv();
    };
    co_await transit::par(spin(c).named("spinner"), sink(c).named("sink"));
  };
  std::ostringstream captured;
  std::streambuf* old = std::cerr.rdbuf(captured.rdbuf());
  int status = transit::run(program());
  std::cerr.rdbuf(old);
  CHECK(status == transit::exit_ok);
  const std::string text = captured.str();
  CHECK(text.find("transit: live processes:\n") == 0);
  CHECK(text.find(" spinner [") != std::string::npos);
  CHECK(text.find(" sink [") != std::string::npos);
}
