// The deadlock report of a program on an emulated transputer, built from the chip's memory with the
// back end's process table (backend/transputer/process_table.h), in the runtime's format.
//
// Each waiting process of the program (the emulator's waiting list, and the last process that ran
// STOP) is climbed from its Iptr and Wptr: a PROC frame's return Iptr names the call and the caller's
// frame, an inline branch's frame lies in its parent's; a PAR branch's frame is a process, whose
// parent (waiting at its PAR's endp, on no queue) lies B words below it or behind its static link.
// The channel ends the branches hold give each channel word's other end (transit/ends.h natively).
#include "target_report.h"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

#include "transit/attach.h"
#include "transit/inspect.h"
#include "transit/occam/backend/transputer/placement.h"

namespace transit::cli {

namespace be = occam::backend;

const be::CheckSite* site_at(const TargetSymbols& s, emu::Word iptr, bool wait) {
  const be::CheckSite* best = nullptr;
  emu::Word best_at = 0;
  for (const be::CheckSite& c : s.text.checks) {
    auto it = s.labels.find(c.label);
    if (c.wait != wait || it == s.labels.end() || it->second > iptr) continue;
    if (!best || it->second >= best_at) best = &c, best_at = it->second;
  }
  return best;
}

std::string where(const TargetSymbols& s, const occam::ir::Site& site) {
  std::string file = std::size_t(site.file) < s.files.size() ? s.files[std::size_t(site.file)] : "?";
  return file + ":" + std::to_string(site.line) + ":" + std::to_string(site.col);
}

std::string line_near(const TargetSymbols& s, emu::Word iptr) {
  const be::CheckSite* best = nullptr;
  for (bool wait : {false, true})
    if (const be::CheckSite* c = site_at(s, iptr, wait);
        c && (!best || s.labels.find(c->label)->second >= s.labels.find(best->label)->second))
      best = c;
  return best ? where(s, best->site) : "";
}

namespace {

using emu::Word;
using Kind = be::FrameInfo::Kind;

class ProcessFinder {
 public:
  ProcessFinder(const emu::Transputer& node, const TargetSymbols& s) : node_(node), s_(s), t_(s.text.processes) {
    for (std::size_t k = 0; k < t_.frames.size(); ++k)
      if (auto it = s.labels.find(t_.frames[k].code_label); it != s.labels.end()) starts_.emplace_back(it->second, int(k));
    std::sort(starts_.begin(), starts_.end());
    if (auto it = s.labels.find(t_.code_end_label); it != s.labels.end()) code_end_ = it->second;
    for (const be::CallSite& c : t_.calls)
      if (auto it = s.labels.find(c.return_label); it != s.labels.end()) calls_[it->second] = &c;
  }

  void name_channel(Word channel, const std::string& name) { names_[channel] = name; }
  // The entry PROC's process is a PAR branch of the native run (a PROCESSOR): its name and spawn site.
  void name_entry(const std::string& name, const occam::ir::Site& spawned) {
    entry_name_ = name;
    entry_spawned_ = spawned;
  }

  // A process waiting on a link: the channel's other end is on the processor at the link's far end.
  struct LinkWait {
    std::size_t node;
    int link;
    bool input;
  };
  // After find(): the link waits, by process id.
  std::vector<std::tuple<std::uint64_t, int, bool>> link_waits() const {
    std::vector<std::tuple<std::uint64_t, int, bool>> out;
    for (const LinkWait& w : link_waits_) out.emplace_back(nodes_[w.node].info.id, w.link, w.input);
    return out;
  }
  // After find(): the process holding an end of a channel word (the ends its branches declare),
  // else the processor's own process (its PROCESSOR holds every channel it uses); 0: none.
  std::uint64_t holder(Word channel, bool writer) const {
    auto it = holder_.find({channel, writer});
    if (it != holder_.end()) return nodes_[it->second.first].info.id;
    for (const Node& n : nodes_)
      if (n.parent < 0 && !n.closed_run) return n.info.id;
    return 0;
  }

