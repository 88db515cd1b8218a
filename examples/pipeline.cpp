// pipeline: a fast producer held to a slow consumer's pace. The producer could make a value
// every microsecond, the consumer takes one every 100 ms; since a send waits for the receiver
// (a rendezvous, no buffer), the producer's clock shows it waiting, value after value: that is
// backpressure, with nothing to configure. A middle stage doubles each value on its way.
//
//   producer --raw--> doubler --doubled--> consumer
#include <cstdio>

#include "transit/transit.h"

using transit::Channel;
using transit::Proc;
using transit::Time;

namespace {

constexpr int count = 5;
constexpr Time millisecond = 1'000'000;

Proc producer(Channel<int>& out) {
  transit::Timer tim;
  for (int i = 1; i <= count; ++i) {
    Time before = tim.now();
    co_await out.send(i);  // returns only once the doubler has taken i
    std::printf("producer: sent %d after waiting %3lld ms\n", i, static_cast<long long>((tim.now() - before) / millisecond));
  }
}

Proc doubler(Channel<int>& in, Channel<int>& out) {
  for (int i = 0; i < count; ++i) co_await out.send(2 * co_await in.recv());
}

Proc consumer(Channel<int>& in) {
  transit::Timer tim;
  for (int i = 0; i < count; ++i) {
    int x = co_await in.recv();
    std::printf("consumer: got %d, now working on it for 100 ms\n", x);
    co_await tim.after(tim.now() + 100 * millisecond);  // the slow part
  }
}

Proc program() {
  Channel<int> raw{"raw"}, doubled{"doubled"};
  co_await transit::par(producer(raw).named("producer"), doubler(raw, doubled).named("doubler"),
                        consumer(doubled).named("consumer"));
}

}  // namespace

int main(int argc, char**) {
  // Real time by default, so the waiting is visible; any argument runs it in virtual time
  // (instantly, with the same printed waits).
  return transit::run(program(), {.real_time = argc < 2});
}
