// commstime: the classic occam benchmark of channel communication. A ring of four processes:
//
//   prefix --a--> delta --b--> succ --c--> prefix        (and delta --d--> consume)
//
// prefix injects 0 and forwards, delta copies each value to succ and to consume (one after the
// other, or in a PAR of two outputs with --variant par), succ adds one. consume times the loop.
// Four communications per value.
//
//   commstime --iterations 1000000 --variant seq|par --threads 1
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "transit/transit.h"

namespace {

using transit::Channel;
using transit::Proc;

Proc prefix(std::int64_t n, Channel<std::int64_t>& in, Channel<std::int64_t>& out) {
  co_await out.send(0);
  for (std::int64_t i = 1; i < n; ++i) co_await out.send(co_await in.recv());
  (void)co_await in.recv();  // the last value around the ring
}

Proc send_one(Channel<std::int64_t>& out, std::int64_t x) { co_await out.send(x); }

Proc delta(std::int64_t n, bool parallel, Channel<std::int64_t>& in, Channel<std::int64_t>& to_consume,
           Channel<std::int64_t>& to_succ) {
  for (std::int64_t i = 0; i < n; ++i) {
    std::int64_t x = co_await in.recv();
    if (parallel) {
      co_await transit::par(send_one(to_consume, x), send_one(to_succ, x));
    } else {
      co_await to_consume.send(x);
      co_await to_succ.send(x);
    }
  }
}

Proc succ(std::int64_t n, Channel<std::int64_t>& in, Channel<std::int64_t>& out) {
  for (std::int64_t i = 0; i < n; ++i) co_await out.send(co_await in.recv() + 1);
}

Proc consume(std::int64_t n, Channel<std::int64_t>& in, double& seconds, std::int64_t& last) {
  auto start = std::chrono::steady_clock::now();
  for (std::int64_t i = 0; i < n; ++i) last = co_await in.recv();
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Proc commstime(std::int64_t n, bool parallel, double& seconds, std::int64_t& last) {
  Channel<std::int64_t> a{"a"}, b{"b"}, c{"c"}, d{"d"};
  co_await transit::par(prefix(n, c, a).named("prefix"), delta(n, parallel, a, d, b).named("delta"),
                        succ(n, b, c).named("succ"), consume(n, d, seconds, last).named("consume"));
}

[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: commstime [--iterations N] [--variant seq|par] [--threads N]\n");
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t iterations = 1'000'000;
  std::string variant = "seq";
  unsigned threads = 1;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (i + 1 >= argc) usage();
    if (arg == "--iterations") iterations = std::strtoll(argv[++i], nullptr, 10);
    else if (arg == "--variant") variant = argv[++i];
    else if (arg == "--threads") threads = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    else usage();
  }
  if (iterations < 1 || (variant != "seq" && variant != "par")) usage();

  double seconds = 0;
  std::int64_t last = -1;
  int status = transit::run(commstime(iterations, variant == "par", seconds, last), {.threads = threads});
  if (status != transit::exit_ok) return status;
  if (last != iterations - 1) {
    std::fprintf(stderr, "commstime: wrong result %lld\n", static_cast<long long>(last));
    return 1;
  }
  const double communications = 4.0 * static_cast<double>(iterations);
  std::printf("commstime %s: %.2f ns/communication\n", variant.c_str(), seconds * 1e9 / communications);
  std::printf("iterations %lld, threads %u, %.3f s\n", static_cast<long long>(iterations), threads, seconds);
  return 0;
}
