#include "transit/occam/ir/chan_ends.h"

#include <algorithm>
#include <functional>
#include <set>

namespace transit::occam::ir {
namespace {

// One use of a channel: an expression naming it, or (a PROC's free channel) a variable.
struct ChanUse {
  const Expr* channel = nullptr;
  VarId var = kNone;
  bool writer = false;
};

// Walks a process and reports every channel it inputs from or outputs to, following PROC calls
// through their summaries. Keeps the channel abbreviations and the names declared inside.
class UseWalker {
 public:
  UseWalker(const Module& m, const ChanEnds& ends, std::function<void(const ChanUse&)> on_use)
      : m_(m), ends_(ends), on_use_(std::move(on_use)) {}

  void walk(const Process& p) {
    if (p.rep) inside.insert(p.rep->index);
    for (const Decl& d : p.decls) {
      inside.insert(d.var);
      if (d.init && m_.vars[std::size_t(d.var)].kind == VarKind::RefAbbrev) abbrev[d.var] = &*d.init;
    }
    switch (p.kind) {
      case ProcKind::Input:
      case ProcKind::CaseInput:
        if (p.channel) on_use_(ChanUse{&*p.channel, kNone, false});
        break;
      case ProcKind::Output:
        if (p.channel) on_use_(ChanUse{&*p.channel, kNone, true});
        break;
      case ProcKind::Call: {
        const Proc& callee = m_.procs[std::size_t(p.proc)];
        const auto& summary = ends_.summary(p.proc);
        for (std::size_t i = 0; i < callee.params.size() && i < p.rhs.size(); ++i) {
          auto it = summary.find(callee.params[i]);
          if (it == summary.end()) continue;
          if (it->second.reads) on_use_(ChanUse{&p.rhs[i], kNone, false});
          if (it->second.writes) on_use_(ChanUse{&p.rhs[i], kNone, true});
        }
        for (VarId f : callee.free_vars) {
          auto it = summary.find(f);
          if (it == summary.end()) continue;
          if (it->second.reads) on_use_(ChanUse{nullptr, f, false});
          if (it->second.writes) on_use_(ChanUse{nullptr, f, true});
        }
        break;
      }
      default:
        break;
    }
    for (const Process& c : p.body) walk(c);
  }

  // The variable an expression's channel lives in, seeing through abbreviations made inside.
  VarId root(const Expr& e, int depth = 0) const {
    if (depth > 64) return kNone;
    switch (e.kind) {
      case ExprKind::Var: {
        auto it = abbrev.find(e.var);
        return it == abbrev.end() ? e.var : root(*it->second, depth + 1);
      }
      case ExprKind::Index:
      case ExprKind::Slice: return root(e.args[0], depth + 1);
      default: return kNone;
    }
  }

  std::set<VarId> inside;                 // declared within the walked process
  std::map<VarId, const Expr*> abbrev;    // channel abbreviations declared within it