  // Every live process of the program, parents first, and the closed run (a FUNCTION) they are in, if any.
  std::vector<ProcessInfo> find(std::string& closed_run) {
    struct Leaf {
      std::size_t node;
      const emu::WaitingProcess* wait;
    };
    std::vector<emu::WaitingProcess> waiting = node_.waiting_processes();
    std::vector<Leaf> leaves;
    for (const emu::WaitingProcess& w : waiting) {
      int f = frame_of(w.iptr - 1);
      const be::CheckSite* c = site_at(s_, w.iptr - 1, true);
      if (f < 0 || !c) continue;  // a host process
      leaves.push_back({leaf(f, w.wdesc & ~3u, *c), &w});
    }
    // The last process that ran STOP is on no queue: the host code keeps its Wptr.
    Word stop = word(label("last_stop")), stop_w = word(label(t_.last_stop_wptr));
    if (stop < s_.text.checks.size() && stop_w != 0) {
      const be::CheckSite& c = s_.text.checks[stop];
      int f = frame_of(label(c.label));
      if (f >= 0) {
        std::size_t n = leaf(f, stop_w, c);
        nodes_[n].info.state = "stopped";
        nodes_[n].info.waits_on = "STOP";
      }
    }
    for (std::size_t n = 0; n < nodes_.size(); ++n) hold_ends(n);
    for (const Leaf& l : leaves) describe(nodes_[l.node], *l.wait);

    // Parents first, in the order found; only the first closed run's processes when there is one.
    std::optional<std::size_t> run;
    for (std::size_t n = 0; n < nodes_.size() && !run; ++n)
      if (nodes_[n].closed_run) run = n;
    if (run) closed_run = where(s_, t_.frames[std::size_t(nodes_[*run].frame)].site);
    std::vector<std::size_t> roots;
    for (std::size_t n = 0; n < nodes_.size(); ++n)
      if (nodes_[n].parent < 0 && (!run || n == *run)) roots.push_back(n);
    number(roots);
    std::vector<ProcessInfo> out;
    std::function<void(std::size_t)> add = [&](std::size_t n) {
      out.push_back(nodes_[n].info);
      for (std::size_t c : nodes_[n].children) add(c);
    };
    for (std::size_t n : roots) add(n);
    return out;
  }

 private:
  struct Node {
    int frame;  // its process's frame (a branch, a FUNCTION, the entry PROC)
    Word w;
    ProcessInfo info;
    long parent = -1;
    std::vector<std::size_t> children;
    int depth = 0;
    bool closed_run = false;
  };

  Word label(const std::string& name) const {
    auto it = s_.labels.find(name);
    return it == s_.labels.end() ? 0 : it->second;
  }
  Word word(Word address) const {
    const emu::Cpu& c = node_.cpu();
    Word off = address - emu::kMostNeg;
    if (off > c.mem_size - 4 || (off & 3)) return 0;
    const std::uint8_t* m = c.mem + off;
    return Word(m[0]) | Word(m[1]) << 8 | Word(m[2]) << 16 | Word(m[3]) << 24;
  }
  int frame_of(Word iptr) const {
    if (iptr >= code_end_) return -1;
    auto it = std::upper_bound(starts_.begin(), starts_.end(), std::make_pair(iptr, int(t_.frames.size())));
    return it == starts_.begin() ? -1 : std::prev(it)->second;
  }
  const char* keep(std::string s) { return strings_.emplace_back(std::move(s)).c_str(); }
  Site site(const occam::ir::Site& at, const std::string& proc) {
    std::string file = std::size_t(at.file) < s_.files.size() ? s_.files[std::size_t(at.file)] : "?";
    return Site{keep(file), at.line, at.col, keep(proc)};
  }
  const be::FrameInfo& frame(int f) const { return t_.frames[std::size_t(f)]; }
  // The Wptr of a branch's (or inline branch's) parent frame.
  Word parent_w(int f, Word w) const {
    const be::FrameInfo& fi = frame(f);
    return fi.link_slot >= 0 ? word(w + Word(4 * fi.link_slot)) : w - Word(4 * fi.B);
  }

  // From code in frame f at Wptr w up to the frame of the process it runs in; the calls on the way,
  // innermost first.
  std::pair<int, Word> climb(int f, Word w, std::vector<Site>& calls) {
    for (int guard = 0; guard < 1024; ++guard) {
      const be::FrameInfo& fi = frame(f);
      if (fi.kind == Kind::Branch || fi.kind == Kind::Function) break;
      if (fi.kind == Kind::Inline) {
        w = parent_w(f, w);
        f = fi.parent;
        continue;
      }
      Word ret = word(w + Word(4 * fi.L));
      auto call = calls_.find(ret);
      int caller = frame_of(ret);
      if (call == calls_.end() || caller < 0) break;  // the entry PROC, called by the root process
      // A PAR branch that is one PROC call is that PROC's process natively: no call to show.
      if (!frame(caller).call_branch) calls.push_back(site(call->second->site, call->second->proc));
      w += Word(4 * (fi.L + 4));
      f = caller;
    }
    return {f, w};
  }

