// Routed channels (routing.h): shortest routes, and the router processes of one processor as IR.
//
// Per routed channel v and processor on its route, one forwarder: it takes v's message (from the
// program's channel at the writer, else from the link's demultiplexer), passes it on (out of the next
// link, or to the program's channel at the reader), waits for its acknowledgement (not at the reader)
// and sends one back (at the writer: to the program, whose output placement.cpp made wait for it, so
// a routed channel is a rendezvous). Per link direction carrying routes: the sending processor's
// link is shared by its forwarders through an arbiter (a forwarder asks, writes its message, releases);
// the receiving processor's demultiplexer reads each message's tag and hands it to its forwarder. A
// forwarder takes a message only after the previous one was acknowledged, so the one it hands on to is
// always ready for it: no router ever waits on another virtual channel's traffic.
#include "backend/transputer/routing.h"

#include "transit/occam/backend/transputer/placement.h"

#include <deque>
#include <set>

namespace transit::occam::backend::tp {

using namespace ir;

std::optional<std::vector<Hop>> shortest_route(const std::vector<std::array<std::pair<int, int>, 4>>& links,
                                               const std::vector<std::array<bool, 4>>& usable, int from, int to) {
  std::vector<std::optional<Hop>> came(links.size());
  std::vector<bool> seen(links.size(), false);
  std::deque<int> todo{from};
  seen[std::size_t(from)] = true;
  while (!todo.empty()) {
    int p = todo.front();
    todo.pop_front();
    for (int l = 0; l < 4; ++l) {
      auto [peer, peer_link] = links[std::size_t(p)][std::size_t(l)];
      if (peer < 0 || !usable[std::size_t(p)][std::size_t(l)] || seen[std::size_t(peer)]) continue;
      seen[std::size_t(peer)] = true;
      came[std::size_t(peer)] = Hop{p, l, peer, peer_link};
      todo.push_back(peer);
    }
  }
  if (!seen[std::size_t(to)]) return std::nullopt;
  std::vector<Hop> route;
  for (int p = to; p != from; p = came[std::size_t(p)]->node) route.insert(route.begin(), *came[std::size_t(p)]);
  return route;
}

namespace {

// The item lists of a protocol's messages: one list, or one per variant case.
std::vector<std::vector<ProtocolItem>> messages_of(const Protocol& p) {
  if (p.kind != ProtocolKind::Variant) return {p.items};
  std::vector<std::vector<ProtocolItem>> out;
  for (const ProtocolCase& c : p.cases) out.push_back(c.items);
  return out;
}

// What a link direction carries: entry j (its tag) is message `message` of routed channel `channel`,
// or that channel's acknowledgement (message -1).
struct LinkEntry {
  std::size_t channel = 0;
  int message = -1;
};
using Direction = std::pair<int, int>;  // (processor, its output link)

class Builder {
 public:
  Builder(Module& m, const std::vector<RoutedChannel>& routed, const std::vector<std::optional<Expr>>& endpoint, int node)
      : m_(m), routed_(routed), endpoint_(endpoint), node_(node) {
    for (std::size_t v = 0; v < routed.size(); ++v) {
      std::size_t messages = messages_of(protocol(v)).size();
      for (const Hop& h : routed[v].route) {
        for (std::size_t k = 0; k < messages; ++k) carries_[{h.node, h.link}].push_back({v, int(k)});
        carries_[{h.peer, h.peer_link}].push_back({v, -1});
      }
    }
  }

  Routers run() {
    for (std::size_t v = 0; v < routed_.size(); ++v) {
      const std::vector<Hop>& r = routed_[v].route;
      for (std::size_t i = 0; i <= r.size(); ++i)
        if ((i < r.size() ? r[i].node : r.back().peer) == node_) forwarder(v, i);
    }
    for (int l = 0; l < 4; ++l)
      if (in_links_.count(l)) demultiplexer(l);
    for (auto& [l, users] : arbitrated_) arbiter(l, users);
    return std::move(out_);
  }

