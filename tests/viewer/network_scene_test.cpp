// The viewer's network pictures, drawn headless from known states and checked by their pixels at
// known places: a node's colour by its state, a busy link's colour, a deadlock's red chain; and
// the layouts by topology.
#include <doctest/doctest.h>

#include "transit/emu/network/topology.h"
#include "transit/viewer/network_frame.h"
#include "transit/viewer/network_layout.h"
#include "transit/viewer/network_scene.h"
#include "transit/viewer/snapshot.h"

using namespace transit;
using namespace transit::viewer;

namespace {

network::Topology shorthand(const char* spec) {
  auto t = network::parse_shorthand(spec);
  REQUIRE(t.has_value());
  REQUIRE(std::holds_alternative<network::Topology>(*t));
  return std::get<network::Topology>(*t);
}

network::NodeSample node(network::Activity a, int priority = -1, bool on_link = false) {
  network::NodeSample s;
  s.activity = a;
  s.priority = priority;
  s.waits_on_link = on_link;
  return s;
}

// A pixel of the box of node i away from its number, its percentage and its utilisation bar.
Colour node_pixel(const Picture& p, const NetworkLayout& l, int i, const NetworkSceneOptions& o) {
  NodePlace at = node_place(l, i, o, false);
  return p.at(int(at.x + at.half * 0.6f), int(at.y - at.half * 0.6f));
}

}  // namespace

