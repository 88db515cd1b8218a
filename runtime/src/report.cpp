// Inspection and deadlock reports: walk the PAR tree from the root process, describe what each
// live process waits on (its partners from the declared channel ends, else the last seen), and
// find the cycles of the wait-for graph.
#include <algorithm>
#include <cstdio>
#include <deque>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "attach_server.h"
#include "transit/process_records.h"
#include "scheduler.h"
#include "transit/alt.h"
#include "transit/ends.h"
#include "transit/inspect.h"
#include "transit/proc.h"
#include "transit/shared_channel.h"

namespace transit::detail {

std::atomic<int> inspection_requested{0};

namespace {

// "transit::Proc ns::worker(int, Channel<int>&)" -> "ns::worker"
std::string function_short_name(const char* signature) {
  std::string s = signature ? signature : "";
  std::size_t open = s.find('(');
  if (open == std::string::npos) return s;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = open; i-- > 0;) {
    char c = s[i];
    if (c == '>') ++depth;
    else if (c == '<') --depth;
    else if (c == ' ' && depth == 0) {
      start = i + 1;
      break;
    }
  }
  std::string name = s.substr(start, open - start);
  for (std::size_t at; (at = name.find("{anonymous}::")) != std::string::npos;) name.erase(at, 13);
  if (s.find("<lambda") != std::string::npos) name += " (lambda)";
  return name;
}

}  // namespace

// Also used by traces (attach_trace.cpp).
std::string channel_label(const char* name, const void* address) {
  if (name) return std::string("'") + name + "'";
  char buf[40];
  std::snprintf(buf, sizeof buf, "channel@%p", address);
  return buf;
}

std::string process_name(const Process& p) {
  std::string name = p.spawn.process ? p.spawn.process : function_short_name(p.origin.function_name());
  if (p.replicator != no_replicator) name += "[" + std::to_string(p.replicator) + "]";
  return name;
}

namespace {

// Who holds each channel end: the processes' declarations (ends.h), the innermost live declarer
// winning, so a waiting process's partner is known even before the partner has used its end.
class Holders {
 public:
  // `tree`: every live process with its parent (null for the root), parents first.
  explicit Holders(const std::vector<std::pair<const Process*, const Process*>>& tree) {
    for (const auto& [p, parent] : tree) {
      std::size_t depth = parent ? depth_[parent->id] + 1 : 0;
      depth_[p->id] = depth;
      parent_[p->id] = parent ? parent->id : 0;
      if (!p->held) continue;
      for (const ChannelEnd* e = p->held; e->first != nullptr; ++e) {
        // A single channel ranks above a whole array declared at the same depth.
        std::size_t rank = depth * 2 + (e->count == 1 ? 1 : 0);
        for (std::uint32_t k = 0; k < e->count; ++k) {
          const void* core = static_cast<const char*>(e->first) + std::size_t(k) * e->stride;
          auto [it, fresh] = holder_.try_emplace({core, e->writer}, Holder{p->id, rank});
          if (!fresh && rank > it->second.rank) it->second = Holder{p->id, rank};
        }
      }
    }
  }

  // The process at the other end of `core` from waiting process `self`: the declared holder,
  // else (or when the last process seen at that end is inside the holder) `last_seen`.
  std::uint64_t other_end(const void* core, bool writer, std::uint64_t self, std::uint64_t last_seen) const {
    auto it = holder_.find({core, writer});
    if (it == holder_.end()) return last_seen;
    std::uint64_t h = it->second.id;
    if (last_seen && depth_.count(last_seen) && inside(last_seen, h)) return last_seen;
    if (inside(self, h)) return last_seen;  // the holder is self or an ancestor: it does not say who
    return h;
  }