 private:
  const Protocol& protocol(std::size_t v) const { return m_.protocols[std::size_t(routed_[v].protocol)]; }
  bool variant(std::size_t v) const { return protocol(v).kind == ProtocolKind::Variant; }
  TypeId int_type() { return m_.prim(Prim::Int); }

  Expr var(VarId v) const {
    Expr e;
    e.kind = ExprKind::Var;
    e.var = v;
    e.type = m_.vars[std::size_t(v)].type;
    e.site = m_.vars[std::size_t(v)].site;
    return e;
  }
  Expr literal(TypeId t, std::int64_t value) const {
    Expr e;
    e.kind = ExprKind::IntLit;
    e.type = t;
    e.int_value = value;
    return e;
  }
  VarId declare(const std::string& name, TypeId t, Site s) {
    VarId v = m_.add_var(name, t, VarKind::Local, s);
    out_.decls.push_back({v, std::nullopt});
    return v;
  }
  static Process node(ProcKind k, Site s, std::vector<Process> body = {}) {
    Process p;
    p.kind = k;
    p.site = s;
    p.body = std::move(body);
    return p;
  }
  static Process communicate(ProcKind k, const Expr& chan, std::vector<Expr> items, std::int32_t tag, Site s) {
    Process p = node(k, s);
    p.channel = chan;
    (k == ProcKind::Input ? p.lhs : p.rhs) = std::move(items);
    p.tag = tag;
    return p;
  }
  Process forever(Process body, Site s) {
    Process w = node(ProcKind::While, s, {std::move(body)});
    w.rhs.push_back(literal(m_.prim(Prim::Bool), 1));
    return w;
  }
  void add(Process p, const std::string& name) {
    p.name = name;
    out_.processes.push_back(std::move(p));
  }

  // Variables for one message's items (a counted array: its count, then a buffer for its elements).
  std::vector<Expr> message_vars(const std::vector<ProtocolItem>& items, const std::string& name, Site s) {
    std::vector<Expr> vars;
    for (const ProtocolItem& it : items) {
      if (it.count != kNone) {
        vars.push_back(var(declare(name + ".count", it.count, s)));
        vars.push_back(var(declare(name + ".items", m_.array(it.type, kRoutedCountedMax), s)));
      } else {
        vars.push_back(var(declare(name + ".item", it.type, s)));
      }
    }
    return vars;
  }

  // A link channel of this processor (word from MOSTNEG: 0-3 out, 4-7 in) for direction d's messages.
  VarId link_channel(Direction d, int word) {
    auto [it, fresh] = link_vars_.try_emplace(word, kNone);
    if (!fresh) return it->second;
    Protocol p;
    p.name = "ROUTE.LINK";
    p.kind = ProtocolKind::Variant;
    for (const LinkEntry& e : carries_.at(d)) {
      ProtocolCase c;
      c.tag = routed_[e.channel].name + (e.message < 0 ? ".ack" : "." + std::to_string(e.message));
      if (e.message >= 0) c.items = messages_of(protocol(e.channel))[std::size_t(e.message)];
      p.cases.push_back(std::move(c));
    }
    m_.protocols.push_back(std::move(p));
    TypeId t = m_.chan(ProtocolId(m_.protocols.size() - 1));
    std::string name = "link" + std::to_string(word % 4) + (word < 4 ? ".out" : ".in");
    it->second = declare(name, t, routed_[carries_.at(d)[0].channel].site);
    out_.link_channels[it->second] = word;
    return it->second;
  }
  std::int32_t tag_of(Direction d, std::size_t v, int message) const {
    const std::vector<LinkEntry>& es = carries_.at(d);
    for (std::size_t j = 0; j < es.size(); ++j)
      if (es[j].channel == v && es[j].message == message) return std::int32_t(j);
    return kNone;
  }
  VarId chan_var(std::map<std::size_t, VarId>& vars, std::size_t v, const std::string& name, TypeId t) {
    auto [it, fresh] = vars.try_emplace(v, kNone);
    if (fresh) it->second = declare(name + "." + routed_[v].name, t, routed_[v].site);
    return it->second;
  }
  VarId forward_chan(std::size_t v) { return chan_var(forward_, v, "fwd", m_.chan(routed_[v].protocol)); }
  VarId ack_chan(std::size_t v) { return chan_var(ack_, v, "ack", m_.chan(m_.simple_protocol(int_type()))); }

