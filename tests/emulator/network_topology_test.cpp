// Topology shorthands, the topology text format and the icollect .map reader.
#include <doctest/doctest.h>

#include "transit/emu/network/map_file.h"
#include "transit/emu/network/topology.h"

using namespace transit::network;

namespace {

Topology shorthand(std::string_view spec) {
  auto p = parse_shorthand(spec);
  REQUIRE(p.has_value());
  if (auto* e = std::get_if<ParseError>(&*p)) FAIL(e->to_string());
  return std::get<Topology>(*p);
}

std::string shorthand_error(std::string_view spec) {
  auto p = parse_shorthand(spec);
  REQUIRE(p.has_value());
  auto* e = std::get_if<ParseError>(&*p);
  REQUIRE(e != nullptr);
  return e->to_string();
}

Topology text(std::string_view src) {
  auto p = parse_topology_text(src, "net.top");
  if (auto* e = std::get_if<ParseError>(&p)) FAIL(e->to_string());
  return std::get<Topology>(p);
}

std::string text_error(std::string_view src) {
  auto p = parse_topology_text(src, "net.top");
  auto* e = std::get_if<ParseError>(&p);
  REQUIRE(e != nullptr);
  return e->to_string();
}

bool connected(const Topology& t, LinkEnd a, LinkEnd b) { return t.peer(a) == b && t.peer(b) == a; }

}  // namespace

TEST_CASE("pipeline and ring wire link 2 of each node to link 1 of the next") {
  Topology p = shorthand("pipeline:4");
  CHECK(p.nodes == 4);
  CHECK(p.edges.size() == 3);
  CHECK(connected(p, {0, 2}, {1, 1}));
  CHECK(connected(p, {2, 2}, {3, 1}));
  CHECK(!p.peer({3, 2}));
  CHECK(p.host == LinkEnd{0, 0});
  Topology r = shorthand("ring:4");
  CHECK(r.edges.size() == 4);
  CHECK(connected(r, {3, 2}, {0, 1}));
  CHECK(!validate(r));
  CHECK(shorthand("single").nodes == 1);
  CHECK(shorthand("pipeline:1").edges.empty());
}

TEST_CASE("grid and torus: link 0 up, 1 right, 2 down, 3 left; the host keeps node 0 link 0") {
  Topology g = shorthand("grid:4x4");
  CHECK(g.nodes == 16);
  CHECK(g.edges.size() == 24);  // 3*4 horizontal + 4*3 vertical
  CHECK(connected(g, {0, 1}, {1, 3}));
  CHECK(connected(g, {5, 2}, {9, 0}));
  CHECK(!g.peer({3, 1}));
  CHECK(!validate(g));
  Topology t = shorthand("torus:4x3");
  CHECK(t.nodes == 12);
  CHECK(connected(t, {3, 1}, {0, 3}));   // row wrap
  CHECK(connected(t, {9, 2}, {1, 0}));   // column wrap
  CHECK(!t.peer({8, 2}));                // would land on node 0 link 0: the host's
  CHECK(t.edges.size() == 12 + 12 - 1);
  CHECK(!validate(t));
}

TEST_CASE("hypercube: dimension d uses link (d+1) mod 4 on both nodes") {
  Topology h = shorthand("hypercube:3");
  CHECK(h.nodes == 8);
  CHECK(h.edges.size() == 12);
  CHECK(connected(h, {0, 1}, {1, 1}));
  CHECK(connected(h, {5, 3}, {1, 3}));
  Topology h4 = shorthand("hypercube:4");
  CHECK(h4.edges.size() == 31);  // 32 minus the edge on the host's link
  CHECK(!validate(h4));
  CHECK(shorthand("hypercube:0").nodes == 1);
}

TEST_CASE("bad shorthands say where and why") {
  CHECK(shorthand_error("grid:4") == "--topology:1:6: grid needs WxH with 1 to 4096 nodes, e.g. grid:4x4");
  CHECK(shorthand_error("ring:0").find("--topology:1:6:") == 0);
  CHECK(shorthand_error("hypercube:5").find("dimension from 0 to 4") != std::string::npos);
  CHECK(shorthand_error("mesh:3").find("unknown topology 'mesh'") != std::string::npos);
  CHECK(!parse_shorthand("nets/four.top").has_value());  // a file name
}

TEST_CASE("topology file: edges, shape, host, chips, comments") {
  Topology t = text(
      "# two T800s and a T414\n"
      "chip t800\n"
      "chip 2 t414\n"
      "0.2 - 1.1   # first wire\n"
      "\n"
      "1.2 - 2.3\n");
  CHECK(t.nodes == 3);
  CHECK(connected(t, {1, 2}, {2, 3}));
  CHECK(t.chip(0) == Chip::T800);
  CHECK(t.chip(2) == Chip::T414);
  Topology s = text("nodes 5\nhost 4.3\nshape pipeline:4\n3.2 - 4.1\n");
  CHECK(s.nodes == 5);
  CHECK(s.host == LinkEnd{4, 3});
  CHECK(connected(s, {0, 2}, {1, 1}));
  CHECK(connected(s, {3, 2}, {4, 1}));
  Topology none = text("host none\nshape ring:2\n");
  CHECK(!none.host);
  CHECK(none.edges.size() == 2);
}

