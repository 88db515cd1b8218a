// PLACED PAR split into one program per processor (placement.h): the PROCESSOR branches, the ends of
// each channel between processors (ir/chan_ends.h), a link for each such channel, and each
// processor's module with its branch in place of the PLACED PAR.
#include "transit/occam/backend/transputer/placement.h"

#include <functional>
#include <map>
#include <set>

#include "backend/transputer/routing.h"
#include "transit/occam/ir/chan_ends.h"

namespace transit::occam::backend {

namespace {

using namespace ir;

struct Failed {
  std::string message;
  Site site;
};

// A constant integer expression, the replicator index (if any) standing for `value`.
std::optional<std::int64_t> constant(const Expr& e, VarId index, std::int64_t value) {
  switch (e.kind) {
    case ExprKind::IntLit: return e.int_value;
    case ExprKind::Var:
      if (e.var == index) return value;
      return std::nullopt;
    case ExprKind::Convert: return constant(e.args[0], index, value);
    case ExprKind::Binary: {
      auto a = constant(e.args[0], index, value), b = constant(e.args[1], index, value);
      if (!a || !b) return std::nullopt;
      switch (e.op) {
        case Op::Add: case Op::Plus: return *a + *b;
        case Op::Sub: case Op::Minus: return *a - *b;
        case Op::Mul: case Op::Times: return *a * *b;
        case Op::Div: if (*b == 0) return std::nullopt; return *a / *b;
        case Op::Rem: if (*b == 0) return std::nullopt; return *a % *b;
        default: return std::nullopt;
      }
    }
    default: return std::nullopt;
  }
}

// The process the PLACED PAR of the entry is, under the entry's declarations; null when none.
Process* placed_par(Process& p) {
  if (p.kind == ProcKind::Par && p.placed) return &p;
  if (p.kind == ProcKind::Block && !p.body.empty()) return placed_par(p.body[0]);
  return nullptr;
}

struct Instance {
  int processor;
  const Process* body;
  VarId index = kNone;  // a replicated PLACED PAR's index, `value` on this processor
  std::int64_t value = 0;
  Site site;
  std::string name;  // its process's name in the native run's reports
  struct OnLink {
    VarId chan;
    std::int64_t word;  // 0-3 a link's output, 4-7 its input
    Site site;
  };
  std::vector<OnLink> on_links;  // its PLACE c AT link
};

// One channel, or one element of a channel array (element -1: a channel).
using ChanId = std::pair<VarId, std::int64_t>;

std::string chan_text(const Module& m, ChanId c) {
  std::string s = "'" + m.vars[std::size_t(c.first)].name;
  if (c.second >= 0) s += "[" + std::to_string(c.second) + "]";
  return s + "'";
}

void for_each_expr(Process& p, const std::function<void(Expr&)>& f);
void for_each_expr(Expr& e, const std::function<void(Expr&)>& f) {
  f(e);
  for (Expr& a : e.args) for_each_expr(a, f);
  if (e.body) for_each_expr(*e.body, f);
}
void for_each_expr(Process& p, const std::function<void(Expr&)>& f) {
  if (p.channel) for_each_expr(*p.channel, f);
  for (Expr& e : p.lhs) for_each_expr(e, f);
  for (Expr& e : p.rhs) for_each_expr(e, f);
  for (Decl& d : p.decls)
    if (d.init) for_each_expr(*d.init, f);
  if (p.rep) {
    for_each_expr(p.rep->base, f);
    for_each_expr(p.rep->count, f);
    if (p.rep->step) for_each_expr(*p.rep->step, f);
  }
  for (Process& b : p.body) for_each_expr(b, f);
}

class Placer {
 public:
  Placer(const Module& m, const NetworkShape& net, Process& par) : m_(m), net_(net), par_(par) {}

  std::vector<ProcessorProgram> run() {
    instances();
    ends();
    links();
    std::vector<ProcessorProgram> out;
    for (int k = 0; k < processors(); ++k) out.push_back(program(k));
    return out;
  }

 private:
  int processors() const { return int(net_.links.size()); }

  struct Between {  // a channel between two processors
    ChanId chan;
    int writer, reader;
    Site site;
  };