 private:
  struct Holder {
    std::uint64_t id;
    std::size_t rank;
  };
  // p is `ancestor` or inside its subtree.
  bool inside(std::uint64_t p, std::uint64_t ancestor) const {
    for (std::uint64_t q = p; q != 0;) {
      if (q == ancestor) return true;
      auto it = parent_.find(q);
      q = it == parent_.end() ? 0 : it->second;
    }
    return false;
  }
  std::map<std::pair<const void*, bool>, Holder> holder_;
  std::map<std::uint64_t, std::size_t> depth_;
  std::map<std::uint64_t, std::uint64_t> parent_;
};

void describe(const Process& p, ProcessInfo& info, const Holders& holders) {
  switch (p.wait_kind) {
    case wait_channel: {
      auto* ch = static_cast<const ChannelCore*>(p.waiting_on);
      bool in = p.state == State::input;
      info.waits_on = std::string(in ? "input on channel " : "output on channel ") + channel_label(ch->name, ch);
      std::uint64_t other = holders.other_end(ch, in, p.id, in ? ch->last_writer : ch->last_reader);
      if (other && other != p.id) info.waits_for.push_back(other);
      break;
    }
    case wait_shared_channel: {
      auto* ch = static_cast<const SharedChannelCore*>(p.waiting_on);
      bool in = p.state == State::input;
      info.waits_on = std::string(in ? "input on shared channel " : "output on shared channel ") + channel_label(ch->name, ch);
      std::uint64_t other = in ? ch->last_writer : ch->last_reader;
      if (other && other != p.id) info.waits_for.push_back(other);
      break;
    }
    case wait_alt: {
      auto* alt = static_cast<const AltCore*>(p.waiting_on);
      if (p.state == State::stopped) {
        info.waits_on = "ALT with every precondition false (STOP)";
        break;
      }
      std::string s = "ALT over:";
      bool first = true;
      for (std::size_t i = 0; i < alt->count; ++i) {
        const AltGuard& g = alt->guards[i];
        if (!g.enabled) continue;
        s += first ? " " : ", ";
        first = false;
        switch (g.kind) {
          case AltGuard::input: {
            auto* ch = static_cast<const ChannelCore*>(g.channel);
            s += channel_label(ch->name, ch) + "?";
            std::uint64_t writer = holders.other_end(ch, true, p.id, ch->last_writer);
            if (writer && writer != p.id) info.waits_for.push_back(writer);
            break;
          }
          case AltGuard::shared_input: {
            auto* ch = static_cast<const SharedChannelCore*>(g.channel);
            s += channel_label(ch->name, ch) + "?";
            if (ch->last_writer && ch->last_writer != p.id) info.waits_for.push_back(ch->last_writer);
            break;
          }
          case AltGuard::writer_ready: {
            auto* ch = static_cast<const ChannelCore*>(g.channel);
            s += "a writer on " + channel_label(ch->name, ch);
            std::uint64_t writer = holders.other_end(ch, true, p.id, ch->last_writer);
            if (writer && writer != p.id) info.waits_for.push_back(writer);
            break;
          }
          case AltGuard::timeout:
            s += "AFTER " + std::to_string(g.deadline);
            break;
          case AltGuard::skip:
            s += "SKIP";
            break;
        }
      }
      info.waits_on = s;
      break;
    }
    case wait_par: {
      auto* join = static_cast<const ParJoin*>(p.waiting_on);
      std::size_t running = 0;
      for (std::size_t i = 0; i < join->count; ++i) {
        if (join->children[i].state != State::ended) {
          ++running;
          info.waits_for.push_back(join->children[i].id);
        }
      }
      info.waits_on = "PAR: " + std::to_string(running) + " of " + std::to_string(join->count) + " branches still running";
      break;
    }
    case wait_timer:
      info.waits_on = "timer AFTER " + std::to_string(static_cast<const TimerNode*>(p.waiting_on)->deadline);
      break;
    default:
      if (p.state == State::stopped) info.waits_on = "STOP";
      else if (p.state == State::external) info.waits_on = "an outside event (blocking call)";
      break;
  }
  std::sort(info.waits_for.begin(), info.waits_for.end());
  info.waits_for.erase(std::unique(info.waits_for.begin(), info.waits_for.end()), info.waits_for.end());
}

bool is_blocked(State s) { return s != State::ready && s != State::running && s != State::ended; }

}  // namespace

