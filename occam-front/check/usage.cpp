// The occam checker's parallel-usage and alias analysis (KRoC's rules): see usage.h.

#include "usage.h"

#include "transit/occam/check/fold.h"

#include <algorithm>
#include <cstdlib>
#include <tuple>
#include <unordered_map>

namespace transit::occam::usage {

using namespace ast;

// ---------------------------------------------------------- records and elements

bool overlaps(const Region& a, const Region& b) {
  int n = std::min(a.ndims, b.ndims);
  for (int d = 0; d < n; ++d) {
    const Range& x = a.dims[d];
    const Range& y = b.dims[d];
    if (x.unknown || y.unknown) continue;
    if (x.hi < y.lo || y.hi < x.lo) return false;
  }
  return true;
}


// The name of what an access uses, quoted, and the abbreviation it was used through.
std::string quoted(const Access& a) {
  return "'" + a.decl->name + "'" + (a.via ? " (abbreviated as '" + a.via->name + "')" : "");
}

// A use through an abbreviation becomes a use of the element it abbreviates.
void retarget(Access& a, const Alias& al) {
  if (!a.via) a.via = al.abbrev;
  a.decl = al.target;
  a.sub = al.sub;
  a.varying = al.varying;
  a.first = al.first;
  a.elem = al.elem;
}

// An element as written, without the dump's @line annotations: c[0], a[i][j].
std::string expr_text_plain(const Expr* e) {
  switch (e->kind) {
    case ExprKind::Name: return e->name;
    case ExprKind::Subscript: return expr_text_plain(e->lhs) + "[" + expr_text_plain(e->rhs) + "]";
    case ExprKind::Direction: return expr_text_plain(e->lhs);
    case ExprKind::Table: {
      std::string s = "[";
      for (std::size_t i = 0; i < e->args.size(); ++i) s += (i ? ", " : "") + expr_text_plain(e->args[i]);
      return s + "]";
    }
    case ExprKind::IntLit: return e->text.empty() ? std::to_string(e->int_value) : e->text;
    case ExprKind::Slice:
      return "[" + expr_text_plain(e->lhs) + (e->rhs ? " FROM " + expr_text_plain(e->rhs) : "") +
             (e->count ? " FOR " + expr_text_plain(e->count) : "") + "]";
    case ExprKind::Binary:
      return "(" + expr_text_plain(e->lhs) + " " + op_spelling(e->op) + " " + expr_text_plain(e->rhs) + ")";
    case ExprKind::ByteLit:
      if (e->int_value > 32 && e->int_value < 127 && e->int_value != '\'' && e->int_value != '*')
        return std::string("'") + char(e->int_value) + "'";
      return std::to_string(e->int_value);
    case ExprKind::BoolLit: return e->int_value ? "TRUE" : "FALSE";
    default: return e->is_const ? std::to_string(e->ivalue) : "...";
  }
}

// The subscript of the first dimension of an element `a[i]...` (null for a whole array, a
// slice, or a record field).
Expr* first_subscript(Expr* e) {
  Expr* first = nullptr;
  for (int i = 0; e && i < 64; ++i) {
    if (e->kind == ExprKind::Direction) {
      e = e->lhs;
    } else if (e->kind == ExprKind::Subscript || e->kind == ExprKind::Slice) {
      first = e->kind == ExprKind::Subscript && !e->field ? e->rhs : nullptr;
      e = e->lhs;
    } else {
      return e->kind == ExprKind::Name ? first : nullptr;
    }
  }
  return nullptr;
}

// What a VAL abbreviation names, for a name declared so (VAL ii IS i:), else null: the usage
// checks see through it, as its value never changes in its scope.
static const Expr* abbreviated_value(const Expr* e) {
  if (e->kind != ExprKind::Name || !e->decl || e->decl->kind != DeclKind::ValAbbrev) return nullptr;
  return e->decl->init;
}

// Whether an expression mentions a name (also through VAL abbreviations).
static bool mentions(const Expr* e, const Decl* d, int depth = 0) {
  if (!e || depth > kMaxCheckDepth) return false;
  if (e->kind == ExprKind::Name && e->decl == d) return true;
  if (const Expr* v = abbreviated_value(e)) return mentions(v, d, depth + 1);
  if (mentions(e->lhs, d, depth + 1) || mentions(e->rhs, d, depth + 1) || mentions(e->count, d, depth + 1)) return true;
  for (const Expr* a : e->args)
    if (mentions(a, d, depth + 1)) return true;
  return false;
}

// Which subscripts of an element (a[i][j], [a FROM i FOR n], r[f]) mention a name: bit 0 the
// first dimension's, bit 1 any other.
static unsigned subscripts_mention(const Expr* e, const Decl* d) {
  unsigned bits = 0, here = 0;
  for (int i = 0; e && i < 64; ++i) {
    if (e->kind == ExprKind::Subscript || e->kind == ExprKind::Slice) {
      bits |= here;  // what was seen so far is not the first dimension
      here = 0;
      if (e->kind == ExprKind::Subscript && e->field) {
        here = 0;
      } else if (mentions(e->rhs, d) || (e->kind == ExprKind::Slice && mentions(e->count, d))) {
        here = 2;
      }
      e = e->lhs;
    } else if (e->kind == ExprKind::Direction) {
      e = e->lhs;
    } else {
      break;
    }
  }
  return (bits ? 2u : 0u) | (here ? 1u : 0u);
}

// The first dimension of an element: its subscript (width 1) or its slice's start and count (width
// -1 when the count is not a constant); false for a whole variable or a record field.
static bool first_dimension(const Expr* e, const Expr*& start, std::int64_t& width, const Expr*& count) {
  const Expr* op = nullptr;
  for (int i = 0; e && i < 64; ++i) {
    if (e->kind == ExprKind::Direction) {
      e = e->lhs;
    } else if (e->kind == ExprKind::Subscript || e->kind == ExprKind::Slice) {
      op = e;
      e = e->lhs;
    } else {
      break;
    }
  }
  if (!op || (op->kind == ExprKind::Subscript && op->field)) return false;
  start = op->rhs;  // null for [a FOR n]: from 0
  count = op->kind == ExprKind::Slice ? op->count : nullptr;
  width = op->kind == ExprKind::Subscript ? 1 : op->count && op->count->is_const ? std::max<std::int64_t>(op->count->ivalue, 1) : -1;
  return true;
}

// A subscript as c * index + d with constants c and d, when it has that form.
struct Affine {
  std::int64_t c = 0, d = 0;
};
static std::optional<Affine> affine(const Expr* e, const Decl* index, int depth = 0) {
  const std::int64_t lim = std::int64_t(1) << 40;
  if (!e || depth > 32) return std::nullopt;
  if (e->is_const) {
    if (std::llabs(e->ivalue) >= lim) return std::nullopt;
    return Affine{0, e->ivalue};
  }
  if (const Expr* v = abbreviated_value(e)) return affine(v, index, depth + 1);
  if (e->kind == ExprKind::Name) return e->decl == index ? std::optional<Affine>(Affine{1, 0}) : std::nullopt;
  if (e->kind == ExprKind::Unary && e->op == Op::Neg) {
    auto a = affine(e->lhs, index, depth + 1);
    if (!a) return std::nullopt;
    return Affine{-a->c, -a->d};
  }
  if (e->kind != ExprKind::Binary) return std::nullopt;
  auto a = affine(e->lhs, index, depth + 1);
  auto b = affine(e->rhs, index, depth + 1);
  if (!a || !b) return std::nullopt;
  switch (e->op) {
    case Op::Add: case Op::Plus: return Affine{a->c + b->c, a->d + b->d};
    case Op::Sub: case Op::Minus: return Affine{a->c - b->c, a->d - b->d};
    case Op::Mul: case Op::Times:
      if (a->c == 0 && std::llabs(a->d) < (1 << 20) && std::llabs(b->c) < lim) return Affine{a->d * b->c, a->d * b->d};
      if (b->c == 0 && std::llabs(b->d) < (1 << 20) && std::llabs(a->c) < lim) return Affine{b->d * a->c, b->d * a->d};
      return std::nullopt;
    default: return std::nullopt;
  }
}

// Whether two instances k1 != k2 (0 <= k < count; count < 0 when unknown) of a replicated PAR
// with index base + k * step touch one element: instance k1 uses elements c1 * i1 + d1 onwards
// (w1 of them; w < 0: unknown, as many as may be) and k2 those from c2 * i2 + d2 (w2).
static bool instances_meet(Affine x, Affine y, std::optional<std::int64_t> base, std::int64_t step, std::int64_t count,
                           std::int64_t wx = 1, std::int64_t wy = 1) {
  const std::int64_t lim = std::int64_t(1) << 40;
  if (wx < 0 || wy < 0 || wx > lim || wy > lim) return count != 1;  // any two instances may meet
  if (x.c == y.c) {
    // x.c * step * (k1 - k2) must lie in [y.d - x.d - (wx - 1), y.d - x.d + (wy - 1)].
    std::int64_t cs = x.c * step;
    std::int64_t lo = y.d - x.d - (wx - 1), hi = y.d - x.d + (wy - 1);
    if (cs == 0) return lo <= 0 && 0 <= hi && count != 1;  // the index does not matter: every instance meets
    if (cs < 0) cs = -cs;  // m and -m are both instance differences
    auto floor_div = [](std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); };
    std::int64_t mlo = -floor_div(-lo, cs), mhi = floor_div(hi, cs);  // m = k1 - k2 in [mlo, mhi]
    if (count >= 0) {
      mlo = std::max(mlo, -(count - 1));
      mhi = std::min(mhi, count - 1);
    }
    if (mlo > mhi) return false;
    return !(mlo == 0 && mhi == 0);  // some m != 0
  }
  if (!base || count < 0 || count > 4096) return true;  // cannot tell: KRoC's rule, possibly overlapping
  for (std::int64_t k1 = 0; k1 < count; ++k1) {
    std::int64_t a = x.c * (*base + k1 * step) + x.d;
    for (std::int64_t k2 = 0; k2 < count; ++k2) {
      std::int64_t b = y.c * (*base + k2 * step) + y.d;
      if (k2 != k1 && a <= b + (wy - 1) && b <= a + (wx - 1)) return true;
    }
  }
  return false;
}