  void instances() {
    auto add = [&](const Process& placed, VarId index, std::int64_t value, const std::string& name) {
      auto n = constant(placed.rhs.at(0), index, value);
      if (!n) throw Failed{"a PROCESSOR number that is not a constant", placed.site};
      if (*n < 0 || *n >= processors())
        throw Failed{"PROCESSOR " + std::to_string(*n) + ": " + net_.name + " has processors 0 to " + std::to_string(processors() - 1),
                     placed.site};
      if (by_processor_.count(int(*n))) throw Failed{"PROCESSOR " + std::to_string(*n) + " twice", placed.site};
      by_processor_[int(*n)] = instances_.size();
      instances_.push_back({int(*n), &placed.body.at(0), index, value, placed.site, name, {}});
      for (const Decl& d : placed.decls) {
        Site at = d.init && d.init->site.line ? d.init->site : placed.site;
        auto word = d.init ? constant(*d.init, index, value) : std::nullopt;
        if (!word) throw Failed{"PLACE '" + m_.vars[std::size_t(d.var)].name + "' AT a link that is not a constant", at};
        instances_.back().on_links.push_back({d.var, *word, at});
      }
    };
    // A PLACED PAR's branches are PROCESSORs or PLACED PARs (one replicator in all).
    // Names as the native run's PAR branches have them (a branch's own, else PARENT.parK or PARENT.par;
    // a replicated one's process is named with its index, PARENT.par[3]).
    std::function<void(const Process&, VarId, std::int64_t, const std::string&)> placed_par =
        [&](const Process& par, VarId index, std::int64_t value, const std::string& parent) {
      auto branch = [&](const Process& b, VarId i, std::int64_t v, std::string name) {
        const Process& inner = b.kind == ProcKind::Placed && !par.rep ? b.body.at(0) : b;
        if (!inner.name.empty()) name = inner.name;
        if (b.kind == ProcKind::Placed) add(b, i, v, name);
        else if (b.kind == ProcKind::Par && b.placed) placed_par(b, i, v, name);
        else throw Failed{"a branch of a PLACED PAR that is not a PROCESSOR", b.site};
      };
      if (!par.rep) {
        for (std::size_t k = 0; k < par.body.size(); ++k)
          branch(par.body[k], index, value, par.body.size() == 1 ? parent : parent + ".par" + std::to_string(k + 1));
        return;
      }
      if (index != kNone) throw Failed{"a replicated PLACED PAR inside another (one replicator is placed yet)", par.site};
      auto base = constant(par.rep->base, kNone, 0), count = constant(par.rep->count, kNone, 0);
      std::optional<std::int64_t> step = std::int64_t(1);
      if (par.rep->step) step = constant(*par.rep->step, kNone, 0);
      if (!base || !count || !step) throw Failed{"a replicated PLACED PAR whose base, count or step is not a constant", par.site};
      for (std::int64_t j = 0; j < *count; ++j) {
        std::int64_t value = *base + j * *step;
        branch(par.body.at(0), par.rep->index, value, parent + ".par");
      }
    };
    placed_par(par_, kNone, 0, m_.procs[std::size_t(m_.entry->proc)].name);
    if (!by_processor_.count(net_.host))
      throw Failed{"no PROCESSOR " + std::to_string(net_.host) + ": the host is on that processor, and the program ends when it does",
                   par_.site};
  }

  // Who uses each channel: its writing and reading processors.
  void ends() {
    ChanEnds chan_ends(m_);
    for (const Instance& in : instances_) {
      for (const ChanEnd& e : chan_ends.of(*in.body)) {
        const Var& v = m_.vars[std::size_t(e.root)];
        const Type& t = m_.types[std::size_t(v.type)];
        std::vector<std::int64_t> elements{-1};
        if (t.kind == TypeKind::Array) {
          if (m_.types[std::size_t(t.elem)].kind != TypeKind::Chan || t.length == kNone) {
            arrays_of_other_shape_.insert(e.root);
            continue;
          }
          elements.clear();
          std::optional<std::int64_t> sub;
          if (!e.subscripts.empty()) sub = constant(*e.subscripts[0], in.index, in.value);
          if (!sub) chosen_at_run_time_.insert(e.root);
          for (std::int64_t j = 0; j < t.length; ++j)
            if (!sub || *sub == j) elements.push_back(j);
        }
        for (std::int64_t j : elements) {
          Use& u = uses_[{e.root, j}];
          (e.writer ? u.writers : u.readers).insert(in.processor);
          if (!u.site.line) u.site = in.site;
        }
      }
    }
  }

