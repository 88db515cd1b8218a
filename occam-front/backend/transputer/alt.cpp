// ALT and PRI ALT: enable every guard (enbc, enbs, enbt), wait (altwt, or taltwt when a guard is a
// timer), disable them in order (disc, diss, dist: the first ready one is chosen, which is PRI ALT's
// priority), then altend jumps to the chosen branch, which does its input and its process. A
// replicated ALT enables and disables in a loop and records the index of the instance chosen.
#include <functional>

#include "backend/transputer/gen.h"

namespace transit::occam::backend::tp {

namespace {

struct Guard {
  const Process* alt = nullptr;  // the Alternative
  std::size_t group = 0;         // its replicated ALT (0: none, unless the ALT itself is replicated)
  std::string branch;
};

// A replicated ALT among the alternatives: its index and count, and the chosen index with a flag.
struct Group {
  const Process* rep = nullptr;
  int idx = -1, chosen = -1;
};

}  // namespace

void Gen::alt(const Process& p) {
  int m = mark();
  std::vector<Guard> guards;
  std::vector<Group> groups(1);
  bool timers = false;
  std::function<void(const Process&, std::size_t)> collect = [&](const Process& a, std::size_t group) {
    for (const Process& c : a.body) {
      const Process* x = &c;
      while (x->kind == ProcKind::Block) {  // its names are in scope from here to the end of the ALT
        for (const Decl& d : x->decls) {  // declared once: an abbreviation could name the index
          if (groups[group].rep && d.init) unsupported("an abbreviation inside a replicated ALT", x->site);
          declare(d, x->site);
        }
        x = &x->body.at(0);
      }
      if (x->kind == ProcKind::Alt) {
        if (x->rep && groups[group].rep) unsupported("a replicated ALT inside a replicated ALT", x->site);
        if (x->rep) groups.push_back(Group{x});
        collect(*x, x->rep ? groups.size() - 1 : group);
        continue;
      }
      if (x->kind != ProcKind::Alternative) unsupported("this alternative", x->site);
      if (x->body.at(0).kind == ProcKind::TimerAfter) timers = true;
      guards.push_back(Guard{x, group, fresh("L")});
    }
  };
  if (p.rep) groups[0].rep = &p;
  collect(p, 0);
  for (Group& g : groups) {
    if (!g.rep) continue;
    g.idx = alloc(2);
    g.chosen = alloc(2);
    VarLoc vl;
    vl.frame = cur_;
    vl.slot = slot_expr(cur_, g.idx);
    vars_[g.rep->rep->index] = vl;
  }
  // Runs of consecutive guards of one group, a loop over the index around those of a replicated one.
  auto each_run = [&](const std::function<void(const Guard&)>& each) {
    for (std::size_t k = 0; k < guards.size();) {
      std::size_t end = k;
      while (end < guards.size() && guards[end].group == guards[k].group) ++end;
      const Group& g = groups[guards[k].group];
      if (!g.rep) {
        for (std::size_t j = k; j < end; ++j) each(guards[j]);
        k = end;
        continue;
      }
      const Replicator& r = *g.rep->rep;
      std::string top = fresh("L"), out = fresh("L");
      expr(r.base);
      ins("stl " + slot_expr(cur_, g.idx));
      expr(r.count);
      ins("stl " + slot_expr(cur_, g.idx + 1));
      label(top);
      ins("ldl " + slot_expr(cur_, g.idx + 1));
      ins("cj " + out);
      for (std::size_t j = k; j < end; ++j) each(guards[j]);
      ins("ldl " + slot_expr(cur_, g.idx));
      if (r.step) {
        expr(*r.step);
        ins("sum");
      } else {
        ins("adc 1");
      }
      ins("stl " + slot_expr(cur_, g.idx));
      ins("ldl " + slot_expr(cur_, g.idx + 1));
      ins("adc -1");
      ins("stl " + slot_expr(cur_, g.idx + 1));
      ins("j " + top);
      label(out);
      k = end;
    }
  };
  // Guards are loaded each time: pre, channel (or time), as the enable/disable instruction wants.
  // A precondition needing more than two registers is computed first, into a slot.
  auto precondition = [&](const Guard& g, const std::function<void()>& before) {
    const Expr* c = g.alt->rhs.empty() ? nullptr : &g.alt->rhs[0];
    int t = -1;
    if (c && depth(*c) > 2) {
      t = alloc(1);
      expr(*c);
      ins("stl " + slot_expr(cur_, t));
    }
    before();
    if (!c)
      ins("ldc 1");
    else if (t >= 0)
      ins("ldl " + slot_expr(cur_, t));
    else
      expr(*c);
  };
  // A channel that is an element is computed into a slot first, only when its guard is TRUE (a
  // FALSE guard's channel is never evaluated; enbc and disc ignore it).
  auto channel = [&](const Guard& g) {
    const Expr& c = *g.alt->body.at(0).channel;
    if (c.kind == ExprKind::Var) {
      address(c);
      return;
    }
    int t = alloc(1);
    std::string skip = fresh("L");
    ins("ldc 0");
    ins("stl " + slot_expr(cur_, t));
    if (!g.alt->rhs.empty()) cond_jump_false(g.alt->rhs[0], skip);
    address(c);
    ins("stl " + slot_expr(cur_, t));
    label(skip);
    ins("ldl " + slot_expr(cur_, t));
  };
  // The channel's address is computed before the precondition is loaded (it may use registers).
  auto channel_guard = [&](const Guard& g, const char* op) {
    const Expr& c = *g.alt->body.at(0).channel;
    int t = -1;
    if (c.kind != ExprKind::Var) {
      t = alloc(1);
      channel(g);
      ins("stl " + slot_expr(cur_, t));
    }
    precondition(g, [&] {
      if (t >= 0)
        ins("ldl " + slot_expr(cur_, t));
      else
        address(c);
    });
    if (*op) ins(op);
  };
  // A time that is not a constant or a name is computed first, into a slot (a FALSE guard's time is
  // never evaluated; enbt and dist ignore it).
  auto time = [&](const Guard& g, const char* op) {
    const Expr& t = g.alt->body.at(0).rhs.at(0);
    int slot = -1;
    if (depth(t) > 1) {  // like a channel element's, computed only when the guard is TRUE
      slot = alloc(1);
      std::string skip = fresh("L");
      ins("ldc 0");
      ins("stl " + slot_expr(cur_, slot));
      if (!g.alt->rhs.empty()) cond_jump_false(g.alt->rhs[0], skip);
      expr(t);
      ins("stl " + slot_expr(cur_, slot));
      label(skip);
    }
    precondition(g, [&] {
      if (slot >= 0)
        ins("ldl " + slot_expr(cur_, slot));
      else
        expr(t);
    });
    if (*op) ins(op);
  };
  std::string end = fresh("L"), done = fresh("L");

  ins(timers ? "talt" : "alt");
  each_run([&](const Guard& g) {
    switch (g.alt->body.at(0).kind) {
      case ProcKind::Input: case ProcKind::CaseInput: channel_guard(g, "enbc"); break;
      case ProcKind::Skip: precondition(g, [] {}); ins("enbs"); break;
      case ProcKind::TimerAfter: time(g, "enbt"); break;
      default: unsupported("this ALT guard", g.alt->site);
    }
  });
  wait_label(p.site, p.pri ? "PRI ALT" : "ALT");
  ins(timers ? "taltwt" : "altwt");
  for (const Group& g : groups) {
    if (!g.rep) continue;
    ins("ldc 0");
    ins("stl " + slot_expr(cur_, g.chosen + 1));  // no instance chosen yet
  }
  each_run([&](const Guard& g) {
    std::string offset = g.branch + " - " + end;
    switch (g.alt->body.at(0).kind) {
      case ProcKind::Input: case ProcKind::CaseInput: channel_guard(g, ""); ins("ldc " + offset); ins("disc"); break;
      case ProcKind::Skip: precondition(g, [] {}); ins("ldc " + offset); ins("diss"); break;
      case ProcKind::TimerAfter: time(g, ""); ins("ldc " + offset); ins("dist"); break;
      default: break;
    }
    const Group& r = groups[g.group];
    if (r.rep) {  // the first instance whose guard was selected (W[0] is its offset) keeps its index
      std::string next = fresh("L");
      ins("ldl " + slot_expr(cur_, r.chosen + 1));
      ins("eqc 0");
      ins("cj " + next);
      ins("ldl 0");
      ins("eqc " + offset);
      ins("cj " + next);
      ins("ldl " + slot_expr(cur_, r.idx));
      ins("stl " + slot_expr(cur_, r.chosen));
      ins("ldc 1");
      ins("stl " + slot_expr(cur_, r.chosen + 1));
      label(next);
    }
  });
  ins("altend");
  label(end);
  for (const Guard& g : guards) {
    label(g.branch);
    const Group& r = groups[g.group];
    if (r.rep) {
      ins("ldl " + slot_expr(cur_, r.chosen));
      ins("stl " + slot_expr(cur_, r.idx));
    }
    const Process& input = g.alt->body.at(0);
    if (input.kind == ProcKind::Input || input.kind == ProcKind::CaseInput) process(input);
    process(g.alt->body.at(1));
    ins("j " + done);
  }
  label(done);
  release(m);
}

}  // namespace transit::occam::backend::tp
