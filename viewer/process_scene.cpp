// Draws a native program's processes as a scene (process_scene.h).
#include "transit/viewer/process_scene.h"

#include <algorithm>
#include <cmath>

namespace transit::viewer {

namespace {

constexpr float kBoxW = 150, kBoxH = 40, kGap = 14, kTitle = 20, kPad = 10, kTop = 34;
constexpr int kColumnsPerGroup = 6;
constexpr std::size_t kBoxColumns = 22;    // characters of the small font across a box
constexpr std::size_t kCycleColumns = 120;  // characters of a cycle's line of text

// "examples/f.occ:3:5" -> "line 3:5": a box has room for the line (the group names the file).
std::string short_site(const std::string& site) {
  auto slash = site.rfind('/');
  auto colon = site.find(':', slash == std::string::npos ? 0 : slash);
  return colon == std::string::npos ? site : "line " + site.substr(colon + 1);
}

std::string fit(const std::string& s, std::size_t columns) {
  return s.size() <= columns ? s : s.substr(0, columns - 2) + "..";
}

struct Rect {
  float x, y, w, h;
};

}  // namespace

Scene process_scene(const ProcessModel& m, const ProcessSceneOptions& o, ProcessPlaces* places) {
  Scene s;
  s.width = o.width;
  s.height = o.height;
  int status_lines = 1 + !o.controls.empty() + !o.step.empty();
  // The cycles' text, each wrapped over lines, four lines at most.
  std::vector<std::string> cycle_text;
  for (const std::string& c : m.cycles)
    for (std::size_t at = 0; at < c.size() && cycle_text.size() < 4;) {
      std::size_t end = at + kCycleColumns >= c.size() ? c.size() : c.rfind(' ', at + kCycleColumns);
      if (end == std::string::npos || end <= at) end = std::min(c.size(), at + kCycleColumns);
      cycle_text.push_back((at ? "    " : "wait-for cycle: ") + c.substr(at, end - at));
      at = end + (end < c.size() && c[end] == ' ');
    }
  float cycle_lines = float(cycle_text.size());
  float bottom = float(o.height) - float(status_lines * kStatusLineHeight + 4) - cycle_lines * 18 - 8;

  // The groups' panels in rows, left to right, at unit scale; then scaled down to fit if need be.
  std::vector<Rect> panel(m.groups.size());
  std::vector<Box> box(m.boxes.size());
  float x = kPad, y = 0, row_h = 0, width = float(o.width) - 2 * kPad, used_w = 0;
  for (std::size_t g = 0; g < m.groups.size(); ++g) {
    int n = int(m.groups[g].boxes.size());
    // Six columns; a group of many (an expanded replicated PAR) about twice as wide as it is high.
    int cols = std::max(1, std::min(n, std::max(kColumnsPerGroup, int(std::ceil(std::sqrt(2.0 * n))))));
    int rows = (n + cols - 1) / cols;
    Rect r{0, 0, cols * (kBoxW + kGap) + kGap, kTitle + rows * (kBoxH + kGap) + kGap};
    r.w = std::max(r.w, 8.0f * float(m.groups[g].label.size()) + 2 * kGap);
    if (x > kPad && x + r.w > width) x = kPad, y += row_h + kGap, row_h = 0;
    r.x = x, r.y = y;
    x += r.w + kGap;
    row_h = std::max(row_h, r.h);
    used_w = std::max(used_w, r.x + r.w);
    panel[g] = r;
    for (int i = 0; i < n; ++i) {
      int b = m.groups[g].boxes[std::size_t(i)];
      box[std::size_t(b)] = Box{r.x + kGap + float(i % cols) * (kBoxW + kGap), r.y + kTitle + kGap + float(i / cols) * (kBoxH + kGap),
                                kBoxW, kBoxH, colour_of(m.boxes[std::size_t(b)].state), kInk, b};
    }
  }
  float total_h = y + row_h;
  float scale = std::min({1.0f, (bottom - kTop) / std::max(total_h, 1.0f), (float(o.width) - kPad) / std::max(used_w, 1.0f)});
  auto place = [&](float& px, float& py, float& w, float& h) {
    px *= scale, py = kTop + py * scale, w *= scale, h *= scale;
  };
  for (Rect& r : panel) place(r.x, r.y, r.w, r.h);
  for (Box& b : box) place(b.x, b.y, b.w, b.h);

  for (std::size_t g = 0; g < m.groups.size(); ++g) {
    const Rect& r = panel[g];
    s.backdrops.push_back({r.x, r.y, r.w, r.h, Colour{238, 240, 244}, Colour{150, 150, 160}, -1});
    s.texts.push_back({r.x + 6, r.y + 3, m.groups[g].label, kInk, true});
  }

  // Arrows: from the waiting box to the one it waits for, in the wait's colour (red on a cycle).
  for (const ProcessArrow& a : m.arrows) {
    const Box &f = box[std::size_t(a.from)], &t = box[std::size_t(a.to)];
    Line l = line_between(f.x + f.w / 2, f.y + f.h / 2, f.w / 2, f.h / 2, t.x + t.w / 2, t.y + t.h / 2, t.w / 2, t.h / 2,
                          a.in_cycle ? 0.0f : 3.0f);
    l.colour = a.in_cycle ? kDeadlockRed : colour_of(a.kind);
    l.width = a.in_cycle ? 4.0f : std::min(6.0f, 1.5f + std::log2(float(a.count)));
    l.arrow = true;
    s.lines.push_back(l);
    if (a.in_cycle && !a.channel.empty())
      s.texts.push_back({(l.x0 + l.x1) / 2 + 4, (l.y0 + l.y1) / 2 - 16, a.channel, kDeadlockRed, true});
  }

  // A trace's step: an arrow from the process that output to the one that input, their boxes framed.
  auto box_with = [&](std::uint64_t id) {
    for (std::size_t i = 0; i < m.boxes.size(); ++i)
      if (std::find(m.boxes[i].ids.begin(), m.boxes[i].ids.end(), id) != m.boxes[i].ids.end()) return int(i);
    return -1;
  };
  int writer = o.step_writer ? box_with(o.step_writer) : -1, reader = o.step_reader ? box_with(o.step_reader) : -1;
  if (writer >= 0 && reader >= 0 && writer != reader) {
    const Box &f = box[std::size_t(writer)], &t = box[std::size_t(reader)];
    Line l = line_between(f.x + f.w / 2, f.y + f.h / 2, f.w / 2, f.h / 2, t.x + t.w / 2, t.y + t.h / 2, t.w / 2, t.h / 2, -4.0f);
    l.colour = kStepHighlight;
    l.width = 4;
    l.arrow = true;
    s.lines.push_back(l);
    if (!o.step_channel.empty())
      s.texts.push_back({(l.x0 + l.x1) / 2 + 4, (l.y0 + l.y1) / 2 + 2, o.step_channel, kStepHighlight, true});
  }

  // Boxes: the state's colour (a red border on a cycle), the name, the line, a collapsed box's bar.
  for (std::size_t i = 0; i < m.boxes.size(); ++i) {
    const ProcessBox& pb = m.boxes[i];
    Box b = box[i];
    if (int(i) == writer || int(i) == reader)
      s.boxes.push_back({b.x - 5, b.y - 5, b.w + 10, b.h + 10, kStepHighlight, kStepHighlight, -1});
    if (pb.in_cycle || (o.blocked_red && pb.state != NodeState::Ready)) {
      s.boxes.push_back({b.x - 2, b.y - 2, b.w + 4, b.h + 4, kDeadlockRed, kDeadlockRed, -1});
      b.border = kDeadlockRed;
    }
    s.boxes.push_back(b);
    if (pb.ids.size() > 1) {  // the states of its processes, as a bar along the bottom
      float bx = b.x + 1, total = float(pb.ids.size());
      for (int k = 0; k < kProcessStates; ++k) {
        if (!pb.counts[std::size_t(k)]) continue;
        float w = (b.w - 2) * float(pb.counts[std::size_t(k)]) / total;
        Colour c = colour_of(NodeState(int(NodeState::Ready) + k));
        s.boxes.push_back({bx, b.y + b.h - 7 * scale, w, 6 * scale, c, c, int(i)});
        bx += w;
      }
    }
    if (scale > 0.55f) {
      std::string count = pb.ids.size() > 1 ? " x " + std::to_string(pb.ids.size()) : "";
      s.texts.push_back({b.x + 4, b.y + 2, fit(pb.label, kBoxColumns - count.size()) + count, kInk, true});
      s.texts.push_back({b.x + 4, b.y + 17 * scale, fit(short_site(pb.site), kBoxColumns), kInk, true});
    }
  }

  // The legend.
  float lx = 8;
  for (NodeState st : {NodeState::Ready, NodeState::Input, NodeState::Output, NodeState::Alt, NodeState::Timer,
                       NodeState::Other}) {
    s.boxes.push_back({lx, 8, 14, 14, colour_of(st), kInk, -1});
    s.texts.push_back({lx + 18, 6, std::string(style_of(st).name), kInk, false});
    lx += 26 + 8.5f * float(style_of(st).name.size());
  }

  // The cycles, with their occam lines.
  float cy = bottom + 4;
  for (const std::string& line : cycle_text) {
    s.texts.push_back({8, cy, line, kDeadlockRed, false});
    cy += 18;
  }

  // The box clicked on: its processes, what each waits on and where, in a panel at the bottom right.
  if (o.selected >= 0 && std::size_t(o.selected) < m.boxes.size()) {
    const ProcessBox& pb = m.boxes[std::size_t(o.selected)];
    std::vector<std::string> lines{pb.label + (pb.ids.size() > 1 ? " x " + std::to_string(pb.ids.size()) : "")};
    for (const std::string& d : pb.details) {
      if (lines.size() >= 12) break;
      lines.push_back(fit(d, 64));
    }
    float h = float(lines.size()) * 15 + 10, w = 460, px = float(o.width) - w - 8, py = bottom - h - 4;
    s.boxes.push_back({px, py, w, h, Colour{255, 255, 240}, kInk, -1});
    for (std::size_t i = 0; i < lines.size(); ++i) s.texts.push_back({px + 6, py + 4 + 15 * float(i), lines[i], kInk, true});
    Box& chosen = box[std::size_t(o.selected)];
    s.boxes.push_back({chosen.x - 3, chosen.y - 3, chosen.w + 6, 3, kSelected, kSelected, -1});
  }

  if (!o.step.empty()) s.status.push_back(o.step);
  s.status.push_back(o.title + ": " + m.headline + ", " + std::to_string(m.processes) + " live processes in " +
                     std::to_string(m.boxes.size()) + " boxes" +
                     (m.cycles.empty() ? "" : ", " + std::to_string(m.cycles.size()) + " wait-for cycles in red"));
  if (!o.controls.empty()) s.status.push_back(o.controls);
  if (places) places->boxes = box;
  return s;
}

}  // namespace transit::viewer
