// Small complete programs run by the stress suites over many schedules; each returns a value
// the test compares with the known answer.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "transit/transit.h"

namespace programs {

using transit::Channel;
using transit::Proc;

// A pipeline of `stages` adders: sum of (i + stages) for i < n.
inline Proc pipeline(int stages, int n, std::int64_t& sum) {
  std::vector<Channel<int>> chans(static_cast<std::size_t>(stages + 1));
  auto source = [](Channel<int>& out, int count) -> Proc {
    for (int i = 0; i < count; ++i) co_await out.send(i);
  };
  auto stage = [](Channel<int>& in, Channel<int>& out, int count) -> Proc {
    for (int i = 0; i < count; ++i) co_await out.send(co_await in.recv() + 1);
  };
  auto sink = [](Channel<int>& in, int count, std::int64_t& s) -> Proc {
    for (int i = 0; i < count; ++i) s += co_await in.recv();
  };
  auto stages_proc = [&](int k) -> Proc {
    co_await transit::par_for(0, k, [&](int i) {
      return stage(chans[static_cast<std::size_t>(i)], chans[static_cast<std::size_t>(i + 1)], n);
    });
  };
  co_await transit::par(source(chans[0], n), stages_proc(stages), sink(chans.back(), n, sum));
}
inline std::int64_t pipeline_answer(int stages, int n) {
  return static_cast<std::int64_t>(n) * (n - 1) / 2 + static_cast<std::int64_t>(stages) * n;
}

// A farm: a shared work channel, `workers` workers squaring, results gathered by ALT-free AnyToOne.
inline Proc farm(int workers, int jobs, std::int64_t& sum) {
  transit::OneToAny<int> work{"work"};
  transit::AnyToOne<std::int64_t> results{"results"};
  auto boss = [](transit::OneToAny<int>& out, int n, int w) -> Proc {
    for (int i = 0; i < n; ++i) co_await out.send(i);
    for (int i = 0; i < w; ++i) co_await out.send(-1);
  };
  auto worker = [](transit::OneToAny<int>& in, transit::AnyToOne<std::int64_t>& out) -> Proc {
    for (;;) {
      int v = co_await in.recv();
      if (v < 0) co_return;
      co_await out.send(static_cast<std::int64_t>(v) * v);
    }
  };
  auto gather = [](transit::AnyToOne<std::int64_t>& in, int n, std::int64_t& s) -> Proc {
    for (int i = 0; i < n; ++i) s += co_await in.recv();
  };
  auto crew = [&](int w) -> Proc { co_await transit::par_for(0, w, [&](int) { return worker(work, results); }); };
  co_await transit::par(boss(work, jobs, workers), crew(workers), gather(results, jobs, sum));
}
inline std::int64_t farm_answer(int jobs) {
  std::int64_t s = 0;
  for (std::int64_t i = 0; i < jobs; ++i) s += i * i;
  return s;
}

// A multiplexer: `inputs` writers each send `n` values, one fair ALT takes them all, with a
// timeout guard that must never lose a value.
inline Proc mux(int inputs, int n, std::int64_t& sum) {
  std::vector<Channel<int>> chans(static_cast<std::size_t>(inputs));
  auto writer = [](Channel<int>& out, int count, int base) -> Proc {
    for (int i = 0; i < count; ++i) co_await out.send(base + i);
  };
  auto reader = [](std::vector<Channel<int>>& in, int total, std::int64_t& s) -> Proc {
    int got = 0;
    while (got < total) {
      int v = 0;
      transit::Alt alt;
      for (auto& c : in) alt.input(c, v);
      alt.after(transit::now() + 1000);
      if (co_await alt.select() < in.size()) {
        s += v;
        ++got;
      }
    }
  };
  auto writers = [&]() -> Proc {
    co_await transit::par_for(0, inputs, [&](int i) { return writer(chans[static_cast<std::size_t>(i)], n, i * 1000); });
  };
  co_await transit::par(writers(), reader(chans, inputs * n, sum));
}
inline std::int64_t mux_answer(int inputs, int n) {
  std::int64_t s = 0;
  for (int i = 0; i < inputs; ++i)
    for (int k = 0; k < n; ++k) s += i * 1000 + k;
  return s;
}

// commstime with a PAR delta, counting what consume saw.
inline Proc commstime(int n, std::int64_t& sum) {
  Channel<std::int64_t> a, b, c, d;
  auto prefix = [](Channel<std::int64_t>& in, Channel<std::int64_t>& out, int count) -> Proc {
    co_await out.send(0);
    for (int i = 1; i < count; ++i) co_await out.send(co_await in.recv());
    (void)co_await in.recv();
  };
  auto one = [](Channel<std::int64_t>& out, std::int64_t v) -> Proc { co_await out.send(v); };
  auto delta = [&one](Channel<std::int64_t>& in, Channel<std::int64_t>& x, Channel<std::int64_t>& y, int count) -> Proc {
    for (int i = 0; i < count; ++i) {
      std::int64_t v = co_await in.recv();
      co_await transit::par(one(x, v), one(y, v));
    }
  };
  auto succ = [](Channel<std::int64_t>& in, Channel<std::int64_t>& out, int count) -> Proc {
    for (int i = 0; i < count; ++i) co_await out.send(co_await in.recv() + 1);
  };
  auto consume = [](Channel<std::int64_t>& in, int count, std::int64_t& s) -> Proc {
    for (int i = 0; i < count; ++i) s += co_await in.recv();
  };
  co_await transit::par(prefix(c, a, n), delta(a, d, b, n), succ(b, c, n), consume(d, n, sum));
}
inline std::int64_t commstime_answer(int n) { return static_cast<std::int64_t>(n) * (n - 1) / 2; }

// PRI PAR: a high-priority process `high` takes three values from `waker`, a low-priority process
// that also yields; two more low-priority processes keep yielding. The events, in order, for the
// test to check that `high` runs as soon as the waker's output has made it ready.
struct EventLog {
  std::mutex mutex;
  std::vector<std::string> events;
  void add(std::string e) {
    std::lock_guard lock(mutex);
    events.push_back(std::move(e));
  }
};
inline Proc priorities(EventLog& log, bool replicated) {
  Channel<int> wake{"wake"};
  auto high = [](Channel<int>& in, EventLog& l) -> Proc {
    for (int i = 0; i < 3; ++i) l.add("high got " + std::to_string(co_await in.recv()));
  };
  auto waker = [](Channel<int>& out, EventLog& l) -> Proc {
    for (int i = 0; i < 3; ++i) {
      l.add("waker sends " + std::to_string(i));
      co_await out.send(i);
      l.add("waker sent " + std::to_string(i));
      co_await transit::yield();
    }
  };
  auto busy = [](EventLog& l) -> Proc {
    for (int i = 0; i < 6; ++i) {
      l.add("busy");
      co_await transit::yield();
    }
  };
  if (!replicated) {
    co_await transit::pri_par(high(wake, log), waker(wake, log), busy(log), busy(log));
  } else {
    co_await transit::pri_par_for(0, 4, [&](int i) { return i == 0 ? high(wake, log) : i == 1 ? waker(wake, log) : busy(log); });
  }
}

}  // namespace programs