bool chan_array(Type* t) {
  for (int i = 0; t && t->kind == TypeKind::Array && i < 64; ++i) t = t->elem;
  return t && t->kind == TypeKind::Chan;
}

// Whether two elements of one variable are different fields of a record at the same level
// (r[a] and r[b], v[1][x] and v[1][y]): they never overlap.
bool different_fields(const Expr* x, const Expr* y) {
  auto path = [](const Expr* e) {
    std::vector<const Expr*> steps;  // subscripts from the base outwards
    for (int i = 0; e && e->kind == ExprKind::Subscript && i < 64; ++i, e = e->lhs) steps.push_back(e);
    return std::vector<const Expr*>(steps.rbegin(), steps.rend());
  };
  std::vector<const Expr*> a = path(x), b = path(y);
  for (std::size_t k = 0; k < a.size() && k < b.size(); ++k) {
    if (a[k]->field && b[k]->field && a[k]->field != b[k]->field) return true;
    if (!a[k]->field && !b[k]->field && a[k]->rhs->is_const && b[k]->rhs->is_const && a[k]->rhs->ivalue != b[k]->rhs->ivalue)
      return true;
  }
  return false;
}

Type* base_type(Type* t) {
  for (int i = 0; t && t->kind == TypeKind::Named && i < kMaxCheckDepth; ++i)
    t = (t->decl && t->decl->type) ? t->decl->type : nullptr;
  return t;
}

