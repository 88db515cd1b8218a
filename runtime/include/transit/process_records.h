// Process records: the live processes and wait-for cycles of a run as data in a plain text format,
// for a tool in another process (the viewer draws them). A program run by `transit run --snapshot`
// or `--view` writes them at its end to the file named by $TRANSIT_STATE_FILE.
//
//   transit-records 1
//   headline<TAB>TEXT
//   process<TAB>ID<TAB>NAME<TAB>STATE<TAB>WAITS_ON<TAB>SITE<TAB>SPAWNED<TAB>ID,ID,...   (parents first)
//   cycle<TAB>ID,ID,...
//
// SITE and SPAWNED are "file:line:column" ("" when none); tabs and newlines in texts become spaces.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "transit/inspect.h"

namespace transit {

struct ProcessRecord {
  std::uint64_t id = 0;
  std::string name, state, waits_on, site, spawned;
  std::vector<std::uint64_t> waits_for;
};

struct ProcessRecords {
  std::string headline;  // how the run ended: "deadlock", "finished", ...
  std::vector<ProcessRecord> processes;
  std::vector<std::vector<std::uint64_t>> cycles;
};

std::string records_text(const std::vector<ProcessInfo>& live, const std::vector<std::vector<std::uint64_t>>& cycles,
                         std::string_view headline);
// The records of a text records_text wrote; nothing when it is not one (the first bad line's number in `bad_line`).
std::optional<ProcessRecords> parse_records(std::string_view text, int* bad_line = nullptr);

}  // namespace transit