// "file:line:column"; a place with no source line (the console processes of an occam program) is its name.
std::string site_text(const Site& s) {
  if (!s.file) return "?";
  if (s.line == 0) return s.file;
  return std::string(s.file) + ":" + std::to_string(s.line) + ":" + std::to_string(s.column);
}

// The call sites of the Procs a process is inside, outermost first: from its root frame (always a
// Proc) down the callee links its calls keep.
std::vector<Site> call_chain(const Process& p) {
  std::vector<Site> calls;
  if (!p.root) return calls;
  for (Proc::Handle h = Proc::Handle::from_address(p.root.address()); h.promise().callee;) {
    h = h.promise().callee;
    if (const Site* s = h.promise().call_site()) calls.push_back(*s);
  }
  return calls;
}

std::vector<Site> current_calls() {
  const Process* p = tls_current;
  return p ? call_chain(*p) : std::vector<Site>{};
}

std::vector<ProcessInfo> snapshot_from(const Process& root) {
  // Every live process with its parent, parents first (depth-first, branches in order).
  std::vector<std::pair<const Process*, const Process*>> tree;
  std::vector<std::pair<const Process*, const Process*>> stack{{&root, nullptr}};
  while (!stack.empty()) {
    auto [p, parent] = stack.back();
    stack.pop_back();
    if (p->state == State::ended) continue;
    tree.emplace_back(p, parent);
    if (p->state == State::par && p->wait_kind == wait_par) {
      auto* join = static_cast<const ParJoin*>(p->waiting_on);
      for (std::size_t i = join->count; i-- > 0;) stack.emplace_back(&join->children[i], p);
    }
  }
  const Holders holders(tree);
  std::vector<ProcessInfo> out;
  for (const auto& [p, parent] : tree) {
    ProcessInfo info;
    info.id = p->id;
    info.name = process_name(*p);
    info.state = state_name(p->state);
    info.spawned = p->spawn;
    if (p->state != State::running) info.calls = call_chain(*p);
    if (is_blocked(p->state)) {
      if (p->wait_site) info.site = p->wait_site->get();
      describe(*p, info, holders);
    }
    out.push_back(std::move(info));
  }
  return out;
}

// Called with the world stopped.
void print_inspection(int requests) noexcept {
  try {
    if (requests & inspection_for_sigquit)
      std::cerr << "transit: live processes:\n" << format_processes(snapshot_from(active_scheduler->root)) << std::flush;
    if (requests & inspection_for_attach)
      if (AttachServer* server = attach_server.load(std::memory_order_acquire))
        server->answer_later(snapshot_from(active_scheduler->root), attach_headline(*active_scheduler));
    if (requests & inspection_for_records)
      if (AttachServer* server = attach_server.load(std::memory_order_acquire))
        server->answer_records_later(snapshot_from(active_scheduler->root));
  } catch (...) {
  }
}

}  // namespace transit::detail

