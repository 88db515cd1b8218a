// Attach from C++: a program that opts in (RunOptions::attach) answers attach_snapshot(pid) with
// its processes while one waits on a channel and another on an outside event, on either scheduler;
// one that does not opt in has no socket.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <thread>
#include <filesystem>
#include <string>
#include <variant>

#include "transit/attach.h"
#include "transit/attach_trace.h"
#include "transit/transit.h"

using transit::Channel;
using transit::Proc;
using transit::Site;

namespace {

// XDG_RUNTIME_DIR in a fresh private directory for the test's lifetime.
struct PrivateRuntimeDir {
  std::filesystem::path path = std::filesystem::temp_directory_path() / ("transit-attach-test-" + std::to_string(::getpid()));
  PrivateRuntimeDir() {
    std::filesystem::create_directories(path);
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    ::setenv("XDG_RUNTIME_DIR", path.c_str(), 1);
  }
  ~PrivateRuntimeDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

Proc waiter(Channel<int>& c) { (void)co_await c.recv(Site{"w.occ", 4, 2, nullptr}); }

// Asks this very program for its snapshot from a helper thread (an outside event), then lets the
// waiter go.
Proc inspector(Channel<int>& c, std::variant<std::string, transit::AttachError>& answer) {
  answer = co_await transit::blocking([] { return transit::attach_snapshot(::getpid()); });
  co_await c.send(1);
}

std::variant<std::string, transit::AttachError> attach_to_self(transit::RunOptions options) {
  std::variant<std::string, transit::AttachError> answer;
  auto program = [](std::variant<std::string, transit::AttachError>& answer) -> Proc {
    Channel<int> c{"c"};
    co_await transit::par(waiter(c).named("waiter", Site{"w.occ", 1, 1, nullptr}), inspector(c, answer).named("inspector"));
  };
  REQUIRE(transit::run(program(answer), options) == transit::exit_ok);
  return answer;
}

}  // namespace

TEST_CASE("a program that opts in answers with its processes, on either scheduler") {
  PrivateRuntimeDir dir;
  for (unsigned threads : {1u, 3u}) {
    CAPTURE(threads);
    auto answer = attach_to_self({.threads = threads, .attach = true});
    REQUIRE(std::holds_alternative<std::string>(answer));
    const std::string& text = std::get<std::string>(answer);
    CHECK(text.find("transit: attach: pid " + std::to_string(::getpid())) == 0);
    CHECK(text.find("3 live processes:") != std::string::npos);
    CHECK(text.find("waiter [input] input on channel 'c' at w.occ:4:2") != std::string::npos);
    CHECK(text.find("inspector [external] an outside event") != std::string::npos);
    CHECK(text.find("no wait-for cycle\n") != std::string::npos);
    CHECK(!std::filesystem::exists(transit::attach_socket_path(::getpid())));  // removed at the end
  }
}

TEST_CASE("a program that does not opt in has no socket") {
  PrivateRuntimeDir dir;
  auto answer = attach_to_self({});
  REQUIRE(std::holds_alternative<transit::AttachError>(answer));
  CHECK(std::get<transit::AttachError>(answer).message.find("does not listen for an inspector") != std::string::npos);
}

TEST_CASE("trace values in occam notation") {
  auto shown = [](auto v) {
    std::string out;
    transit::TraceShow<decltype(v)>::show(out, v);
    return out;
  };
  CHECK(shown(std::int64_t{-42}) == "-42");
  CHECK(shown(std::uint8_t{'a'}) == "'a'");
  CHECK(shown(std::uint8_t{'\n'}) == "'*n'");
  CHECK(shown(std::uint8_t{'*'}) == "'**'");
  CHECK(shown(std::uint8_t{'\''}) == "'*''");
  CHECK(shown(std::uint8_t{7}) == "'*#07'");
  CHECK(shown(std::uint8_t{200}) == "'*#C8'");
  CHECK(shown(true) == "TRUE");
  CHECK(shown(3.5f) == "3.5");
  CHECK(shown(2.0) == "2.0");
  CHECK(shown(1e20) == "1.0E+20");
  CHECK(shown(2.5e-7f) == "2.5E-07");
  CHECK(shown(std::array<std::int32_t, 3>{1, 2, 3}) == "[1, 2, 3]");
  struct Opaque {
    char bytes[24];
  };
  CHECK(shown(Opaque{}) == "<24 bytes>");
}

namespace {

// Sends 1..n on a shared channel (a reader ALT takes every other one) while this program traces
// itself from a helper thread: the trace has every value, in order, and the program ends normally.
Proc traced_sender(transit::AnyToOne<std::int16_t>& c, Channel<int>& ready, int n) {
  (void)co_await ready.recv();
  for (int i = 1; i <= n; ++i) co_await c.send(std::int16_t(i));
}
Proc traced_reader(transit::AnyToOne<std::int16_t>& c, int n) {
  for (int i = 1; i <= n; ++i) {
    std::int16_t x = 0;
    if (i % 2) {
      transit::Alt alt;
      alt.input(c, x);
      (void)co_await alt.select();
    } else {
      x = co_await c.recv();
    }
  }
}
Proc tracer(Channel<int>& ready, std::string& text, int n) {
  std::atomic<int> lines{0};  // the headline, then one line per communication
  std::thread t([&] {
    (void)transit::attach_trace(
        ::getpid(), "numbers",
        [&](std::string_view s) {
          text += s;
          lines.store(int(std::count(text.begin(), text.end(), '\n')));
        },
        [&] { return lines.load() > n; });
  });
  while (lines.load() == 0) co_await transit::blocking([] { ::usleep(1000); });  // tracing: let the sender go
  co_await ready.send(1);
  co_await transit::blocking([&t] { t.join(); });
}

}  // namespace

TEST_CASE("a program traces its own shared channel, read by ALT and by input") {
  PrivateRuntimeDir dir;
  constexpr int n = 20;
  for (unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    std::string text;
    auto program = [](std::string& text) -> Proc {
      transit::AnyToOne<std::int16_t> c{"numbers"};
      Channel<int> ready{"ready"};
      co_await transit::par(traced_sender(c, ready, n), traced_reader(c, n), tracer(ready, text, n));
    };
    REQUIRE(transit::run(program(text), {.threads = threads, .attach = true}) == transit::exit_ok);
    std::size_t at = text.find('\n');
    REQUIRE(at != std::string::npos);
    for (int i = 1; i <= n; ++i) {
      CAPTURE(i);
      const std::size_t line = text.find(": numbers ! " + std::to_string(i) + "  (", at);
      REQUIRE(line != std::string::npos);
      at = line;
    }
  }
}

namespace {

// Counts this very program's channels while it sends 1..n on "numbers": the totals grow to n, and
// once the counter is closed the program runs on untraced.
Proc counted_sender(Channel<int>& c, Channel<int>& ready, int n) {
  (void)co_await ready.recv();
  for (int i = 1; i <= n; ++i) co_await c.send(i);
}
Proc counted_reader(Channel<int>& c, int n) {
  for (int i = 1; i <= n; ++i) (void)co_await c.recv();
}
Proc counter(Channel<int>& ready, std::uint64_t& counted, int n) {
  auto opened = co_await transit::blocking([] { return transit::ChannelCounter::open(::getpid()); });
  REQUIRE(std::holds_alternative<transit::ChannelCounter>(opened));
  auto& c = std::get<transit::ChannelCounter>(opened);
  auto first = co_await transit::blocking([&c] { return c.totals(); });  // counting from here
  REQUIRE(std::holds_alternative<transit::ChannelCounter::Totals>(first));
  co_await ready.send(1);
  while (counted < std::uint64_t(n)) {
    auto totals = co_await transit::blocking([&c] { return c.totals(); });
    REQUIRE(std::holds_alternative<transit::ChannelCounter::Totals>(totals));
    for (auto& [name, count] : std::get<transit::ChannelCounter::Totals>(totals))
      if (name == "numbers") counted = count;
  }
}

}  // namespace

TEST_CASE("a channel counter counts a program's communications by channel") {
  PrivateRuntimeDir dir;
  constexpr int n = 50;
  std::uint64_t counted = 0;
  auto program = [](std::uint64_t& counted) -> Proc {
    Channel<int> c{"numbers"}, ready{"ready"};
    co_await transit::par(counted_sender(c, ready, n), counted_reader(c, n), counter(ready, counted, n));
  };
  REQUIRE(transit::run(program(counted), {.threads = 2, .attach = true}) == transit::exit_ok);
  CHECK(counted == n);
  CHECK(!transit::detail::tracing.load());
}