bool integer_type(Type* t) {
  t = base_type(t);
  if (!t) return false;
  switch (t->kind) {
    case TypeKind::Int: case TypeKind::Int16: case TypeKind::Int32: case TypeKind::Int64:
    case TypeKind::Byte:
      return true;
    default:
      return false;
  }
}

// ---------------------------------------------------------- scopes and aliases

void Usage::leave_scope(std::size_t alias_mark) {
  if (aliases.size() <= alias_mark) return;
  // Leaving the scope of a variable or channel abbreviation (or RETYPES): what was done through
  // it was done to the element it names, as far as the enclosing PAR, replicated PAR, PROC
  // summary or FUNCTION sees (the whole element: KRoC's rule). Latest first, so that an
  // abbreviation of an abbreviation reaches the original.
  if (!sinks.empty())
    for (std::size_t i = aliases.size(); i-- > alias_mark;) {
      const Alias& al = aliases[i];
      if (al.val) continue;
      if (al.table_index >= 0) {  // the channels of a table abbreviation, listed together
        std::size_t first = i;
        while (first > alias_mark && aliases[first - 1].abbrev == al.abbrev && aliases[first - 1].table_index >= 0)
          --first;
        map_table_uses(&aliases[first], i + 1 - first);
        i = first;
        continue;
      }
      for (Access& a : sinks.back()->list)
        if (a.decl == al.abbrev) retarget(a, al);
    }
  aliases.resize(alias_mark);
}

// Leaving the scope of d IS [c0, c1]: a use of d[k] was a use of the k-th channel listed; one at a
// subscript that is not known (a variable, or all of d) may be any of them, so it counts for each.
void Usage::map_table_uses(const Alias* channels, std::size_t n) {
  const Decl* abbrev = channels[0].abbrev;
  std::vector<Access> mapped;
  for (const Access& a : sinks.back()->list) {
    if (a.decl != abbrev) {
      mapped.push_back(a);
      continue;
    }
    for (std::size_t k = 0; k < n; ++k) {
      const Alias& al = channels[k];
      if (a.sub.ndims > 0 && !a.sub.dims[0].unknown &&
          (al.table_index < a.sub.dims[0].lo || al.table_index > a.sub.dims[0].hi))
        continue;
      Access m = a;
      retarget(m, al);
      mapped.push_back(m);
    }
  }
  sinks.back()->list.swap(mapped);
}

// ---------------------------------------------------------- elements and usage
// The declaration an element (x, a[i], a[i][j], [a FROM i], r[f]) names, and its constant
// first subscript if any.
Decl* Usage::element_base(Expr* e, Region& sub, bool& varying) {
  sub = Region{};
  varying = false;
  Range ranges[64];  // subscripts seen, outermost first (element_base stops at 64)
  int n = 0;
  for (int i = 0; e && i < 64; ++i) {
    switch (e->kind) {
      case ExprKind::Name: {
        // ranges[] holds the outermost subscript first; regions list the first dimension first.
        int k = std::min(n, kMaxTrackedDims);
        for (int d = 0; d < k; ++d) sub.dims[d] = ranges[n - 1 - d];
        sub.ndims = k;
        return e->decl;
      }
      case ExprKind::Direction: e = e->lhs; break;
      case ExprKind::Subscript:
        if (e->field) {
          n = 0;  // a record field: treat as the whole record
        } else {
          if (!e->rhs->is_const) varying = true;
          ranges[n++] = range_of(e->rhs);
        }
        e = e->lhs;
        break;
      case ExprKind::Slice: {
        Range r = e->rhs ? range_of(e->rhs) : Range{0, 0, false};
        if (e->rhs && !e->rhs->is_const) varying = true;
        if (e->count && e->count->is_const && !r.unknown && r.hi <= INT64_MAX / 2 && e->count->ivalue <= INT64_MAX / 4)
          r.hi = r.hi + e->count->ivalue - 1;
        else if (!r.unknown)
          r.hi = INT64_MAX;
        ranges[n++] = r;
        e = e->lhs;
        break;
      }
      default: return nullptr;
    }
    if (n >= 64) return nullptr;
  }
  return nullptr;
}