  // Each channel between processors on a link joining them (one per link and direction) when one is
  // free, else routed over the links no such channel has taken; when that cannot carry every one,
  // every channel is routed (over any link).
  void links() {
    std::vector<Between> between;
    for (const auto& [chan, use] : uses_) {
      std::set<int> all = use.writers;
      all.insert(use.readers.begin(), use.readers.end());
      if (all.size() < 2) continue;  // used on one processor: an ordinary channel there
      const Var& v = m_.vars[std::size_t(chan.first)];
      if (use.writers.size() != 1 || use.readers.size() != 1)
        throw Failed{"channel " + chan_text(m_, chan) + " is used by more than two processors", use.site};
      int w = *use.writers.begin(), r = *use.readers.begin();
      if (arrays_of_other_shape_.count(chan.first))
        throw Failed{"channel array " + chan_text(m_, chan) + " between processors: only one-dimensional arrays of a fixed size are placed yet", v.site};
      if (is_host_channel(chan.first))
        throw Failed{"processor " + std::to_string(w == net_.host ? r : w) + " uses " + chan_text(m_, chan) +
                         ", the host's channel, which only processor " + std::to_string(net_.host) + " has",
                     use.site};
      between.push_back({chan, w, r, use.site});
    }
    std::vector<std::array<bool, 4>> out_used(std::size_t(processors()), {false, false, false, false}),
        in_used(out_used);
    place_on_links(between, out_used, in_used);
    const std::map<ChanId, std::pair<std::pair<int, int>, std::pair<int, int>>> placed_by_program = link_of_;
    const std::vector<std::array<bool, 4>> placed_out = out_used, placed_in = in_used;
    std::vector<const Between*> pending;
    for (const Between& b : between) {
      if (link_of_.count(b.chan)) continue;  // PLACEd
      // An array a processor subscripts at run time stays an array of ordinary channels: routed.
      bool placed = false, soft = chosen_at_run_time_.count(b.chan.first) > 0;
      for (int l = 0; l < 4 && !placed && !soft; ++l) {
        auto [peer, peer_link] = net_.links[std::size_t(b.writer)][std::size_t(l)];
        if (peer != b.reader || out_used[std::size_t(b.writer)][std::size_t(l)] ||
            in_used[std::size_t(b.reader)][std::size_t(peer_link)])
          continue;
        out_used[std::size_t(b.writer)][std::size_t(l)] = in_used[std::size_t(b.reader)][std::size_t(peer_link)] = true;
        link_of_[b.chan] = {{b.writer, l}, {b.reader, 4 + peer_link}};
        placed = true;
      }
      if (!placed) pending.push_back(&b);
    }
    if (pending.empty()) return;
    // Links no channel of its own has taken, in either direction, carry the routes.
    auto free_links = [&](const std::vector<std::array<bool, 4>>& out, const std::vector<std::array<bool, 4>>& in) {
      std::vector<std::array<bool, 4>> usable(static_cast<std::size_t>(processors()));
      for (std::size_t p = 0; p < usable.size(); ++p)
        for (std::size_t l = 0; l < 4; ++l) usable[p][l] = !out[p][l] && !in[p][l];
      return usable;
    };
    std::vector<std::array<bool, 4>> usable = free_links(out_used, in_used);
    bool all = false;
    for (const Between* b : pending)
      if (!tp::shortest_route(net_.links, usable, b->writer, b->reader)) all = true;
    if (all) {  // every channel routed but those the program PLACEd
      link_of_ = placed_by_program;
      pending.clear();
      for (const Between& b : between)
        if (!link_of_.count(b.chan)) pending.push_back(&b);
      usable = free_links(placed_out, placed_in);
    }
    for (const Between* b : pending) {
      auto route = tp::shortest_route(net_.links, usable, b->writer, b->reader);
      if (!route) {
        std::vector<std::array<bool, 4>> any(usable.size(), {true, true, true, true});
        bool connected = tp::shortest_route(net_.links, any, b->writer, b->reader).has_value();
        throw Failed{"channel " + chan_text(m_, b->chan) + " from processor " + std::to_string(b->writer) + " to processor " +
                         std::to_string(b->reader) + ": " + net_.name +
                         (connected ? " joins them only over links the program PLACEs channels on" : " does not connect them"),
                     b->site};
      }
      const Type& t = m_.types[std::size_t(m_.vars[std::size_t(b->chan.first)].type)];
      TypeId chan_type = t.kind == TypeKind::Array ? t.elem : m_.vars[std::size_t(b->chan.first)].type;
      ProtocolId protocol = m_.types[std::size_t(chan_type)].protocol;
      if (m_.protocols[std::size_t(protocol)].kind == ProtocolKind::Any)
        throw Failed{"channel " + chan_text(m_, b->chan) + " from processor " + std::to_string(b->writer) + " to processor " +
                         std::to_string(b->reader) + ": a CHAN OF ANY between processors that are not neighbours is not routed yet",
                     b->site};
      std::string name = chan_text(m_, b->chan);
      routed_of_[b->chan] = routed_.size();
      routed_.push_back(tp::RoutedChannel{name.substr(1, name.size() - 2), protocol, b->site, std::move(*route)});
      routed_ends_.push_back({b->writer, b->reader});
    }
  }