  // v's message `message` out of this processor's link `l` (through the link's arbiter when shared).
  Process send(int l, std::size_t v, int message, std::vector<Expr> items) {
    Direction d{node_, l};
    Site s = routed_[v].site;
    Process out = communicate(ProcKind::Output, var(link_channel(d, l)), std::move(items), tag_of(d, v, message), s);
    std::set<std::size_t> users;
    for (const LinkEntry& e : carries_.at(d)) users.insert(e.channel);
    if (users.size() == 1) return out;
    auto [it, fresh] = arbitrated_[l].try_emplace(v, kNone, kNone);
    auto& [req, rel] = it->second;
    if (fresh) {
      TypeId chan_int = m_.chan(m_.simple_protocol(int_type()));
      std::string suffix = std::to_string(l) + "." + routed_[v].name;
      req = declare("route.ask" + suffix, chan_int, s);
      rel = declare("route.done" + suffix, chan_int, s);
    }
    return node(ProcKind::Seq, s,
                {communicate(ProcKind::Output, var(req), {literal(int_type(), 0)}, kNone, s), std::move(out),
                 communicate(ProcKind::Output, var(rel), {literal(int_type(), 0)}, kNone, s)});
  }

  // Routed channel v's forwarder on the i-th processor of its route.
  void forwarder(std::size_t v, std::size_t i) {
    const RoutedChannel& rc = routed_[v];
    const std::vector<Hop>& r = rc.route;
    Site s = rc.site;
    bool writer = i == 0, reader = i == r.size();
    if (!writer) in_links_.insert(r[i - 1].peer_link);  // the demultiplexer of the link it comes in by
    if (!reader) in_links_.insert(r[i].link);          // ... and of the one its acknowledgements come back by
    Expr from = writer ? *endpoint_[v] : var(forward_chan(v));
    std::vector<std::vector<ProtocolItem>> messages = messages_of(protocol(v));
    auto pass_on = [&](std::size_t k, std::vector<Expr> items) {
      if (reader) return communicate(ProcKind::Output, *endpoint_[v], std::move(items), variant(v) ? std::int32_t(k) : kNone, s);
      return send(r[i].link, v, int(k), std::move(items));
    };
    std::string name = "route." + rc.name;  // its variables'
    Process take;
    if (!variant(v)) {
      std::vector<Expr> items = message_vars(messages[0], name, s);
      take = node(ProcKind::Seq, s, {communicate(ProcKind::Input, from, items, kNone, s), pass_on(0, items)});
    } else {
      take = node(ProcKind::CaseInput, s);
      take.channel = from;
      for (std::size_t k = 0; k < messages.size(); ++k) {
        std::vector<Expr> items = message_vars(messages[k], name, s);
        Process arm = node(ProcKind::CaseArm, s, {pass_on(k, items)});
        arm.tag = std::int32_t(k);
        arm.lhs = std::move(items);
        take.body.push_back(std::move(arm));
      }
    }
    Process loop = node(ProcKind::Seq, s, {std::move(take)});
    if (!reader)
      loop.body.push_back(communicate(ProcKind::Input, var(ack_chan(v)), {var(declare(name + ".ack", int_type(), s))}, kNone, s));
    if (!writer) loop.body.push_back(send(r[i - 1].peer_link, v, -1, {}));
    if (writer) {  // the writer's output completes now (placement.cpp rewrote it to wait for this)
      loop.body.push_back(communicate(ProcKind::Output, acknowledgement_channel(m_, *endpoint_[v]), {literal(int_type(), 0)}, kNone, s));
    }
    add(forever(std::move(loop), s), std::string(kRouterName) + rc.name + ")");
  }