// The values a subscript can take: a constant, or a replicator index with constant bounds
// plus or minus constants; anything else is unknown.
Range Usage::range_of(Expr* e, int depth) {
  Range unknown{INT64_MIN, INT64_MAX, true};
  if (!e || depth > 16) return unknown;
  if (e->is_const && integer_type(e->type)) return Range{e->ivalue, e->ivalue, false};
  if (e->kind == ExprKind::Name && e->decl) {
    auto it = repl_ranges.find(e->decl);
    if (it != repl_ranges.end()) return it->second;
    return unknown;
  }
  if (e->kind == ExprKind::Binary) {
    Range a = range_of(e->lhs, depth + 1), b = range_of(e->rhs, depth + 1);
    if (a.unknown || b.unknown) return unknown;
    const std::int64_t lim = std::int64_t(1) << 40;  // keep the arithmetic far from overflow
    if (a.lo < -lim || a.hi > lim || b.lo < -lim || b.hi > lim) return unknown;
    switch (e->op) {
      case Op::Add: case Op::Plus: return Range{a.lo + b.lo, a.hi + b.hi, false};
      case Op::Sub: case Op::Minus: return Range{a.lo - b.hi, a.hi - b.lo, false};
      case Op::Mul: case Op::Times:
        if (b.lo == b.hi && b.lo >= 0) return Range{a.lo * b.lo, a.hi * b.lo, false};
        return unknown;
      default: return unknown;
    }
  }
  return unknown;
}

void Usage::note(Expr* e, std::uint8_t kind) {
  if (sinks.empty() || !e) return;
  Region sub;
  bool varying;
  Decl* d = element_base(e, sub, varying);
  if (!d || d->kind == DeclKind::Timer) return;
  sinks.back()->list.push_back(Access{d, sub, kind, varying, e->pos, first_subscript(e), nullptr, e, guard});
  check_alias(d, sub, kind, e->pos, e);
}

int Usage::enter_guard(const Expr* cond) {
  int previous = guard;
  guards.push_back(Guard{cond, guard});
  guard = int(guards.size()) - 1;
  return previous;
}

// Records reads of every variable an expression mentions.
void Usage::note_reads(Expr* e, int depth) {
  if (!e || depth > kMaxCheckDepth) return;
  switch (e->kind) {
    case ExprKind::Name:
    case ExprKind::Subscript:
    case ExprKind::Slice: {
      Region sub;
      bool varying;
      if (element_base(e, sub, varying) && (e->kind != ExprKind::Name || !e->is_const)) note(e, kRead);
      if (e->kind == ExprKind::Subscript && !e->field) note_reads(e->rhs, depth + 1);
      if (e->kind == ExprKind::Slice) {
        note_reads(e->rhs, depth + 1);
        note_reads(e->count, depth + 1);
      }
      // subscripts inside the base
      Expr* b = e->lhs;
      while (b && (b->kind == ExprKind::Subscript || b->kind == ExprKind::Slice)) {
        if (b->kind == ExprKind::Subscript && !b->field) note_reads(b->rhs, depth + 1);
        if (b->kind == ExprKind::Slice) {
          note_reads(b->rhs, depth + 1);
          note_reads(b->count, depth + 1);
        }
        b = b->lhs;
      }
      return;
    }
    case ExprKind::Call:
      for (Expr* a : e->args) note_reads(a, depth + 1);
      if (e->decl) apply_summary(e->decl, e->pos);
      return;
    case ExprKind::Size: case ExprKind::BytesIn:
      return;  // only the shape is used
    default:
      note_reads(e->lhs, depth + 1);
      note_reads(e->rhs, depth + 1);
      note_reads(e->count, depth + 1);
      for (Expr* a : e->args) note_reads(a, depth + 1);
      return;
  }
}

// The names of variables an expression reads (not constants, VAL names or replicator indices).
static void variables_in(Expr* e, std::vector<Decl*>& out, int depth = 0) {
  if (!e || depth > kMaxCheckDepth) return;
  if (e->kind == ExprKind::Name) {
    Decl* d = e->decl;
    if (d && !e->is_const && !d->is_val && d->kind != DeclKind::ValAbbrev && d->kind != DeclKind::ReplIndex &&
        !(d->kind == DeclKind::Formal && d->mode == ParamMode::Val))
      out.push_back(d);
    return;
  }
  variables_in(e->lhs, out, depth + 1);
  variables_in(e->rhs, out, depth + 1);
  variables_in(e->count, out, depth + 1);
  for (Expr* a : e->args) variables_in(a, out, depth + 1);
}

void Usage::abbreviate(const Alias& al) {
  aliases.push_back(al);
  std::vector<Decl*> held;
  for (Expr* e = al.elem; e && (e->kind == ExprKind::Subscript || e->kind == ExprKind::Slice || e->kind == ExprKind::Direction);
       e = e->lhs) {
    if (e->kind == ExprKind::Subscript && !e->field) variables_in(e->rhs, held);
    if (e->kind == ExprKind::Slice) {
      variables_in(e->rhs, held);
      variables_in(e->count, held);
    }
  }
  for (Decl* v : held) {
    Alias h{v, Region{}, al.abbrev, true};
    h.subscript = true;
    aliases.push_back(h);
  }
}

