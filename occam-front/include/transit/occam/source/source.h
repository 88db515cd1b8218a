// Source files held in memory, and the mapping from (file, byte offset) to line and column that
// every token, AST node and diagnostic uses. Files are numbered in load order; 0 is "no file".
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace transit::occam {

// A point in the source: file number (SourceSet order, from 1), line and column (both from 1).
// Columns count bytes; occam source is ASCII, and tabs are diagnosed by the lexer.
struct Pos {
  std::uint32_t file = 0;
  std::uint32_t line = 0;
  std::uint32_t col = 0;
  bool valid() const { return file != 0; }
};

struct SourceFile {
  std::string path;                     // as given or as resolved on the search path
  std::string text;                     // contents, '\r' of CRLF line ends removed
  std::vector<std::uint32_t> line_starts;  // byte offset of each line's first byte
  std::uint32_t line_count() const { return std::uint32_t(line_starts.size()); }
  std::string_view line(std::uint32_t n) const;  // line n (from 1) without its newline
};

// Every source file of one compilation (the main file, #INCLUDEd and #USEd files).
class SourceSet {
 public:
  // Adds text under a path and returns its file number.
  std::uint32_t add(std::string path, std::string text);
  // Reads a file from disk; nullopt when it cannot be read, with the reason in *why if given.
  std::optional<std::uint32_t> load(const std::string& path, std::string* why = nullptr);
  const SourceFile* file(std::uint32_t id) const;
  std::string_view line_text(Pos p) const;
  std::size_t size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace transit::occam