TEST_CASE("layouts by topology: a row, a circle, a grid, layers from the root") {
  NetworkLayout row = layout_network(shorthand("pipeline:4"));
  CHECK(row.kind == "pipeline");
  for (int i = 1; i < 4; ++i) {
    CHECK(row.nodes[std::size_t(i)].x > row.nodes[std::size_t(i - 1)].x);
    CHECK(row.nodes[std::size_t(i)].y == row.nodes[0].y);
  }
  NetworkLayout ring = layout_network(shorthand("ring:8"));
  CHECK(ring.kind == "ring");
  for (const Point& p : ring.nodes) CHECK((p.x - 0.5f) * (p.x - 0.5f) + (p.y - 0.5f) * (p.y - 0.5f) == doctest::Approx(0.25));
  NetworkLayout grid = layout_network(shorthand("torus:4x3"));
  CHECK(grid.kind == "torus");
  CHECK(grid.nodes[5].x == doctest::Approx(1.0 / 3));  // node 5 is (1, 1)
  CHECK(grid.nodes[5].y == doctest::Approx(0.5));
  int wraps = 0;
  for (bool w : grid.wraps) wraps += w;
  CHECK(wraps == 3 + 4 - 1);  // a wrap-around per row and column, but node 0 link 0 is the host's
  NetworkLayout cube = layout_network(shorthand("hypercube:3"));
  for (std::size_t i = 0; i < cube.nodes.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      CHECK((cube.nodes[i].x != cube.nodes[j].x || cube.nodes[i].y != cube.nodes[j].y));  // all apart

  auto parsed = network::parse_topology_text("nodes 4\nhost 0.0\n0.1 - 1.2\n0.2 - 2.1\n2.3 - 3.0\n", "t.top");
  INFO((std::holds_alternative<network::ParseError>(parsed) ? std::get<network::ParseError>(parsed).to_string() : ""));
  REQUIRE(std::holds_alternative<network::Topology>(parsed));
  NetworkLayout layers = layout_network(std::get<network::Topology>(parsed));
  CHECK(layers.kind == "layers");
  CHECK(layers.nodes[1].x == layers.nodes[2].x);  // both one link from the root
  CHECK(layers.nodes[3].x > layers.nodes[2].x);
  CHECK(layers.nodes[0].x < layers.nodes[1].x);
}

TEST_CASE("a grid's nodes are drawn in their state's colour where the layout puts them") {
  network::Topology t = shorthand("grid:3x3");
  NetworkLayout l = layout_network(t);
  network::NetworkSample before, now;
  before.nodes.assign(9, node(network::Activity::Waiting));
  now = before;
  now.at = 1000;
  now.nodes[4] = node(network::Activity::Running, 0);      // the centre runs a high-priority process
  now.nodes[0] = node(network::Activity::Running, 1);      // a corner a low-priority one
  now.nodes[8] = node(network::Activity::Waiting, -1, true);
  now.nodes[2] = node(network::Activity::Stopped);
  now.nodes[6] = node(network::Activity::Stopped);
  now.nodes[6].failed = true;
  NetworkFrame f = make_frame(t, before, now, 0, 20e6, 10);
  f.outcome = "running";
  NetworkSceneOptions o;
  Picture p;
  REQUIRE(draw_picture(network_scene(t, l, f, o), p) == "");
  REQUIRE(p.width == o.width);
  CHECK(node_pixel(p, l, 4, o) == colour_of(NodeState::RunningHigh));
  CHECK(node_pixel(p, l, 0, o) == colour_of(NodeState::RunningLow));
  CHECK(node_pixel(p, l, 8, o) == colour_of(NodeState::WaitingLink));
  CHECK(node_pixel(p, l, 1, o) == colour_of(NodeState::Idle));
  CHECK(node_pixel(p, l, 2, o) == colour_of(NodeState::Finished));
  CHECK(node_pixel(p, l, 6, o) == colour_of(NodeState::Failed));
  // Between two nodes: a quiet link's thin grey line, then the background.
  NodePlace a = node_place(l, 0, o, false), b = node_place(l, 1, o, false);
  CHECK(p.at(int((a.x + b.x) / 2), int(a.y)) == kQuietLink);
  CHECK(p.at(int((a.x + b.x) / 2), int(a.y) + 12) == Colour{250, 250, 250});
}

TEST_CASE("a busy link is wide and coloured towards orange; a deadlock's chain is red") {
  network::Topology t = shorthand("pipeline:3");
  NetworkLayout l = layout_network(t);
  network::NetworkSample before, now;
  before.nodes.assign(3, node(network::Activity::Waiting, -1, true));
  now = before;
  now.at = 20'000;  // 1 ms at 20 MHz
  // Node 0 sent 1000 bytes on link 2 to node 1 in that millisecond: 1 MB/s, more than a 10 Mbit/s link carries.
  now.nodes[0].link_bytes_out[2] = 1000;
  NetworkFrame f = make_frame(t, before, now, 0, 20e6, 10);
  CHECK(f.edge_rate[0][0] == doctest::Approx(1e6));
  CHECK(f.edge_rate[0][1] == 0);
  network::WaitChain chain;
  chain.path = {{1, 2}, {2, 1}};
  chain.tail = " (also waits to input)";
  f.chains = {chain};
  NetworkSceneOptions o;
  Picture p;
  REQUIRE(draw_picture(network_scene(t, l, f, o), p) == "");
  NodePlace n0 = node_place(l, 0, o, false), n1 = node_place(l, 1, o, false), n2 = node_place(l, 2, o, false);
  // The busy direction is drawn 3 pixels to its side (below, going right), 7 pixels wide.
  CHECK(p.at(int((n0.x + n1.x) / 2), int(n0.y) + 3) == kBusyLink);
  CHECK(p.at(int((n0.x + n1.x) / 2), int(n0.y) + 5) == kBusyLink);
  CHECK(p.at(int((n0.x + n1.x) / 2), int(n0.y) + 9) == Colour{250, 250, 250});
  CHECK(p.at(int((n1.x + n2.x) / 2), int(n1.y)) == kDeadlockRed);
  CHECK(p.at(int((n1.x + n2.x) / 2), int(n1.y) - 6) == Colour{250, 250, 250});
  // Nodes on the chain get a red border.
  CHECK(p.at(int(n2.x), int(n2.y - n2.half - 1)) == kDeadlockRed);
  CHECK(p.at(int(n0.x), int(n0.y - n0.half - 1)) != kDeadlockRed);
}

TEST_CASE("the node clicked on: hit test and its state report in a panel") {
  network::Topology t = shorthand("ring:4");
  NetworkLayout l = layout_network(t);
  network::NetworkSample s;
  s.nodes.assign(4, node(network::Activity::Waiting));
  s.detail_node = 2;
  s.detail = "  process #80000100 (low) at Iptr #80000051: waits to input on link 1\n";
  NetworkFrame f = make_frame(t, s, s, 0, 20e6, 10);
  NetworkSceneOptions o;
  Scene scene = network_scene(t, l, f, o);
  NodePlace at = node_place(l, 2, o, true);
  CHECK(scene.hit_at(at.x, at.y) == 2);
  CHECK(scene.hit_at(2, 2) == -1);
  bool shown = false;
  for (const Text& x : scene.texts) shown |= x.text.find("process #80000100 (low)") != std::string::npos;
  CHECK(shown);
}