// Whether two elements of one array whose first subscripts differ by a constant (array[ptr] and
// [array FROM ptr + 1 FOR n]) are apart in the first dimension: x covers [c * v + dx, ... + wx - 1]
// and y likewise. Sound as the variable v of an abbreviated element's subscript does not change in
// the abbreviation's scope (Usage::abbreviate).
static bool apart_by_offset(const Expr* x, const Expr* y) {
  const Expr *xs = nullptr, *ys = nullptr, *xc = nullptr, *yc = nullptr;
  std::int64_t xw = -1, yw = -1;
  if (!first_dimension(x, xs, xw, xc) || !first_dimension(y, ys, yw, yc) || !xs || !ys) return false;
  std::vector<Decl*> vars;
  variables_in(const_cast<Expr*>(xs), vars);
  if (vars.empty()) return false;  // constants: the regions tell
  auto ax = affine(xs, vars[0]), ay = affine(ys, vars[0]);
  if (!ax || !ay || ax->c != ay->c) return false;
  return (xw >= 0 && ay->d >= ax->d + xw) || (yw >= 0 && ax->d >= ay->d + yw);
}

void Usage::check_alias(Decl* d, const Region& sub, std::uint8_t kind, Pos pos, const Expr* use) {
  if (permit_aliases.count(d->name)) return;  // KRoC's #PRAGMA PERMITALIASES
  for (const Alias& a : aliases) {
    if (a.target != d || !overlaps(a.sub, sub) || (use && a.elem && different_fields(a.elem, use))) continue;
    if (a.subscript) {
      if (kind & (kWrite | kIn)) {
        Diagnostic& diag = diags.error(pos, "'" + d->name + "' cannot be changed while it is a subscript of abbreviation '" +
                                                a.abbrev->name + "'",
                                       "an abbreviated element stays the element it named: change '" + d->name +
                                           "' after the abbreviation's scope");
        diag.notes.push_back({a.abbrev->pos, "abbreviated here"});
        return;
      }
      continue;
    }
    if (use && a.elem && apart_by_offset(a.elem, use)) continue;
    if (!a.val) {
      std::string what = use && use->kind != ExprKind::Name ? expr_text_plain(use) : d->name;
      Diagnostic& diag = diags.error(pos, "'" + what + "' cannot be used while it is abbreviated as '" +
                                              a.abbrev->name + "'",
                                     "use '" + a.abbrev->name + "' within the abbreviation's scope");
      diag.notes.push_back({a.abbrev->pos, "abbreviated here"});
      return;
    }
    if (kind & (kWrite | kIn)) {
      Diagnostic& diag = diags.error(pos, "'" + d->name + "' cannot be changed while '" + a.abbrev->name +
                                              "' is a VAL abbreviation of it");
      diag.notes.push_back({a.abbrev->pos, "VAL abbreviation here"});
      return;
    }
  }
}


void Usage::note_reads_of_subscripts(Expr* e) {
  for (Expr* b = e; b && (b->kind == ExprKind::Subscript || b->kind == ExprKind::Slice); b = b->lhs) {
    if (b->kind == ExprKind::Subscript && !b->field) note_reads(b->rhs);
    if (b->kind == ExprKind::Slice) {
      note_reads(b->rhs);
      note_reads(b->count);
    }
  }
}

// A variable named in #PRAGMA SHARED (KRoC): left out of the parallel usage checks. A channel
// stays checked, as the runtime's channels have one reader and one writer.
bool Usage::unchecked(const Decl* d) const { return shared.count(d->name) && !chan_array(d->type); }

// A call does what its PROC's body does to names declared outside it.
void Usage::apply_summary(Decl* d, Pos pos) {
  if (sinks.empty()) return;
  auto it = summaries.find(d);
  if (it == summaries.end()) return;
  for (Access a : it->second.free) {
    a.pos = pos;
    a.guard = guard;
    sinks.back()->list.push_back(a);
    check_alias(a.decl, a.sub, a.kind, pos);
  }
}

// Multiple assignment: the same variable twice is ambiguous.
void Usage::same_target_twice(Process* p) {
  for (std::size_t i = 0; i < p->targets.size(); ++i)
    for (std::size_t j = 0; j < i; ++j) {
      Region s1, s2;
      bool v1, v2;
      Decl* a = element_base(p->targets[i], s1, v1);
      Decl* b = element_base(p->targets[j], s2, v2);
      if (a && a == b && overlaps(s1, s2) && !v1 && !v2 && !different_fields(p->targets[i], p->targets[j]))
        diags.error(p->targets[i]->pos, "'" + a->name + "' is assigned twice in one multiple assignment");
    }
}


// ---------------------------------------------------------- PAR and replicated PAR