  // PLACE c AT link in the PROCESSORs: checked against the topology, then those links are taken.
  void place_on_links(const std::vector<Between>& between, std::vector<std::array<bool, 4>>& out_used,
                      std::vector<std::array<bool, 4>>& in_used) {
    std::map<VarId, std::pair<std::optional<Instance::OnLink>, std::optional<Instance::OnLink>>> ends;  // writer's, reader's
    for (const Instance& in : instances_)
      for (const Instance::OnLink& o : in.on_links) {
        std::string c = "'" + m_.vars[std::size_t(o.chan)].name + "'";
        std::string at = "PLACE " + c + " AT " + std::to_string(o.word) + ": ";
        const Between* b = nullptr;
        for (const Between& x : between)
          if (x.chan == ChanId{o.chan, -1}) b = &x;
        if (!b || (b->writer != in.processor && b->reader != in.processor))
          throw Failed{at + c + " is not a channel between processor " + std::to_string(in.processor) + " and another", o.site};
        bool writer = b->writer == in.processor;
        if (writer != (o.word < 4))
          throw Failed{at + "processor " + std::to_string(in.processor) + (writer ? " outputs to " : " inputs from ") + c +
                           ", so it is on " + (writer ? "a link's output (0 to 3)" : "a link's input (4 to 7)"),
                       o.site};
        auto& slot = writer ? ends[o.chan].first : ends[o.chan].second;
        if (slot) throw Failed{at + c + " is PLACEd twice on processor " + std::to_string(in.processor), o.site};
        slot = o;
      }
    for (const auto& [chan, placed] : ends) {
      const Between* b = nullptr;
      for (const Between& x : between)
        if (x.chan == ChanId{chan, -1}) b = &x;
      const auto& [out, in] = placed;
      const Instance::OnLink& first = out ? *out : *in;
      std::string c = "'" + m_.vars[std::size_t(chan)].name + "'";
      std::string at = "PLACE " + c + " AT " + std::to_string(first.word) + ": ";
      int here = out ? b->writer : b->reader, there = out ? b->reader : b->writer, link = int(first.word % 4);
      auto [peer, peer_link] = net_.links[std::size_t(here)][std::size_t(link)];
      if (peer != there)
        throw Failed{at + "link " + std::to_string(link) + " of processor " + std::to_string(here) + " leads to " +
                         (peer < 0 ? "no processor" : "processor " + std::to_string(peer)) + " in " + net_.name +
                         ", not to processor " + std::to_string(there) + " at the channel's other end",
                     first.site};
      int out_link = out ? link : peer_link, in_link = out ? peer_link : link;
      if (out && in && in->word - 4 != in_link)
        throw Failed{"PLACE " + c + " AT " + std::to_string(in->word) + ": link " + std::to_string(in->word - 4) + " of processor " +
                         std::to_string(b->reader) + " is not wired to link " + std::to_string(out_link) + " of processor " +
                         std::to_string(b->writer) + " (link " + std::to_string(in_link) + " of processor " +
                         std::to_string(b->reader) + " is)",
                     in->site};
      if (out_used[std::size_t(b->writer)][std::size_t(out_link)] || in_used[std::size_t(b->reader)][std::size_t(in_link)])
        throw Failed{at + "link " + std::to_string(link) + " of processor " + std::to_string(here) +
                         " already carries another channel that way",
                     first.site};
      out_used[std::size_t(b->writer)][std::size_t(out_link)] = in_used[std::size_t(b->reader)][std::size_t(in_link)] = true;
      link_of_[b->chan] = {{b->writer, out_link}, {b->reader, 4 + in_link}};
    }
  }

