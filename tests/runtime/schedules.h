// The scheduler configurations tests sweep: the deterministic scheduler in FIFO order and under
// many seeds, and the work-stealing scheduler with several worker counts.
#pragma once

#include <string>
#include <vector>

#include "transit/run.h"

struct Schedule {
  std::string name;
  transit::RunOptions options;
};

inline std::vector<Schedule> deterministic_schedules(int seeds) {
  std::vector<Schedule> all{{"fifo", {}}};
  for (int s = 0; s < seeds; ++s) {
    transit::RunOptions o;
    o.seed = static_cast<std::uint64_t>(s);
    all.push_back({"seed " + std::to_string(s), o});
  }
  return all;
}

inline std::vector<Schedule> threaded_schedules(int repeats) {
  std::vector<Schedule> all;
  for (int r = 0; r < repeats; ++r) {
    for (unsigned t : {2u, 3u, 4u}) {
      transit::RunOptions o;
      o.threads = t;
      all.push_back({std::to_string(t) + " threads, run " + std::to_string(r), o});
    }
  }
  return all;
}