// Every instance runs the same body: an outer variable written, or a channel end used,
// at an element that does not vary with the replicator is shared by all instances. With a
// constant count of 1 (or 0) there is one instance (or none): nothing runs beside it.
void Usage::replicated_par(const Replicator* r, const Sink& sink, std::uint64_t start) {
  std::unordered_set<const Decl*> reported;
  const Expr* count = r->count;
  const bool single = count->is_const && integer_type(count->type) && count->ivalue <= 1;
  auto by_index = [&](const Access& a) { return a.elem ? subscripts_mention(a.elem, r->index) != 0 : a.varying; };
  // The one instance a use is made in when an IF condition over it reads `i = k` (k constant).
  auto instance_of = [&](const Access& a) -> std::optional<std::int64_t> {
    for (int g = a.guard; g >= 0; g = guards[std::size_t(g)].parent) {
      const Expr* c = guards[std::size_t(g)].cond;
      if (!c || c->kind != ExprKind::Binary || c->op != Op::Eq) continue;
      const Expr* x = c->lhs;
      const Expr* k = c->rhs;
      if (k->kind == ExprKind::Name && k->decl == r->index) std::swap(x, k);
      if (x->kind == ExprKind::Name && x->decl == r->index && k->is_const) return k->ivalue;
    }
    return std::nullopt;
  };
  auto index_guarded = [&](const Access& a) {
    for (int g = a.guard; g >= 0; g = guards[std::size_t(g)].parent)
      if (mentions(guards[std::size_t(g)].cond, r->index)) return true;
    return false;
  };
  for (const Access& a : sink.list) {
    if (single || order[a.decl] > start || by_index(a) || reported.count(a.decl) || unchecked(a.decl)) continue;
    if (!(a.kind & (kWrite | kIn | kOut))) continue;
    if (std::optional<std::int64_t> k = instance_of(a)) {
      // Made by instance k alone (IF i = 80): a clash only with a use by another instance.
      for (const Access& b : sink.list) {
        if (b.decl != a.decl || by_index(b) || instance_of(b) == k) continue;
        if (!(a.kind & kWrite) && !(b.kind & kWrite) && !(a.kind & b.kind & (kIn | kOut))) continue;
        Diagnostic& diag = diags.error(b.pos, quoted(a) + " is " + (a.kind & kWrite ? "assigned" : "used as a channel") +
                                                  " in the instance " + r->index->name + " = " + std::to_string(*k) +
                                                  " of this replicated PAR and used in others",
                                       "only the instance that changes it may use it");
        diag.notes.push_back({a.pos, "in instance " + r->index->name + " = " + std::to_string(*k) + " here"});
        reported.insert(a.decl);
        break;
      }
      continue;
    }
    if (index_guarded(a)) {  // as occ21 accepts it: the condition may select one instance
      diags.warning(a.pos, quoted(a) + " is " + (a.kind & kWrite ? "assigned" : "used as a channel") +
                               " in the instances of this replicated PAR that a condition on '" + r->index->name +
                               "' selects",
                    "this is safe only if the condition selects one instance, e.g. IF " + r->index->name + " = 0");
      continue;
    }
    if (a.kind & kWrite) {
      diags.error(a.pos, quoted(a) + " is assigned in every instance of this replicated PAR",
                  "give each instance its own element, e.g. " + a.decl->name + "[" + r->index->name + "]");
      reported.insert(a.decl);
    } else if (a.kind & (kIn | kOut)) {
      diags.error(a.pos, "channel " + quoted(a) + " is " + (a.kind & kIn ? "read" : "written") +
                             " by every instance of this replicated PAR",
                  "a channel has one reader and one writer: use an array of channels indexed by " +
                      r->index->name);
      reported.insert(a.decl);
    }
  }
  if (!single) repl_par_overlaps(r, sink, start, reported);
}

// The value of an integer subscript when the replicator index is i: constants, the index, VAL
// abbreviations of them and occam's integer operators, folded as at run time (check/fold.h). Null
// for anything else, or when the operator would stop with an error.
static std::optional<std::int64_t> value_at(const Expr* e, const Decl* index, std::int64_t i, int depth = 0) {
  if (!e || depth > 64) return std::nullopt;
  if (e->is_const) return integer_type(e->type) ? std::optional<std::int64_t>(e->ivalue) : std::nullopt;
  if (const Expr* v = abbreviated_value(e)) return value_at(v, index, i, depth + 1);
  if (e->kind == ExprKind::Name) return e->decl == index ? std::optional<std::int64_t>(i) : std::nullopt;
  if (!integer_type(e->type)) return std::nullopt;
  TypeKind k = base_type(e->type)->kind;
  auto a = value_at(e->lhs, index, i, depth + 1);
  if (!a) return std::nullopt;
  FoldResult f;
  if (e->kind == ExprKind::Unary) {
    if (e->op == Op::BitNot) return wrap(k, ~*a);
    if (e->op != Op::Neg && e->op != Op::UMinus) return std::nullopt;
    f = fold_int(e->op == Op::Neg ? Op::Sub : Op::Minus, k, 0, *a);
  } else if (e->kind == ExprKind::Binary) {
    auto b = value_at(e->rhs, index, i, depth + 1);
    if (!b) return std::nullopt;
    f = fold_int(e->op, k, *a, *b);
  } else {
    return std::nullopt;
  }
  return f.error ? std::nullopt : std::optional<std::int64_t>(f.value);
}

namespace {

// The first-dimension elements one use touches in one instance: [lo, hi] by the instance's index.
struct Span {
  std::int64_t lo, hi, index;
};
// Of the spans seen so far, the one reaching furthest and the furthest of another instance.
struct Furthest {
  std::optional<Span> first, second;
  void add(const Span& x) {
    if (!first || x.hi > first->hi) {
      if (first && first->index != x.index) second = first;
      first = x;
    } else if (x.index != first->index && (!second || x.hi > second->hi)) {
      second = x;
    }
  }
  // A span seen that x (which starts at or after it) meets, of an instance other than x's.
  std::optional<Span> meets(const Span& x) const {
    for (const auto& s : {first, second})
      if (s && s->index != x.index && s->hi >= x.lo) return s;
    return std::nullopt;
  }
};

}  // namespace