  bool is_host_channel(VarId v) const {
    const Proc& entry = m_.procs[std::size_t(m_.entry->proc)];
    for (VarId p : entry.params)
      if (p == v) return true;
    return false;
  }

  ProcessorProgram program(int k) {
    ProcessorProgram out;
    out.module = m_;
    out.role.host = k == net_.host;
    Module& m = out.module;
    Process* par = placed_par(m.procs[std::size_t(m.entry->proc)].body);
    auto it = by_processor_.find(k);
    if (it == by_processor_.end()) {  // only boots its neighbours, and carries the routes through it
      std::vector<std::optional<Expr>> none(routed_.size());
      tp::Routers routers = tp::routers_for(m, routed_, none, k);
      *par = Process{};
      par->kind = ProcKind::Skip;
      if (!routers.processes.empty()) {
        par->kind = ProcKind::Block;
        par->decls = std::move(routers.decls);
        par->body.push_back(parallel(std::move(routers.processes), par_.site));
        out.role.link_channels = std::move(routers.link_channels);
      }
      return out;
    }
    out.placed = true;
    const Instance& in = instances_[it->second];
    out.role.entry_process = in.name;
    out.process_name = in.index != kNone ? in.name + "[" + std::to_string(in.value) + "]" : in.name;
    out.spawned = in.index != kNone ? in.site : in.body->site;  // as natively: a replicated branch starts at its PROCESSOR
    Process block;
    block.kind = ProcKind::Block;
    block.site = in.site;
    block.body.push_back(*in.body);
    if (in.index != kNone) {  // the replicator index is a constant here
      m.vars[std::size_t(in.index)].kind = VarKind::ValAbbrev;
      Expr value;
      value.kind = ExprKind::IntLit;
      value.type = m.vars[std::size_t(in.index)].type;
      value.int_value = in.value;
      block.decls.push_back({in.index, value});
    }
    // Channels between processors: a link channel each; an element of an array a name of its own.
    std::map<ChanId, VarId> element_var;
    for (const auto& [chan, ends] : link_of_) {
      int word = ends.first.first == k ? ends.first.second : ends.second.first == k ? ends.second.second : -1;
      if (word < 0) continue;
      if (chan.second < 0) {
        out.role.link_channels[chan.first] = word;
        continue;
      }
      const Var& a = m.vars[std::size_t(chan.first)];
      TypeId elem = m.types[std::size_t(a.type)].elem;
      VarId e = m.add_var(a.name + "[" + std::to_string(chan.second) + "]", elem, VarKind::Local, a.site);
      element_var[chan] = e;
      block.decls.push_back({e, std::nullopt});
      out.role.link_channels[e] = word;
    }
    // Routed channels: the program's end is the channel itself (soft on this processor), its router's too.
    std::vector<std::optional<Expr>> endpoint(routed_.size());
    for (const auto& [chan, v] : routed_of_) {
      if (routed_ends_[v].first != k && routed_ends_[v].second != k) continue;
      const Var& a = m.vars[std::size_t(chan.first)];
      Expr e;
      e.kind = ExprKind::Var;
      e.var = chan.first;
      e.type = a.type;
      e.site = a.site;
      if (chan.second >= 0) {
        Expr sub;
        sub.type = m.prim(Prim::Int);
        sub.int_value = chan.second;
        Expr x;
        x.kind = ExprKind::Index;
        x.type = m.types[std::size_t(a.type)].elem;
        x.site = a.site;
        x.args = {std::move(e), std::move(sub)};
        e = std::move(x);
      }
      endpoint[v] = std::move(e);
    }
    Failed* bad = nullptr;
    Failed failure;
    for_each_expr(block.body[0], [&](Expr& x) {
      if (x.kind != ExprKind::Index || x.args[0].kind != ExprKind::Var) return;
      VarId a = x.args[0].var;
      bool between = false;
      for (const auto& [chan, ends] : link_of_) between = between || (chan.first == a && chan.second >= 0);
      if (!between) return;
      auto j = constant(x.args[1], in.index, in.value);
      auto e = j ? element_var.find({a, *j}) : element_var.end();
      if (e == element_var.end()) {
        // An element this processor does not use across processors stays in its own array.
        if (j && !link_of_.count({a, *j})) return;
        failure = {"channel array '" + m.vars[std::size_t(a)].name +
                       "' between processors: its subscript here must be a constant (the replicator index counts)",
                   x.site};
        bad = &failure;
        return;
      }
      Expr v;
      v.kind = ExprKind::Var;
      v.type = x.type;
      v.site = x.site;
      v.var = e->second;
      x = v;
    });
    if (bad) throw *bad;
    acknowledge_routed_outputs(m, block.body[0], in, k);
    tp::Routers routers = tp::routers_for(m, routed_, endpoint, k);
    if (!routers.processes.empty()) {
      // The routers run beside the processor's process, for ever: on the host's processor, the end of
      // its process tells the host the program has ended (NetworkRole::end_channel).
      Process own = std::move(block.body[0]);
      own.name = out.process_name;
      if (out.role.host) {
        VarId end = m.add_var("end", m.chan(m.simple_protocol(m.prim(Prim::Int))), VarKind::Local, in.site);
        routers.decls.push_back({end, std::nullopt});
        out.role.end_channel = end;
        Process done;
        done.kind = ProcKind::Output;
        done.site = in.site;
        Expr chan;
        chan.kind = ExprKind::Var;
        chan.var = end;
        chan.type = m.vars[std::size_t(end)].type;
        done.channel = chan;
        Expr zero;
        zero.type = m.prim(Prim::Int);
        done.rhs.push_back(zero);
        Process then;
        then.kind = ProcKind::Seq;
        then.site = in.site;
        then.name = out.process_name;
        then.body.push_back(std::move(own));
        then.body.push_back(std::move(done));
        own = std::move(then);
      }
      routers.processes.insert(routers.processes.begin(), std::move(own));
      block.body[0] = parallel(std::move(routers.processes), in.site);
      block.decls.insert(block.decls.end(), routers.decls.begin(), routers.decls.end());
      out.role.link_channels.insert(routers.link_channels.begin(), routers.link_channels.end());
    }
    *par = std::move(block);
    return out;
  }

