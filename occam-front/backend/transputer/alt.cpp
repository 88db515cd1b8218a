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
  const Process* rep = nullptr;  // the replicated ALT it is in (its index is the replicator)
  int pre = -1;                  // slot of the precondition (-1: TRUE)
  int chan = -1;                 // slot of the channel address (-1: a name, loaded where needed)
  std::string branch;
};

}  // namespace

void Gen::alt(const Process& p) {
  int m = mark();
  std::vector<Guard> guards;
  bool timers = false;
  std::function<void(const Process&, const Process*)> collect = [&](const Process& a, const Process* rep) {
    for (const Process& c : a.body) {
      const Process* x = &c;
      while (x->kind == ProcKind::Block) {  // its names are in scope from here to the end of the ALT
        for (const Decl& d : x->decls) declare(d, x->site);
        x = &x->body.at(0);
      }
      if (x->kind == ProcKind::Alt) {
        if (x->rep || rep) unsupported("a replicated ALT inside an ALT", x->site);
        collect(*x, nullptr);
        continue;
      }
      if (x->kind != ProcKind::Alternative) unsupported("this alternative", x->site);
      Guard g;
      g.alt = x;
      g.rep = rep;
      const Process& input = x->body.at(0);
      if (input.kind == ProcKind::TimerAfter) timers = true;
      guards.push_back(g);
    }
  };
  if (p.rep) {
    if (p.body.size() != 1) unsupported("a replicated ALT of several alternatives", p.site);
    collect(p, &p);
  } else {
    collect(p, nullptr);
  }
  int idx = -1, chosen = -1;
  if (p.rep) {  // index and count, a copy of the count, the chosen index
    idx = alloc(2);
    chosen = alloc(2);
    VarLoc vl;
    vl.frame = cur_;
    vl.slot = slot_expr(cur_, idx);
    vars_[p.rep->index] = vl;
  }
  auto loop = [&](const std::function<void()>& each) {
    if (!p.rep) {
      each();
      return;
    }
    std::string top = fresh("L"), end = fresh("L");
    expr(p.rep->base);
    ins("stl " + slot_expr(cur_, idx));
    expr(p.rep->count);
    ins("stl " + slot_expr(cur_, idx + 1));
    label(top);
    ins("ldl " + slot_expr(cur_, idx + 1));
    ins("cj " + end);
    each();
    ins("ldl " + slot_expr(cur_, idx));
    if (p.rep->step) {
      expr(*p.rep->step);
      ins("sum");
    } else {
      ins("adc 1");
    }
    ins("stl " + slot_expr(cur_, idx));
    ins("ldl " + slot_expr(cur_, idx + 1));
    ins("adc -1");
    ins("stl " + slot_expr(cur_, idx + 1));
    ins("j " + top);
    label(end);
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
  // A time that is not a constant or a name is computed first, into a slot.
  auto time = [&](const Guard& g, const char* op) {
    const Expr& t = g.alt->body.at(0).rhs.at(0);
    int slot = -1;
    if (depth(t) > 1) {
      slot = alloc(1);
      expr(t);
      ins("stl " + slot_expr(cur_, slot));
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
  for (Guard& g : guards) g.branch = fresh("L");

  ins(timers ? "talt" : "alt");
  loop([&] {
    for (const Guard& g : guards) {
      switch (g.alt->body.at(0).kind) {
        case ProcKind::Input: case ProcKind::CaseInput: channel_guard(g, "enbc"); break;
        case ProcKind::Skip: precondition(g, [] {}); ins("enbs"); break;
        case ProcKind::TimerAfter: time(g, "enbt"); break;
        default: unsupported("this ALT guard", g.alt->site);
      }
    }
  });
  wait_label(p.site, p.pri ? "PRI ALT" : "ALT");
  ins(timers ? "taltwt" : "altwt");
  if (p.rep) {
    ins("ldc 0");
    ins("stl " + slot_expr(cur_, chosen + 1));  // no instance chosen yet
  }
  loop([&] {
    for (const Guard& g : guards) {
      std::string offset = "ldc " + g.branch + " - " + end;
      switch (g.alt->body.at(0).kind) {
        case ProcKind::Input: case ProcKind::CaseInput: channel_guard(g, ""); ins(offset); ins("disc"); break;
        case ProcKind::Skip: precondition(g, [] {}); ins(offset); ins("diss"); break;
        case ProcKind::TimerAfter: time(g, ""); ins(offset); ins("dist"); break;
        default: break;
      }
      if (p.rep) {  // the first instance whose guard selected keeps its index
        std::string next = fresh("L");
        ins("ldl " + slot_expr(cur_, chosen + 1));
        ins("eqc 0");
        ins("cj " + next);
        ins("ldl 0");
        ins("eqc -1");
        ins("eqc 0");
        ins("cj " + next);
        ins("ldl " + slot_expr(cur_, idx));
        ins("stl " + slot_expr(cur_, chosen));
        ins("ldc 1");
        ins("stl " + slot_expr(cur_, chosen + 1));
        label(next);
      }
    }
  });
  ins("altend");
  label(end);
  for (const Guard& g : guards) {
    label(g.branch);
    if (p.rep) {
      ins("ldl " + slot_expr(cur_, chosen));
      ins("stl " + slot_expr(cur_, idx));
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
