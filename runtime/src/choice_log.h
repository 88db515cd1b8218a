// Recording and replaying a run's choices (RunOptions::record, ::replay): every ALT's chosen guard,
// by process, in the order the run made them. Replaying them on one thread makes each ALT take the
// guard it took when recorded; with one-to-one channels that is all a run may choose, so every
// channel then carries the same values between the same processes in the same order.
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

class ChoiceRecorder {
 public:
  ChoiceRecorder();
  // Notes that process `key` chose `guard`; called on the process's own thread, lock-free but for
  // the first choice on each thread.
  void note(std::uint64_t key, std::uint32_t guard);
  // Writes the choices in the order made; false and `problem` set when the file cannot be written.
  bool write(const std::string& path, std::string& problem) const;

 private:
  struct Choice {
    std::uint64_t order;
    std::uint64_t key;
    std::uint32_t guard;
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

 private:
  struct Queue {
    std::vector<std::uint32_t> guards;
    std::size_t taken = 0;
  };
  std::unordered_map<std::uint64_t, Queue> by_process_;
  bool prefix_ = false;
};

}  // namespace transit::detail