  // An output on a channel this processor writes over a route completes only when the reader has
  // taken the message: each becomes `c ! x` then `c ? ack` on the same channel word, the writer's
  // forwarder answering once the reader's end has acknowledged (routing.h). Outputs through PROC
  // parameters and abbreviations bound to such a channel are rewritten too. An array with routed
  // elements may be subscripted at run time, so its elements this processor both writes and reads
  // are acknowledged too: their inputs become `c ? x` then `c ! 0`.
  void acknowledge_routed_outputs(Module& m, Process& branch, const Instance& in, int k) {
    std::set<ChanId> written, local;  // elements whose outputs wait for an ack; those acked here
    std::set<VarId> roots;
    for (const auto& [chan, v] : routed_of_)
      if (routed_ends_[v].first == k) written.insert(chan), roots.insert(chan.first);
    if (written.empty()) return;
    for (const auto& [chan, use] : uses_)
      if (roots.count(chan.first) && use.writers.count(k) && use.readers.count(k) && !routed_of_.count(chan))
        written.insert(chan), local.insert(chan);
    auto of_channels = [&](VarId v) {
      TypeId t = m.vars[std::size_t(v)].type;
      while (m.types[std::size_t(t)].kind == TypeKind::Array) t = m.types[std::size_t(t)].elem;
      return m.types[std::size_t(t)].kind == TypeKind::Chan;
    };
    std::function<VarId(const Expr&)> root = [&](const Expr& e) -> VarId {
      if (e.kind == ExprKind::Var) return e.var;
      return e.args.empty() ? kNone : root(e.args[0]);
    };
    // Names (channels, arrays of them, and the PROC parameters and abbreviations bound to them) whose
    // outputs, and whose inputs, are acknowledged.
    struct Side {
      std::set<ChanId>& elements;
      std::set<VarId> names;
      bool writer;
      std::map<VarId, Site> plain;  // PROC parameters passed a channel not acknowledged, where
    };
    Side out{written, {}, true, {}}, back{local, {}, false, {}};
    for (const ChanId& c : written) out.names.insert(c.first);
    for (const ChanId& c : local) back.names.insert(c.first);
    // Whether channel `e` is acknowledged on that side; an error where it cannot be told.
    auto acked = [&](const Side& side, const Expr& e) {
      VarId r = root(e);
      if (!side.names.count(r)) return false;
      if (!roots.count(r)) return true;  // a name bound to acknowledged channels
      std::optional<std::int64_t> j = std::int64_t(-1);
      if (e.kind == ExprKind::Index && e.args[0].kind == ExprKind::Var) j = constant(e.args[1], in.index, in.value);
      else if (e.kind != ExprKind::Var || m.types[std::size_t(e.type)].kind == TypeKind::Array) j.reset();
      if (j) return side.elements.count({r, *j}) > 0;
      bool all = true;  // a subscript chosen at run time: every element used so must be acknowledged
      for (const auto& [chan, use] : uses_)
        if (chan.first == r && (side.writer ? use.writers : use.readers).count(k) && !side.elements.count(chan)) all = false;
      if (!all)
        throw Failed{"channel array '" + m.vars[std::size_t(r)].name + "' between processors: its subscript here must be a constant" +
                         " (some of its elements are routed from processor " + std::to_string(k) + ", others not)",
                     e.site};
      return true;
    };
    // The names bound to acknowledged channels, through abbreviations and the PROCs called (to a fixed point).
    std::set<ProcId> seen;
    std::vector<const Process*> todo{&branch};
    std::function<void(const Process&)> bind = [&](const Process& p) {
      for (Side* side : {&out, &back}) {
        for (const Decl& d : p.decls)
          if (d.init && of_channels(d.var) && acked(*side, *d.init)) side->names.insert(d.var);
        if (p.kind == ProcKind::Call)
          for (std::size_t a = 0; a < p.rhs.size() && a < m.procs[std::size_t(p.proc)].params.size(); ++a) {
            VarId formal = m.procs[std::size_t(p.proc)].params[a];
            if (!of_channels(formal)) continue;
            if (acked(*side, p.rhs[a])) side->names.insert(formal);
            else side->plain.try_emplace(formal, p.rhs[a].site.line ? p.rhs[a].site : p.site);
          }
      }
      if (p.kind == ProcKind::Call && seen.insert(p.proc).second) todo.push_back(&m.procs[std::size_t(p.proc)].body);
      for (const Process& b : p.body) bind(b);
    };
    for (std::size_t size = 0; size != out.names.size() + back.names.size() + seen.size();) {
      size = out.names.size() + back.names.size() + seen.size();
      out.plain.clear(), back.plain.clear();  // as the last round found them
      for (std::size_t i = 0; i < todo.size(); ++i) bind(*todo[i]);
    }
    // One PROC's code serves every call: a parameter that is a routed channel in one call and
    // another channel in the next cannot be told apart.
    for (const Side* side : {&out, &back})
      for (const auto& [formal, site] : side->plain)
        if (side->names.count(formal))
          throw Failed{"parameter '" + m.vars[std::size_t(formal)].name + "' is passed a channel routed from processor " + std::to_string(k) +
                           " in one call and another channel here: not carried yet (call a copy of the PROC)",
                       site};
    auto ack = [&](ProcKind kind, const Expr& chan, Site s) {  // `chan ? ack` (in a block declaring it) or `chan ! 0`
      Process p;
      p.kind = kind;
      p.site = s;
      p.channel = tp::acknowledgement_channel(m, chan);
      Expr value;
      value.type = m.prim(Prim::Int);
      value.site = s;
      if (kind == ProcKind::Output) {
        p.rhs.push_back(value);
        return p;
      }
      value.kind = ExprKind::Var;
      value.var = m.add_var("route.ack", value.type, VarKind::Local, s);
      p.lhs.push_back(value);
      Process block;
      block.kind = ProcKind::Block;
      block.site = s;
      block.decls.push_back({value.var, std::nullopt});
      block.body.push_back(std::move(p));
      return block;
    };
    auto then = [](Process first, Process second) {
      Process seq;
      seq.kind = ProcKind::Seq;
      seq.site = first.site;
      seq.body.push_back(std::move(first));
      seq.body.push_back(std::move(second));
      return seq;
    };
    auto ack_arms = [&](Process& case_input) {  // c ? CASE: each arm acknowledges first
      for (Process& arm : case_input.body) arm.body[0] = then(ack(ProcKind::Output, *case_input.channel, arm.site), std::move(arm.body[0]));
    };
    std::function<void(Process&)> rewrite = [&](Process& p) {
      if (p.kind == ProcKind::Alternative) {  // an input guard acknowledges at the start of its process
        Process& guard = p.body[0];
        for (Process& b : guard.body) rewrite(b);
        rewrite(p.body[1]);
        if (guard.kind == ProcKind::Input && acked(back, *guard.channel))
          p.body[1] = then(ack(ProcKind::Output, *guard.channel, guard.site), std::move(p.body[1]));
        if (guard.kind == ProcKind::CaseInput && acked(back, *guard.channel)) ack_arms(guard);
        return;
      }
      for (Process& b : p.body) rewrite(b);
      if (p.kind == ProcKind::Output && acked(out, *p.channel)) {
        Process wait = ack(ProcKind::Input, *p.channel, p.site);
        p = then(std::move(p), std::move(wait));
      } else if (p.kind == ProcKind::Input && acked(back, *p.channel)) {
        Process reply = ack(ProcKind::Output, *p.channel, p.site);
        p = then(std::move(p), std::move(reply));
      } else if (p.kind == ProcKind::CaseInput && acked(back, *p.channel)) {
        ack_arms(p);
      }
    };
    rewrite(branch);
    for (ProcId c : seen) rewrite(m.procs[std::size_t(c)].body);
  }

