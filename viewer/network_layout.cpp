// Node positions by topology (network_layout.h).
#include "transit/viewer/network_layout.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <numbers>

namespace transit::viewer {

namespace {

using network::Topology;

// "grid:4x8" -> {4, 8}; false when the name is not "KIND:WxH".
bool two_numbers(const std::string& name, int& w, int& h) {
  auto colon = name.find(':');
  return colon != std::string::npos && std::sscanf(name.c_str() + colon + 1, "%dx%d", &w, &h) == 2;
}

// Breadth-first layers from the host's node: layer k in column k, its nodes spread down it.
void layers(const Topology& t, NetworkLayout& l) {
  int n = t.nodes;
  std::vector<std::vector<int>> next(static_cast<std::size_t>(n));
  for (const auto& e : t.edges) {
    next[std::size_t(e.a.node)].push_back(e.b.node);
    next[std::size_t(e.b.node)].push_back(e.a.node);
  }
  std::vector<int> depth(std::size_t(n), -1);
  int root = t.host ? t.host->node : 0;
  std::deque<int> todo{root};
  depth[std::size_t(root)] = 0;
  int deepest = 0;
  while (!todo.empty()) {
    int v = todo.front();
    todo.pop_front();
    for (int w : next[std::size_t(v)])
      if (depth[std::size_t(w)] < 0) {
        depth[std::size_t(w)] = depth[std::size_t(v)] + 1;
        deepest = std::max(deepest, depth[std::size_t(w)]);
        todo.push_back(w);
      }
  }
  for (int& d : depth)
    if (d < 0) d = deepest + 1;  // not reachable from the root: a column of their own
  int columns = *std::max_element(depth.begin(), depth.end()) + 1;
  std::vector<std::vector<int>> column(static_cast<std::size_t>(columns));
  for (int v = 0; v < n; ++v) column[std::size_t(depth[std::size_t(v)])].push_back(v);
  std::size_t tallest = 1;
  for (const auto& c : column) tallest = std::max(tallest, c.size());
  for (int c = 0; c < columns; ++c) {
    const auto& members = column[std::size_t(c)];
    for (std::size_t k = 0; k < members.size(); ++k)
      l.nodes[std::size_t(members[k])] = {columns == 1 ? 0.5f : float(c) / float(columns - 1),
                                          float(k + 1) / float(members.size() + 1)};
  }
  l.spacing = std::min(columns == 1 ? 1.0f : 1.0f / float(columns - 1), 1.0f / float(tallest + 1));
}

}  // namespace

NetworkLayout layout_network(const Topology& t) {
  NetworkLayout l;
  l.nodes.resize(std::size_t(t.nodes));
  l.wraps.assign(t.edges.size(), false);
  const std::string kind = t.name.substr(0, t.name.find(':'));
  int n = t.nodes, w = 0, h = 0;
  if (n == 1) {
    l.kind = "single";
    l.nodes[0] = {0.5f, 0.5f};
  } else if (kind == "pipeline") {
    l.kind = kind;
    for (int i = 0; i < n; ++i) l.nodes[std::size_t(i)] = {float(i) / float(n - 1), 0.5f};
    l.spacing = 1.0f / float(n - 1);
  } else if (kind == "ring") {
    l.kind = kind;
    for (int i = 0; i < n; ++i) {
      double a = 2 * std::numbers::pi * i / n - std::numbers::pi / 2;
      l.nodes[std::size_t(i)] = {float(0.5 + 0.5 * std::cos(a)), float(0.5 + 0.5 * std::sin(a))};
    }
    l.spacing = float(std::sin(std::numbers::pi / n));
  } else if ((kind == "grid" || kind == "torus") && two_numbers(t.name, w, h) && w * h == n) {
    l.kind = kind;
    for (int i = 0; i < n; ++i)
      l.nodes[std::size_t(i)] = {w == 1 ? 0.5f : float(i % w) / float(w - 1), h == 1 ? 0.5f : float(i / w) / float(h - 1)};
    l.spacing = 1.0f / float(std::max(w, h) - 1);
    for (std::size_t e = 0; e < t.edges.size(); ++e) {
      int a = t.edges[e].a.node, b = t.edges[e].b.node;
      l.wraps[e] = std::abs(a % w - b % w) + std::abs(a / w - b / w) > 1;
    }
  } else if (kind == "hypercube") {
    l.kind = kind;
    // One direction per dimension: a square, a second square inside it, the 4-cube's two side by side.
    const Point dims[4] = {{1, 0}, {0, 1}, {0.35f, 0.3f}, {1.9f, 0}};
    float maxx = 0, maxy = 0;
    for (int i = 0; i < n; ++i) {
      Point p;
      for (int d = 0; d < 4; ++d)
        if (i & (1 << d)) p.x += dims[d].x, p.y += dims[d].y;
      l.nodes[std::size_t(i)] = p;
      maxx = std::max(maxx, p.x), maxy = std::max(maxy, p.y);
    }
    float scale = std::max(maxx, maxy);
    for (Point& p : l.nodes) p = {p.x / scale, p.y / scale};
    l.spacing = 0.3f / scale;
  } else {
    l.kind = "layers";
    layers(t, l);
  }
  return l;
}

}  // namespace transit::viewer