namespace transit {

std::vector<ProcessInfo> snapshot() {
  if (!detail::active_scheduler) return {};
  std::vector<ProcessInfo> result;
  detail::active_scheduler->with_world_stopped([&] { result = detail::snapshot_from(detail::active_scheduler->root); });
  return result;
}

void inspect(std::ostream& out) { out << format_processes(snapshot()); }

std::string calls_text(const Site& site, const std::vector<Site>& calls) {
  std::string s;
  const Site* at = &site;
  for (std::size_t i = calls.size(); i-- > 0;) {
    if (at->process) s += std::string(" in ") + at->process;
    s += ", called at " + detail::site_text(calls[i]);
    at = &calls[i];
  }
  if (!calls.empty() && at->process) s += std::string(" in ") + at->process;
  return s;
}

std::string format_processes(const std::vector<ProcessInfo>& processes) {
  std::map<std::uint64_t, const ProcessInfo*> by_id;
  for (const ProcessInfo& p : processes) by_id[p.id] = &p;
  std::ostringstream out;
  for (const ProcessInfo& p : processes) {
    out << "  #" << p.id << " " << p.name << " [" << p.state << "]";
    if (!p.waits_on.empty()) out << " " << p.waits_on;
    if (p.site.file) out << " at " << detail::site_text(p.site) << calls_text(p.site, p.calls);
    out << " (spawned at " << detail::site_text(p.spawned) << ")";
    if (!p.waits_for.empty()) {
      out << "; waits for";
      const char* sep = " ";
      for (std::uint64_t id : p.waits_for) {
        auto it = by_id.find(id);
        out << sep << "#" << id << (it == by_id.end() ? " (ended)" : " " + it->second->name);
        sep = ", ";
      }
    }
    out << "\n";
  }
  return out.str();
}

std::vector<std::vector<std::uint64_t>> wait_for_cycles(const std::vector<ProcessInfo>& processes) {
  // Tarjan's strongly connected components; then one cycle through the smallest id of each
  // non-trivial component, found by breadth-first search (so it is a shortest one).
  std::map<std::uint64_t, std::size_t> index_of;
  for (std::size_t i = 0; i < processes.size(); ++i) index_of[processes[i].id] = i;
  const std::size_t n = processes.size();
  std::vector<std::vector<std::size_t>> edges(n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::uint64_t id : processes[i].waits_for)
      if (auto it = index_of.find(id); it != index_of.end()) edges[i].push_back(it->second);

  std::vector<int> index(n, -1), low(n, 0), component(n, -1);
  std::vector<bool> on_stack(n, false);
  std::vector<std::size_t> stack;
  int counter = 0, components = 0;
  std::function<void(std::size_t)> connect = [&](std::size_t v) {
    index[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = true;
    for (std::size_t w : edges[v]) {
      if (index[w] < 0) {
        connect(w);
        low[v] = std::min(low[v], low[w]);
      } else if (on_stack[w]) {
        low[v] = std::min(low[v], index[w]);
      }
    }
    if (low[v] == index[v]) {
      std::size_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        component[w] = components;
      } while (w != v);
      ++components;
    }
  };
  for (std::size_t v = 0; v < n; ++v)
    if (index[v] < 0) connect(v);

  std::vector<std::vector<std::uint64_t>> cycles;
  std::vector<bool> done(static_cast<std::size_t>(components), false);
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return processes[a].id < processes[b].id; });
  // A component of one process has a cycle only through an edge to itself: the others are skipped
  // before the search, whose O(n) setup would make a snapshot of n processes O(n^2).
  std::vector<std::size_t> size(static_cast<std::size_t>(components), 0);
  for (std::size_t v = 0; v < n; ++v) ++size[static_cast<std::size_t>(component[v])];
  for (std::size_t start : order) {
    const int c = component[start];
    if (done[static_cast<std::size_t>(c)]) continue;
    done[static_cast<std::size_t>(c)] = true;
    if (size[static_cast<std::size_t>(c)] == 1 &&
        std::find(edges[start].begin(), edges[start].end(), start) == edges[start].end())
      continue;
    // BFS from start back to start inside the component.
    std::vector<long> parent(n, -1);
    std::deque<std::size_t> queue{start};
    bool found = false;
    std::size_t last = start;
    while (!queue.empty() && !found) {
      std::size_t v = queue.front();
      queue.pop_front();
      for (std::size_t w : edges[v]) {
        if (component[w] != c) continue;
        if (w == start) {
          found = true;
          last = v;
          break;
        }
        if (parent[w] < 0 && w != start) {
          parent[w] = static_cast<long>(v);
          queue.push_back(w);
        }
      }
    }
    if (!found) continue;
    std::vector<std::uint64_t> cycle;
    for (long v = static_cast<long>(last); v >= 0 && static_cast<std::size_t>(v) != start; v = parent[static_cast<std::size_t>(v)])
      cycle.push_back(processes[static_cast<std::size_t>(v)].id);
    cycle.push_back(processes[start].id);
    std::reverse(cycle.begin(), cycle.end());
    cycles.push_back(std::move(cycle));
  }
  return cycles;
}

}  // namespace transit
