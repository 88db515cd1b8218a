// Where each transputer of a network goes on the screen, by its topology: a pipeline as a row, a
// ring as a circle, a grid or torus as a grid, a hypercube as a projection of its cube, anything
// else (topology files, .map networks) by breadth-first layers from the host's node.
#pragma once

#include <string>
#include <vector>

#include "transit/emu/network/topology.h"

namespace transit::viewer {

struct Point {
  float x = 0, y = 0;
};

struct NetworkLayout {
  std::string kind;          // "pipeline", "ring", "grid", "torus", "hypercube", "single", "layers"
  std::vector<Point> nodes;  // in the unit square
  std::vector<bool> wraps;   // by topology edge: a torus's wrap-around, drawn as stubs leaving the grid
  float spacing = 1;         // the least distance between two nodes, in the unit square
};

NetworkLayout layout_network(const network::Topology& topology);

}  // namespace transit::viewer
