// Diagnostics as values: each stage appends to a Diagnostics list and carries on, so one run
// reports many errors. render() prints them clang-style: `file:line:col: error: message`, the
// source line, a caret under the spot, then `hint:` and `note:` lines.
#pragma once

#include <string>
#include <vector>

#include "transit/occam/source/source.h"

namespace transit::occam {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  Pos pos;
  std::string message;
  std::string hint;                                    // optional: how to fix it
  std::vector<std::pair<Pos, std::string>> notes;      // optional: related places
};

class Diagnostics {
 public:
  // Past this many errors, further ones are counted but not stored: a broken file must not
  // produce megabytes of output (and the fuzzer must not spend its time formatting them).
  static constexpr std::size_t kMaxStored = 200;

  Diagnostic& error(Pos p, std::string message, std::string hint = {});
  Diagnostic& warning(Pos p, std::string message, std::string hint = {});
  const std::vector<Diagnostic>& all() const { return list_; }
  std::size_t error_count() const { return errors_; }
  bool has_errors() const { return errors_ != 0; }
  // Sorts by file order then position (stable), so stage order does not decide output order.
  void sort();

 private:
  Diagnostic& add(Severity s, Pos p, std::string message, std::string hint);
  std::vector<Diagnostic> list_;
  Diagnostic overflow_;  // sink once kMaxStored is reached, and for a repeated diagnostic
  std::size_t errors_ = 0;
};

// Formats one diagnostic (with source line and caret) or all of them, plus a closing count line.
std::string render(const SourceSet& sources, const Diagnostic& d);
std::string render(const SourceSet& sources, const Diagnostics& ds);

}  // namespace transit::occam
