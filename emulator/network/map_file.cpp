// Reads the network part of an icollect .map file (see map_file.h).
#include "transit/emu/network/map_file.h"

#include <algorithm>
#include <cctype>

namespace transit::network {
namespace {

// Walks the tokens of one Boot/Connect line, remembering where an error points.
class LineReader {
 public:
  LineReader(std::vector<Word> toks, int line_end_col) : toks_(std::move(toks)), end_col_(line_end_col) {}

  bool at_end() const { return i_ >= toks_.size(); }
  int col() const { return at_end() ? end_col_ : toks_[i_].col; }
  bool accept(std::string_view word) {
    if (at_end() || toks_[i_].text != word) return false;
    ++i_;
    return true;
  }
  std::optional<int> number(int max) {
    if (at_end()) return std::nullopt;
    std::optional<int> v = parse_int(toks_[i_].text);
    if (!v || *v < 0 || *v > max) return std::nullopt;
    ++i_;
    return v;
  }

 private:
  std::vector<Word> toks_;
  std::size_t i_ = 0;
  int end_col_;
};

std::optional<Chip> chip_from_name(std::string_view name) {
  // The T805 and T425 have the T800's and T414's instructions plus a few; the T801 is a T800 and
  // the T400 a T414 for the instruction set.
  if (std::optional<Chip> chip = emu::parse_chip(name)) return chip;
  if (name.size() >= 2 && (name[0] == 'T' || name[0] == 't')) {
    if (name[1] == '8') return Chip::T800;
    if (name[1] == '4') return Chip::T414;
  }
  return std::nullopt;
}

}  // namespace

Parsed<MapNetwork> parse_map(std::string_view text, std::string_view file) {
  MapNetwork net;
  Topology& t = net.topology;
  t.name = std::string(file);
  t.host.reset();
  int line_no = 0;
  int max_node = -1;
  std::vector<std::pair<int, std::optional<Chip>>> chips;
  auto error = [&](int col, std::string msg) -> Parsed<MapNetwork> {
    return ParseError{std::string(file), line_no, col, std::move(msg)};
  };

  for (std::string_view line : split_lines(text)) {
    ++line_no;
    std::vector<Word> toks = split_words(line, false);
    if (toks.empty()) continue;
    int end_col = int(line.size()) + 1;

    if (toks.size() >= 3 && toks[0].text == "Memory" && toks[1].text == "map" && toks[2].text == "for") {
      // Memory map for 'NAME' processor N TYPE
      for (std::size_t i = 3; i + 1 < toks.size(); ++i) {
        if (toks[i].text != "processor") continue;
        LineReader r({toks.begin() + long(i) + 1, toks.end()}, end_col);
        int col = r.col();
        auto n = r.number(kMaxNodes - 1);
        if (!n) return error(col, "expected a processor number");
        chips.emplace_back(*n, i + 2 < toks.size() ? chip_from_name(toks[i + 2].text) : std::nullopt);
        max_node = std::max(max_node, *n);
        break;
      }
      continue;
    }

    bool boot = toks[0].text == "Boot";
    bool connect = toks[0].text == "Connect";
    if (!boot && !connect) continue;
    if (boot && (toks.size() < 2 || toks[1].text != "processor")) continue;  // "Boot path for network"
    if (connect && toks.size() >= 3 && toks[1].text == "for") continue;

    LineReader r({toks.begin() + 1, toks.end()}, end_col);
    // "processor N link L" -> LinkEnd; "HOST" -> nothing.
    auto end_or_host = [&](std::optional<LinkEnd>& out, const char* what) -> std::optional<ParseError> {
      if (r.accept("HOST")) {
        out.reset();
        return std::nullopt;
      }
      if (!r.accept("processor"))
        return ParseError{std::string(file), line_no, r.col(), std::string("expected 'processor' or 'HOST' ") + what};
      int col = r.col();
      auto n = r.number(kMaxNodes - 1);
      if (!n) return ParseError{std::string(file), line_no, col, "expected a processor number"};
      if (!r.accept("link")) return ParseError{std::string(file), line_no, r.col(), "expected 'link'"};
      col = r.col();
      auto l = r.number(kLinksPerNode - 1);
      if (!l) return ParseError{std::string(file), line_no, col, "expected a link number 0 to 3"};
      out = LinkEnd{*n, *l};
      max_node = std::max(max_node, *n);
      return std::nullopt;
    };

    if (boot) {
      // Boot processor B down link L from (HOST | processor P link Q)
      r.accept("processor");
      int col = r.col();
      auto b = r.number(kMaxNodes - 1);
      if (!b) return error(col, "expected a processor number");
      if (!r.accept("down")) return error(r.col(), "expected 'down'");
      if (!r.accept("link")) return error(r.col(), "expected 'link'");
      col = r.col();
      auto l = r.number(kLinksPerNode - 1);
      if (!l) return error(col, "expected a link number 0 to 3");
      if (!r.accept("from")) return error(r.col(), "expected 'from'");
      BootStep step{*b, *l, std::nullopt};
      if (auto err = end_or_host(step.from, "after 'from'")) return *err;
      if (!r.at_end()) return error(r.col(), "unexpected text at the end of the line");
      max_node = std::max(max_node, *b);
      net.boot_path.push_back(step);
    } else {
      // Connect (HOST | processor A link X) to (HOST | processor B link Y)
      std::optional<LinkEnd> a, b;
      if (auto err = end_or_host(a, "after 'Connect'")) return *err;
      if (!r.accept("to")) return error(r.col(), "expected 'to'");
      int col_b = r.col();
      if (auto err = end_or_host(b, "after 'to'")) return *err;
      if (!r.at_end()) return error(r.col(), "unexpected text at the end of the line");
      if (!a && !b) return error(col_b, "the host cannot be connected to itself");
      if (!a || !b) {
        if (t.host) return error(toks[0].col, "a second host connection (this emulator has one host)");
        t.host = a ? a : b;
      } else {
        if (*a == *b) return error(col_b, "a link cannot be connected to itself");
        for (LinkEnd e : {*a, *b})
          if (t.link_used(e))
            return error(col_b, "processor " + std::to_string(e.node) + " link " + std::to_string(e.link) +
                                    " is already connected");
        t.edges.push_back({*a, *b});
      }
    }
  }

  line_no = 0;
  if (max_node < 0) return error(0, "no processors found (is this an icollect .map file?)");
  t.nodes = max_node + 1;
  t.chips.assign(std::size_t(t.nodes), std::nullopt);
  for (auto [n, c] : chips) t.chips[std::size_t(n)] = c;
  // Every boot step must travel over a connected link (or the host's).
  for (const BootStep& s : net.boot_path) {
    LinkEnd down{s.node, s.link};
    bool ok = s.from ? t.peer(down) == s.from : (t.host && *t.host == down);
    if (!ok) {
      // Old maps may list the boot path but not repeat it as a connection: the boot link is a wire.
      if (s.from && !t.link_used(down) && !t.link_used(*s.from)) {
        t.edges.push_back({*s.from, down});
      } else if (!s.from && !t.host) {
        t.host = down;
      } else {
        return error(0, "boot path to processor " + std::to_string(s.node) + " link " + std::to_string(s.link) +
                            " does not follow the connections");
      }
    }
  }
  if (!t.host) return error(0, "no HOST connection and no boot from HOST");
  if (auto err = validate(t)) return error(0, *err);
  return net;
}

Parsed<MapNetwork> load_map(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return ParseError{path, 0, 0, "cannot read map file"};
  return parse_map(*text, path);
}

}  // namespace transit::network