  // The process whose frame is f at Wptr w, made (with its parents) when first seen.
  std::size_t process(int f, Word w) {
    for (std::size_t n = 0; n < nodes_.size(); ++n)
      if (nodes_[n].frame == f && nodes_[n].w == w) return n;
    const be::FrameInfo& fi = frame(f);
    long parent = -1;
    // A frame met again on the way to the root (only a program that overwrote its workspaces): no parent.
    bool again = !resolving_.insert({f, w}).second;
    if (fi.kind == Kind::Branch && !again) {
      // The parent waits at the PAR, on no queue: its frame holds the join (W[1]: branches left + 1).
      Word pw = parent_w(f, w);
      std::vector<Site> calls;
      auto [pf, pfw] = climb(fi.parent, pw, calls);
      parent = long(process(pf, pfw));
      ProcessInfo& p = nodes_[std::size_t(parent)].info;
      p.state = "par";
      p.waits_on = "PAR: " + std::to_string(int(word(pw + 4))) + " of " + std::to_string(fi.par_branches) +
                   " branches still running";
      p.site = site(fi.par_site, fi.proc);
      p.calls.assign(calls.rbegin(), calls.rend());
    }
    Node n{f, w, {}, parent, {}, 0, fi.kind == Kind::Function};
    n.info.id = nodes_.size() + 1;
    n.info.name = fi.name;
    if (fi.kind == Kind::Branch && fi.link_slot >= 0)  // a replicated PAR's instance: name[index], as natively
      n.info.name += "[" + std::to_string(std::int32_t(word(w + Word(4 * (fi.link_slot + 1))))) + "]";
    n.info.spawned = fi.kind == Kind::Proc ? Site{"<console>", 0, 0, nullptr} : site(fi.site, fi.proc);
    if (f == t_.entry_frame && !entry_name_.empty()) {
      n.info.name = entry_name_;
      n.info.spawned = site(entry_spawned_, fi.name);
    }
    if (parent >= 0) {
      n.depth = nodes_[std::size_t(parent)].depth + 1;
      nodes_[std::size_t(parent)].children.push_back(nodes_.size());
      nodes_[std::size_t(parent)].info.waits_for.push_back(n.info.id);
    }
    nodes_.push_back(std::move(n));
    return nodes_.size() - 1;
  }

  // A process waiting at check site c, in frame f at Wptr w.
  std::size_t leaf(int f, Word w, const be::CheckSite& c) {
    std::vector<Site> calls;
    auto [pf, pw] = climb(f, w, calls);
    std::size_t n = process(pf, pw);
    nodes_[n].info.site = site(c.site, c.process);
    nodes_[n].info.calls.assign(calls.rbegin(), calls.rend());
    nodes_[n].info.waits_on = c.what;
    return n;
  }

  // The channels whose ends process n's branch declares, with its rank (deeper first; a channel
  // before a whole array of the same depth), as the runtime's Holders do.
  void hold_ends(std::size_t n) {
    const Node& node = nodes_[n];
    if (frame(node.frame).kind != Kind::Branch) return;
    std::map<int, Word> env{{node.frame, node.w}};
    for (int f = node.frame; frame(f).kind == Kind::Branch || frame(f).kind == Kind::Inline;) {
      Word pw = parent_w(f, env[f]);
      f = frame(f).parent;
      env[f] = pw;
    }
    auto eval = [&](const be::WordProgram& p, std::int64_t& out) {
      std::vector<std::int64_t> st;
      for (const be::WordOp& op : p) {
        using K = be::WordOp::Kind;
        if (op.kind == K::Const) { st.push_back(op.value); continue; }
        if (op.kind == K::Load) {
          if (!env.count(op.frame)) return false;
          st.push_back(std::int32_t(word(env[op.frame] + Word(4 * op.value))));
          continue;
        }
        if (st.size() < 2) return false;
        std::int64_t b = st.back();
        st.pop_back();
        std::int64_t& a = st.back();
        switch (op.kind) {
          case K::Add: a += b; break;
          case K::Sub: a -= b; break;
          case K::Mul: a *= b; break;
          case K::Div: if (b == 0) return false; a /= b; break;
          case K::Rem: if (b == 0) return false; a %= b; break;
          default: return false;
        }
      }
      if (st.size() != 1) return false;
      out = st.back();
      return true;
    };
    for (const be::HeldEnd& h : frame(node.frame).ends) {
      if (!env.count(h.frame)) continue;
      Word base = env[h.frame] + Word(4 * h.slot);
      if (h.pointer) base = word(base);
      std::vector<std::int64_t> dims;
      for (const be::WordProgram& d : h.dims) {
        std::int64_t v;
        if (!eval(d, v) || v < 0) return;
        dims.push_back(v);
      }
      std::int64_t offset = 0, count = 1;
      bool ok = true;
      for (std::size_t k = 0; k < dims.size(); ++k) {
        std::int64_t v = 0;
        if (k < h.subscripts.size()) {
          ok = ok && eval(h.subscripts[k], v) && v >= 0 && v < dims[k];
          offset = offset * dims[k] + v;
        } else {
          offset *= dims[k];
          count *= dims[k];
        }
      }
      if (!ok || count > (1 << 16)) continue;
      std::size_t rank = std::size_t(node.depth) * 2 + (count == 1 ? 1 : 0);
      for (std::int64_t k = 0; k < count; ++k) {
        Word channel = base + Word(4 * (offset + k));
        auto [it, fresh] = holder_.try_emplace({channel, h.writer}, std::make_pair(n, rank));
        if (!fresh && rank > it->second.second) it->second = {n, rank};
        names_.try_emplace(channel, h.name);
      }
    }
  }

