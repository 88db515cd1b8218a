// The picture of a network frame: nodes where the layout puts them, coloured by state with their
// utilisation, links as lines whose width and colour grow with their traffic, an arrow head for
// each direction that carries data, a deadlock's chains of waits in red, a legend, the node
// clicked on with its state, and the status bar.
#pragma once

#include "transit/viewer/network_frame.h"
#include "transit/viewer/network_layout.h"
#include "transit/viewer/scene.h"

namespace transit::viewer {

struct NetworkSceneOptions {
  int width = 1024, height = 768;
  std::string controls;  // a status line for the keys (live windows), empty for pictures
};

Scene network_scene(const network::Topology& topology, const NetworkLayout& layout, const NetworkFrame& frame,
                    const NetworkSceneOptions& options);

// Where node `i` is drawn in a scene of that size (its box's centre and half its side), for hit
// tests and the tests' pixel checks.
struct NodePlace {
  float x, y, half;
};
NodePlace node_place(const NetworkLayout& layout, int i, const NetworkSceneOptions& options, bool detail_panel);

}  // namespace transit::viewer
