// `transit run --snapshot OUT.png`: the picture of a native program at its end (a deadlock, or
// what was left when it finished), drawn from the process records it wrote (process_records.h).
#pragma once

#include <string>
#include <variant>

#include "transit/process_records.h"

namespace transit::viewer {

// The records a program wrote to `records_file`, or why they cannot be read.
std::variant<ProcessRecords, std::string> read_records_file(const std::string& records_file);

// Reads the records in `records_file` and draws them into the PNG `png`, the status bar naming
// `title`; the error message, or "" on success.
std::string draw_process_picture(const std::string& records_file, const std::string& png, const std::string& title);

}  // namespace transit::viewer