  // Numbers the processes as the native run would have spawned them: each generation in branch
  // order (a PAR's branches in their frames' order, a replicated PAR's instances by workspace).
  void number(const std::vector<std::size_t>& roots) {
    std::map<std::uint64_t, std::uint64_t> id;
    std::vector<std::size_t> level = roots;
    for (std::uint64_t next = 1; !level.empty();) {
      std::vector<std::size_t> below;
      for (std::size_t n : level) {
        id[nodes_[n].info.id] = next++;
        std::vector<std::size_t>& c = nodes_[n].children;
        std::sort(c.begin(), c.end(), [&](std::size_t a, std::size_t b) {
          return std::pair(nodes_[a].frame, nodes_[a].w) < std::pair(nodes_[b].frame, nodes_[b].w);
        });
        below.insert(below.end(), c.begin(), c.end());
      }
      level = std::move(below);
    }
    for (Node& n : nodes_) {
      n.info.id = id[n.info.id];
      for (std::uint64_t& w : n.info.waits_for) w = id[w];
      std::sort(n.info.waits_for.begin(), n.info.waits_for.end());
    }
  }

  bool inside(std::size_t n, std::size_t ancestor) const {
    for (long q = long(n); q >= 0; q = nodes_[std::size_t(q)].parent)
      if (std::size_t(q) == ancestor) return true;
    return false;
  }
  // The process at the other end of `channel` from process n, if the ends say.
  void other_end(Node& node, std::size_t n, Word channel, bool writer) {
    auto it = holder_.find({channel, writer});
    if (it == holder_.end() || inside(n, it->second.first)) return;
    node.info.waits_for.push_back(nodes_[it->second.first].info.id);
  }
  std::string channel_name(Word channel) const {
    auto it = names_.find(channel);
    if (it != names_.end()) return "'" + it->second + "'";
    char buf[32];
    std::snprintf(buf, sizeof buf, "channel #%08X", channel);
    return buf;
  }

  void describe(Node& node, const emu::WaitingProcess& w) {
    using WK = emu::WaitingProcess::Kind;
    std::size_t n = std::size_t(&node - nodes_.data());
    ProcessInfo& info = node.info;
    switch (w.kind) {
      case WK::LinkInput:
      case WK::LinkOutput:  // a channel to another processor: its other end is there (network reports)
        link_waits_.push_back({n, w.link, w.kind == WK::LinkInput});
        [[fallthrough]];
      case WK::ChannelInput:
      case WK::ChannelOutput: {
        bool in = w.kind == WK::ChannelInput || w.kind == WK::LinkInput;
        // An input on a channel the process itself writes: the acknowledgement that completes its
        // output on a routed channel (routing.h), so it waits as a writer does.
        if (auto it = holder_.find({w.channel, true}); w.kind == WK::ChannelInput && it != holder_.end() && inside(n, it->second.first))
          in = false;
        info.state = in ? "input" : "output";
        if (names_.count(w.channel)) info.waits_on = (in ? "input on channel " : "output on channel ") + channel_name(w.channel);
        other_end(node, n, w.channel, in);
        break;
      }
      case WK::Alt: {
        info.state = "alt";
        std::string over;
        for (Word c : w.alt_channels) {
          over += (over.empty() ? " " : ", ") + channel_name(c) + "?";
          other_end(node, n, c, true);
        }
        for (int l : w.alt_links) {
          over += (over.empty() ? " " : ", ") + channel_name(emu::link_in_channel(unsigned(l))) + "?";
          link_waits_.push_back({n, l, true});
        }
        if (w.has_time) over += (over.empty() ? " AFTER " : ", AFTER ") + std::to_string(std::int32_t(w.time));
        info.waits_on = "ALT over:" + over;
        break;
      }
      case WK::Timer:
        info.state = "timer";
        info.waits_on = "timer AFTER " + std::to_string(std::int32_t(w.time));
        break;
      default:
        info.state = "external";
        break;
    }
    std::sort(info.waits_for.begin(), info.waits_for.end());
    info.waits_for.erase(std::unique(info.waits_for.begin(), info.waits_for.end()), info.waits_for.end());
  }

