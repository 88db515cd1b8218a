// Recording and replaying a run's choices (RunOptions::record, ::replay), by process, in the order
// the run made them: every ALT's chosen guard, the partner of every rendezvous on a shared channel
// (AnyToOne, ...) and every reading of the clock (a TIMER). Replaying them on one thread makes each
// ALT take the guard it took when recorded, each shared channel pair the same writer and reader, and
// each clock reading return the recorded value: all a run may choose, so every channel then carries
// the same values between the same processes in the same order.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "transit/choice_file.h"

namespace transit::detail {

struct Process;

// A process's key in a recording (transit/choice_file.h; ids are allocated in spawn order, which varies).
inline std::uint64_t child_key(std::uint64_t parent, std::size_t branch) noexcept { return child_choice_key(parent, branch); }
inline constexpr std::uint64_t root_key = root_choice_key;

// What a line of a recording says about process KEY.
enum class ChoiceKind : std::uint8_t {
  guard,    // its ALT chose guard VALUE               (line "KEY GUARD")
  partner,  // it met process VALUE on a shared channel (line "m KEY VALUE", both processes' next meeting)
  time,     // it read the clock as VALUE               (line "t KEY VALUE")
};

class ChoiceRecorder {
 public:
  ChoiceRecorder();
  // Notes a choice of process `key`; called on the process's own thread, lock-free but for the
  // first choice on each thread.
  void note(ChoiceKind kind, std::uint64_t key, std::uint64_t value);
  void note(std::uint64_t key, std::uint32_t guard) { note(ChoiceKind::guard, key, guard); }
  // Writes the choices in the order made; false and `problem` set when the file cannot be written.
  bool write(const std::string& path, std::string& problem) const;

 private:
  struct Choice {
    std::uint64_t order;
    std::uint64_t key;
    std::uint64_t value;
    ChoiceKind kind;
  };
  const std::uint64_t serial_;
  std::atomic<std::uint64_t> next_order_{0};
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<std::vector<Choice>>> logs_;  // one per thread that chose
};

class ChoiceReplay {
 public:
  // Reads a recording; nullopt and `problem` set when the file is missing or malformed.
  static std::optional<ChoiceReplay> load(const std::string& path, std::string& problem);
  // The guard process `key` chose next when recorded, or nullopt when the recording has no more
  // choices of it (the run has left the recording, or has passed the end of a prefix).
  std::optional<std::uint32_t> next(std::uint64_t key);
  // The recording is a run's start only (write_choice_file's `prefix`): past it, ALTs choose freely.
  bool prefix() const { return prefix_; }
  // The process `key` met next on a shared channel when recorded (nullopt: no more meetings).
  std::optional<std::uint64_t> partner(std::uint64_t key) const;
  // Processes a and b have met, as recorded: each one's next meeting is taken.
  void met(std::uint64_t a, std::uint64_t b);
  // The clock reading of process `key` when recorded, or nullopt when it has no more.
  std::optional<std::int64_t> time(std::uint64_t key);

 private:
  template <class T>
  struct Sequence {
    std::vector<T> values;
    std::size_t taken = 0;
    std::optional<T> peek() const { return taken < values.size() ? std::optional<T>(values[taken]) : std::nullopt; }
    std::optional<T> take() {
      std::optional<T> v = peek();
      if (v) ++taken;
      return v;
    }
  };
  struct Queue {
    Sequence<std::uint32_t> guards;
    Sequence<std::uint64_t> partners;
    Sequence<std::int64_t> times;
  };
  std::unordered_map<std::uint64_t, Queue> by_process_;
  bool prefix_ = false;
};

}  // namespace transit::detail
