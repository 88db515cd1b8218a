// The process records' text format (transit/process_records.h).
#include "transit/process_records.h"

#include <charconv>

namespace transit {

namespace detail {
std::string site_text(const Site& s);  // report.cpp
}

namespace {

std::string clean(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return out;
}

std::string ids_text(const std::vector<std::uint64_t>& ids) {
  std::string s;
  for (std::uint64_t id : ids) s += (s.empty() ? "" : ",") + std::to_string(id);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char by) {
  std::vector<std::string_view> parts;
  for (std::size_t at = 0;;) {
    std::size_t end = s.find(by, at);
    parts.push_back(s.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
    if (end == std::string_view::npos) return parts;
    at = end + 1;
  }
}

bool parse_id(std::string_view s, std::uint64_t& out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size() && !s.empty();
}

bool parse_ids(std::string_view s, std::vector<std::uint64_t>& out) {
  if (s.empty()) return true;
  for (std::string_view part : split(s, ',')) {
    std::uint64_t id = 0;
    if (!parse_id(part, id)) return false;
    out.push_back(id);
  }
  return true;
}

}  // namespace

std::string records_text(const std::vector<ProcessInfo>& live, const std::vector<std::vector<std::uint64_t>>& cycles,
                         std::string_view headline) {
  std::string out = "transit-records 1\nheadline\t" + clean(headline) + "\n";
  for (const ProcessInfo& p : live) {
    out += "process\t" + std::to_string(p.id) + "\t" + clean(p.name) + "\t" + clean(p.state) + "\t" + clean(p.waits_on) +
           "\t" + (p.site.file ? clean(detail::site_text(p.site)) : "") + "\t" +
           (p.spawned.file ? clean(detail::site_text(p.spawned)) : "") + "\t" + ids_text(p.waits_for) + "\n";
  }
  for (const auto& c : cycles) out += "cycle\t" + ids_text(c) + "\n";
  return out;
}

std::optional<ProcessRecords> parse_records(std::string_view text, int* bad_line) {
  ProcessRecords r;
  std::vector<std::string_view> lines = split(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  auto bad = [&](std::size_t i) -> std::optional<ProcessRecords> {
    if (bad_line) *bad_line = int(i + 1);
    return std::nullopt;
  };
  if (lines.empty() || lines[0] != "transit-records 1") return bad(0);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string_view> f = split(lines[i], '\t');
    if (f[0] == "headline" && f.size() == 2) {
      r.headline = f[1];
    } else if (f[0] == "process" && f.size() == 8) {
      ProcessRecord p;
      if (!parse_id(f[1], p.id) || !parse_ids(f[7], p.waits_for)) return bad(i);
      p.name = f[2], p.state = f[3], p.waits_on = f[4], p.site = f[5], p.spawned = f[6];
      r.processes.push_back(std::move(p));
    } else if (f[0] == "cycle" && f.size() == 2) {
      if (!parse_ids(f[1], r.cycles.emplace_back())) return bad(i);
    } else {
      return bad(i);
    }
  }
  return r;
}

}  // namespace transit