// Two instances of a replicated PAR with constant bounds whose uses x and y (the same use when
// `same`) touch one first-dimension element, found by computing each instance's elements: the two
// indices, none when no two instances meet; null when an instance's elements cannot be computed.
// The subscript and slice count come as (start, count) expressions; width >= 0 is a constant count.
using Meeting = std::optional<std::pair<std::int64_t, std::int64_t>>;
static std::optional<Meeting> instances_meet_at(const Replicator* r, std::int64_t base, std::int64_t step, std::int64_t count,
                                                const Expr* xs, const Expr* xc, std::int64_t xw, const Expr* ys,
                                                const Expr* yc, std::int64_t yw, bool same) {
  constexpr std::int64_t kMaxInstances = 1 << 16;
  if (count < 0 || count > kMaxInstances) return std::nullopt;
  std::vector<std::pair<Span, int>> spans;  // and which use: 0 for x, 1 for y
  for (std::int64_t k = 0; k < count; ++k) {
    std::int64_t i = base + k * step;
    for (int u = 0; u < (same ? 1 : 2); ++u) {
      const Expr* st = u ? ys : xs;
      const Expr* ct = u ? yc : xc;
      std::int64_t w = u ? yw : xw;
      std::optional<std::int64_t> lo = st ? value_at(st, r->index, i) : std::optional<std::int64_t>(0);
      std::optional<std::int64_t> n = w >= 0 ? std::optional<std::int64_t>(w) : value_at(ct, r->index, i);
      if (!lo || !n) return std::nullopt;
      if (*n <= 0) continue;  // an empty slice touches nothing
      spans.push_back({Span{*lo, *lo + *n - 1, i}, u});
    }
  }
  std::sort(spans.begin(), spans.end(), [](const auto& a, const auto& b) { return a.first.lo < b.first.lo; });
  Furthest seen[2];
  for (const auto& [span, u] : spans) {
    if (auto m = seen[same ? 0 : 1 - u].meets(span)) return Meeting{{std::min(m->index, span.index), std::max(m->index, span.index)}};
    seen[u].add(span);
  }
  return Meeting{};
}

// Elements chosen by the index: instance k uses a[f(i)] (or the slice [a FROM f(i) FOR w]) with
// i = base + k * step. Two uses (one a write, or two inputs, or two outputs), at least one of which
// varies with the index, conflict when two different instances can reach one element. With constant
// bounds each instance's elements are computed; otherwise f(i) = c * i + d is reasoned about; a
// whole array, a subscript of another variable (a[k]) or any other form may be any element (what
// cannot be shown disjoint is an error, as in occ21). Subscripts that involve the index only in a
// later dimension are left alone.
void Usage::repl_par_overlaps(const Replicator* r, const Sink& sink, std::uint64_t start,
                              std::unordered_set<const Decl*>& reported) {
  std::int64_t step = 1;
  if (r->step) {
    if (!r->step->is_const || r->step->ivalue == 0) return;  // already an error
    step = r->step->ivalue;
  }
  std::optional<std::int64_t> base;
  if (r->base->is_const) base = r->base->ivalue;
  std::int64_t count = r->count->is_const ? r->count->ivalue : -1;
  struct First {
    unsigned mention = 0;        // subscripts_mention
    std::optional<Affine> at;    // the first dimension's start, when of the form c * index + d
    std::int64_t width = -1;
    const Expr* start = nullptr;  // the first dimension's subscript or slice start (null: from 0)
    const Expr* count = nullptr;  // a slice's count
    bool first = false;           // whether the first dimension is known (else the whole variable)
    std::string text;            // the first subscript as written, or the element
  };
  auto first_of = [&](const Access& a) {
    First f;
    const Expr* st = nullptr;
    if (!a.elem) return f;
    f.mention = subscripts_mention(a.elem, r->index);
    f.text = expr_text_plain(a.elem);
    if (!first_dimension(a.elem, st, f.width, f.count)) return f;
    f.first = true;
    f.start = st;
    if (st) {
      f.at = affine(st, r->index);
      if (a.first) f.text = expr_text_plain(st);
    } else {
      f.at = Affine{0, 0};
    }
    return f;
  };
  const std::vector<Access>& list = sink.list;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Access& a = list[i];
    if (order[a.decl] > start || reported.count(a.decl) || unchecked(a.decl)) continue;
    First x = first_of(a);
    for (std::size_t j = i; j < list.size(); ++j) {
      const Access& b = list[j];
      if (b.decl != a.decl) continue;
      bool clash = (a.kind & kWrite) || (b.kind & kWrite) ? true : (a.kind & b.kind & (kIn | kOut)) != 0;
      if (!clash) continue;
      First y = first_of(b);
      if (x.mention == 0 && y.mention == 0) continue;  // the same in every instance: see par()
      if (x.mention == 2 || y.mention == 2) continue;  // varies in a later subscript only
      Region ra = a.sub, rb = b.sub;  // the other dimensions may still keep them apart
      if (ra.ndims > 0) ra.dims[0] = Range{INT64_MIN, INT64_MAX, true};
      if (rb.ndims > 0) rb.dims[0] = Range{INT64_MIN, INT64_MAX, true};
      if (!overlaps(ra, rb)) continue;
      // With constant bounds, each instance's elements are computed (a[i REM 8], a[(i + 1) \ 10],
      // slices): exact, and the message names two instances that meet. Otherwise c * i + d forms
      // are reasoned about; what is neither cannot be shown disjoint, which is an error (occ21's rule).
      std::optional<Meeting> at;
      if (base && x.first && y.first)
        at = instances_meet_at(r, *base, step, count, x.start, x.count, x.width, y.start, y.count, y.width, &a == &b);
      if (at && !*at) continue;
      bool known = x.at && y.at;
      if (!at && known && !instances_meet(*x.at, *y.at, base, step, count, x.width, y.width)) continue;
      bool chan = !(a.kind & kWrite) && !(b.kind & kWrite) && !(a.kind & kRead) && !(b.kind & kRead);
      std::string subs = std::string(a.first && b.first ? "subscripts '" : "'") + x.text + "' and '" + y.text + "'";
      if (&a == &b) subs = std::string(a.first ? "subscript '" : "'") + x.text + "'";
      std::string what = at ? subs + (&a == &b ? " reaches one element when " : " meet when ") + r->index->name + " = " +
                                  std::to_string((*at)->first) + " and " + r->index->name + " = " + std::to_string((*at)->second)
                         : known ? subs + " meet when the index steps by " + std::to_string(step)
                                 : subs + " cannot be shown to differ between instances";
      known = known || at;
      Diagnostic& diag = diags.error(
          b.pos,
          chan ? "channel " + quoted(b) + " is " + (b.kind & kIn ? "read" : "written") +
                     " by two instances of this replicated PAR: " + what
               : quoted(b) + (&a == &b && (a.kind & kWrite) ? " is assigned in two instances of this replicated PAR: "
                                                             : " is assigned in one instance of this replicated PAR and used in another: ") + what,
          known ? "each instance must use elements no other instance uses"
                : "subscript with the index, e.g. " + a.decl->name + "[" + r->index->name + "], so that each instance has its own elements");
      if (&a != &b) diag.notes.push_back({a.pos, "the other use"});
      reported.insert(a.decl);
      break;
    }
  }
}

