// Shared by the live view's tests: pipeline:2's topology and where its nodes are drawn in a live
// window (which has a second status line for the keys).
#pragma once

#include <doctest/doctest.h>

#include "transit/emu/network/topology.h"
#include "transit/viewer/network_layout.h"
#include "transit/viewer/network_scene.h"

namespace viewer_test {

inline transit::network::Topology pipeline2() {
  return std::get<transit::network::Topology>(*transit::network::parse_shorthand("pipeline:2"));
}

inline transit::viewer::NodePlace live_place(int node, bool panel = false) {
  transit::viewer::NetworkSceneOptions o;
  o.controls = "keys";
  return transit::viewer::node_place(transit::viewer::layout_network(pipeline2()), node, o, panel);
}

// A pixel of a node's box away from its text and bar.
inline transit::viewer::Colour node_pixel(const transit::viewer::Picture& p, int node) {
  auto at = live_place(node);
  return p.at(int(at.x + at.half * 0.6f), int(at.y - at.half * 0.6f));
}

}  // namespace viewer_test
