// Tables of addresses (gen.h): an abbreviation of a table of channels (KRoC's d IS [c0, c1]:) or of
// a table of arrays of run-time size (VAL [][]INT t IS [a, b]:, whose size is unknown where frames
// are static) holds the elements' addresses, a level per nested table; each subscript loads one.
#include <algorithm>

#include "backend/transputer/gen.h"

namespace transit::occam::backend::tp {

// The levels of a table of addresses a declaration makes (gen.h): 0 for any other declaration.
int Gen::address_table_levels(const Decl& d) const {
  const Var& var = m_.vars[std::size_t(d.var)];
  if (!d.init || d.init->kind != ExprKind::Table) return 0;
  if (var.chan_table) return 1;
  if ((var.kind != VarKind::ValAbbrev && var.kind != VarKind::RefAbbrev) || bytes(var.type) != kNone ||
      bytes(d.init->type) != kNone)
    return 0;
  int levels = 0;
  for (const Expr* x = &*d.init; x->kind == ExprKind::Table && bytes(x->type) == kNone && !x->args.empty(); x = &x->args[0])
    ++levels;
  return std::max(1, levels);
}

// Every such declaration of a process tree, known before any routine using it as a free name is written.
void Gen::find_address_tables(const Process& p) {
  for (const Decl& d : p.decls)
    if (int levels = address_table_levels(d)) address_levels_[d.var] = levels;
  for (const Process& b : p.body) find_address_tables(b);
}

int Gen::address_levels(const Expr& a) const {
  if (a.kind == ExprKind::Var) {
    auto it = address_levels_.find(a.var);
    return it == address_levels_.end() ? 0 : it->second;
  }
  if (a.kind == ExprKind::Index) return std::max(0, address_levels(a.args[0]) - 1);
  return 0;
}

// A table of addresses, `levels` levels of nested tables of `table`: its words in slots (the first
// returned); the leaves (arrays or channels) are pushed onto `leaves` and each level's count onto
// `counts` (the first table's at each level).
int Gen::declare_address_table(const Expr& table, int levels, std::vector<const Expr*>& leaves,
                               std::vector<std::int64_t>& counts, std::size_t level) {
  if (table.kind != ExprKind::Table) unsupported("a table of arrays of run-time size mixing tables and names", table.site);
  if (counts.size() <= level) counts.push_back(std::int64_t(table.args.size()));
  if (counts[level] != std::int64_t(table.args.size())) unsupported("tables of different sizes in a table", table.site);
  int slot = alloc(std::max<int>(1, int(table.args.size())));
  for (std::size_t k = 0; k < table.args.size(); ++k) {
    const Expr& a = table.args[k];
    if (levels > 1) {
      ins("ldlp " + slot_expr(cur_, declare_address_table(a, levels - 1, leaves, counts, level + 1)));
    } else {
      leaves.push_back(&a);
      address_or_temp(a);
    }
    ins("stl " + slot_expr(cur_, slot + int(k)));
  }
  return slot;
}

VarLoc Gen::address_table_var(VarId v, const Expr& table, int levels, Site s) {
  std::vector<const Expr*> leaves;
  std::vector<std::int64_t> counts;
  VarLoc vl;
  vl.frame = cur_;
  int top = declare_address_table(table, levels, leaves, counts, 0);
  int ptr = alloc(1);
  ins("ldlp " + slot_expr(cur_, top));
  ins("stl " + slot_expr(cur_, ptr));
  vl.slot = slot_expr(cur_, ptr);
  vl.pointer = true;
  // Each open dimension's length: a table level's count, or the leaves' (all equal, checked).
  TypeId t = m_.vars[std::size_t(v)].type;
  int dim = 0;
  for (; type(t).kind == TypeKind::Array; t = type(t).elem, ++dim) {
    if (type(t).length != kNone) continue;
    int l = alloc(1);
    vl.lengths.push_back(slot_expr(cur_, l));
    if (dim < levels) {
      ins("ldc " + std::to_string(counts.at(std::size_t(dim))));
      ins("stl " + slot_expr(cur_, l));
      continue;
    }
    for (std::size_t k = 0; k < leaves.size(); ++k) {
      array_length(*leaves[k], dim - levels, s);
      if (k == 0) {
        ins("stl " + slot_expr(cur_, l));
        continue;
      }
      ins("ldl " + slot_expr(cur_, l));
      ins("diff");
      check_label(table.site, "array sizes differ in assignment or communication");
      ins("ldc 1");
      ins("csub0");
    }
  }
  address_levels_[v] = levels;
  return vl;
}

}  // namespace transit::occam::backend::tp
