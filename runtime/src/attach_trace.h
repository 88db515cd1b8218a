// The tracers of a run: `transit attach PID --trace NAME` names a channel or a process, and a
// communication that matches is written as a line into the tracer's pending text, which the attach
// server's thread sends on (the scheduler never waits for an inspector: past a bound, lines are
// counted as dropped instead); `transit top PID` counts the communications of every channel.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

namespace transit::detail {

struct Tracer {
  std::string name;               // a channel's name, or a process's (with or without [index])
  bool counting = false;          // counts every channel's communications instead
  std::function<void()> wake;     // called, without the hub's lock, when pending text appears
  // Under the hub's lock:
  std::string pending;
  std::uint64_t dropped = 0;
  // By channel name (the name's address), or by the channel's address for one without a name.
  struct Count {
    bool named = false;
    std::uint64_t communications = 0;
  };
  std::unordered_map<const void*, Count> counts;
};

// Starts and stops a tracer; `tracing` is true while there is one.
void add_tracer(const std::shared_ptr<Tracer>& tracer);
void remove_tracer(const std::shared_ptr<Tracer>& tracer);
void remove_all_tracers();
// The tracer's pending text (and a line for the lines dropped), leaving it empty.
std::string take_pending(Tracer& tracer);
// A counting tracer's totals so far, a line each: COUNT<TAB>CHANNEL.
std::string counts_text(Tracer& tracer);

}  // namespace transit::detail
