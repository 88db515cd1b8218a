// Topology shorthands and the topology text format. Link conventions are in docs/network.md.
#include "transit/emu/network/topology.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>

namespace transit::network {

std::string ParseError::to_string() const {
  if (line == 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
}

std::optional<LinkEnd> Topology::peer(LinkEnd end) const {
  for (const Edge& e : edges) {
    if (e.a == end) return e.b;
    if (e.b == end) return e.a;
  }
  return std::nullopt;
}

bool Topology::link_used(LinkEnd end) const {
  return peer(end).has_value() || (host && *host == end);
}

std::optional<std::string> validate(const Topology& t) {
  if (t.nodes < 1 || t.nodes > kMaxNodes)
    return "a network has 1 to " + std::to_string(kMaxNodes) + " nodes, not " + std::to_string(t.nodes);
  auto name = [](LinkEnd e) {
    return "node " + std::to_string(e.node) + " link " + std::to_string(e.link);
  };
  std::vector<int> uses(std::size_t(t.nodes) * kLinksPerNode, 0);
  auto use = [&](LinkEnd e) -> std::optional<std::string> {
    if (e.node < 0 || e.node >= t.nodes) return name(e) + ": no such node (the network has " + std::to_string(t.nodes) + ")";
    if (e.link < 0 || e.link >= kLinksPerNode) return name(e) + ": a transputer has links 0 to 3";
    if (uses[std::size_t(e.node) * kLinksPerNode + std::size_t(e.link)]++)
      return name(e) + " is connected twice";
    return std::nullopt;
  };
  if (t.host)
    if (auto err = use(*t.host)) return err;
  for (const Edge& e : t.edges) {
    if (auto err = use(e.a)) return err;
    if (auto err = use(e.b)) return err;
  }
  return std::nullopt;
}

namespace {

// Adds an edge unless one of its ends is the host's link: the host connection comes first,
// since the network could not boot without it (docs/network.md, "Shorthands").
void connect(Topology& t, LinkEnd a, LinkEnd b) {
  if (t.host && (*t.host == a || *t.host == b)) return;
  t.edges.push_back({a, b});
}

Topology make_pipeline(Topology t, int n, bool ring) {
  t.nodes = n;
  for (int i = 0; i + 1 < n; ++i) connect(t, {i, 2}, {i + 1, 1});
  if (ring && n > 1) connect(t, {n - 1, 2}, {0, 1});
  return t;
}

// Node (x, y) is y*W + x. Link 0 goes up, 1 right, 2 down, 3 left.
Topology make_grid(Topology t, int w, int h, bool torus) {
  t.nodes = w * h;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      int id = y * w + x;
      if (x + 1 < w) connect(t, {id, 1}, {id + 1, 3});
      else if (torus && w > 1) connect(t, {id, 1}, {y * w, 3});
      if (y + 1 < h) connect(t, {id, 2}, {id + w, 0});
      else if (torus && h > 1) connect(t, {id, 2}, {x, 0});
    }
  return t;
}

// Dimension d joins node i and node i ^ (1 << d) through link (d + 1) % 4 on both sides.
Topology make_hypercube(Topology t, int d) {
  t.nodes = 1 << d;
  for (int dim = 0; dim < d; ++dim) {
    int link = (dim + 1) % kLinksPerNode;
    for (int i = 0; i < t.nodes; ++i)
      if (!(i & (1 << dim))) connect(t, {i, link}, {i | (1 << dim), link});
  }
  return t;
}

// Builds a shorthand around an existing host connection.
std::optional<Parsed<Topology>> shorthand_with_host(std::string_view spec, std::optional<LinkEnd> host) {
  auto fail = [&](int col, std::string msg) -> Parsed<Topology> {
    return ParseError{"--topology", 1, col, std::move(msg)};
  };
  Topology t;
  t.host = host;
  if (spec == "single") {
    t = make_pipeline(t, 1, false);
    t.name = std::string(spec);
    return t;
  }
  auto colon = spec.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view kind = spec.substr(0, colon), arg = spec.substr(colon + 1);
  int argcol = int(colon) + 2;
  if (kind == "pipeline" || kind == "ring") {
    auto n = parse_int(arg);
    if (!n || *n < 1 || *n > kMaxNodes)
      return fail(argcol, std::string(kind) + " needs a node count from 1 to " + std::to_string(kMaxNodes));
    t = make_pipeline(t, *n, kind == "ring");
  } else if (kind == "grid" || kind == "torus") {
    auto x = arg.find('x');
    std::optional<int> w, h;
    if (x != std::string_view::npos) {
      w = parse_int(arg.substr(0, x));
      h = parse_int(arg.substr(x + 1));
    }
    if (!w || !h || *w < 1 || *h < 1 || *w * std::int64_t(*h) > kMaxNodes)
      return fail(argcol, std::string(kind) + " needs WxH with 1 to " + std::to_string(kMaxNodes) + " nodes, e.g. " +
                              std::string(kind) + ":4x4");
    t = make_grid(t, *w, *h, kind == "torus");
  } else if (kind == "hypercube") {
    auto d = parse_int(arg);
    if (!d || *d < 0 || *d > kLinksPerNode)
      return fail(argcol, "hypercube needs a dimension from 0 to 4 (a transputer has 4 links)");
    t = make_hypercube(t, *d);
  } else {
    // "C:/path" or "dir:name/file" are files; a bare word before ':' that is no shorthand is an error
    // only when it looks like one (letters only).
    for (char c : kind)
      if (!std::isalpha(static_cast<unsigned char>(c))) return std::nullopt;
    return fail(1, "unknown topology '" + std::string(kind) +
                       "' (pipeline:N, ring:N, grid:WxH, torus:WxH, hypercube:D, single, or a file)");
  }
  t.name = std::string(spec);
  return t;
}

}  // namespace

std::optional<Parsed<Topology>> parse_shorthand(std::string_view spec) {
  return shorthand_with_host(spec, LinkEnd{0, 0});
}

Parsed<Topology> parse_topology_text(std::string_view text, std::string_view file) {
  Topology t;
  t.name = std::string(file);
  int line_no = 0;
  int declared_nodes = -1;
  int max_node = 0;
  bool shaped = false;
  std::optional<Chip> default_chip;
  std::vector<std::pair<int, Chip>> node_chips;
  auto fail = [&](int col, std::string msg) -> Parsed<Topology> {
    return ParseError{std::string(file), line_no, col, std::move(msg)};
  };
  // "N.L" -> LinkEnd; the error column points into the word.
  auto parse_end = [&](const Word& w, LinkEnd& out) -> std::optional<ParseError> {
    auto dot = w.text.find('.');
    if (dot == std::string_view::npos)
      return ParseError{std::string(file), line_no, w.col, "expected NODE.LINK, found '" + std::string(w.text) + "'"};
    auto node = parse_int(w.text.substr(0, dot));
    auto link = parse_int(w.text.substr(dot + 1));
    if (!node || *node < 0 || *node >= kMaxNodes)
      return ParseError{std::string(file), line_no, w.col, "bad node number in '" + std::string(w.text) + "'"};
    if (!link || *link < 0 || *link >= kLinksPerNode)
      return ParseError{std::string(file), line_no, w.col + int(dot) + 1,
                        "bad link number in '" + std::string(w.text) + "' (links are 0 to 3)"};
    out = {*node, *link};
    return std::nullopt;
  };

  for (std::string_view line : split_lines(text)) {
    ++line_no;
    std::vector<Word> w = split_words(line, true);
    if (w.empty()) continue;
    std::string_view key = w[0].text;
    if (key == "nodes") {
      if (w.size() != 2) return fail(w[0].col, "expected 'nodes N'");
      auto n = parse_int(w[1].text);
      if (!n || *n < 1 || *n > kMaxNodes) return fail(w[1].col, "node count must be 1 to " + std::to_string(kMaxNodes));
      declared_nodes = *n;
    } else if (key == "shape") {
      if (w.size() != 2) return fail(w[0].col, "expected 'shape SHORTHAND', e.g. 'shape grid:4x4'");
      if (shaped || !t.edges.empty()) return fail(w[0].col, "'shape' must come once, before any edge");
      auto s = shorthand_with_host(w[1].text, t.host);
      if (!s) return fail(w[1].col, "'" + std::string(w[1].text) + "' is not a topology shorthand");
      if (auto* e = std::get_if<ParseError>(&*s)) return fail(w[1].col + e->col - 1, e->message);
      const Topology& base = std::get<Topology>(*s);
      t.edges = base.edges;
      max_node = std::max(max_node, base.nodes - 1);
      shaped = true;
    } else if (key == "host") {
      if (w.size() != 2) return fail(w[0].col, "expected 'host NODE.LINK' or 'host none'");
      if (w[1].text == "none") {
        t.host.reset();
      } else {
        LinkEnd e;
        if (auto err = parse_end(w[1], e)) return *err;
        if (shaped) return fail(w[0].col, "'host' must come before 'shape' (the shape leaves the host's link free)");
        t.host = e;
        max_node = std::max(max_node, e.node);
      }
    } else if (key == "chip") {
      if (w.size() == 2) {
        auto c = emu::parse_chip(w[1].text);
        if (!c) return fail(w[1].col, "unknown chip '" + std::string(w[1].text) + "' (t414, t800, t425 or t805)");
        default_chip = *c;
      } else if (w.size() == 3) {
        auto n = parse_int(w[1].text);
        if (!n || *n < 0 || *n >= kMaxNodes) return fail(w[1].col, "bad node number '" + std::string(w[1].text) + "'");
        auto c = emu::parse_chip(w[2].text);
        if (!c) return fail(w[2].col, "unknown chip '" + std::string(w[2].text) + "' (t414, t800, t425 or t805)");
        node_chips.emplace_back(*n, *c);
        max_node = std::max(max_node, *n);
      } else {
        return fail(w[0].col, "expected 'chip CHIP' or 'chip NODE CHIP' (t414, t800, t425, t805)");
      }
    } else if (std::isdigit(static_cast<unsigned char>(key[0]))) {
      if (w.size() != 3 || w[1].text != "-")
        return fail(w.size() >= 2 ? w[1].col : w[0].col + int(key.size()), "expected an edge 'NODE.LINK - NODE.LINK'");
      Edge e;
      if (auto err = parse_end(w[0], e.a)) return *err;
      if (auto err = parse_end(w[2], e.b)) return *err;
      if (e.a == e.b) return fail(w[2].col, "a link cannot be connected to itself");
      for (const LinkEnd& end : {e.a, e.b}) {
        if (t.link_used(end))
          return fail(end == e.a ? w[0].col : w[2].col,
                      "node " + std::to_string(end.node) + " link " + std::to_string(end.link) + " is already connected");
      }
      t.edges.push_back(e);
      max_node = std::max({max_node, e.a.node, e.b.node});
    } else {
      return fail(w[0].col, "unknown line '" + std::string(key) + "' (nodes, shape, host, chip, or NODE.LINK - NODE.LINK)");
    }
  }
  line_no = 1;
  if (declared_nodes >= 0) {
    if (max_node >= declared_nodes)
      return fail(1, "'nodes " + std::to_string(declared_nodes) + "' but node " + std::to_string(max_node) + " is used");
    t.nodes = declared_nodes;
  } else {
    t.nodes = max_node + 1;
  }
  t.chips.assign(std::size_t(t.nodes), default_chip);
  for (auto [n, c] : node_chips) t.chips[std::size_t(n)] = c;
  if (auto err = validate(t)) return fail(1, *err);
  return t;
}

std::optional<int> parse_int(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
  }
  return lines;
}

std::vector<Word> split_words(std::string_view line, bool hash_comments) {
  std::vector<Word> words;
  auto ends_word = [&](char c) { return std::isspace(static_cast<unsigned char>(c)) || (hash_comments && c == '#'); };
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i >= line.size() || (hash_comments && line[i] == '#')) break;
    std::size_t start = i;
    while (i < line.size() && !ends_word(line[i])) ++i;
    words.push_back({line.substr(start, i - start), int(start) + 1});
  }
  return words;
}

std::optional<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return ss.str();
}

Parsed<Topology> load_topology(std::string_view spec) {
  if (auto s = parse_shorthand(spec)) return std::move(*s);
  auto text = read_text_file(std::string(spec));
  if (!text) return ParseError{std::string(spec), 0, 0, "cannot read topology file"};
  return parse_topology_text(*text, spec);
}

}  // namespace transit::network