 private:
  const Module& m_;
  const ChanEnds& ends_;
  std::function<void(const ChanUse&)> on_use_;
};

bool same_expr(const Expr& a, const Expr& b) {
  if (a.kind != b.kind || a.op != b.op || a.int_value != b.int_value || a.var != b.var || a.type != b.type ||
      a.args.size() != b.args.size())
    return false;
  for (std::size_t i = 0; i < a.args.size(); ++i)
    if (!same_expr(a.args[i], b.args[i])) return false;
  return a.kind == ExprKind::IntLit || a.kind == ExprKind::Var || a.kind == ExprKind::Unary ||
         a.kind == ExprKind::Binary || a.kind == ExprKind::Convert;
}

}  // namespace

ChanEnds::ChanEnds(const Module& module) : m_(module) {}

const std::map<VarId, ChanEnds::Use>& ChanEnds::summary(ProcId proc) const {
  if (auto it = summaries_.find(proc); it != summaries_.end()) return it->second;
  static const std::map<VarId, Use> none;
  // occam has no recursion; a cycle (malformed IR) contributes nothing rather than looping.
  if (std::find(computing_.begin(), computing_.end(), proc) != computing_.end()) return none;
  const Proc& p = m_.procs[std::size_t(proc)];
  if (p.external && !p.chan_use.empty()) {  // a unit's routine: its interface says what it does
    std::map<VarId, Use> result;
    for (std::size_t i = 0; i < p.chan_use.size(); ++i) {
      VarId v = i < p.params.size() ? p.params[i] : i - p.params.size() < p.free_vars.size() ? p.free_vars[i - p.params.size()] : kNone;
      if (v == kNone || !(p.chan_use[i] & (kChanInput | kChanOutput))) continue;
      result[v] = Use{(p.chan_use[i] & kChanInput) != 0, (p.chan_use[i] & kChanOutput) != 0};
    }
    return summaries_[proc] = std::move(result);
  }
  computing_.push_back(proc);
  std::set<VarId> outer(p.params.begin(), p.params.end());
  outer.insert(p.free_vars.begin(), p.free_vars.end());
  std::map<VarId, Use> result;
  UseWalker* self = nullptr;
  UseWalker walker(m_, *this, [&](const ChanUse& u) {
    VarId v = u.channel ? self->root(*u.channel) : u.var;
    if (v == kNone || !outer.count(v)) return;
    Use& use = result[v];
    (u.writer ? use.writes : use.reads) = true;
  });
  self = &walker;
  walker.walk(p.body);
  computing_.pop_back();
  return summaries_[proc] = std::move(result);
}

std::vector<ChanEnd> ChanEnds::of(const Process& branch) const {
  std::vector<ChanUse> uses;
  UseWalker walker(m_, *this, [&](const ChanUse& u) { uses.push_back(u); });
  walker.walk(branch);

  // A subscript is fixed for the branch when it depends only on values that cannot change in it.
  std::function<bool(const Expr&)> fixed = [&](const Expr& e) {
    switch (e.kind) {
      case ExprKind::IntLit: return true;
      case ExprKind::Var: {
        VarKind k = m_.vars[std::size_t(e.var)].kind;
        bool immutable = k == VarKind::Replicator || k == VarKind::ValParam || k == VarKind::ValAbbrev;
        return immutable && !walker.inside.count(e.var);
      }
      case ExprKind::Unary:
      case ExprKind::Binary:
      case ExprKind::Convert:
        return std::all_of(e.args.begin(), e.args.end(), fixed);
      default: return false;
    }
  };
  // Root and fixed subscripts of a channel expression; false when it names no declared storage.
  std::function<bool(const Expr&, ChanEnd&, bool&, int)> chain = [&](const Expr& e, ChanEnd& end, bool& precise, int depth) {
    if (depth > 64) return false;
    switch (e.kind) {
      case ExprKind::Var: {
        auto it = walker.abbrev.find(e.var);
        if (it != walker.abbrev.end()) return chain(*it->second, end, precise, depth + 1);
        if (walker.inside.count(e.var)) return false;  // a channel declared inside the branch
        end.root = e.var;
        return true;
      }
      case ExprKind::Index:
        if (!chain(e.args[0], end, precise, depth + 1)) return false;
        if (precise && fixed(e.args[1])) end.subscripts.push_back(&e.args[1]);
        else precise = false;
        return true;
      case ExprKind::Slice:
        if (!chain(e.args[0], end, precise, depth + 1)) return false;
        precise = false;
        return true;
      default: return false;
    }
  };

  std::vector<ChanEnd> out;
  for (const ChanUse& u : uses) {
    ChanEnd end;
    end.writer = u.writer;
    if (u.channel) {
      bool precise = true;
      if (!chain(*u.channel, end, precise, 0)) continue;
    } else {
      if (walker.inside.count(u.var)) continue;
      end.root = u.var;
    }
    bool seen = std::any_of(out.begin(), out.end(), [&](const ChanEnd& o) {
      if (o.root != end.root || o.writer != end.writer || o.subscripts.size() != end.subscripts.size()) return false;
      for (std::size_t i = 0; i < o.subscripts.size(); ++i)
        if (!same_expr(*o.subscripts[i], *end.subscripts[i])) return false;
      return true;
    });
    if (!seen) out.push_back(std::move(end));
  }
  return out;
}

}  // namespace transit::occam::ir