void Usage::par_conflicts(const std::vector<Sink>& branches) {
  struct Use {
    std::size_t branch;
    const Access* access;
  };
  std::unordered_map<const Decl*, std::vector<Use>> by_decl;
  for (std::size_t i = 0; i < branches.size(); ++i)
    for (const Access& a : branches[i].list) by_decl[a.decl].push_back(Use{i, &a});
  // Report in source order.
  std::vector<std::pair<const Decl*, std::vector<Use>*>> decls;
  for (auto& [d, uses] : by_decl) decls.emplace_back(d, &uses);
  std::sort(decls.begin(), decls.end(), [](const auto& a, const auto& b) {
    const Pos& x = a.second->front().access->pos;
    const Pos& y = b.second->front().access->pos;
    return std::tie(x.file, x.line, x.col) < std::tie(y.file, y.line, y.col);
  });
  for (auto& [d, uses] : decls) {
    if (unchecked(d)) continue;
    bool done = false;
    for (std::size_t i = 0; i < uses->size() && !done; ++i)
      for (std::size_t j = 0; j < uses->size() && !done; ++j) {
        const Use& u = (*uses)[i];
        const Use& v = (*uses)[j];
        if (u.branch >= v.branch) continue;
        const Access& a = *u.access;
        const Access& b = *v.access;
        if (!overlaps(a.sub, b.sub)) continue;
        std::string msg;
        if ((a.kind & kWrite) || (b.kind & kWrite)) {
          // Reported at the later branch's use, with the earlier one as a note.
          bool both = (a.kind & kWrite) && (b.kind & kWrite);
          msg = both ? quoted(b) + " is assigned in two branches of a PAR"
                     : quoted(b) + " is assigned in one branch of a PAR and used in another";
          Diagnostic& diag = diags.error(b.pos, msg, "PAR branches share no variables they change: communicate over a channel instead");
          diag.notes.push_back({a.pos, (a.kind & kWrite) ? "assigned here" : "used here"});
          done = true;
        } else if ((a.kind & kIn) && (b.kind & kIn)) {
          Diagnostic& diag = diags.error(b.pos, "channel " + quoted(b) + " is read in two branches of a PAR",
                                         "a channel has one reader and one writer");
          diag.notes.push_back({a.pos, "also read here"});
          done = true;
        } else if ((a.kind & kOut) && (b.kind & kOut)) {
          Diagnostic& diag = diags.error(b.pos, "channel " + quoted(b) + " is written in two branches of a PAR",
                                         "a channel has one reader and one writer");
          diag.notes.push_back({a.pos, "also written here"});
          done = true;
        }
      }
  }
}

void Usage::merge(Sink& s) {
  if (sinks.empty()) return;
  auto& dst = sinks.back()->list;
  dst.insert(dst.end(), s.list.begin(), s.list.end());
}

}  // namespace transit::occam::usage
