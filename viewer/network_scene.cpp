// Draws a network frame as a scene (network_scene.h).
#include "transit/viewer/network_scene.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace transit::viewer {

namespace {

constexpr float kLegendHeight = 28;
constexpr float kMargin = 50;
constexpr float kDetailWidth = 330;
constexpr std::size_t kDetailColumns = 46;  // characters of the small font on a line of the panel

Colour mix(Colour a, Colour b, double t) {
  auto m = [t](std::uint8_t x, std::uint8_t y) { return std::uint8_t(std::lround(x + (y - x) * t)); };
  return {m(a.r, b.r), m(a.g, b.g), m(a.b, b.b)};
}

int status_lines(const NetworkSceneOptions& o) { return o.controls.empty() ? 1 : 2; }

std::string fixed(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

Line between(NodePlace a, NodePlace b, float offset) {
  return line_between(a.x, a.y, a.half, a.half, b.x, b.y, b.half, b.half, offset);
}

}  // namespace

NodePlace node_place(const NetworkLayout& layout, int i, const NetworkSceneOptions& o, bool detail_panel) {
  float left = kMargin, top = kLegendHeight + kMargin;
  float right = float(o.width) - kMargin - (detail_panel ? kDetailWidth : 0);
  float bottom = float(o.height) - float(status_lines(o) * kStatusLineHeight + 4) - kMargin;
  float w = std::max(right - left, 1.0f), h = std::max(bottom - top, 1.0f);
  float spacing = layout.spacing * std::min(w, h);
  float half = std::clamp(spacing * 0.3f, 4.0f, 40.0f);
  // Boxes stay inside the margins: the layout's unit square shrinks by a box on each side.
  left += half, top += half;
  w = std::max(w - 2 * half, 1.0f), h = std::max(h - 2 * half, 1.0f);
  const Point& p = layout.nodes[std::size_t(i)];
  return {left + p.x * w, top + p.y * h, half};
}

Scene network_scene(const network::Topology& topology, const NetworkLayout& layout, const NetworkFrame& frame,
                    const NetworkSceneOptions& o) {
  Scene s;
  s.width = o.width;
  s.height = o.height;
  bool panel = frame.selected >= 0;
  std::vector<NodePlace> at;
  for (int i = 0; i < topology.nodes; ++i) at.push_back(node_place(layout, i, o, panel));

  // Links: a thin grey line when quiet; else a line per direction that carries data, its width
  // and colour by the share of a link's capacity it used, an arrow head where the bytes go.
  for (std::size_t e = 0; e < topology.edges.size(); ++e) {
    const network::Edge& edge = topology.edges[e];
    NodePlace a = at[std::size_t(edge.a.node)], b = at[std::size_t(edge.b.node)];
    auto rate = e < frame.edge_rate.size() ? frame.edge_rate[e] : std::array<double, 2>{0, 0};
    if (layout.wraps[e]) {
      // A torus's wrap-around: a stub out of each end, away from the other.
      double share = std::min(1.0, std::max(rate[0], rate[1]) / frame.link_bytes_per_second);
      Colour c = share > 0 ? mix(kQuietLink, kBusyLink, 0.3 + 0.7 * share) : kQuietLink;
      float width = share > 0 ? float(2 + 5 * share) : 1.0f;
      for (auto [from, to] : {std::pair{a, b}, std::pair{b, a}}) {
        float dx = from.x - to.x, dy = from.y - to.y, len = std::max(std::sqrt(dx * dx + dy * dy), 1e-3f);
        float ux = dx / len, uy = dy / len, reach = from.half + 22;
        s.lines.push_back({from.x + ux * from.half, from.y + uy * from.half, from.x + ux * reach, from.y + uy * reach, c,
                           width, false});
      }
      continue;
    }
    if (rate[0] <= 0 && rate[1] <= 0) {
      Line l = between(a, b, 0);
      l.colour = kQuietLink;
      s.lines.push_back(l);
      continue;
    }
    for (int dir = 0; dir < 2; ++dir) {
      if (rate[std::size_t(dir)] <= 0) continue;
      double share = std::min(1.0, rate[std::size_t(dir)] / frame.link_bytes_per_second);
      Line l = dir == 0 ? between(a, b, 3) : between(b, a, 3);
      l.colour = mix(kQuietLink, kBusyLink, 0.3 + 0.7 * share);
      l.width = float(2 + 5 * share);
      l.arrow = true;
      s.lines.push_back(l);
    }
  }

  // A deadlock's chains: each wait from the waiting end towards the end it faces, in red.
  std::vector<bool> in_chain(std::size_t(topology.nodes), false);
  for (const network::WaitChain& c : frame.chains)
    for (std::size_t k = 0; k + 1 < c.path.size(); k += 2) {
      Line l = between(at[std::size_t(c.path[k].node)], at[std::size_t(c.path[k + 1].node)], 0);
      l.colour = kDeadlockRed;
      l.width = 4;
      l.arrow = true;
      s.lines.push_back(l);
      in_chain[std::size_t(c.path[k].node)] = in_chain[std::size_t(c.path[k + 1].node)] = true;
    }

  // Nodes: the state's colour, a dark bar along the bottom for the utilisation, the number.
  for (int i = 0; i < topology.nodes; ++i) {
    const NodePlace& p = at[std::size_t(i)];
    NodeView v = std::size_t(i) < frame.nodes.size() ? frame.nodes[std::size_t(i)] : NodeView{};
    Colour border = in_chain[std::size_t(i)] ? kDeadlockRed : (i == frame.selected ? kSelected : kInk);
    if (in_chain[std::size_t(i)] || i == frame.selected)
      s.boxes.push_back({p.x - p.half - 2, p.y - p.half - 2, 2 * p.half + 4, 2 * p.half + 4, border, border, -1});
    s.boxes.push_back({p.x - p.half, p.y - p.half, 2 * p.half, 2 * p.half, colour_of(v.state), border, i});
    float bar = std::max(2.0f, p.half * 0.25f);
    if (v.utilisation > 0)
      s.boxes.push_back({p.x - p.half + 1, p.y + p.half - bar - 1, float((2 * p.half - 2) * v.utilisation), bar,
                         mix(colour_of(v.state), kInk, 0.6), mix(colour_of(v.state), kInk, 0.6), i});
    if (p.half >= 12) s.texts.push_back({p.x - p.half + 3, p.y - p.half + 2, std::to_string(i), kInk, true});
    if (p.half >= 22)
      s.texts.push_back({p.x - p.half + 3, p.y - 4, fixed("%.0f%%", 100 * v.utilisation), kInk, true});
  }

  // The legend: the states a transputer can be in.
  float x = 8;
  for (NodeState st : {NodeState::RunningHigh, NodeState::RunningLow, NodeState::WaitingLink, NodeState::Idle,
                       NodeState::Finished, NodeState::Failed}) {
    s.boxes.push_back({x, 8, 14, 14, colour_of(st), kInk, -1});
    s.texts.push_back({x + 18, 6, std::string(style_of(st).name), kInk, false});
    x += 26 + 8.5f * float(style_of(st).name.size());
  }

  // The node clicked on: its state report in a panel on the right.
  if (panel) {
    float px = float(o.width) - kDetailWidth + 10, py = kLegendHeight + 10;
    s.texts.push_back({px, py, "node " + std::to_string(frame.selected) + ": " +
                                   std::string(style_of(frame.nodes[std::size_t(frame.selected)].state).name), kInk, false});
    py += 20;
    std::size_t start = 0;
    while (start < frame.detail.size() && py < float(o.height) - 60) {
      std::size_t end = frame.detail.find('\n', start);
      if (end == std::string::npos) end = frame.detail.size();
      // Long lines go on over the next, indented.
      for (std::size_t at = start; at < end && py < float(o.height) - 60; at += kDetailColumns) {
        std::string part = frame.detail.substr(at, std::min(kDetailColumns, end - at));
        s.texts.push_back({px + (at == start ? 0.0f : 16.0f), py, part, kInk, true});
        py += 15;
      }
      start = end + 1;
    }
  }

  double sim = double(frame.at) / frame.clock_hz;
  std::string status = topology.name + ", " + std::to_string(topology.nodes) + (topology.nodes == 1 ? " node: " : " nodes: ") + frame.outcome +
                       "   simulated " + fixed("%.6f s", sim) + " (cycle " + std::to_string(frame.at) + ")";
  if (frame.sim_per_wall > 0)
    status += "   simulated/wall " + fixed("%.3f", frame.sim_per_wall) + "   " + fixed("%.1f MIPS", frame.mips);
  s.status.push_back(status);
  if (!o.controls.empty()) s.status.push_back(o.controls);
  return s;
}

}  // namespace transit::viewer