  std::set<std::pair<int, Word>> resolving_;  // frames whose parents are being found
  std::vector<LinkWait> link_waits_;
  std::string entry_name_;
  occam::ir::Site entry_spawned_;
  const emu::Transputer& node_;
  const TargetSymbols& s_;
  const be::ProcessTable& t_;
  std::vector<std::pair<Word, int>> starts_;  // each frame's first instruction, in address order
  Word code_end_ = 0;
  std::map<Word, const be::CallSite*> calls_;  // by return Iptr
  std::vector<Node> nodes_;
  std::deque<std::string> strings_;
  std::map<std::pair<Word, bool>, std::pair<std::size_t, std::size_t>> holder_;  // (channel, writer) -> node, rank
  std::map<Word, std::string> names_;
};

}  // namespace

std::string target_deadlock_report(const emu::Transputer& node, const TargetSymbols& s, const std::string& chip) {
  ProcessFinder finder(node, s);
  std::string closed_run;
  std::vector<ProcessInfo> live = finder.find(closed_run);
  std::string headline = closed_run.empty() ? "no process can run, and none waits for a timer or an outside event"
                                            : "no process of the closed run (FUNCTION or VALOF) at " + closed_run + " can run";
  return deadlock_text(live, wait_for_cycles(live), headline + " (on the emulated " + chip + ")");
}

namespace {

// The routers of channels between processors that are not neighbours (placement.h) are not the
// program's: a process waiting for the router of channel c waits for the process its router at c's
// other end waits for (or that waits for it), the PAR that runs a processor's process beside its
// routers is that process, and the routers are left out. The ids are numbered again, in order.
void without_routers(std::vector<ProcessInfo>& live) {
  auto router = [](const ProcessInfo& i) { return i.name.rfind(occam::backend::kRouterName, 0) == 0; };
  auto processor = [](const ProcessInfo& i) { return i.name.substr(i.name.rfind(" on processor ")); };
  auto base = [](const ProcessInfo& i) { return i.name.substr(0, i.name.rfind(" on processor ")); };
  std::map<std::uint64_t, std::size_t> at;
  for (std::size_t k = 0; k < live.size(); ++k) at[live[k].id] = k;
  auto routers_of = [&](const ProcessInfo& i) {
    std::size_t n = 0;
    for (std::uint64_t w : i.waits_for) n += at.count(w) && router(live[at[w]]);
    return n;
  };
  if (std::none_of(live.begin(), live.end(), router)) return;
  // The PAR of a processor's process and its routers: its one other branch stands for it.
  std::map<std::uint64_t, std::uint64_t> same;
  for (const ProcessInfo& i : live)
    if (i.state == "par" && routers_of(i) > 0 && routers_of(i) + 1 == i.waits_for.size())
      for (std::uint64_t w : i.waits_for)
        if (!router(live[at[w]])) same[i.id] = w;
  std::vector<ProcessInfo> kept;
  for (const ProcessInfo& i : live) {
    if (router(i) || same.count(i.id)) continue;
    ProcessInfo p = i;
    p.waits_for.clear();
    for (std::uint64_t w : i.waits_for) {
      if (!at.count(w)) continue;
      const ProcessInfo& t = live[at[w]];
      if (!router(t)) {
        p.waits_for.push_back(same.count(w) ? same[w] : w);
        continue;
      }
      // t is the router of a channel here (a link's own routers lead to nobody in particular): its
      // namesakes on other processors, at the channel's other end.
      for (const ProcessInfo& f : live) {
        if (f.name == t.name || base(f) != base(t) || processor(f) == processor(t)) continue;
        for (std::uint64_t x : f.waits_for)
          if (at.count(x) && !router(live[at[x]]) && x != i.id) p.waits_for.push_back(x);
        for (const ProcessInfo& x : live)
          if (!router(x) && x.id != i.id && std::count(x.waits_for.begin(), x.waits_for.end(), f.id)) p.waits_for.push_back(x.id);
      }
    }
    kept.push_back(std::move(p));
  }
  std::map<std::uint64_t, std::uint64_t> id;
  for (std::size_t k = 0; k < kept.size(); ++k) id[kept[k].id] = k + 1;
  for (ProcessInfo& p : kept) {
    p.id = id[p.id];
    std::vector<std::uint64_t> w;
    for (std::uint64_t x : p.waits_for)
      if (id.count(x)) w.push_back(id[x]);
    std::sort(w.begin(), w.end());
    w.erase(std::unique(w.begin(), w.end()), w.end());
    p.waits_for = std::move(w);
  }
  live = std::move(kept);
}

}  // namespace

std::string target_attach_report(const emu::Transputer& node, const TargetSymbols& s, const std::string& chip, long pid) {
  ProcessFinder finder(node, s);
  std::string closed_run;
  std::vector<ProcessInfo> live = finder.find(closed_run);
  return attach_text(live, "transit: attach: pid " + std::to_string(pid) + ", cycle " + std::to_string(node.now()) +
                              " (on the emulated " + chip + ")");
}

std::string network_deadlock_report(const std::vector<ProcessorView>& processors, const std::string& chip) {
  std::vector<ProcessInfo> live;
  std::vector<std::unique_ptr<ProcessFinder>> finders;
  std::vector<std::uint64_t> base;  // each processor's first id - 1
  std::vector<std::size_t> first;   // its first process in `live`
  std::string closed_run;
  for (const ProcessorView& p : processors) {
    finders.push_back(std::make_unique<ProcessFinder>(*p.node, p.symbols));
    for (const auto& [word, name] : p.link_channels) finders.back()->name_channel(word, name);
    if (!p.process_name.empty()) finders.back()->name_entry(p.process_name, p.spawned);
    std::string run;
    std::vector<ProcessInfo> found = finders.back()->find(run);
    if (closed_run.empty() && !run.empty()) closed_run = run;
    base.push_back(live.size());
    first.push_back(live.size());
    for (ProcessInfo& i : found) {
      i.id += base.back();
      for (std::uint64_t& w : i.waits_for) w += base.back();
      i.name += " on processor " + std::to_string(p.processor);
      live.push_back(std::move(i));
    }
  }
  // A wait on a link waits for the holder of the channel's other end on the far processor.
  for (std::size_t k = 0; k < processors.size(); ++k)
    for (auto [id, link, input] : finders[k]->link_waits()) {
      auto [peer, peer_link] = processors[k].links[std::size_t(link)];
      if (peer < 0 || std::size_t(peer) >= processors.size()) continue;
      Word channel = input ? emu::link_out_channel(unsigned(peer_link)) : emu::link_in_channel(unsigned(peer_link));
      std::uint64_t h = finders[std::size_t(peer)]->holder(channel, !input);
      if (!h) continue;
      std::size_t at = first[k];
      while (at < live.size() && live[at].id != id + base[k]) ++at;
      if (at == live.size()) continue;
      std::vector<std::uint64_t>& w = live[at].waits_for;
      w.push_back(h + base[std::size_t(peer)]);
      std::sort(w.begin(), w.end());
    }
  without_routers(live);
  std::string headline = "no process can run, and none waits for a timer or an outside event";
  return deadlock_text(live, wait_for_cycles(live),
                       headline + " (on " + std::to_string(processors.size()) + " emulated " + chip + "s)");
}

std::optional<std::string> network_error_report(const std::vector<ProcessorView>& processors, const std::string& chip) {
  for (const ProcessorView& p : processors) {
    if (p.node->cpu().halt != emu::HaltReason::ErrorFlag) continue;
    const be::CheckSite* c = site_at(p.symbols, p.node->cpu().fault_iptr, false);
    if (!c) continue;
    return "transit: error in process " + c->process + " at " + where(p.symbols, c->site) + ": " + c->what +
           " (on processor " + std::to_string(p.processor) + ", an emulated " + chip + ")\n";
  }
  return std::nullopt;
}

}  // namespace transit::cli
