// The file of ALT choices that `transit run --record` writes and `--replay` reads (RunOptions::record,
// ::replay; docs/runtime.md), also written by `transit verify --trace-out` for a trace it found: how
// processes are keyed in it and how it is written, in one place for both writers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace transit {

// A process's key: the same in every run of the program whatever the schedule (its PAR branch index
// under its parent's key; the run's root process has root_choice_key).
inline constexpr std::uint64_t root_choice_key = 1;
std::uint64_t child_choice_key(std::uint64_t parent, std::size_t branch) noexcept;

struct RecordedChoice {
  std::uint64_t key;    // the process that chose
  std::uint32_t guard;  // the index of the guard it took, counting its ALT's guards in order
};

// Writes `choices` in the order made. `prefix`: they are only the start of a run (a trace from
// transit verify); past a process's last choice, a replay lets its ALTs choose freely. Without it, a
// replay that runs past the choices recorded stops with a run-time error (the run has left them).
// False and `problem` set when the file cannot be written.
bool write_choice_file(const std::string& path, const std::vector<RecordedChoice>& choices, bool prefix,
                       std::string& problem);

}  // namespace transit
