// Groups, boxes and arrows of a native program's picture from its process records (process_model.h).
#include "transit/viewer/process_model.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace transit::viewer {

NodeState process_state(const std::string& state) {
  if (state == "ready" || state == "running") return NodeState::Ready;
  if (state == "input") return NodeState::Input;
  if (state == "output") return NodeState::Output;
  if (state == "alt") return NodeState::Alt;
  if (state == "timer") return NodeState::Timer;
  return NodeState::Other;
}

namespace {

int state_slot(NodeState s) { return int(s) - int(NodeState::Ready); }

// "input on channel 'c'" -> "'c'"; "" when the wait names no channel.
std::string channel_of(const std::string& waits_on) {
  auto at = waits_on.find("channel ");
  return at == std::string::npos ? "" : waits_on.substr(at + 8);
}

// "worker[17]" -> "worker": a replicated PAR's branch without its replicator index.
std::string without_index(const std::string& name) {
  if (name.empty() || name.back() != ']') return name;
  std::size_t open = name.rfind('[');
  if (open == std::string::npos || open + 2 > name.size() - 1) return name;
  for (std::size_t i = open + 1; i + 1 < name.size(); ++i)
    if (name[i] < '0' || name[i] > '9') return name;
  return name.substr(0, open);
}

}  // namespace

std::string process_kind(const ProcessRecord& p) { return without_index(p.name) + " spawned at " + p.spawned; }

ProcessModel process_model(const ProcessRecords& records, std::size_t collapse_above, const std::set<std::string>& expanded) {
  ProcessModel m;
  m.headline = records.headline;
  m.processes = records.processes.size();
  std::unordered_map<std::uint64_t, const ProcessRecord*> by_id;
  for (const ProcessRecord& p : records.processes) by_id[p.id] = &p;

  // A PAR's process waits for its branches: that is the tree. Each process that is not a PAR is a
  // box in the group of its PAR.
  std::unordered_map<std::uint64_t, std::uint64_t> parent;
  for (const ProcessRecord& p : records.processes)
    if (p.state == "par")
      for (std::uint64_t c : p.waits_for) parent[c] = p.id;
  std::map<std::uint64_t, int> group_of_par;  // the PAR's id -> its group (0: the program's top level)
  auto group_for = [&](std::uint64_t par) {
    auto [it, fresh] = group_of_par.emplace(par, int(m.groups.size()));
    if (fresh) {
      ProcessGroup g;
      if (const ProcessRecord* p = par ? by_id[par] : nullptr)
        g.label = p->name + ": PAR" + (p->site.empty() ? "" : " at " + p->site);
      else
        g.label = "program";
      m.groups.push_back(g);
    }
    return it->second;
  };

  // Boxes: one per process, or one per name and spawn site within a group when there are many.
  std::map<std::tuple<int, std::string, std::string>, std::vector<const ProcessRecord*>> kinds;
  std::vector<std::tuple<int, std::string, std::string>> order;
  for (const ProcessRecord& p : records.processes) {
    if (p.state == "par") continue;
    auto up = parent.find(p.id);
    int g = group_for(up == parent.end() ? 0 : up->second);
    auto key = std::make_tuple(g, without_index(p.name), p.spawned);
    auto& list = kinds[key];
    if (list.empty()) order.push_back(key);
    list.push_back(&p);
  }
  std::unordered_map<std::uint64_t, int> box_of;
  auto add_box = [&](int g, const std::vector<const ProcessRecord*>& members, const std::string& kind) {
    ProcessBox b;
    b.group = g;
    b.kind = kind;
    for (const ProcessRecord* p : members) {
      b.ids.push_back(p->id);
      ++b.counts[std::size_t(state_slot(process_state(p->state)))];
      b.details.push_back("#" + std::to_string(p->id) + " " + (p->waits_on.empty() ? p->state : p->waits_on) +
                          (p->site.empty() ? "" : " at " + p->site));
      box_of[p->id] = int(m.boxes.size());
    }
    if (members.size() == 1) {
      b.label = members[0]->name;
      b.site = members[0]->site;
      b.state = process_state(members[0]->state);
    } else {
      b.label = without_index(members[0]->name);
      b.site = members[0]->spawned;
      b.state = NodeState(int(NodeState::Ready) + int(std::max_element(b.counts.begin(), b.counts.end()) - b.counts.begin()));
    }
    m.groups[std::size_t(g)].boxes.push_back(int(m.boxes.size()));
    m.boxes.push_back(std::move(b));
  };
  for (const auto& key : order) {
    const auto& members = kinds[key];
    std::string kind = members.size() > collapse_above ? process_kind(*members[0]) : "";
    if (!kind.empty() && !expanded.count(kind)) add_box(std::get<0>(key), members, kind);
    else
      for (const ProcessRecord* p : members) add_box(std::get<0>(key), {p}, kind);
  }

  // The wait-for cycles: their edges, and a line each naming the processes and their lines.
  std::set<std::pair<std::uint64_t, std::uint64_t>> cycle_edges;
  for (const auto& c : records.cycles) {
    std::string line;
    for (std::size_t i = 0; i < c.size(); ++i) {
      cycle_edges.insert({c[i], c[(i + 1) % c.size()]});
      const ProcessRecord* p = by_id.count(c[i]) ? by_id[c[i]] : nullptr;
      if (!p) continue;
      std::string site = p->site.substr(p->site.rfind('/') + 1);  // the file's name, not its folder
      line += p->name + " (" + p->state + (site.empty() ? "" : " at " + site) + ") -> ";
      if (auto b = box_of.find(c[i]); b != box_of.end()) m.boxes[std::size_t(b->second)].in_cycle = true;
    }
    if (!c.empty() && by_id.count(c[0])) line += by_id[c[0]]->name;
    m.cycles.push_back(line);
  }

  // Arrows: each wait of a process on a channel, from its box to the box of the process it waits
  // for; waits between the same two boxes are one arrow.
  std::map<std::pair<int, int>, int> arrow_of;
  for (const ProcessRecord& p : records.processes) {
    if (p.state == "par") continue;
    for (std::uint64_t other : p.waits_for) {
      auto to = box_of.find(other);
      if (to == box_of.end()) continue;
      int from = box_of[p.id];
      bool red = cycle_edges.count({p.id, other}) > 0;
      auto [it, fresh] = arrow_of.emplace(std::make_pair(from, to->second), int(m.arrows.size()));
      if (fresh) m.arrows.push_back({from, to->second, process_state(p.state), 0, false, channel_of(p.waits_on)});
      ProcessArrow& a = m.arrows[std::size_t(it->second)];
      ++a.count;
      a.in_cycle |= red;
    }
  }
  return m;
}

}  // namespace transit::viewer
