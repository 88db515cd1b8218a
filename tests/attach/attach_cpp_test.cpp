// Attach from C++: a program that opts in (RunOptions::attach) answers attach_snapshot(pid) with
// its processes while one waits on a channel and another on an outside event, on either scheduler;
// one that does not opt in has no socket.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <variant>

#include "transit/attach.h"
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
