// The line table file `transit build --target` writes beside a boot file (FILE.btl.lines), so that
// `transit emu FILE.btl` reports a run-time error or a deadlock in occam terms, as `transit run
// --target` does: the back end's check sites and process table, the addresses of the labels they
// name, and the source files. A text file, one record a line, fields separated by tabs
// (docs/transputer-backend.md, "The line table file").
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "transit/occam/backend/transputer/emit_transputer.h"
#include "transit/emu/isa/chip.h"
#include "transit/emu/isa/memory_map.h"

namespace transit::cli {

struct LineTable {
  occam::backend::TransputerAsm tables;  // checks and processes (and the label names); no text
  std::map<std::string, emu::Word, std::less<>> labels;
  std::vector<std::string> files;
  std::string chip;  // "T414", "T800"
};

// Where the line table of boot file `boot` lives.
std::string line_table_path(const std::string& boot);

// The file's text: only the labels the tables name are kept.
std::string write_line_table(const LineTable& t);

// Reads a line table; an error names the file and line ("prog.btl.lines:7: ...").
struct LineTableError {
  std::string message;
};
std::optional<LineTable> read_line_table(const std::string& text, const std::string& path, LineTableError& error);

// The line table beside boot file `boot`, made for `chip`; nullopt when there is none (a boot file
// the Inmos tools made). One that cannot be read or was made for another chip is named on stderr
// and not used.
std::optional<LineTable> occam_line_table(const std::string& boot, emu::Chip chip);

}  // namespace transit::cli
