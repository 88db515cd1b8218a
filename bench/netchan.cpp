// Network channels (transit/net.h) over loopback TCP, one end of a pair per process:
//   netchan --listen [--size BYTES] [--iterations N]        prints the port, then receives N values
//   netchan --connect PORT [--size BYTES] [--iterations N]  sends N values, prints the figures
// Each send completes only when the receiver has taken the value (DATA then ACK), as MPI_Ssend
// completes only when the matching receive has started: the sender prints microseconds per send
// (the one-way latency with the acknowledgement) and MB/s of payload.
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "transit/transit.h"
#include "transit/net.h"

namespace {

template <std::size_t N>
using Message = std::array<char, N>;

template <class T>
transit::Proc produce(transit::Channel<T>& c, transit::Channel<int>& stop, long n) {
  T value{};
  for (long i = 0; i < n; ++i) {
    value[0] = char(i);
    co_await c.send(value);
  }
  co_await stop.send(0);
}

template <class T>
transit::Proc consume(transit::Channel<T>& c, transit::Channel<int>& done, long n, long& sum) {
  for (long i = 0; i < n; ++i) sum += (co_await c.recv())[0];
  co_await done.recv();
}

transit::Proc both(transit::Proc a, transit::Proc b) { co_await transit::par(std::move(a), std::move(b)); }

template <class T>
int run(bool listen, std::uint16_t port, long n) {
  using namespace transit::net;
  const Hello hello{wire_version, listen ? Role::receiver : Role::sender, "bench", "[" + std::to_string(sizeof(T)) + "]BYTE"};
  std::string error;
  auto link = Link::open({"127.0.0.1", port, listen}, hello, {}, error);
  if (!link) {
    std::fprintf(stderr, "netchan: %s\n", error.c_str());
    return 1;
  }
  transit::Channel<T> c{"bench"};
  transit::Channel<int> control{"control"};
  if (listen) {
    long sum = 0;
    return transit::run(both(consume(c, control, n, sum), receive_over(*link, c, control)));
  }
  const auto t0 = std::chrono::steady_clock::now();
  int status = transit::run(both(produce(c, control, n), send_over(*link, c, control)));
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("transit net %zu bytes: %.2f us/send, %.1f MB/s (%ld sends)\n", sizeof(T), s * 1e6 / double(n),
              double(n) * double(sizeof(T)) / s / 1e6, n);
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  bool listen = false;
  long port = 0, size = 8, n = 20000;
  for (int i = 1; i < argc; ++i) {
    auto next = [&] { return i + 1 < argc ? std::strtol(argv[++i], nullptr, 10) : 0L; };
    if (!std::strcmp(argv[i], "--listen")) listen = true;
    else if (!std::strcmp(argv[i], "--connect")) port = next();
    else if (!std::strcmp(argv[i], "--size")) size = next();
    else if (!std::strcmp(argv[i], "--iterations")) n = next();
    else {
      std::fprintf(stderr, "usage: netchan (--listen | --connect PORT) [--size 8|1024] [--iterations N]\n");
      return 2;
    }
  }
  if (size == 8) return run<Message<8>>(listen, std::uint16_t(port), n);
  if (size == 1024) return run<Message<1024>>(listen, std::uint16_t(port), n);
  std::fprintf(stderr, "netchan: --size is 8 or 1024\n");
  return 2;
}
