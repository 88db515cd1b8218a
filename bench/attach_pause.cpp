// attach_pause: how long an attach snapshot stops a program of many processes. N processes (default
// 1,000,000) each wait on a channel of their own; a ticker process yields in a loop, timing the gaps
// between its turns; the driver asks this very program for its snapshot (transit attach's request)
// from a helper thread. The pause is the ticker's largest gap while the request was open (the
// scheduler takes the snapshot between two of its turns); the answer's time also counts the
// listener's sending the text, which the program does not wait for.
//   attach_pause [--processes N]
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <variant>

#include "transit/attach.h"
#include "transit/transit.h"

namespace {

using Clock = std::chrono::steady_clock;

transit::Proc waiter(transit::Channel<int>& c) { (void)co_await c.recv(); }
transit::Proc waiters(transit::Channel<int>* channels, long n) {
  co_await transit::par_for(0L, n, [&](long i) { return waiter(channels[i]); });
}

transit::Proc ticker(const std::atomic<int>& phase, double& largest_gap_ms) {
  Clock::time_point last = Clock::now();
  while (phase.load() < 2) {
    co_await transit::yield();
    const Clock::time_point now = Clock::now();
    if (phase.load() == 1) largest_gap_ms = std::max(largest_gap_ms, std::chrono::duration<double, std::milli>(now - last).count());
    last = now;
  }
}

transit::Proc driver(std::unique_ptr<transit::Channel<int>[]>& channels, long n, std::atomic<int>& phase,
                     double& answer_ms, std::size_t& bytes) {
  co_await transit::yield();  // every waiter has blocked
  phase.store(1);
  const Clock::time_point asked = Clock::now();
  auto answer = co_await transit::blocking([] { return transit::attach_snapshot(::getpid(), 60000); });
  answer_ms = std::chrono::duration<double, std::milli>(Clock::now() - asked).count();
  phase.store(2);
  if (auto* error = std::get_if<transit::AttachError>(&answer)) {
    std::fprintf(stderr, "attach_pause: %s\n", error->message.c_str());
    std::exit(1);
  }
  bytes = std::get<std::string>(answer).size();
  for (long i = 0; i < n; ++i) co_await channels[i].send(0);
}

}  // namespace

int main(int argc, char** argv) {
  long n = 1000000;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--processes") == 0 && i + 1 < argc) {
      n = std::atol(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: attach_pause [--processes N]\n");
      return 2;
    }
  }
  if (n < 1) return 2;
  auto channels = std::make_unique<transit::Channel<int>[]>(std::size_t(n));
  std::atomic<int> phase{0};
  double gap_ms = 0, answer_ms = 0;
  std::size_t bytes = 0;
  auto program = [&]() -> transit::Proc {
    co_await transit::par(waiters(channels.get(), n), ticker(phase, gap_ms),
                          driver(channels, n, phase, answer_ms, bytes));
  };
  const int status = transit::run(program(), {.attach = true});
  std::printf("attach snapshot at %ld processes: pause %.1f ms (the longest a running process waited), answer %.1f ms, %.1f MB of text\n",
              n, gap_ms, answer_ms, double(bytes) / 1e6);
  return status;
}
