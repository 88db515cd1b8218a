// deadlock: a program that deadlocks on purpose, to show Transit's report. Two clerks trade
// ledgers: in each round one sends while the other receives, then the other way round. In the
// third round both send first, and each waits for the other to receive: a wait-for cycle.
// The report names every blocked process, the channel and direction it waits on, the source
// line, and the cycle; the exit status is transit::exit_deadlock (3).
#include "transit/transit.h"

using transit::Channel;
using transit::Proc;

namespace {

Proc clerk(bool first, int rounds, Channel<int>& mine, Channel<int>& theirs) {
  for (int round = 0; round < rounds; ++round) {
    const bool send_first = first || round == 2;  // round 2: the mistake
    if (send_first) {
      co_await mine.send(round);
      (void)co_await theirs.recv();
    } else {
      (void)co_await theirs.recv();
      co_await mine.send(round);
    }
  }
}

Proc office() {
  Channel<int> to_bob{"alice->bob"}, to_alice{"bob->alice"};
  co_await transit::par(clerk(true, 3, to_bob, to_alice).named("alice"),
                        clerk(false, 3, to_alice, to_bob).named("bob"));
}

}  // namespace

int main() { return transit::run(office()); }