  static Process parallel(std::vector<Process> branches, Site s) {
    Process p;
    p.kind = ProcKind::Par;
    p.site = s;
    p.body = std::move(branches);
    return p;
  }

  struct Use {
    std::set<int> writers, readers;
    Site site;
  };
  const Module& m_;
  const NetworkShape& net_;
  Process& par_;
  std::vector<Instance> instances_;
  std::map<int, std::size_t> by_processor_;
  std::map<ChanId, Use> uses_;
  std::set<VarId> arrays_of_other_shape_;
  std::set<VarId> chosen_at_run_time_;  // channel arrays a processor subscripts at run time
  std::map<ChanId, std::pair<std::pair<int, int>, std::pair<int, int>>> link_of_;  // {writer, out word}, {reader, in word}
  std::vector<tp::RoutedChannel> routed_;             // channels carried by routers (routing.h)
  std::vector<std::pair<int, int>> routed_ends_;      // their writer's and reader's processors
  std::map<ChanId, std::size_t> routed_of_;
};

}  // namespace

std::optional<std::variant<std::vector<ProcessorProgram>, TransputerError>> place(const Module& m, const NetworkShape& net) {
  if (!m.entry) return std::nullopt;
  Module copy = m;  // placed_par needs a mutable process; the Placer reads the original
  Process* par = placed_par(copy.procs[std::size_t(copy.entry->proc)].body);
  if (!par) return std::nullopt;
  try {
    return Placer(m, net, *par).run();
  } catch (const Failed& f) {
    std::string where;
    if (f.site.line > 0 && std::size_t(f.site.file) < m.files.size())
      where = m.files[std::size_t(f.site.file)] + ":" + std::to_string(f.site.line) + ":" + std::to_string(f.site.col) + ": ";
    return TransputerError{where + "error: " + f.message};
  }
}

}  // namespace transit::occam::backend
