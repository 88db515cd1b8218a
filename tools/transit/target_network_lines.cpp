// A network's symbols for its reports in occam terms (target.h): made by `transit run|build --target
// --topology`, written by `transit build` as the network line table (FILE.btl.lines) and read back by
// `transit emu --topology|--map`. The file is text, a record a line, fields separated by tabs:
//   transit network line table 1
//   processor  P  PROCESS  FILE LINE COL  LINK0 LINK1 LINK2 LINK3    (LINKk: NODE.LINK at its far end, or -)
//   linkchan   P  ADDRESS  NAME                                       (the occam channel on a link channel word)
//   table      P  N                                                   (then N lines: P's line table, line_table.h)
#include <fstream>
#include <sstream>

#include "target.h"

namespace transit::cli {

namespace {

constexpr const char* kNetworkHeader = "transit network line table 1";

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> f;
  std::size_t at = 0;
  for (std::size_t tab; (tab = line.find('\t', at)) != std::string::npos; at = tab + 1) f.push_back(line.substr(at, tab - at));
  f.push_back(line.substr(at));
  return f;
}

bool number(const std::string& s, long long& v) {
  if (s.empty()) return false;
  std::size_t used = 0;
  try {
    v = std::stoll(s, &used);
  } catch (...) {
    return false;
  }
  return used == s.size();
}

}  // namespace

NetworkReport network_program_report(const NetworkSymbols& symbols) {
  return [&symbols](bool deadlock, const std::vector<const emu::Transputer*>& nodes) -> std::optional<std::string> {
    std::vector<ProcessorView> views;
    std::string chip;
    for (std::size_t p = 0; p < nodes.size() && p < symbols.size(); ++p) {
      const std::optional<NetworkProcessorSymbols>& s = symbols[p];
      if (!s) continue;
      const LineTable& t = s->table;
      if (chip.empty()) chip = t.chip;
      views.push_back({nodes[p], {t.tables, t.labels, t.files}, int(p), s->links, s->link_channels, s->process_name, s->spawned});
    }
    if (views.size() != nodes.size()) return std::nullopt;  // a processor the report cannot read
    if (deadlock) return network_deadlock_report(views, chip);
    return network_error_report(views, chip);
  };
}

std::string write_network_line_table(const NetworkSymbols& symbols) {
  std::ostringstream out;
  out << kNetworkHeader << "\n";
  for (std::size_t p = 0; p < symbols.size(); ++p) {
    if (!symbols[p]) continue;
    const NetworkProcessorSymbols& s = *symbols[p];
    out << "processor\t" << p << "\t" << s.process_name << "\t" << s.spawned.file << "\t" << s.spawned.line << "\t"
        << s.spawned.col;
    for (auto [node, link] : s.links) out << "\t" << (node < 0 ? "-" : std::to_string(node) + "." + std::to_string(link));
    out << "\n";
    for (const auto& [address, name] : s.link_channels) out << "linkchan\t" << p << "\t" << address << "\t" << name << "\n";
    std::string table = write_line_table(s.table);
    std::size_t lines = 0;
    for (char c : table) lines += c == '\n';
    out << "table\t" << p << "\t" << lines << "\n" << table;
  }
  return out.str();
}

std::optional<NetworkSymbols> network_line_table(const std::string& boot) {
  std::string path = line_table_path(boot);
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;  // a boot file transit build did not write
  NetworkSymbols symbols;
  std::string line;
  int n = 0;
  auto fail = [&](const std::string& why) -> std::optional<NetworkSymbols> {
    std::fprintf(stderr, "transit emu: %s:%d: %s: its reports are the emulator's\n", path.c_str(), n, why.c_str());
    return std::nullopt;
  };
  if (!std::getline(in, line) || line != kNetworkHeader) {
    n = 1;
    return fail("not the line table of a network (transit build --target --topology writes one)");
  }
  n = 1;
  auto processor = [&](const std::string& s) -> NetworkProcessorSymbols* {
    long long p = 0;
    if (!number(s, p) || p < 0 || p >= 4096) return nullptr;
    if (symbols.size() <= std::size_t(p)) symbols.resize(std::size_t(p) + 1);
    if (!symbols[std::size_t(p)]) symbols[std::size_t(p)].emplace();
    return &*symbols[std::size_t(p)];
  };
  while (std::getline(in, line)) {
    ++n;
    std::vector<std::string> f = fields(line);
    NetworkProcessorSymbols* s = f.size() > 1 ? processor(f[1]) : nullptr;
    long long a = 0, b = 0, c = 0;
    if (f[0] == "processor" && f.size() == 10 && s && number(f[3], a) && number(f[4], b) && number(f[5], c)) {
      s->process_name = f[2];
      s->spawned = {std::int32_t(a), std::int32_t(b), std::int32_t(c)};
      for (int k = 0; k < 4; ++k) {
        const std::string& l = f[std::size_t(6 + k)];
        std::size_t dot = l.find('.');
        s->links[std::size_t(k)] = {-1, -1};
        if (l == "-") continue;
        if (dot == std::string::npos || !number(l.substr(0, dot), a) || !number(l.substr(dot + 1), b)) return fail("malformed 'processor' record");
        s->links[std::size_t(k)] = {int(a), int(b)};
      }
    } else if (f[0] == "linkchan" && f.size() == 4 && s && number(f[2], a)) {
      s->link_channels[emu::Word(a)] = f[3];
    } else if (f[0] == "table" && f.size() == 3 && s && number(f[2], a) && a > 0) {
      std::string text;
      int first = n + 1;
      for (long long k = 0; k < a && std::getline(in, line); ++k, ++n) text += line + "\n";
      LineTableError error;
      auto t = read_line_table(text, path + " (processor " + f[1] + ", from line " + std::to_string(first) + ")", error);
      if (!t) {
        std::fprintf(stderr, "transit emu: %s: its reports are the emulator's\n", error.message.c_str());
        return std::nullopt;
      }
      s->table = std::move(*t);
    } else {
      return fail("malformed '" + f[0] + "' record");
    }
  }
  for (const auto& s : symbols)
    if (s && s->table.chip.empty()) return fail("a processor without its table");
  return symbols;
}

}  // namespace transit::cli