TEST_CASE("topology file errors carry file:line:col") {
  CHECK(text_error("0.2 - 1.1\n0.2 - 2.1\n") == "net.top:2:1: node 0 link 2 is already connected");
  CHECK(text_error("\n  0.4 - 1.1\n") == "net.top:2:5: bad link number in '0.4' (links are 0 to 3)");
  CHECK(text_error("0.1 1.1\n") == "net.top:1:5: expected an edge 'NODE.LINK - NODE.LINK'");
  CHECK(text_error("0.1 - x\n") == "net.top:1:7: expected NODE.LINK, found 'x'");
  CHECK(text_error("wire 0.1 - 1.1\n").find("net.top:1:1: unknown line 'wire'") == 0);
  CHECK(text_error("nodes 2\n0.1 - 2.1\n") == "net.top:1:1: 'nodes 2' but node 2 is used");
  CHECK(text_error("chip 1 t9000\n") == "net.top:1:8: unknown chip 't9000' (t414, t800, t425 or t805)");
  CHECK(text_error("0.0 - 1.1\n") == "net.top:1:1: node 0 link 0 is already connected");  // the host's
  CHECK(text_error("shape grid:2y2\n").find("net.top:1:12: grid needs WxH") == 0);
  CHECK(text_error("0.1 - 0.1\n") == "net.top:1:7: a link cannot be connected to itself");
}

TEST_CASE("icollect .map: chips, boot path and connections") {
  const char* map =
      "icollect : INMOS toolset collector\n"
      "\n"
      "Memory map for 'System[0]' processor 0 T800\n"
      "Load Start is 80000150,  HALT ON ERROR\n"
      "Memory map for 'System[1]' processor 1 T805\n"
      "Boot path for network\n"
      "\n"
      "  Boot processor 0 down link 0 from HOST\n"
      "  Boot processor 1 down link 1 from processor 0 link 2\n"
      "\n"
      "Connectivity for network\n"
      "\n"
      "  Connect HOST to processor 0 link 0\r\n"
      "  Connect processor 1 link 1 to processor 0 link 2\n";
  auto p = parse_map(map, "x.map");
  if (auto* e = std::get_if<ParseError>(&p)) FAIL(e->to_string());
  const MapNetwork& m = std::get<MapNetwork>(p);
  CHECK(m.topology.nodes == 2);
  CHECK(m.topology.host == LinkEnd{0, 0});
  CHECK(m.topology.chip(0) == Chip::T800);
  CHECK(m.topology.chip(1) == Chip::T805);
  CHECK(connected(m.topology, {0, 2}, {1, 1}));
  CHECK(m.topology.edges.size() == 1);
  REQUIRE(m.boot_path.size() == 2);
  CHECK(!m.boot_path[0].from);
  CHECK(m.boot_path[1].node == 1);
  CHECK(m.boot_path[1].link == 1);
  CHECK(m.boot_path[1].from == LinkEnd{0, 2});
}

TEST_CASE("icollect .map errors carry file:line:col") {
  auto err = [](const char* src) {
    auto p = parse_map(src, "x.map");
    auto* e = std::get_if<ParseError>(&p);
    REQUIRE(e != nullptr);
    return e->to_string();
  };
  CHECK(err("Connect HOST to processor 0 link 0\nConnect processor 1 link 9 to processor 0 link 2\n") ==
        "x.map:2:26: expected a link number 0 to 3");
  CHECK(err("  Boot processor 1 up link 1 from HOST\n") == "x.map:1:20: expected 'down'");
  CHECK(err("Connect processor 0 link 1 processor 1 link 1\n") == "x.map:1:28: expected 'to'");
  CHECK(err("Connect HOST to processor 0 link 0\nConnect processor 1 link 1 to processor 0 link 0\n") ==
        "x.map:2:31: processor 0 link 0 is already connected");
  CHECK(err("no network here\n") == "x.map: no processors found (is this an icollect .map file?)");
  CHECK(err("Boot processor 1 down link 1 from processor 0 link 2\n") ==
        "x.map: no HOST connection and no boot from HOST");
}

TEST_CASE("icollect .map: a boot path without its Connect line is still a wire") {
  auto p = parse_map("Boot processor 0 down link 0 from HOST\nBoot processor 1 down link 3 from processor 0 link 1\n",
                     "x.map");
  REQUIRE(std::holds_alternative<MapNetwork>(p));
  const Topology& t = std::get<MapNetwork>(p).topology;
  CHECK(connected(t, {0, 1}, {1, 3}));
  CHECK(t.host == LinkEnd{0, 0});
}