  // The demultiplexer of this processor's link l: each message to its channel's forwarder.
  void demultiplexer(int l) {
    // The direction into this processor's link l is the peer's; find it from any route using it.
    std::optional<Direction> d;
    for (const RoutedChannel& rc : routed_)
      for (const Hop& h : rc.route) {
        if (h.peer == node_ && h.peer_link == l) d = Direction{h.node, h.link};
        if (h.node == node_ && h.link == l) d = Direction{h.peer, h.peer_link};
      }
    Site s = routed_[carries_.at(*d)[0].channel].site;
    Process in = node(ProcKind::CaseInput, s);
    in.channel = var(link_channel(*d, 4 + l));
    const std::vector<LinkEntry>& es = carries_.at(*d);
    for (std::size_t j = 0; j < es.size(); ++j) {
      std::size_t v = es[j].channel;
      Process arm = node(ProcKind::CaseArm, s);
      arm.tag = std::int32_t(j);
      if (es[j].message < 0) {
        arm.body.push_back(communicate(ProcKind::Output, var(ack_chan(v)), {literal(int_type(), 0)}, kNone, s));
      } else {
        std::vector<ProtocolItem> items = messages_of(protocol(v))[std::size_t(es[j].message)];
        arm.lhs = message_vars(items, "route.link" + std::to_string(l), s);
        arm.body.push_back(communicate(ProcKind::Output, var(forward_chan(v)), arm.lhs,
                                       variant(v) ? std::int32_t(es[j].message) : kNone, s));
      }
      in.body.push_back(std::move(arm));
    }
    add(forever(std::move(in), s), std::string(kRouterName) + "link " + std::to_string(l) + " in)");
  }

  // The arbiter of this processor's output link l, shared by several forwarders.
  void arbiter(int l, const std::map<std::size_t, std::pair<VarId, VarId>>& users) {
    Site s = routed_[users.begin()->first].site;
    VarId t = declare("route.link" + std::to_string(l) + ".any", int_type(), s);
    Process alt = node(ProcKind::Alt, s);
    for (const auto& [v, chans] : users)
      alt.body.push_back(node(ProcKind::Alternative, s,
                              {communicate(ProcKind::Input, var(chans.first), {var(t)}, kNone, s),
                               communicate(ProcKind::Input, var(chans.second), {var(t)}, kNone, s)}));
    add(forever(std::move(alt), s), std::string(kRouterName) + "link " + std::to_string(l) + " out)");
  }

  Module& m_;
  const std::vector<RoutedChannel>& routed_;
  const std::vector<std::optional<Expr>>& endpoint_;
  int node_;
  std::map<Direction, std::vector<LinkEntry>> carries_;
  std::map<int, VarId> link_vars_;                // by word
  std::set<int> in_links_;                        // links of this processor routes come in by
  std::map<std::size_t, VarId> forward_, ack_;    // by routed channel
  std::map<int, std::map<std::size_t, std::pair<VarId, VarId>>> arbitrated_;  // link -> channel -> (ask, done)
  Routers out_;
};

}  // namespace

Expr acknowledgement_channel(Module& m, const Expr& chan) {
  Expr e;
  e.kind = ExprKind::Retype;
  e.type = m.chan(m.simple_protocol(m.prim(Prim::Int)));
  e.site = chan.site;
  e.args.push_back(chan);
  return e;
}

Routers routers_for(Module& m, const std::vector<RoutedChannel>& routed, const std::vector<std::optional<Expr>>& endpoint,
                    int node) {
  return Builder(m, routed, endpoint, node).run();
}

}  // namespace transit::occam::backend::tp
