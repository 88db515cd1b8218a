// Helpers shared by the front-end unit tests: run a stage over source text held in memory.
#pragma once

#include <string>
#include <vector>

#include "transit/occam/ast/dump.h"
#include "transit/occam/pipeline/front_end.h"
#include "transit/occam/lex/lexer.h"

namespace transit::occam::test {

// Lexes text (no preprocessor) and returns the token kinds as one spaced string, with names and
// literals spelled out: "SEQ end-of-line indentation x := 1 ...".
inline std::string tokens(const std::string& text, Diagnostics* out = nullptr) {
  SourceSet sources;
  Diagnostics diags;
  std::uint32_t id = sources.add("t.occ", text);
  std::vector<Token> toks = lex(lines_of(sources, id), diags);
  std::string s;
  for (const Token& t : toks) {
    if (!s.empty()) s += ' ';
    switch (t.kind) {
      case Tok::Newline: s += "NL"; break;
      case Tok::Indent: s += "IN"; break;
      case Tok::Outdent: s += "OUT"; break;
      case Tok::Eof: s += "EOF"; break;
      case Tok::StringLit: s += "\"" + t.svalue + "\""; break;
      case Tok::IntLit: case Tok::ByteLit: s += std::to_string(t.ivalue); break;
      default: s += std::string(t.text.empty() ? token_name(t.kind) : t.text);
    }
  }
  if (out) *out = diags;
  return s;
}

struct Result {
  bool ok;
  std::string diagnostics;  // rendered
  std::string ast;          // dump
  std::vector<Diagnostic> list;
};

// Runs the whole front end over text, as file "t.occ" in `dir` (for #INCLUDE tests).
inline Result front(const std::string& text, const std::string& dir = ".",
                    std::vector<std::string> include_dirs = {}) {
  FrontEnd fe;
  PreprocessOptions options;
  options.include_dirs = std::move(include_dirs);
  options.library_dir = default_library_dir();  // the bundled units (SIN: snglmath.lib)
  bool ok = fe.run_text(dir + "/t.occ", text, options);
  return Result{ok, render(fe.sources, fe.diags), ast::dump(fe.program, fe.sources), fe.diags.all()};
}

// The "line:col: message" of every error, one per line, for compact expectations.
inline std::string errors(const Result& r) {
  std::string s;
  for (const Diagnostic& d : r.list)
    if (d.severity == Severity::Error)
      s += std::to_string(d.pos.line) + ":" + std::to_string(d.pos.col) + ": " + d.message + "\n";
  return s;
}

inline bool has_error(const Result& r, unsigned line, const std::string& fragment) {
  for (const Diagnostic& d : r.list)
    if (d.pos.line == line && d.message.find(fragment) != std::string::npos) return true;
  return false;
}

}  // namespace transit::occam::test
