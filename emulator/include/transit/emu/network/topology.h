// Topology: which transputer link is wired to which, where the host sits, and which chip each
// node is. Built from a shorthand (pipeline:N, ring:N, grid:WxH, torus:WxH, hypercube:D), a small
// text file, or an Inmos icollect .map file (map_file.h). The format is documented in docs/network.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "transit/emu/isa/chip.h"

namespace transit::network {

inline constexpr int kLinksPerNode = 4;  // every transputer has four bidirectional links
inline constexpr int kMaxNodes = 4096;   // far above any network we simulate; stops runaway files

using emu::Chip;

struct LinkEnd {
  int node = 0;
  int link = 0;
  friend bool operator==(const LinkEnd&, const LinkEnd&) = default;
};

struct Edge {
  LinkEnd a, b;
};

// A parse failure, located: "file:line:col: message".
struct ParseError {
  std::string file;
  int line = 0;
  int col = 0;
  std::string message;
  std::string to_string() const;
};

template <class T>
using Parsed = std::variant<T, ParseError>;

struct Topology {
  int nodes = 1;
  std::vector<Edge> edges;
  std::optional<LinkEnd> host = LinkEnd{0, 0};  // where the iserver host is connected
  std::vector<std::optional<Chip>> chips;       // per node; nothing: the command line's --chip
  std::string name;                             // for reports: "grid:4x4", "raytrace2.map", ...

  // The far end of a node's link, or nothing when the link is unconnected (or goes to the host).
  std::optional<LinkEnd> peer(LinkEnd end) const;
  bool link_used(LinkEnd end) const;
  std::optional<Chip> chip(int node) const { return node < int(chips.size()) ? chips[node] : std::nullopt; }
};

// A shorthand: "pipeline:N", "ring:N", "grid:WxH", "torus:WxH", "hypercube:D", "single".
// Returns nothing when `spec` does not look like a shorthand at all (then it names a file).
std::optional<Parsed<Topology>> parse_shorthand(std::string_view spec);

// The topology text format (docs/network.md). `file` names the source in error messages.
Parsed<Topology> parse_topology_text(std::string_view text, std::string_view file);

// `--topology SPEC`: a shorthand, or else the path of a topology file.
Parsed<Topology> load_topology(std::string_view spec);

// A whitespace-separated word of a line with its 1-based column, for the topology and .map readers.
struct Word {
  std::string_view text;
  int col;
};
// The words of one line; with `hash_comments`, a '#' ends the line (topology files; not .map files,
// where '#' starts hexadecimal numbers).
std::vector<Word> split_words(std::string_view line, bool hash_comments);
// The lines of a text, without their "\n" or "\r\n"; line i of the result is line i + 1 of the text.
std::vector<std::string_view> split_lines(std::string_view text);
// A whole word as a decimal int; nothing if it is not one.
std::optional<int> parse_int(std::string_view s);

// Reads a whole file; nothing when it cannot be read.
std::optional<std::string> read_text_file(const std::string& path);

// Checks that every link is used at most once and every index is in range.
std::optional<std::string> validate(const Topology& t);

}  // namespace transit::network
