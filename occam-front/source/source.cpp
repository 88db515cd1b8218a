#include "transit/occam/source/source.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace transit::occam {

std::string_view SourceFile::line(std::uint32_t n) const {
  if (n == 0 || n > line_starts.size()) return {};
  std::uint32_t begin = line_starts[n - 1];
  std::uint32_t end = n < line_starts.size() ? line_starts[n] - 1 : std::uint32_t(text.size());
  if (end > begin && text[end - 1] == '\n') --end;  // the last line's newline
  if (end < begin) end = begin;
  return std::string_view(text).substr(begin, end - begin);
}

std::uint32_t SourceSet::add(std::string path, std::string text) {
  auto f = std::make_unique<SourceFile>();
  f->path = std::move(path);
  f->text.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i)
    if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) f->text.push_back(text[i]);
  f->line_starts.push_back(0);
  for (std::uint32_t i = 0; i < f->text.size(); ++i)
    if (f->text[i] == '\n' && i + 1 < f->text.size()) f->line_starts.push_back(i + 1);
  files_.push_back(std::move(f));
  return std::uint32_t(files_.size());
}

std::optional<std::uint32_t> SourceSet::load(const std::string& path, std::string* why) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    if (why) *why = "it is a directory";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (why) *why = std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    if (why) *why = "read error";
    return std::nullopt;
  }
  return add(path, ss.str());
}

const SourceFile* SourceSet::file(std::uint32_t id) const {
  if (id == 0 || id > files_.size()) return nullptr;
  return files_[id - 1].get();
}

std::string_view SourceSet::line_text(Pos p) const {
  const SourceFile* f = file(p.file);
  return f ? f->line(p.line) : std::string_view{};
}

}  // namespace transit::occam
