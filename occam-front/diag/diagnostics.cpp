#include "transit/occam/diag/diagnostics.h"

#include <algorithm>

namespace transit::occam {

Diagnostic& Diagnostics::add(Severity s, Pos p, std::string message, std::string hint) {
  // The same message at the same place once (a check reached twice, e.g. through nested calls).
  for (const Diagnostic& d : list_)
    if (d.severity == s && d.pos.file == p.file && d.pos.line == p.line && d.pos.col == p.col && d.message == message) {
      overflow_ = {};
      return overflow_;
    }
  if (s == Severity::Error) ++errors_;
  if (list_.size() >= kMaxStored) {
    overflow_ = {};
    return overflow_;
  }
  list_.push_back(Diagnostic{s, p, std::move(message), std::move(hint), {}});
  return list_.back();
}

Diagnostic& Diagnostics::error(Pos p, std::string message, std::string hint) {
  return add(Severity::Error, p, std::move(message), std::move(hint));
}

Diagnostic& Diagnostics::warning(Pos p, std::string message, std::string hint) {
  return add(Severity::Warning, p, std::move(message), std::move(hint));
}

void Diagnostics::sort() {
  std::stable_sort(list_.begin(), list_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.pos.file != b.pos.file) return a.pos.file < b.pos.file;
    if (a.pos.line != b.pos.line) return a.pos.line < b.pos.line;
    return a.pos.col < b.pos.col;
  });
}

namespace {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

void append_location(std::string& out, const SourceSet& sources, Pos p) {
  const SourceFile* f = sources.file(p.file);
  out += f ? f->path : std::string("transit");  // not about a place in a file
  if (p.line) out += ":" + std::to_string(p.line) + ":" + std::to_string(p.col);
}

void append_excerpt(std::string& out, const SourceSet& sources, Pos p) {
  if (!p.valid() || !p.line) return;
  std::string_view text = sources.line_text(p);
  std::string gutter = std::to_string(p.line);
  out += " " + gutter + " | ";
  for (char c : text) out += (c == '\t') ? ' ' : c;  // keep the caret aligned
  out += "\n " + std::string(gutter.size(), ' ') + " | ";
  std::uint32_t col = p.col ? p.col : 1;
  out += std::string(std::min<std::size_t>(col - 1, text.size()), ' ');
  out += "^\n";
}

}  // namespace

std::string render(const SourceSet& sources, const Diagnostic& d) {
  std::string out;
  append_location(out, sources, d.pos);
  out += std::string(": ") + severity_name(d.severity) + ": " + d.message + "\n";
  append_excerpt(out, sources, d.pos);
  if (!d.hint.empty()) out += "  hint: " + d.hint + "\n";
  for (const auto& [p, text] : d.notes) {
    append_location(out, sources, p);
    out += ": note: " + text + "\n";
    append_excerpt(out, sources, p);
  }
  return out;
}

std::string render(const SourceSet& sources, const Diagnostics& ds) {
  std::string out;
  for (const Diagnostic& d : ds.all()) out += render(sources, d);
  if (ds.error_count() > ds.all().size())
    out += std::to_string(ds.error_count() - ds.all().size()) + " further errors not shown\n";
  if (ds.has_errors())
    out += std::to_string(ds.error_count()) + (ds.error_count() == 1 ? " error" : " errors") + "\n";
  return out;
}

}  // namespace transit::occam
