#include "checker.h"

#include "lang/layout.h"
#include "transit/occam/lex/token.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <tuple>
#include <cmath>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "transit/occam/ast/dump.h"
#include "transit/occam/lang/builtins.h"
#include "transit/occam/check/fold.h"
#include "usage.h"

namespace transit::occam {
namespace {

using namespace ast;
using namespace usage;

unsigned edit_distance(std::string_view a, std::string_view b) {
  std::vector<unsigned> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = unsigned(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    unsigned prev = row[0];
    row[0] = unsigned(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      unsigned cur = row[j];
      unsigned sub = prev + (std::toupper(static_cast<unsigned char>(a[i - 1])) ==
                                     std::toupper(static_cast<unsigned char>(b[j - 1]))
                                 ? 0u : 1u);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, sub});
      prev = cur;
    }
  }
  return row[b.size()];
}

class Checker {
 public:
  Checker(Program& program, Diagnostics& diags) : prog_(program), diags_(diags) {
    for (int k = 0; k <= int(TypeKind::Any); ++k) {
      prim_[k] = prog_.arena.make<Type>();
      prim_[k]->kind = TypeKind(k);
    }
    declare_builtins();
  }

  void run() {
    for (Unit& u : prog_.units) {
      ++unit_index_;
      in_library_ = u.is_library;
      usage_.permit_aliases = {u.permit_aliases.begin(), u.permit_aliases.end()};
      usage_.shared = {u.shared.begin(), u.shared.end()};
      for (Spec* s : u.specs) spec(s);
      if (!u.is_library) {
        for (Spec* s : u.specs)
          if (s->kind == SpecKind::Proc && !s->decls.empty()) prog_.main_proc = s->decls[0];
        if (prog_.main_proc) main_signature(prog_.main_proc);
        if (!prog_.main_proc)  // an empty file too: `transit check` and `transit build` agree
          diags_.error(u.specs.empty() ? Pos{u.file, 1, 1} : u.specs.back()->pos, "the program has no PROC to run",
                       "the last PROC of the file is the main program, e.g. PROC main (CHAN BYTE keyboard?, screen!, error!)");
      }
    }
  }

 private:
  // The main PROC talks to the outside world over at most three BYTE channels: keyboard (in),
  // screen and error (out), as in KRoC; a channel of another protocol is bound to the network
  // when the program starts (transit run --connect/--listen).
  void main_signature(Decl* main) {
    const auto& formals = main->spec->formals;
    std::size_t bytes = 0;
    bool channels = true;
    for (const Decl* f : formals) {
      Type* t = f->type;
      Protocol* p = t && t->kind == TypeKind::Chan ? definition(t->protocol) : nullptr;
      if (!t || t->kind != TypeKind::Chan) channels = false;
      else if (p && p->kind == ProtocolKind::Simple && p->items.size() == 1 && !p->items[0].count_type &&
               !is_error(p->items[0].type) && base(p->items[0].type)->kind == TypeKind::Byte)
        ++bytes;
    }
    if (!channels || bytes > 3)
      diags_.error(main->pos, "the main PROC '" + main->name + "' must take channels only: at most three CHAN BYTE (the console) and channels bound to the network",
                   "write PROC " + main->name + " (CHAN BYTE keyboard?, screen!, error!) or a subset of them, plus CHAN OF P channels for --connect/--listen");
  }

  // ---------------------------------------------------------- scopes
  void declare(Decl* d) {
    if (usage_.shared.count(d->name) && chan_array(d->type))
      diags_.warning(d->pos, "#PRAGMA SHARED does not share channel '" + d->name + "': a channel has one reader and one writer",
                     "let one process own each end and serve the others over channels of their own");
    d->depth = proc_depth_;
    usage_.order[d] = ++usage_.declared;
    names_[d->name].push_back(d);
    scope_log_.push_back(d);
  }
  std::size_t open_scope() { return scope_log_.size() | (usage_.aliases.size() << 32); }
  void close_scope(std::size_t mark) {
    std::size_t names_mark = mark & 0xffffffffu, alias_mark = mark >> 32;
    while (scope_log_.size() > names_mark) {
      Decl* d = scope_log_.back();
      scope_log_.pop_back();
      auto it = names_.find(d->name);
      if (it != names_.end() && !it->second.empty()) it->second.pop_back();
    }
    usage_.leave_scope(alias_mark);
  }
  Decl* lookup(const std::string& name) const {
    auto it = names_.find(name);
    if (it == names_.end() || it->second.empty()) return nullptr;
    return it->second.back();
  }
  Decl* lookup_or_report(const std::string& name, Pos pos, const char* what) {
    Decl* d = lookup(name);
    if (d) return d;
    std::string hint;
    unsigned best = 3;
    for (const auto& [n, ds] : names_) {
      if (ds.empty() || n.size() + 2 < name.size() || name.size() + 2 < n.size()) continue;
      unsigned dist = edit_distance(n, name);
      if (dist < best && dist < name.size()) {
        best = dist;
        hint = "did you mean '" + n + "'?";
      }
    }
    if (hint.empty()) hint = std::string("declare the ") + what + " before using it";
    diags_.error(pos, "'" + name + "' is not declared", hint);
    return nullptr;
  }

  // Whether `name`, used as a type, is occam-pi's BARRIER (or MOBILE, its type left out) rather
  // than a type the program forgot to declare; if so, reports the feature. `BARRIER b:` reads as a
  // declaration of a type named BARRIER: the parser cannot tell it from a program's own type of
  // that name (occam 2.1 reserves no occam-pi word), we can. Other occam-pi words are no types
  // in occam-pi either, so for them "not declared" is the truth.
  bool occam_pi_type(const std::string& name, Pos pos) {
    if ((name != "BARRIER" && name != "MOBILE") || lookup(name)) return false;
    diags_.error(pos, occam_pi_message(occam_pi_word(name)->feature), occam_pi_hint());
    return true;
  }

  void declare_builtins() {
    for (std::size_t i = 0; i < builtins().size(); ++i) {
      const Builtin& b = builtins()[i];
      if (!b.unit.empty()) continue;  // defined in occam by that unit, which the loader loaded
      Decl* d = prog_.arena.make<Decl>();
      d->kind = DeclKind::Builtin;
      d->name = std::string(b.name);
      d->builtin = int(i);
      builtin_sigs_[d] = {types_of(b.results), types_of(b.params)};
      declare(d);
    }
  }
  std::vector<Type*> types_of(const BuiltinTypes& list) {
    std::vector<Type*> out;
    for (BuiltinType t : list.list()) out.push_back(prim(builtin_type_kind(t)));
    return out;
  }
  static TypeKind builtin_type_kind(BuiltinType t) {
    switch (t) {
      case BuiltinType::BOOL: return TypeKind::Bool;
      case BuiltinType::BYTE: return TypeKind::Byte;
      case BuiltinType::INT: return TypeKind::Int;
      case BuiltinType::INT16: return TypeKind::Int16;
      case BuiltinType::INT32: return TypeKind::Int32;
      case BuiltinType::INT64: return TypeKind::Int64;
      case BuiltinType::REAL32: return TypeKind::Real32;
      case BuiltinType::REAL64: return TypeKind::Real64;
    }
    return TypeKind::Error;
  }

  struct Guard {
    Checker& c;
    bool ok;
    explicit Guard(Checker& checker) : c(checker), ok(++c.depth_ <= kMaxCheckDepth) {}
    ~Guard() { --c.depth_; }
  };

  // ---------------------------------------------------------- types
  Type* prim(TypeKind k) { return prim_[int(k)]; }
  Type* array_of(Type* elem, std::int64_t dim, Pos pos) {
    Type* t = prog_.arena.make<Type>();
    t->kind = TypeKind::Array;
    t->pos = pos;
    t->elem = elem;
    t->dim = dim;
    return t;
  }
  // Follows DATA TYPE names to the defining type.
  Type* base(Type* t) const { return base_type(t); }
  bool is_error(Type* t) const { return !t || t->kind == TypeKind::Error; }
  bool is_integer(Type* t) const { return integer_type(t); }
  bool is_real(Type* t) const {
    t = base(t);
    return t && (t->kind == TypeKind::Real32 || t->kind == TypeKind::Real64);
  }
  bool is_numeric(Type* t) const { return is_integer(t) || is_real(t); }
  bool is_scalar(Type* t) const { return is_numeric(t) || (base(t) && base(t)->kind == TypeKind::Bool); }
  bool is_chan(Type* t) const { return t && t->kind == TypeKind::Chan; }

  // A type declaration as the one type it stands for (see Decl::same_as).
  static const Decl* canon(const Decl* d) {
    while (d && d->same_as) d = d->same_as;
    return d;
  }
  bool same(Type* a, Type* b) const {
    if (is_error(a) || is_error(b)) return true;
    if (a->kind == TypeKind::Named || b->kind == TypeKind::Named)
      return a->kind == b->kind && canon(a->decl) == canon(b->decl);
    if (a->kind != b->kind) return false;
    switch (a->kind) {
      case TypeKind::Array:
        if (a->dim != kOpenDim && b->dim != kOpenDim && a->dim != b->dim) return false;
        return same(a->elem, b->elem);
      case TypeKind::Chan: return same_protocol(a->protocol, b->protocol);
      case TypeKind::Port: return same(a->elem, b->elem);
      case TypeKind::Record: return a == b;
      default: return true;
    }
  }
  bool same_protocol(Protocol* a, Protocol* b) const {
    if (!a || !b) return true;
    if (a->kind == ProtocolKind::Named || b->kind == ProtocolKind::Named)
      return a->kind == b->kind && canon(a->decl) == canon(b->decl);
    if (a->kind != b->kind) return false;
    if (a->items.size() != b->items.size()) return false;
    for (std::size_t i = 0; i < a->items.size(); ++i) {
      if (!same(a->items[i].type, b->items[i].type)) return false;
      if (!a->items[i].count_type != !b->items[i].count_type) return false;
      if (a->items[i].count_type && !same(a->items[i].count_type, b->items[i].count_type)) return false;
    }
    return true;
  }
  std::string tname(Type* t) const { return type_text(t); }

  // Word-for-word sameness of two type or protocol declarations (same_as): records field by
  // field, names of types through their declarations.
  bool same_text(Type* a, Type* b) const {
    if (!a || !b) return a == b;
    if (a->kind != b->kind) return false;
    switch (a->kind) {
      case TypeKind::Named: return canon(a->decl) == canon(b->decl);
      case TypeKind::Array: return a->dim == b->dim && same_text(a->elem, b->elem);
      case TypeKind::Chan: return a->direction == b->direction && same_protocol_text(a->protocol, b->protocol);
      case TypeKind::Port: return same_text(a->elem, b->elem);
      case TypeKind::Record:
        if (a->packed != b->packed || a->fields.size() != b->fields.size()) return false;
        for (std::size_t i = 0; i < a->fields.size(); ++i)
          if (a->fields[i]->name != b->fields[i]->name || !same_text(a->fields[i]->type, b->fields[i]->type))
            return false;
        return true;
      default: return true;
    }
  }
  bool same_items_text(const std::vector<ProtocolItem>& a, const std::vector<ProtocolItem>& b) const {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same_text(a[i].type, b[i].type) || !same_text(a[i].count_type, b[i].count_type)) return false;
    return true;
  }
  bool same_protocol_text(Protocol* a, Protocol* b) const {
    if (!a || !b) return a == b;
    if (a->kind != b->kind) return false;
    if (a->kind == ProtocolKind::Named) return canon(a->decl) == canon(b->decl);
    if (!same_items_text(a->items, b->items) || a->tags.size() != b->tags.size()) return false;
    for (std::size_t i = 0; i < a->tags.size(); ++i)
      if (a->tags[i]->name != b->tags[i]->name || !same_items_text(a->tags[i]->tag_items, b->tags[i]->tag_items))
        return false;
    return true;
  }
  // A top-level DATA TYPE or PROTOCOL that repeats one of an earlier unit is that type: KRoC's
  // #INCLUDE "x.inc" with #USE "x.lib", where the unit includes x.inc too.
  void join_repeated_type(Decl* d) {
    type_unit_[d] = unit_index_;
    Decl* prev = lookup(d->name);
    if (!prev || prev->kind != d->kind || proc_depth_ != 0 || prev->depth != 0) return;
    auto it = type_unit_.find(prev);
    if (it == type_unit_.end() || it->second == unit_index_) return;
    bool same = d->kind == DeclKind::DataType ? same_text(d->type, prev->type)
                                              : same_protocol_text(d->protocol, prev->protocol);
    if (same) d->same_as = prev;
  }

  // Resolves names and folds sizes inside a type written in the source.
  Type* resolve(Type* t, bool allow_open) {
    Guard g(*this);
    if (!t || !g.ok) return t;
    switch (t->kind) {
      case TypeKind::Array:
        if (t->dim_expr) {
          expr(t->dim_expr, prim(TypeKind::Int));
          if (t->dim_expr->is_const && is_integer(t->dim_expr->type)) {
            if (t->dim_expr->ivalue < 0)
              diags_.error(t->dim_expr->pos, "array size " + std::to_string(t->dim_expr->ivalue) + " is negative");
            else
              t->dim = t->dim_expr->ivalue;
          } else if (!is_error(t->dim_expr->type)) {
            diags_.error(t->dim_expr->pos, "array size must be a constant",
                         "use a literal or a VAL whose value is known, e.g. VAL INT n IS 10:");
          }
        } else if (!allow_open) {
          diags_.error(t->pos, "array of unknown size ([]) is only allowed for parameters and abbreviations",
                       "give the size: [10]INT");
        }
        resolve(t->elem, allow_open);
        if (t->dim != kOpenDim && t->dim > 0) {
          // An array's bytes (elements, for channels and timers) must be counted by an INT, as on
          // the transputer: [65536][65536]BYTE cannot be made. Reported once, at the outermost
          // dimension that overflows; its size is then taken as 0.
          std::int64_t unit = byte_size(t->elem);
          if (unit <= 0) unit = 1;
          if (t->dim > INT32_MAX / unit) {
            diags_.error(t->pos, "array " + tname(t) + " is too large: its size in bytes does not fit in an INT",
                         "an occam array holds at most MOSTPOS INT bytes");
            t->dim = 0;
          }
        }
        return t;
      case TypeKind::Named: {
        if (t->decl) return t;
        if (occam_pi_type(t->name, t->pos)) {
          t->kind = TypeKind::Error;
          return t;
        }
        Decl* d = lookup_or_report(t->name, t->pos, "type");
        if (d && d->kind != DeclKind::DataType) {
          diags_.error(t->pos, "'" + t->name + "' is not a type",
                       "declared as a " + std::string(decl_kind_name(d->kind)) + " on line " + std::to_string(d->pos.line));
          d = nullptr;
        }
        t->decl = d;
        if (!d) t->kind = TypeKind::Error;
        return t;
      }
      case TypeKind::Chan:
        resolve_protocol(t->protocol);
        return t;
      case TypeKind::Port:
        resolve(t->elem, false);
        return t;
      case TypeKind::Record:
        for (Decl* f : t->fields) resolve(f->type, false);
        return t;
      default:
        return t;
    }
  }

  void resolve_item(ProtocolItem& it) {
    if (it.count_type) {
      resolve(it.count_type, false);
      if (!is_integer(it.count_type))
        diags_.error(it.pos, "the count of a counted array must be an integer type, not " + tname(it.count_type));
      resolve(it.type, true);
    } else {
      resolve(it.type, false);
    }
  }

  void resolve_protocol(Protocol* p) {
    if (!p) return;
    if (p->kind == ProtocolKind::Named) {
      if (p->decl) return;
      Decl* d = lookup_or_report(p->name, p->pos, "protocol");
      if (!d) {
        p->kind = ProtocolKind::Any;  // already diagnosed: accept any use
        return;
      }
      if (d->kind == DeclKind::DataType) {
        // CHAN OF name with a DATA TYPE: a simple protocol of that type.
        Type* t = prog_.arena.make<Type>();
        t->kind = TypeKind::Named;
        t->pos = p->pos;
        t->name = p->name;
        t->decl = d;
        p->kind = ProtocolKind::Simple;
        p->items.push_back(ProtocolItem{p->pos, t, nullptr});
        return;
      }
      if (d->kind != DeclKind::Protocol) {
        diags_.error(p->pos, "'" + p->name + "' is not a protocol or type");
        p->kind = ProtocolKind::Any;
        return;
      }
      p->decl = d;
      return;
    }
    for (ProtocolItem& it : p->items) resolve_item(it);
    for (Decl* tag : p->tags)
      for (ProtocolItem& it : tag->tag_items) resolve_item(it);
  }

  // The protocol a channel carries, following a named PROTOCOL to its definition.
  Protocol* definition(Protocol* p) const {
    if (p && p->kind == ProtocolKind::Named && p->decl) return p->decl->protocol;
    return p;
  }

  // ---------------------------------------------------------- constants
  void set_int(Expr* e, std::int64_t v) {
    e->is_const = true;
    e->ivalue = v;
  }
  void set_real(Expr* e, double v) {
    e->is_const = true;
    e->rvalue = v;
  }

  // ---------------------------------------------------------- expressions
  static bool untyped(const Expr* e) {
    if (!e) return false;
    switch (e->kind) {
      case ExprKind::IntLit: case ExprKind::ByteLit: case ExprKind::RealLit:
        return !e->literal_type;
      case ExprKind::Unary: return e->op != Op::Not && untyped(e->lhs);
      case ExprKind::Binary:
        return e->op != Op::Eq && e->op != Op::Ne && e->op != Op::Lt && e->op != Op::Gt &&
               e->op != Op::Le && e->op != Op::Ge && e->op != Op::After && untyped(e->lhs) &&
               untyped(e->rhs);
      default: return false;
    }
  }

  void mismatch(Pos pos, Type* want, Type* got, const char* where = nullptr) {
    if (is_error(want) || is_error(got)) return;
    Type* wa = base(want);
    Type* ga = base(got);
    const bool named = want->kind == TypeKind::Named || got->kind == TypeKind::Named;
    if (!named && wa && ga && wa->kind == TypeKind::Array && ga->kind == TypeKind::Array && same(wa->elem, ga->elem)) {
      diags_.error(pos, "array size mismatch" + std::string(where ? std::string(" in ") + where : "") + ": expected " +
                            tname(want) + ", found " + tname(got));
      return;
    }
    std::string msg = "type mismatch";
    if (where) msg += std::string(" in ") + where;
    msg += ": expected " + tname(want) + ", found " + tname(got);
    std::string hint;
    if (named && wa && ga && same(wa, ga))
      hint = "a DATA TYPE is distinct from the type that defines it: decorate a " +
             std::string(wa->kind == TypeKind::Array ? "table with its name, e.g. [x, y, z](" : "literal with its name, e.g. 42(") +
             tname(want->kind == TypeKind::Named ? want : got) + ")";
    else if (is_scalar(want) && is_scalar(got))
      hint = "occam never converts implicitly: write " + tname(want) +
             (is_real(got) && is_integer(want) ? " ROUND (...)" : " (...)") + " to convert";
    const Decl* wd = type_declaration(want);
    const Decl* gd = type_declaration(got);
    const bool homonyms = wd && gd && wd != gd && wd->name == gd->name;
    if (homonyms)
      hint = "two different declarations are named '" + wd->name +
             "' (a unit's type is the program's only when declared alike, as by #INCLUDEing one file)";
    Diagnostic& d = diags_.error(pos, msg, hint);
    if (homonyms) {
      d.notes.emplace_back(wd->pos, "the expected '" + wd->name + "' is declared here");
      d.notes.emplace_back(gd->pos, "the '" + gd->name + "' found is declared here");
    }
  }
  // The DATA TYPE or PROTOCOL declaration a type is named by (through arrays and channels), if any.
  static const Decl* type_declaration(const Type* t) {
    while (t && (t->kind == TypeKind::Array || t->kind == TypeKind::Port)) t = t->elem;
    if (!t) return nullptr;
    if (t->kind == TypeKind::Named) return t->decl;
    if (t->kind == TypeKind::Chan && t->protocol) {
      const Protocol* p = t->protocol;
      if (p->kind == ProtocolKind::Named) return p->decl;
      if (p->kind == ProtocolKind::Simple && p->items.size() == 1 && !p->items[0].count_type)
        return type_declaration(p->items[0].type);
    }
    return nullptr;
  }

  // Checks e as a value of type `want` (or any type when want is null); returns its type.
  Type* expect_type(Expr* e, Type* want, const char* where = nullptr) {
    Type* t = expr(e, want);
    if (want && !same(want, t)) mismatch(e->pos, want, t, where);
    return t;
  }

  Type* expr(Expr* e, Type* want) {
    Guard g(*this);
    if (!e) return prim(TypeKind::Error);
    if (!g.ok) {
      diags_.error(e->pos, "expression nested too deeply");
      return e->type = prim(TypeKind::Error);
    }
    e->type = expr_inner(e, want);
    if (!e->type) e->type = prim(TypeKind::Error);
    return e->type;
  }

  Type* literal_type(Expr* e, Type* want, TypeKind dflt) {
    if (e->literal_type) return resolve(e->literal_type, false);
    if (want && ((dflt != TypeKind::Real32 && is_integer(want)) || (dflt == TypeKind::Real32 && is_real(want))))
      return want;
    return prim(dflt);
  }

  Type* expr_inner(Expr* e, Type* want) {
    switch (e->kind) {
      case ExprKind::Error: return prim(TypeKind::Error);
      case ExprKind::IntLit: {
        Type* t = literal_type(e, want, TypeKind::Int);
        if (!is_integer(t)) {
          diags_.error(e->pos, "an integer literal cannot have type " + tname(t));
          return prim(TypeKind::Error);
        }
        std::int64_t v = e->int_value;
        TypeKind k = base(t)->kind;
        bool hex = !e->text.empty() && e->text[0] == '#';
        if (hex && bits(k) < 64) {
          std::uint64_t u = std::uint64_t(v);
          if (u >> bits(k)) {
            diags_.error(e->pos, "hexadecimal literal " + e->text + " does not fit in " + tname(t));
          } else {
            v = wrap(k, v);
          }
        } else if (!fits(k, v)) {
          diags_.error(e->pos, "literal " + std::to_string(v) + " is out of range for " + tname(t),
                       k == TypeKind::Byte ? "a BYTE holds 0 to 255" : "use a wider type, e.g. " + std::to_string(v) + "(INT64)");
        }
        set_int(e, v);
        return t;
      }
      case ExprKind::ByteLit: {
        Type* t = literal_type(e, want, TypeKind::Byte);
        if (!is_integer(t)) {
          diags_.error(e->pos, "a character literal cannot have type " + tname(t));
          return prim(TypeKind::Error);
        }
        set_int(e, e->int_value);
        return t;
      }
      case ExprKind::RealLit: {
        Type* t = nullptr;
        if (e->literal_type) t = resolve(e->literal_type, false);
        // As occ21 does, an undecorated real literal takes the REAL type its context needs (x := 2.0
        // for a REAL32 x, 2.0 * x, x > 80.0); with no such context (VAL r IS 1.5:) it needs its type.
        else if (want && is_real(want)) t = want;
        if (!t) {
          diags_.error(e->pos, "a real literal needs its type", "write " + e->text + "(REAL32) or " + e->text + "(REAL64)");
          return prim(TypeKind::Error);
        }
        if (!is_real(t)) {
          diags_.error(e->pos, "a real literal cannot have type " + tname(t));
          return prim(TypeKind::Error);
        }
        double v = std::strtod(e->text.c_str(), nullptr);
        if (base(t)->kind == TypeKind::Real32) v = double(float(v));
        if (std::isinf(v))
          diags_.error(e->pos, "real literal " + e->text + " is out of range for " + tname(t),
                       base(t)->kind == TypeKind::Real32 ? "a REAL32 holds up to about 3.4E38; use REAL64"
                                                         : "a REAL64 holds up to about 1.8E308");
        set_real(e, v);
        return t;
      }
      case ExprKind::BoolLit:
        set_int(e, e->int_value);
        return prim(TypeKind::Bool);
      case ExprKind::StringLit: {
        Type* bytes = array_of(prim(TypeKind::Byte), std::int64_t(e->text.size()), e->pos);
        if (!e->literal_type) return bytes;
        Type* t = resolve(e->literal_type, false);  // "hello" (CHARS)
        Type* b = base(t);
        if (is_error(b)) return t;
        if (b->kind != TypeKind::Array || is_error(b->elem) || base(b->elem)->kind != TypeKind::Byte ||
            (b->dim != kOpenDim && b->dim != bytes->dim)) {
          diags_.error(e->pos, "a string of " + std::to_string(bytes->dim) + " bytes cannot have type " + tname(t),
                       "a string is a [" + std::to_string(bytes->dim) + "]BYTE");
          return bytes;
        }
        return t;
      }
      case ExprKind::Table: {
        if (e->literal_type) return typed_table(e);
        // As in occ21, a table without a type decoration where a RECORD is needed (INITIAL COMPLEX z
        // IS [1, 2]:, z := [0, 0], a RECORD result or argument) is a literal of that RECORD type, and
        // where a DATA TYPE of an array is needed (COMPLEX FUNCTION f ... IS [a, b]:) one of that type.
        if (want && base(want) && base(want)->kind == TypeKind::Record) return record_table(e, want);
        if (want && want->kind == TypeKind::Named && base(want) && base(want)->kind == TypeKind::Array)
          return array_table(e, want);
        Type* elem_want = nullptr;
        if (want && base(want) && base(want)->kind == TypeKind::Array) elem_want = base(want)->elem;
        Type* elem = nullptr;
        // Typed elements first, so untyped literals take their type.
        for (Expr* a : e->args)
          if (!untyped(a)) {
            elem = expr(a, elem_want);
            break;
          }
        if (!elem) elem = elem_want;
        for (Expr* a : e->args) {
          Type* t = expr(a, elem);
          if (!elem) elem = t;
          else if (!same(elem, t)) mismatch(a->pos, elem, t, "table");
        }
        return array_of(elem ? elem : prim(TypeKind::Int), std::int64_t(e->args.size()), e->pos);
      }
      case ExprKind::Name: {
        Decl* d = lookup_or_report(e->name, e->pos, "name");
        e->decl = d;
        if (!d) return prim(TypeKind::Error);
        switch (d->kind) {
          case DeclKind::Proc: case DeclKind::Function: case DeclKind::Builtin:
          case DeclKind::DataType: case DeclKind::Protocol:
            diags_.error(e->pos, "'" + e->name + "' is a " + kind_word(d) + ", not a value",
                         d->kind == DeclKind::Function || (d->kind == DeclKind::Builtin) ? "call it: " + e->name + "(...)" : "");
            return prim(TypeKind::Error);
          default:
            break;
        }
        if (d->chan_table && e != table_base_ok_)
          diags_.error(e->pos, "'" + e->name + "' abbreviates a table of channels: use its channels (" + e->name + "[i]) or SIZE " + e->name,
                       "its channels are not one array: pass or abbreviate them one by one");
        if (d->is_const && d->init && d->init->is_const) {
          e->is_const = true;
          e->ivalue = d->init->ivalue;
          e->rvalue = d->init->rvalue;
        }
        return d->type ? d->type : prim(TypeKind::Error);
      }
      case ExprKind::Subscript: {
        table_base_ok_ = e->lhs;
        Type* bt = expr(e->lhs, nullptr);
        Type* b = base(bt);
        if (is_error(b)) {
          expr(e->rhs, prim(TypeKind::Int));
          return prim(TypeKind::Error);
        }
        if (b->kind == TypeKind::Record) {
          if (e->rhs->kind != ExprKind::Name) {
            diags_.error(e->rhs->pos, "a record is subscripted by a field name");
            return prim(TypeKind::Error);
          }
          for (Decl* f : b->fields)
            if (f->name == e->rhs->name) {
              e->field = f;
              e->decl = f;
              e->rhs->decl = f;
              e->rhs->type = f->type;
              return f->type;
            }
          diags_.error(e->rhs->pos, "'" + tname(bt) + "' has no field '" + e->rhs->name + "'");
          return prim(TypeKind::Error);
        }
        if (b->kind != TypeKind::Array) {
          diags_.error(e->pos, "subscript of something that is not an array (" + tname(bt) + ")");
          expr(e->rhs, prim(TypeKind::Int));
          return prim(TypeKind::Error);
        }
        Type* it = expr(e->rhs, prim(TypeKind::Int));
        if (!is_integer(it)) mismatch(e->rhs->pos, prim(TypeKind::Int), it, "subscript");
        if (e->rhs->is_const && b->dim != kOpenDim && (e->rhs->ivalue < 0 || e->rhs->ivalue >= b->dim) && !dead_operand_)
          diags_.error(e->rhs->pos, "subscript " + std::to_string(e->rhs->ivalue) + " is out of range for " + tname(b),
                       "valid subscripts are 0 to " + std::to_string(b->dim - 1));
        else if (is_scalar(b->elem)) constant_element(e);
        return b->elem;
      }
      case ExprKind::Slice: {
        Type* bt = channel_operand(e->lhs, nullptr);  // [in? FOR n] (KRoC): a channel end's segment
        Type* b = base(bt);
        if (e->rhs) expect_type(e->rhs, prim(TypeKind::Int), "slice start");
        if (e->count) expect_type(e->count, prim(TypeKind::Int), "slice length");
        if (is_error(b)) return prim(TypeKind::Error);
        if (b->kind != TypeKind::Array) {
          diags_.error(e->pos, "slice of something that is not an array (" + tname(bt) + ")");
          return prim(TypeKind::Error);
        }
        std::int64_t from = e->rhs ? (e->rhs->is_const ? e->rhs->ivalue : -1) : 0;
        std::int64_t dim = kOpenDim;
        if (e->count && e->count->is_const) dim = e->count->ivalue;
        else if (!e->count && from >= 0 && b->dim != kOpenDim) dim = b->dim - from;
        if (from >= 0 && dim != kOpenDim && b->dim != kOpenDim && (dim < 0 || (from + dim > b->dim && !dead_operand_)))
          diags_.error(e->pos, "slice [" + std::to_string(from) + " FOR " + std::to_string(dim) +
                                   "] is out of range for " + tname(b));
        return array_of(b->elem, dim, e->pos);
      }
      case ExprKind::Unary: {
        Type* t = expr(e->lhs, e->op == Op::Not ? prim(TypeKind::Bool) : want);
        if (is_error(t)) return t;
        switch (e->op) {
          case Op::Not:
            if (base(t)->kind != TypeKind::Bool) mismatch(e->lhs->pos, prim(TypeKind::Bool), t, "NOT");
            else if (e->lhs->is_const) set_int(e, !e->lhs->ivalue);
            return prim(TypeKind::Bool);
          case Op::BitNot:
            if (!is_integer(t)) {
              diags_.error(e->pos, "BITNOT needs an integer, found " + tname(t));
              return prim(TypeKind::Error);
            }
            if (e->lhs->is_const) set_int(e, wrap(base(t)->kind, ~e->lhs->ivalue));
            return t;
          default:  // Neg, UMinus
            if (!is_numeric(t) || (e->op == Op::UMinus && !is_integer(t))) {
              diags_.error(e->pos, std::string("'") + op_spelling(e->op) + "' needs a number, found " + tname(t));
              return prim(TypeKind::Error);
            }
            if (e->lhs->is_const) {
              if (is_real(t)) {
                set_real(e, -e->lhs->rvalue);
              } else {
                FoldResult r = fold_int(e->op == Op::Neg ? Op::Sub : Op::Minus, base(t)->kind, 0, e->lhs->ivalue);
                if (r.error) diags_.error(e->pos, std::string("constant ") + r.error);
                else set_int(e, r.value);
              }
            }
            return t;
        }
      }
      case ExprKind::Binary: return binary(e, want);
      case ExprKind::Conversion: {
        Type* to = resolve(e->target, false);
        Type* from = expr(e->lhs, nullptr);
        if (is_error(from) || is_error(to)) return to;
        if (!is_scalar(to) || !is_scalar(from)) {
          diags_.error(e->pos, "cannot convert " + tname(from) + " to " + tname(to),
                       "conversions are between BOOL, BYTE, integer and real types");
          return to;
        }
        bool rounding = (is_real(from) != is_real(to) && base(from)->kind != TypeKind::Bool &&
                         base(to)->kind != TypeKind::Bool) ||
                        (is_real(from) && is_real(to) && base(from)->kind == TypeKind::Real64 &&
                         base(to)->kind == TypeKind::Real32);
        if (rounding && e->conversion == ConversionMode::Plain)
          diags_.error(e->pos, "converting " + tname(from) + " to " + tname(to) + " needs ROUND or TRUNC",
                       "write " + tname(to) + " ROUND x or " + tname(to) + " TRUNC x");
        if (e->conversion != ConversionMode::Plain && !is_real(from) && !is_real(to))
          diags_.error(e->pos, std::string(e->conversion == ConversionMode::Round ? "ROUND" : "TRUNC") +
                                   " applies only to a conversion to or from a REAL type, not " + tname(from) + " to " + tname(to),
                       "write " + tname(to) + " (x)");
        if (e->lhs->is_const) fold_conversion(e, from, to);
        return to;
      }
      case ExprKind::MostPos: case ExprKind::MostNeg: {
        Type* t = resolve(e->target, false);
        if (!is_integer(t)) {
          diags_.error(e->pos, "MOSTPOS and MOSTNEG need an integer type, found " + tname(t));
          return prim(TypeKind::Error);
        }
        set_int(e, e->kind == ExprKind::MostPos ? most_pos(base(t)->kind) : most_neg(base(t)->kind));
        return t;
      }
      case ExprKind::Size: {
        if (e->target) {  // SIZE [n]INT
          Type* t = base(resolve(e->target, false));
          if (!is_error(t) && t->kind == TypeKind::Array && t->dim != kOpenDim) set_int(e, t->dim);
          return prim(TypeKind::Int);
        }
        table_base_ok_ = e->lhs->kind == ExprKind::Direction ? e->lhs->lhs : e->lhs;
        Type* t = base(channel_operand(e->lhs, nullptr));  // SIZE in? (KRoC)
        if (is_error(t)) return prim(TypeKind::Int);
        if (t->kind != TypeKind::Array) {
          diags_.error(e->pos, "SIZE needs an array, found " + tname(t));
          return prim(TypeKind::Int);
        }
        if (t->dim != kOpenDim) set_int(e, t->dim);
        return prim(TypeKind::Int);
      }
      case ExprKind::BytesIn: {
        if (!e->target && e->lhs->kind == ExprKind::Name) {
          Decl* d = lookup(e->lhs->name);
          if (d && d->kind == DeclKind::DataType) {  // BYTESIN (TYPENAME): the parser cannot tell
            e->target = prog_.arena.make<Type>();
            e->target->kind = TypeKind::Named;
            e->target->pos = e->lhs->pos;
            e->target->name = e->lhs->name;
            e->lhs = nullptr;
          }
        }
        Type* t = e->target ? resolve(e->target, true) : expr(e->lhs, nullptr);
        std::int64_t n = byte_size(t);
        if (n >= 0) set_int(e, n);
        return prim(TypeKind::Int);
      }
      case ExprKind::Call: {
        // MYINT (k + l): a conversion to a DATA TYPE whose operand is bracketed, read as a call.
        if (Decl* d = lookup(e->name); d && d->kind == DeclKind::DataType && e->args.size() == 1) {
          Type* t = prog_.arena.make<Type>();
          t->kind = TypeKind::Named;
          t->name = e->name;
          t->pos = e->pos;
          e->kind = ExprKind::Conversion;
          e->target = t;
          e->lhs = e->args[0];
          e->args.clear();
          e->conversion = ConversionMode::Plain;
          return expr_inner(e, want);
        }
        std::vector<Type*> results = call(e->name, e->args, e->pos, false, &e->decl);
        if (results.empty()) return prim(TypeKind::Error);
        if (results.size() > 1 && !allow_multi_) {
          diags_.error(e->pos, "'" + e->name + "' returns " + std::to_string(results.size()) +
                                   " results; it can only be used in a multiple assignment",
                       "a, b := " + e->name + "(...)");
        }
        return results[0];
      }
      case ExprKind::Counted:
        diags_.error(e->pos, "'::' (a counted array) only appears in input and output");
        return prim(TypeKind::Error);
      case ExprKind::Direction:
        diags_.error(e->pos, "a channel direction ('?' or '!') only appears on channel parameters and abbreviations");
        return expr(e->lhs, want);
      case ExprKind::Valof: return value_process(e, want);
      case ExprKind::Offsetof: {
        Type* t = e->target ? resolve(e->target, false) : nullptr;
        Type* b = base(t);
        if (is_error(b)) return prim(TypeKind::Int);
        if (b->kind != TypeKind::Record) {
          diags_.error(e->pos, "OFFSETOF needs a RECORD type, and " + tname(t) + " is not one",
                       "OFFSETOF (type, field) gives the byte offset of a field of a RECORD");
          return prim(TypeKind::Int);
        }
        for (std::size_t i = 0; i < b->fields.size(); ++i)
          if (b->fields[i]->name == e->name) {
            e->field = b->fields[i];
            set_int(e, record_layout(b).offsets[i]);  // occam's layout (lang/layout.h), as every layer sees it
          }
        if (!e->field) diags_.error(e->pos, tname(t) + " has no field '" + e->name + "'");
        return prim(TypeKind::Int);
      }
    }
    return prim(TypeKind::Error);
  }

  // `(VALOF ... RESULT e1, ...)` in an expression: the same rules as a FUNCTION body. It may
  // read what is declared outside it but not assign to it or communicate on it; its own
  // declarations are free for it to use (local channels, PARs and ALTs over local names included).
  // The type is its first result's; several results only as the source of a multiple assignment.
  Type* value_process(Expr* e, Type* want) {
    Valof* v = e->valof;
    if (!v) return prim(TypeKind::Error);
    bool multi = allow_multi_;
    std::vector<Type*> wants;
    wants.swap(multi_want_);
    allow_multi_ = false;
    std::uint64_t start = usage_.declared;
    std::size_t mark = open_scope();
    Sink sink;
    usage_.sinks.push_back(&sink);
    for (Spec* s : v->specs) spec(s);
    process(v->body);
    Type* first = nullptr;
    for (std::size_t i = 0; i < v->results.size(); ++i) {
      Expr* r = v->results[i];
      Type* t = expr(r, v->results.size() == 1 ? want : i < wants.size() ? wants[i] : nullptr);
      if (!first) first = t;
      if (!is_error(t) && (is_chan(base(t)) || base(t)->kind == TypeKind::Timer || base(t)->kind == TypeKind::Port))
        diags_.error(r->pos, "RESULT gives '" + expr_text_plain(r) + "', which is not a value",
                     "a value process returns data: variables, values and expressions");
      usage_.note_reads(r);
    }
    close_scope(mark);  // while its sink is open: uses through its abbreviations become uses of what they name
    usage_.sinks.pop_back();
    std::unordered_set<const Decl*> reported;
    for (const Access& a : sink.list) {
      if (usage_.order[a.decl] > start) continue;  // declared inside the VALOF
      if ((a.kind & (kWrite | kIn | kOut)) && !reported.count(a.decl)) {
        reported.insert(a.decl);
        diags_.error(a.pos, "a VALOF cannot " + std::string(a.kind & kWrite ? "assign to" : "communicate on") + " " +
                                quoted(a) + ", which is declared outside it",
                     "a value process has no side effects: work on a local copy declared inside the VALOF");
      }
      if (!usage_.sinks.empty()) usage_.sinks.back()->list.push_back(a);  // what it reads counts where it is used
    }
    if (v->results.size() > 1 && !multi)
      diags_.error(e->pos, "this VALOF gives " + std::to_string(v->results.size()) +
                               " results; it can only be used in a multiple assignment",
                   "a, b := (VALOF ... RESULT x, y)");
    allow_multi_ = multi;
    return first ? first : prim(TypeKind::Error);
  }

  // The table or string a constant array names: a VAL abbreviation of one (VAL [3]INT t IS [1, 2, 3]:),
  // or a constant element of such a table of tables; null for anything else.
  const Expr* constant_array(const Expr* e, int depth = 0) {
    if (!e || depth > kMaxCheckDepth) return nullptr;
    if (e->kind == ExprKind::Table || e->kind == ExprKind::StringLit) return e;
    if (e->kind == ExprKind::Name && e->decl && e->decl->kind == DeclKind::ValAbbrev) return constant_array(e->decl->init, depth + 1);
    if (e->kind == ExprKind::Subscript && !e->field && e->rhs->is_const)
      if (const Expr* t = constant_array(e->lhs, depth + 1); t && t->kind == ExprKind::Table &&
                                                             e->rhs->ivalue >= 0 && e->rhs->ivalue < std::int64_t(t->args.size()))
        return constant_array(t->args[std::size_t(e->rhs->ivalue)], depth + 1);
    return nullptr;
  }
  // t[k] with t a constant table and k a constant is a constant (a CASE option value[0], as in occ21).
  void constant_element(Expr* e) {
    const Expr* t = e->rhs->is_const ? constant_array(e->lhs) : nullptr;
    std::int64_t k = e->rhs->ivalue;
    if (!t) return;
    if (t->kind == ExprKind::StringLit && k >= 0 && k < std::int64_t(t->text.size())) {
      set_int(e, static_cast<unsigned char>(t->text[std::size_t(k)]));
    } else if (t->kind == ExprKind::Table && k >= 0 && k < std::int64_t(t->args.size()) && t->args[std::size_t(k)]->is_const) {
      const Expr* v = t->args[std::size_t(k)];
      e->is_const = true;
      e->ivalue = v->ivalue;
      e->rvalue = v->rvalue;
    }
  }

  // [a, b](T): a record literal, or a table given a named array type.
  Type* typed_table(Expr* e) {
    Type* t = resolve(e->literal_type, false);
    Type* b = base(t);
    if (is_error(b)) {
      for (Expr* a : e->args) expr(a, nullptr);
      return t;
    }
    if (b->kind == TypeKind::Record) return record_table(e, t);
    if (b->kind == TypeKind::Array) return array_table(e, t);
    diags_.error(e->pos, "a table cannot have type " + tname(t));
    for (Expr* a : e->args) expr(a, nullptr);
    return prim(TypeKind::Error);
  }
  // A table as a value of the array type t (a DATA TYPE, or [n]T).
  Type* array_table(Expr* e, Type* t) {
    Type* b = base(t);
    if (b->dim != kOpenDim && b->dim != std::int64_t(e->args.size()))
      diags_.error(e->pos, "array size mismatch: " + tname(t) + " has " + std::to_string(b->dim) +
                               " elements but the table has " + std::to_string(e->args.size()));
    for (Expr* a : e->args) expect_type(a, b->elem, "table");
    return t;
  }
  // A table as a value of the RECORD type t: one value per field, in order.
  Type* record_table(Expr* e, Type* t) {
    Type* b = base(t);
    if (e->args.size() != b->fields.size())
      diags_.error(e->pos, "record literal has " + std::to_string(e->args.size()) + " values but " + tname(t) +
                               " has " + std::to_string(b->fields.size()) + " fields");
    for (std::size_t i = 0; i < e->args.size(); ++i)
      expect_type(e->args[i], i < b->fields.size() ? b->fields[i]->type : nullptr, "record literal");
    return t;
  }

  static std::string kind_word(const Decl* d) {
    switch (d->kind) {
      case DeclKind::Proc: return "PROC";
      case DeclKind::Function: return "FUNCTION";
      case DeclKind::Builtin: return "predefined routine";
      case DeclKind::DataType: return "type";
      case DeclKind::Protocol: return "protocol";
      case DeclKind::Channel: return "channel";
      case DeclKind::Timer: return "timer";
      default: return "name";
    }
  }

  Type* binary(Expr* e, Type* want) {
    Op op = e->op;
    bool relational = op == Op::Eq || op == Op::Ne || op == Op::Lt || op == Op::Gt || op == Op::Le ||
                      op == Op::Ge || op == Op::After;
    bool boolean = op == Op::And || op == Op::Or;
    bool shift = op == Op::Shl || op == Op::Shr;
    Type* lt;
    Type* rt;
    if (boolean) {
      lt = expect_type(e->lhs, prim(TypeKind::Bool), op_spelling(op));
      // FALSE AND x, TRUE OR x: x is never evaluated, so a constant subscript out of range in it is
      // no error (as in occ21; KRoC's cgtest00 E6b); at run time it is not reached.
      const bool dead = e->lhs->is_const && (op == Op::And ? e->lhs->ivalue == 0 : e->lhs->ivalue != 0);
      if (dead) ++dead_operand_;
      rt = expect_type(e->rhs, prim(TypeKind::Bool), op_spelling(op));
      if (dead) --dead_operand_;
      if (e->lhs->is_const && e->rhs->is_const)
        set_int(e, op == Op::And ? (e->lhs->ivalue && e->rhs->ivalue) : (e->lhs->ivalue || e->rhs->ivalue));
      return prim(TypeKind::Bool);
    }
    Type* operand_want = relational ? nullptr : want;
    if (shift) {
      lt = expr(e->lhs, operand_want);
      rt = expect_type(e->rhs, prim(TypeKind::Int), "shift count");
    } else if (untyped(e->lhs) && !untyped(e->rhs)) {
      rt = expr(e->rhs, operand_want);
      lt = expr(e->lhs, rt);
    } else {
      lt = expr(e->lhs, operand_want);
      rt = expr(e->rhs, lt);
    }
    if (is_error(lt) || is_error(rt)) return relational ? prim(TypeKind::Bool) : prim(TypeKind::Error);
    if (!shift && !same(lt, rt)) {
      diags_.error(e->pos, std::string("operands of '") + op_spelling(op) + "' have different types: " +
                               tname(lt) + " and " + tname(rt),
                   "occam never converts implicitly: convert one side, e.g. " + tname(lt) + " (...)");
      return relational ? prim(TypeKind::Bool) : prim(TypeKind::Error);
    }
    Type* b = base(lt);
    bool ok = true;
    switch (op) {
      case Op::Eq: case Op::Ne: ok = is_scalar(lt); break;
      case Op::Lt: case Op::Gt: case Op::Le: case Op::Ge: ok = is_numeric(lt); break;
      case Op::After: ok = is_integer(lt); break;
      case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Rem: ok = is_numeric(lt); break;
      default: ok = is_integer(lt); break;  // PLUS MINUS TIMES, bitwise, shifts
    }
    if (!ok) {
      diags_.error(e->pos, std::string("'") + op_spelling(op) + "' cannot be applied to type " + tname(lt),
                   op == Op::Lt || op == Op::Gt || op == Op::Le || op == Op::Ge ? "ordering compares numbers and BYTEs"
                   : op == Op::Add || op == Op::Sub || op == Op::Mul || op == Op::Div || op == Op::Rem ? "arithmetic needs numbers"
                   : "this operator needs integers");
      return relational ? prim(TypeKind::Bool) : prim(TypeKind::Error);
    }
    if (e->lhs->is_const && e->rhs->is_const) {
      if (is_real(lt)) {
        RealFoldResult r = fold_real(op, b->kind, e->lhs->rvalue, e->rhs->rvalue);
        if (r.error) diags_.error(e->pos, std::string(r.error) + " in a constant expression");
        else if (relational) set_int(e, std::int64_t(r.value));
        else set_real(e, r.value);
      } else {
        FoldResult r = fold_int(op, b->kind, e->lhs->ivalue, e->rhs->ivalue);
        if (r.error) diags_.error(e->pos, std::string(r.error) + " in a constant expression");
        else set_int(e, r.value);
      }
    }
    return relational ? prim(TypeKind::Bool) : lt;
  }

  void fold_conversion(Expr* e, Type* from, Type* to) {
    TypeKind tk = base(to)->kind;
    bool trunc = e->conversion == ConversionMode::Trunc;
    if (is_real(to)) {
      RealFoldResult r = convert_to_real(tk, is_real(from) ? (long double)e->lhs->rvalue : (long double)e->lhs->ivalue, trunc);
      if (r.error) diags_.error(e->pos, "constant conversion overflows " + tname(to));
      else set_real(e, r.value);
      return;
    }
    FoldResult r = is_real(from) ? convert_real_to_int(tk, e->lhs->rvalue, trunc) : convert_int(tk, e->lhs->ivalue);
    if (!r.error) set_int(e, r.value);
    else if (is_real(from)) diags_.error(e->pos, "constant conversion overflows " + tname(to));
    else if (tk == TypeKind::Bool) diags_.error(e->pos, "only 0 and 1 convert to BOOL");
    else diags_.error(e->pos, "constant " + std::to_string(e->lhs->ivalue) + " does not fit in " + tname(to));
  }

  // Bytes a value of this type occupies (INT is 4), or -1 when unknown (open arrays).
  std::int64_t byte_size(Type* t) const {
    t = base(t);
    if (!t) return -1;
    switch (t->kind) {
      case TypeKind::Bool: case TypeKind::Byte: return 1;
      case TypeKind::Int16: return 2;
      case TypeKind::Int: case TypeKind::Int32: case TypeKind::Real32: return 4;
      case TypeKind::Int64: case TypeKind::Real64: return 8;
      case TypeKind::Array: {
        if (t->dim == kOpenDim) return -1;
        std::int64_t e = byte_size(t->elem);
        return e < 0 ? -1 : e * t->dim;
      }
      case TypeKind::Record: return record_layout(t).size;
      default: return -1;
    }
  }

  // The size and alignment of a type in occam's record layout (lang/layout.h, shared with the IR and the
  // back ends); size -1 when it has none.
  Shape layout_shape(Type* t) const {
    Type* b = base(t);
    if (!b) return Shape{-1, 1};
    if (b->kind == TypeKind::Array) {
      Shape e = layout_shape(b->elem);
      return Shape{b->dim == kOpenDim || e.size < 0 ? -1 : e.size * b->dim, e.align};
    }
    if (b->kind == TypeKind::Record) {
      RecordLayout l = record_layout(b);
      return Shape{l.size, l.align};
    }
    std::int64_t s = byte_size(b);
    return Shape{s, scalar_align(s)};
  }
  RecordLayout record_layout(Type* record) const {
    std::vector<Shape> fields;
    for (Decl* f : record->fields) fields.push_back(layout_shape(f->type));
    return lay_out(fields, record->packed);
  }

  // ---------------------------------------------------------- elements and usage
  Type* writable(Expr* e, Type* want, const char* what) {
    Type* t = expr(e, want);
    Region sub;
    bool varying;
    Decl* d = usage_.element_base(e, sub, varying);
    if (!d) {
      if (!is_error(t)) diags_.error(e->pos, std::string("the target of ") + what + " must be a variable");
      return t;
    }
    bool val = d->is_val || d->kind == DeclKind::ValAbbrev || d->kind == DeclKind::ReplIndex ||
               (d->kind == DeclKind::Formal && d->mode == ParamMode::Val);
    if (val) {
      const char* why = d->kind == DeclKind::ReplIndex ? "a replicator index"
                      : d->kind == DeclKind::Formal ? "a VAL parameter" : "a VAL abbreviation";
      diags_.error(e->pos, "cannot change '" + d->name + "': it is " + why,
                   d->kind == DeclKind::Formal ? "drop VAL from the parameter to pass it by reference" : "");
    } else if (d->kind == DeclKind::Channel || d->kind == DeclKind::Timer || is_chan(base(d->type))) {
      diags_.error(e->pos, "'" + d->name + "' is a channel, not a variable");
    } else if (d->kind == DeclKind::Proc || d->kind == DeclKind::Function || d->kind == DeclKind::Builtin) {
      diags_.error(e->pos, "'" + d->name + "' is a " + kind_word(d) + ", not a variable");
    }
    usage_.note_reads_of_subscripts(e);
    usage_.note(e, kWrite);
    return t;
  }

  Type* channel(Expr* e, Direction use) {
    Type* t = expr(e, nullptr);
    if (is_error(t)) return nullptr;
    if (t->kind == TypeKind::Timer) return t;
    if (t->kind == TypeKind::Port) {  // the channel usage rules apply to ports too
      usage_.note_reads_of_subscripts(e);
      usage_.note(e, use == Direction::In ? kIn : kOut);
      return t;
    }
    if (!is_chan(t)) {
      diags_.error(e->pos, "'" + expr_text_plain(e) + "' is not a channel (it is " + tname(t) + ")");
      return nullptr;
    }
    if (t->direction != Direction::None && t->direction != use) {
      diags_.error(e->pos, std::string("channel '") + expr_text_plain(e) + "' is declared for " +
                               (t->direction == Direction::In ? "input (?)" : "output (!)") +
                               ", so it cannot be used for " + (use == Direction::In ? "input" : "output"));
    }
    usage_.note_reads_of_subscripts(e);
    usage_.note(e, use == Direction::In ? kIn : kOut);
    return t;
  }

  // ---------------------------------------------------------- protocols in I/O
  // Checks io items against a protocol's item list.
  void io_items(std::vector<Expr*>& items, std::size_t first, const std::vector<ProtocolItem>& proto,
                bool input, Pos pos, const std::string& chan) {
    std::size_t n = items.size() - first;
    if (n != proto.size()) {
      diags_.error(pos, std::string(input ? "input" : "output") + " on '" + chan + "' has " + std::to_string(n) +
                            (n == 1 ? " item" : " items") + " but its protocol has " + std::to_string(proto.size()),
                   "items are separated by ';' in the order the protocol lists them");
      for (std::size_t i = first; i < items.size(); ++i) io_item(items[i], nullptr, input);
      return;
    }
    for (std::size_t i = 0; i < n; ++i) io_item(items[first + i], &proto[i], input);
  }

  void io_item(Expr* e, const ProtocolItem* p, bool input) {
    if (e->kind == ExprKind::Counted) {
      if (p && !p->count_type)
        diags_.error(e->pos, "'::' used but the protocol item is " + tname(p->type) + ", not a counted array");
      Type* ct = p && p->count_type ? p->count_type : nullptr;
      Type* at = p && p->count_type ? p->type : nullptr;
      if (input) {
        writable(e->lhs, ct, "input");
        writable(e->rhs, nullptr, "input");
        Type* rt = base(e->rhs->type);
        if (at && rt && rt->kind == TypeKind::Array && !same(base(at)->elem, rt->elem))
          mismatch(e->rhs->pos, at, e->rhs->type, "counted input");
      } else {
        expect_type(e->lhs, ct, "count");
        Type* rt = expr(e->rhs, nullptr);
        if (at && !is_error(rt) && (base(rt)->kind != TypeKind::Array || !same(base(at)->elem, base(rt)->elem)))
          mismatch(e->rhs->pos, at, rt, "counted output");
        usage_.note_reads(e->lhs);
        usage_.note_reads(e->rhs);
      }
      e->type = e->rhs->type;  // a Counted item has its array's type
      return;
    }
    if (p && p->count_type)
      diags_.error(e->pos, "the protocol expects a counted array here", "write count::array");
    Type* want = p && !p->count_type ? p->type : nullptr;
    if (input) {
      Type* t = writable(e, want, "input");
      if (want && !same(want, t)) mismatch(e->pos, want, t, "input");
    } else {
      expect_type(e, want, "output");
      usage_.note_reads(e);
    }
  }

  Decl* find_tag(Protocol* def, Expr* tag) {
    if (tag->kind != ExprKind::Name) {
      diags_.error(tag->pos, "expected a tag name of the variant protocol");
      return nullptr;
    }
    for (Decl* t : def->tags)
      if (t->name == tag->name) {
        tag->decl = t;
        tag->type = prim(TypeKind::Int);
        return t;
      }
    std::string tags;
    for (Decl* t : def->tags) tags += (tags.empty() ? "" : ", ") + t->name;
    diags_.error(tag->pos, "'" + tag->name + "' is not a tag of this channel's protocol",
                 "its tags are: " + tags);
    return nullptr;
  }

  // Input or output on a channel: the protocol decides the items.
  void io(Process* p, bool input) {
    Type* ct = channel(p->channel, input ? Direction::In : Direction::Out);
    std::string cname = expr_text_plain(p->channel);
    if (!ct) {
      for (Expr* e : p->items) io_item(e, nullptr, input);
      return;
    }
    if (ct->kind == TypeKind::Timer) {
      if (!input) {
        diags_.error(p->pos, "cannot output to a timer");
        return;
      }
      p->timer = true;
      if (p->items.size() != 1) {
        diags_.error(p->pos, "a timer input reads one INT: tim ? t");
        return;
      }
      Type* t = writable(p->items[0], prim(TypeKind::Int), "timer input");
      if (!same(t, prim(TypeKind::Int))) mismatch(p->items[0]->pos, prim(TypeKind::Int), t, "timer input");
      return;
    }
    if (ct->kind == TypeKind::Port) {
      ProtocolItem it{p->pos, ct->elem, nullptr};
      io_items(p->items, 0, {it}, input, p->pos, cname);
      return;
    }
    Protocol* def = definition(ct->protocol);
    if (!def || def->kind == ProtocolKind::Any) {
      for (Expr* e : p->items) io_item(e, nullptr, input);
      return;
    }
    if (def->kind == ProtocolKind::Variant) {
      if (input) {
        diags_.error(p->pos, "input from '" + cname + "' (a variant protocol) must use '? CASE'",
                     "write " + cname + " ? CASE followed by one line per tag");
        return;
      }
      Decl* tag = p->items.empty() ? nullptr : find_tag(def, p->items[0]);
      if (tag) io_items(p->items, 1, tag->tag_items, false, p->pos, cname);
      return;
    }
    io_items(p->items, 0, def->items, input, p->pos, cname);
  }

  // ---------------------------------------------------------- calls
  struct Signature {
    std::vector<Type*> results;
    std::vector<Type*> params;  // builtins: VAL types
  };

  // Checks a PROC or FUNCTION call; returns the result types (empty for PROCs and errors).
  std::vector<Type*> call(const std::string& name, std::vector<Expr*>& args, Pos pos, bool is_proc,
                          Decl** out_decl) {
    Decl* d = lookup_or_report(name, pos, is_proc ? "PROC" : "FUNCTION");
    *out_decl = d;
    if (!d) {
      for (Expr* a : args) channel_operand(a, nullptr);  // c! may be an argument
      return {};
    }
    if (d->kind == DeclKind::Builtin) {
      bool builtin_proc = builtins()[std::size_t(d->builtin)].kind == BuiltinKind::PROC;
      const Signature& sig = builtin_sigs_[d];
      if (builtin_proc != is_proc) {
        diags_.error(pos, "'" + name + "' is a " + (builtin_proc ? "PROC" : "FUNCTION") +
                              (is_proc ? "; use its result in an expression" : "; call it as a process"));
        return {};
      }
      if (args.size() != sig.params.size()) {
        diags_.error(pos, "'" + name + "' has " + std::to_string(sig.params.size()) + " parameters but " +
                              std::to_string(args.size()) + " arguments were given");
        for (Expr* a : args) channel_operand(a, nullptr);  // c! may be an argument
        return sig.results;
      }
      for (std::size_t i = 0; i < args.size(); ++i) {
        expect_type(args[i], sig.params[i], "argument");
        usage_.note_reads(args[i]);
      }
      return sig.results;
    }
    bool want_proc = d->kind == DeclKind::Proc;
    if (d->kind != DeclKind::Proc && d->kind != DeclKind::Function) {
      diags_.error(pos, "'" + name + "' is a " + kind_word(d) + ", not a " + (is_proc ? "PROC" : "FUNCTION"),
                   "declared on line " + std::to_string(d->pos.line));
      for (Expr* a : args) channel_operand(a, nullptr);  // c! may be an argument
      return {};
    }
    if (want_proc != is_proc) {
      diags_.error(pos, "'" + name + "' is a " + (want_proc ? "PROC; call it as a process" : "FUNCTION; use its result in an expression"));
      return {};
    }
    Spec* s = d->spec;
    if (args.size() != s->formals.size()) {
      Diagnostic& diag = diags_.error(pos, "'" + name + "' has " + std::to_string(s->formals.size()) +
                                               (s->formals.size() == 1 ? " parameter but " : " parameters but ") +
                                               std::to_string(args.size()) + (args.size() == 1 ? " argument was" : " arguments were") + " given");
      diag.notes.push_back({d->pos, "'" + name + "' is declared here"});
      for (Expr* a : args) channel_operand(a, nullptr);  // c! may be an argument
      return s->result_types;
    }
    std::vector<std::tuple<Decl*, Region, Expr*>> by_ref;
    std::vector<std::tuple<Decl*, Region, Expr*>> by_val;
    auto it = usage_.summaries.find(d);
    const Summary* sum = it == usage_.summaries.end() ? nullptr : &it->second;
    for (std::size_t i = 0; i < args.size(); ++i) {
      Decl* f = s->formals[i];
      Expr* a = args[i];
      Type* ft = f->type;
      std::uint8_t use = 0;
      if (sum) {
        auto u = sum->formal_use.find(f);
        if (u != sum->formal_use.end()) use = u->second;
      }
      if (ft && (is_chan(base(ft)) || (base(ft) && base(ft)->kind == TypeKind::Array && chan_array(ft)))) {
        Type* at = channel_operand(a, ft);
        if (!same(ft, at)) mismatch(a->pos, ft, at, "channel argument");
        Type* fc = chan_elem(ft);
        Type* ac = chan_elem(at);
        Direction fd = fc ? fc->direction : Direction::None;
        if (a->kind == ExprKind::Direction && fd != Direction::None && a->direction != fd)
          diags_.error(a->pos, "argument direction does not match parameter '" + f->name + "'");
        if (ac && ac->direction != Direction::None && fd != Direction::None && ac->direction != fd)
          diags_.error(a->pos, std::string("'") + expr_text_plain(a) + "' can only be used for " +
                                   (ac->direction == Direction::In ? "input" : "output") + ", but parameter '" +
                                   f->name + "' is for " + (fd == Direction::In ? "input" : "output"));
        if (fd == Direction::In) use |= kIn;
        if (fd == Direction::Out) use |= kOut;
        usage_.note(a, use & (kIn | kOut));
        continue;
      }
      if (ft && base(ft) && base(ft)->kind == TypeKind::Port) {  // as a channel: what the PROC does to it
        Type* at = expr(a, ft);
        if (!same(ft, at)) mismatch(a->pos, ft, at, "port argument");
        usage_.note_reads_of_subscripts(a);
        usage_.note(a, use & (kIn | kOut));
        continue;
      }
      if (ft && ft->kind == TypeKind::Timer) {
        Type* at = expr(a, ft);
        if (!same(ft, at)) mismatch(a->pos, ft, at, "argument");
        continue;
      }
      if (f->mode == ParamMode::Val) {
        expect_type(a, ft, ("argument '" + f->name + "'").c_str());
        usage_.note_reads(a);
        Region sub;
        bool varying;
        if (Decl* b = usage_.element_base(a, sub, varying)) by_val.emplace_back(b, sub, a);
        continue;
      }
      Type* at = writable(a, ft, f->mode == ParamMode::Result ? "a RESULT argument" : "a variable argument");
      if (!same(ft, at)) mismatch(a->pos, ft, at, ("argument '" + f->name + "'").c_str());
      Region sub;
      bool varying;
      if (Decl* b = usage_.element_base(a, sub, varying)) {
        for (const auto& [other, osub, oa] : by_ref)
          if (other == b && overlaps(sub, osub) && !different_fields(a, oa)) {  // q (r[f1], r[f2]) is fine
            diags_.error(a->pos, "'" + b->name + "' is passed twice by reference to '" + name + "'",
                         "occam forbids aliasing: pass a copy, or pass it once");
            break;
          }
        by_ref.emplace_back(b, sub, a);
      }
    }
    for (const auto& [b, sub, a] : by_val)
      for (const auto& [other, osub, oa] : by_ref)
        if (other == b && overlaps(sub, osub) && !different_fields(a, oa)) {
          diags_.error(a->pos, "'" + b->name + "' is passed to '" + name +
                                   "' both by reference and as a VAL",
                       "occam forbids aliasing: copy it to another variable first");
          break;
        }
    // A variable the routine uses by its own name (declared outside it) is not also its reference
    // parameter, nor a VAL parameter when the routine changes it: one variable, two names (occ21).
    if (sum && !usage_.permit_aliases.count(name)) {
      auto free_use = [&](const Decl* b, const Region& sub, bool writes_only) -> const Access* {
        if (usage_.permit_aliases.count(b->name)) return nullptr;
        for (const Access& f : sum->free)
          if (f.decl == b && overlaps(f.sub, sub) && (!writes_only || (f.kind & (kWrite | kIn))) && (f.kind & (kRead | kWrite | kIn)))
            return &f;
        return nullptr;
      };
      for (std::size_t i = 0; i < args.size(); ++i) {
        Decl* f = s->formals[i];
        Type* ft = f->type;
        if (!ft || is_chan(base(ft)) || chan_array(ft) || ft->kind == TypeKind::Timer || (base(ft) && base(ft)->kind == TypeKind::Port))
          continue;
        Region sub;
        bool varying;
        Decl* b = usage_.element_base(args[i], sub, varying);
        if (!b) continue;
        bool val = f->mode == ParamMode::Val;
        if (const Access* use = free_use(b, sub, val)) {
          Diagnostic& diag = diags_.error(args[i]->pos, "'" + b->name + "' is passed to '" + name + "'" +
                                                            (val ? " as a VAL, but '" + name + "' changes it by its own name"
                                                                 : " by reference, but '" + name + "' also uses it by its own name"),
                                          "occam forbids aliasing: pass a copy, or let '" + name + "' take it only as its parameter");
          diag.notes.push_back({use->pos, "used here by its own name"});
        }
      }
    }
    usage_.apply_summary(d, pos);
    return s->result_types;
  }

  // A channel written with a direction (c? or c!) as an argument or abbreviation.
  Type* channel_operand(Expr* a, Type* want) {
    if (a->kind != ExprKind::Direction) return expr(a, want);
    Type* t = expr(a->lhs, want);
    Type* c = chan_elem(t);
    if (!is_error(t) && !c) diags_.error(a->pos, "only a channel can have a direction ('?' or '!')");
    if (c && c->direction != Direction::None && c->direction != a->direction)
      diags_.error(a->pos, "'" + expr_text_plain(a->lhs) + "' is declared for " +
                               (c->direction == Direction::In ? "input (?)" : "output (!)"));
    a->type = t;
    return t;
  }

  static Type* chan_elem(Type* t) {
    for (int i = 0; t && t->kind == TypeKind::Array && i < 64; ++i) t = t->elem;
    return t && t->kind == TypeKind::Chan ? t : nullptr;
  }

  // ---------------------------------------------------------- specifications
  void spec(Spec* s) {
    Guard g(*this);
    if (!g.ok) {
      diags_.error(s->pos, "declarations nested too deeply");
      return;
    }
    switch (s->kind) {
      case SpecKind::Decl:
        for (Decl* d : s->decls) {
          if (d == s->decls.front()) resolve(d->type, false);
          Type* b = base(d->type);
          if (b && b->kind == TypeKind::Array && unknown_size(b))
            diags_.error(d->pos, "'" + d->name + "' needs a size", "declare e.g. [10]INT " + d->name + ":");
          declare(d);
        }
        return;
      case SpecKind::Abbrev: abbreviation(s->decls[0]); return;
      case SpecKind::Retypes:
      case SpecKind::Reshapes: retypes(s); return;
      case SpecKind::Proc:
      case SpecKind::Function: routine(s); return;
      case SpecKind::DataType: {
        Decl* d = s->decls[0];
        resolve(d->type, false);
        if (d->type && d->type->kind == TypeKind::Record) {
          for (std::size_t i = 0; i < d->type->fields.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
              if (d->type->fields[i]->name == d->type->fields[j]->name)
                diags_.error(d->type->fields[i]->pos, "field '" + d->type->fields[i]->name + "' declared twice");
        }
        join_repeated_type(d);
        declare(d);
        return;
      }
      case SpecKind::Protocol: {
        Decl* d = s->decls[0];
        resolve_protocol(d->protocol);
        if (d->protocol)
          for (std::size_t i = 0; i < d->protocol->tags.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
              if (d->protocol->tags[i]->name == d->protocol->tags[j]->name)
                diags_.error(d->protocol->tags[i]->pos, "tag '" + d->protocol->tags[i]->name + "' declared twice");
        join_repeated_type(d);
        declare(d);
        return;
      }
      case SpecKind::Place: {
        s->place_decl = lookup_or_report(s->place_name, s->pos, "name");
        if (s->place_at) expect_type(s->place_at, prim(TypeKind::Int), "PLACE AT");
        if (s->place == PlaceKind::At && s->place_decl) place_at(s);
        return;
      }
    }
  }

  bool unknown_size(Type* t) const {
    for (int i = 0; t && t->kind == TypeKind::Array && i < kMaxCheckDepth; ++i) {
      if (t->dim == kOpenDim) return true;
      t = base(t->elem);
    }
    return false;
  }

  void abbreviation(Decl* d) {
    if (d->type) resolve(d->type, true);
    if (d->is_val || d->is_initial) {
      Type* t = expr(d->init, d->type);
      if (d->type && !same(d->type, t)) mismatch(d->init->pos, d->type, t, "abbreviation");
      Type* leaf = base(t);
      while (leaf && leaf->kind == TypeKind::Array) leaf = base(leaf->elem);
      if (leaf && (is_chan(leaf) || leaf->kind == TypeKind::Timer || leaf->kind == TypeKind::Port))
        diags_.error(d->init->pos, std::string(is_chan(leaf) ? "a channel" : leaf->kind == TypeKind::Timer ? "a timer" : "a port") +
                                       " is not a value: it cannot be abbreviated with " + (d->is_val ? "VAL" : "INITIAL"),
                     "drop " + std::string(d->is_val ? "VAL" : "INITIAL") + ": " + d->name + " IS " + expr_text_plain(d->init) + ":");
      if (!d->type) d->type = t;
      else if (base(d->type) && base(d->type)->kind == TypeKind::Array && base(d->type)->dim == kOpenDim &&
               base(t) && base(t)->kind == TypeKind::Array)
        d->type = t;  // VAL []BYTE s IS "abc": takes the table's size
      usage_.note_reads(d->init);
      d->is_const = d->is_val && d->init->is_const;
      if (d->is_val && !d->init->is_const) {
        Region sub;
        bool varying;
        if (Decl* b = usage_.element_base(d->init, sub, varying))
          if (b->kind != DeclKind::ValAbbrev) usage_.abbreviate(Alias{b, sub, d, true, varying, first_subscript(d->init), d->init});
      }
      declare(d);
      return;
    }
    // Variable, channel or timer abbreviation: the right side must be an element.
    Expr* init = d->init;
    if (init->kind == ExprKind::Table && !init->literal_type && !init->args.empty()) {
      channel_table(d);
      return;
    }
    Type* t = init->kind == ExprKind::Direction ? channel_operand(init, d->type) : expr(init, d->type);
    if (d->type && !same(d->type, t)) mismatch(init->pos, d->type, t, "abbreviation");
    if (!d->type || (base(d->type) && base(d->type)->kind == TypeKind::Array && base(d->type)->dim == kOpenDim))
      d->type = t;
    Region sub;
    bool varying;
    Decl* b = usage_.element_base(init, sub, varying);
    if (!b) {
      if (!is_error(t))
        diags_.error(init->pos, "only a variable or channel can be abbreviated without VAL",
                     "write VAL " + (d->type ? tname(d->type) + " " : std::string()) + d->name + " IS ...: for a value");
    } else {
      bool val_target = b->is_val || b->kind == DeclKind::ValAbbrev || b->kind == DeclKind::ReplIndex ||
                        (b->kind == DeclKind::Formal && b->mode == ParamMode::Val);
      if (val_target)
        diags_.error(init->pos, "'" + b->name + "' is a VAL; abbreviate it with VAL",
                     "write VAL " + d->name + " IS " + expr_text_plain(init) + ":");
      usage_.note_reads_of_subscripts(init);
      // Abbreviating an element is a use that may change it: not while it is abbreviated already.
      usage_.check_alias(b, sub, kWrite, init->pos, init);
      usage_.abbreviate(Alias{b, sub, d, false, varying, first_subscript(init), init});
    }
    declare(d);
  }

  // d IS [c0, c1]: (KRoC; occam 2.1 abbreviates only elements) names the channels listed as an
  // array of them. Each item is one channel, all different. Its channels are not one block of
  // storage, so d is only subscripted (d[i]) or SIZEd.
  void channel_table(Decl* d) {
    Expr* init = d->init;
    Type* want = base(d->type);
    Type* elem_want = want && want->kind == TypeKind::Array ? want->elem : nullptr;
    Type* elem = nullptr;
    bool chans = true, bad = false;
    Expr* array_item = nullptr;
    for (Expr* a : init->args) {
      Type* t = channel_operand(a, elem_want ? elem_want : elem);
      if (is_error(t)) {
        bad = true;
      } else if (!is_chan(t)) {
        chans = false;
        if (!array_item && chan_array(t)) array_item = a;
      } else if (!elem) {
        elem = t;
      } else if (!same(elem, t)) {
        mismatch(a->pos, elem, t, "table");
        bad = true;
      }
    }
    Type* t = array_of(elem ? elem : prim(TypeKind::Error), std::int64_t(init->args.size()), init->pos);
    init->type = t;
    if (!chans) {
      if (array_item)
        diags_.error(array_item->pos, "a table abbreviated without VAL lists single channels, not arrays of them",
                     "abbreviate a slice or element of the array instead");
      else
        diags_.error(init->pos, "only a variable or channel can be abbreviated without VAL",
                     "write VAL " + (d->type ? tname(d->type) + " " : std::string()) + d->name + " IS ...: for a value");
      if (!d->type) d->type = prim(TypeKind::Error);
      declare(d);
      return;
    }
    if (d->type && !bad && !same(d->type, t)) mismatch(init->pos, d->type, t, "abbreviation");
    if (!d->type || (want && want->kind == TypeKind::Array && want->dim == kOpenDim)) d->type = bad ? prim(TypeKind::Error) : t;
    d->chan_table = !bad;
    std::vector<std::pair<Decl*, Region>> seen;
    for (std::size_t k = 0; k < init->args.size() && !bad; ++k) {
      Expr* a = init->args[k];
      Region sub;
      bool varying;
      Decl* b = usage_.element_base(a, sub, varying);
      if (!b) continue;
      for (std::size_t j = 0; j < seen.size(); ++j)
        if (seen[j].first == b && overlaps(seen[j].second, sub)) {
          std::string x = expr_text_plain(init->args[j]), y = expr_text_plain(a);
          diags_.error(a->pos, x == y ? "'" + y + "' is listed twice in this table of channels"
                                      : "'" + x + "' and '" + y + "' in this table of channels may be the same channel",
                       "a table abbreviated without VAL names each channel once");
          break;
        }
      seen.emplace_back(b, sub);
      usage_.note_reads_of_subscripts(a);
      usage_.check_alias(b, sub, kWrite, a->pos, a);  // a channel abbreviated already cannot be listed
      usage_.abbreviate(Alias{b, sub, d, false, varying, first_subscript(a), a, std::int64_t(k)});
    }
    declare(d);
  }

  void retypes(Spec* s) {
    Decl* d = s->decls[0];
    resolve(d->type, true);
    Type* from = expr(d->init, nullptr);
    if (!d->is_val) {
      Region sub;
      bool varying;
      if (Decl* b = usage_.element_base(d->init, sub, varying)) {
        usage_.note_reads_of_subscripts(d->init);
        usage_.check_alias(b, sub, kWrite, d->init->pos, d->init);
        usage_.abbreviate(Alias{b, sub, d, false, varying, first_subscript(d->init), d->init});
      }
      else if (!is_error(from))
        diags_.error(d->init->pos, "RETYPES without VAL needs a variable", "use VAL ... RETYPES for a value");
    } else {
      usage_.note_reads(d->init);
    }
    std::int64_t to_size = byte_size(d->type), from_size = byte_size(from);
    if (s->kind == SpecKind::Reshapes) {
      Type* fe = base(from);
      Type* te = base(d->type);
      while (fe && fe->kind == TypeKind::Array) fe = base(fe->elem);
      while (te && te->kind == TypeKind::Array) te = base(te->elem);
      if (fe && te && !same(fe, te))
        diags_.error(s->pos, "RESHAPES keeps the element type: " + tname(te) + " is not " + tname(fe),
                     "use RETYPES to reinterpret bytes");
    }
    if (to_size >= 0 && from_size >= 0 && to_size != from_size)
      diags_.error(s->pos, std::string(s->kind == SpecKind::Retypes ? "RETYPES" : "RESHAPES") + " changes the size: " +
                               tname(d->type) + " is " + std::to_string(to_size) + " bytes but " +
                               expr_text_plain(d->init) + " is " + std::to_string(from_size),
                   "INT is 4 bytes, as on the transputer");
    Type* b = base(d->type);
    if (b && b->kind == TypeKind::Array && b->dim == kOpenDim && to_size < 0 && from_size >= 0) {
      std::int64_t es = byte_size(b->elem);
      if (es > 0 && from_size % es == 0) d->type = array_of(b->elem, from_size / es, d->pos);
    }
    declare(d);
  }

  // PLACE name AT address: a variable, channel or port declared in this routine, placed once, at a
  // constant word address (the native meaning is in docs/occam.md).
  void place_at(Spec* s) {
    Decl* d = s->place_decl;
    bool placeable = (d->kind == DeclKind::Variable || d->kind == DeclKind::Channel || d->kind == DeclKind::Port) &&
                     !d->is_initial;
    if (!placeable) {
      std::string what = d->kind == DeclKind::Timer ? "a timer"
                       : d->kind == DeclKind::Formal ? "a parameter"
                       : d->kind == DeclKind::ReplIndex ? "a replicator index"
                       : d->is_initial ? "an INITIAL declaration"
                       : d->kind == DeclKind::Abbrev || d->kind == DeclKind::ValAbbrev ? "an abbreviation"
                       : d->kind == DeclKind::Retypes || d->kind == DeclKind::Reshapes ? "a RETYPES"
                                                                                       : "a " + kind_word(d);
      diags_.error(s->pos, "'" + d->name + "' cannot be PLACEd AT an address: it is " + what,
                   "only a declared variable, channel or port (or an array of them) has an address of its own");
      return;
    }
    if (d->depth != proc_depth_)
      diags_.error(s->pos, "'" + d->name + "' is declared outside this PROC or FUNCTION and cannot be PLACEd here",
                   "put the PLACE right after the declaration");
    if (!placed_.insert(d).second) diags_.error(s->pos, "'" + d->name + "' is PLACEd twice");
    if (s->place_at && !is_error(s->place_at->type) && !s->place_at->is_const) {
      diags_.error(s->place_at->pos, "the address of PLACE ... AT must be a constant",
                   "addresses are fixed when the program is built, e.g. PLACE " + d->name + " AT #100:");
      return;
    }
    if (!s->place_at || !s->place_at->is_const || is_error(d->type)) return;
    // Data placed over the same words aliases; a channel is one word, and channels at one address
    // are one channel (an array of channels or ports takes its elements' words in order). A channel
    // and data cannot share words, nor can channels of different protocols.
    Type* t = base(d->type);
    Type* leaf = t;
    while (leaf && leaf->kind == TypeKind::Array) leaf = base(leaf->elem);
    std::int64_t count = 1;  // elements of an array of channels or ports
    if (leaf && (is_chan(leaf) || leaf->kind == TypeKind::Port))
      for (; t->kind == TypeKind::Array; t = base(t->elem)) count *= t->dim;
    bool chan = is_chan(t);
    std::int64_t words = count;
    if (!chan) {
      std::int64_t bytes = byte_size(t->kind == TypeKind::Port ? t->elem : d->type);
      words = count * (bytes <= 0 ? 1 : (bytes + 3) / 4);
    }
    Placement now{s->place_at->ivalue, words, chan, chan ? t : d->type, s->pos, d->name};
    for (const Placement& p : placements_) {
      bool overlap = now.at < p.at + p.words && p.at < now.at + now.words;
      if (!overlap || (!now.chan && !p.chan)) continue;  // data over data: the names alias
      if (now.chan && p.chan && same(now.type, p.type)) continue;  // the shared words are the same channels
      std::string why = !(now.chan && p.chan) ? "a channel and data" : "channels of different protocols";
      Diagnostic& diag = diags_.error(s->pos, "'" + d->name + "' and '" + p.name + "' are PLACEd over the same words: " + why +
                                                  " cannot share storage",
                                      "place them at addresses that do not overlap");
      diag.notes.push_back({p.pos, "'" + p.name + "' placed here"});
      return;
    }
    placements_.push_back(now);
  }

  void routine(Spec* s) {
    Decl* d = s->decls[0];
    // A compiled unit's routine: its descriptor's names resolve where the routine is declared.
    std::vector<std::pair<Decl*, std::uint8_t>> external_free;
    if (s->external) {
      if (!in_library_)
        diags_.error(s->external->pos, "an EXTERNAL body belongs in a compiled unit's interface",
                     "make a unit with transit build --library LIB.occ -o LIB.tlib and #USE it");
      if (s->external->formals.size() != s->formals.size())
        diags_.error(s->external->pos, "the EXTERNAL descriptor of '" + d->name + "' does not match its parameters",
                     "make the unit again with transit build --library");
      for (const auto& [name, bits] : s->external->free) {
        if (Decl* f = lookup(name)) external_free.emplace_back(f, bits);
        else diags_.error(s->external->pos, "the EXTERNAL descriptor of '" + d->name + "' names '" + name + "', which is not declared",
                          "make the unit again with transit build --library");
      }
    }
    std::size_t mark = open_scope();
    ++proc_depth_;
    std::uint64_t start = usage_.declared;
    for (Decl* f : s->formals) {
      resolve(f->type, true);
      for (Decl* g : s->formals) {
        if (g == f) break;
        if (g->name == f->name) diags_.error(f->pos, "parameter '" + f->name + "' declared twice");
      }
      declare(f);
    }
    for (Type* t : s->result_types) resolve(t, false);
    if (s->kind == SpecKind::Function)
      for (Decl* f : s->formals)
        if (f->mode != ParamMode::Val)
          diags_.error(f->pos, "FUNCTION parameter '" + f->name + "' must be VAL",
                       "a FUNCTION has no side effects: it takes values only");
    Sink sink;
    usage_.sinks.push_back(&sink);
    std::vector<Alias> saved_aliases;
    saved_aliases.swap(usage_.aliases);  // a body does not see the caller's abbreviations...
    if (s->external) {  // what the body does, as the descriptor says
      for (std::size_t i = 0; i < s->formals.size() && i < s->external->formals.size(); ++i)
        if (s->external->formals[i]) sink.list.push_back(Access{s->formals[i], Region{}, s->external->formals[i], false, s->pos, nullptr});
      for (const auto& [f, bits] : external_free) sink.list.push_back(Access{f, Region{}, bits, false, s->pos, nullptr});
    } else if (s->kind == SpecKind::Proc) {
      process(s->body);
    } else if (s->valof) {
      valof(s->valof, s->result_types, s->pos);
    } else {
      results(s->results, s->result_types, s->pos);
    }
    usage_.aliases.swap(saved_aliases);  // ...and the caller's come back
    usage_.sinks.pop_back();
    // What the body does to formals and to names declared outside the PROC.
    Summary sum;
    for (const Access& a : sink.list) {
      if (a.decl->kind == DeclKind::Formal && usage_.order[a.decl] > start) {
        sum.formal_use[a.decl] |= a.kind;
      } else if (usage_.order[a.decl] <= start) {
        sum.free.push_back(a);
      }
    }
    s->formal_use.clear();
    for (Decl* f : s->formals) {
      auto u = sum.formal_use.find(f);
      s->formal_use.push_back(u == sum.formal_use.end() ? 0 : u->second);
    }
    s->free_use.clear();
    for (const Access& a : sum.free) {
      auto it = std::find_if(s->free_use.begin(), s->free_use.end(), [&](const auto& u) { return u.first == a.decl; });
      if (it == s->free_use.end()) s->free_use.emplace_back(a.decl, a.kind);
      else it->second |= a.kind;
    }
    if (s->kind == SpecKind::Function) {
      for (const Access& a : sink.list) {
        if (usage_.order[a.decl] > start && a.decl->kind != DeclKind::Formal) continue;
        if (a.kind & (kWrite | kIn | kOut)) {
          diags_.error(a.pos, "a FUNCTION cannot " +
                                  std::string(a.kind & kWrite ? "assign to" : "communicate on") + " " +
                                  quoted(a) + ", which is declared outside its VALOF",
                       "FUNCTIONs have no side effects: use a PROC, or a local copy");
          break;
        }
      }
    }
    --proc_depth_;
    close_scope(mark);
    usage_.summaries[d] = std::move(sum);
    declare(d);
  }

  void results(std::vector<Expr*>& exprs, const std::vector<Type*>& types, Pos pos) {
    if (exprs.size() != types.size()) {
      diags_.error(exprs.empty() ? pos : exprs[0]->pos,
                   "RESULT gives " + std::to_string(exprs.size()) + " values but the FUNCTION returns " +
                       std::to_string(types.size()));
      for (Expr* e : exprs) expr(e, nullptr);
      return;
    }
    for (std::size_t i = 0; i < exprs.size(); ++i) {
      expect_type(exprs[i], types[i], "RESULT");
      usage_.note_reads(exprs[i]);
    }
  }

  void valof(Valof* v, const std::vector<Type*>& types, Pos pos) {
    std::size_t mark = open_scope();
    for (Spec* s : v->specs) spec(s);
    process(v->body);
    results(v->results, types, pos);
    close_scope(mark);
  }

  // ---------------------------------------------------------- processes
  void bool_cond(Expr* e, const char* where) {
    Type* t = expr(e, prim(TypeKind::Bool));
    if (!is_error(t) && base(t)->kind != TypeKind::Bool) mismatch(e->pos, prim(TypeKind::Bool), t, where);
    usage_.note_reads(e);
  }

  void replicator(Replicator* r) {
    expect_type(r->base, prim(TypeKind::Int), "replicator base");
    expect_type(r->count, prim(TypeKind::Int), "replicator count");
    if (r->step) expect_type(r->step, prim(TypeKind::Int), "replicator step");
    usage_.note_reads(r->base);
    usage_.note_reads(r->count);
    if (r->step) usage_.note_reads(r->step);
    if (r->count->is_const && r->count->ivalue < 0)
      diags_.error(r->count->pos, "replicator count " + std::to_string(r->count->ivalue) + " is negative");
    r->index->type = prim(TypeKind::Int);
    r->index->is_val = true;
    const std::int64_t lim = std::int64_t(1) << 40;
    if (r->base->is_const && r->count->is_const && !r->step && std::llabs(r->base->ivalue) < lim &&
        r->count->ivalue < lim)
      usage_.repl_ranges[r->index] = Range{r->base->ivalue, r->base->ivalue + r->count->ivalue - 1, false};
    // With a STEP the index runs base, base + step, ... base + (count - 1) * step (down for a
    // negative step); its range is known when all three are constants.
    if (r->step && r->step->is_const && r->base->is_const && r->count->is_const && r->count->ivalue > 0 &&
        std::llabs(r->base->ivalue) < lim && r->count->ivalue < lim && std::llabs(r->step->ivalue) < lim) {
      std::int64_t last = r->base->ivalue + (r->count->ivalue - 1) * r->step->ivalue;
      usage_.repl_ranges[r->index] = Range{std::min(r->base->ivalue, last), std::max(r->base->ivalue, last), false};
    }
    declare(r->index);
  }

  void process(Process* p) {
    Guard g(*this);
    if (!p) return;
    if (!g.ok) {
      diags_.error(p->pos, "processes nested too deeply");
      return;
    }
    std::size_t mark = open_scope();
    for (Spec* s : p->specs)
      if (!(p == processor_body_ && place_on_link(s))) spec(s);
    process_inner(p);
    close_scope(mark);
  }

  // PLACE c AT link right inside a PROCESSOR (occam 2's configuration): the channel c of the program is
  // on that processor's link, addresses 0 to 3 the links' outputs, 4 to 7 their inputs. Natively it
  // means nothing (the PLACED PAR is a PAR); the network's placement checks it against the topology.
  // False when s is not a PLACE of a channel (an ordinary PLACE then).
  bool place_on_link(Spec* s) {
    if (s->kind != SpecKind::Place || s->place != PlaceKind::At) return false;
    Decl* d = lookup(s->place_name);
    if (!d || d->kind != DeclKind::Channel) return false;
    s->place_decl = d;
    if (!is_chan(base(d->type)))
      diags_.error(s->pos, "'" + d->name + "' is an array of channels: a link carries one channel",
                   "declare the channels that go on links one by one");
    if (!s->place_at) return true;
    expect_type(s->place_at, prim(TypeKind::Int), "PLACE AT");
    if (!is_error(s->place_at->type) && (!s->place_at->is_const || s->place_at->ivalue < 0 || s->place_at->ivalue > 7))
      diags_.error(s->place_at->pos, "a channel PLACEd in a PROCESSOR is on a link: its address must be a constant from 0 to 7",
                   "0 to 3 are the outputs of links 0 to 3, 4 to 7 their inputs");
    return true;
  }

  void process_inner(Process* p) {
    switch (p->kind) {
      case ProcessKind::Error: case ProcessKind::Skip: case ProcessKind::Stop:
        return;
      case ProcessKind::Assign: assign(p); return;
      case ProcessKind::Input: io(p, true); return;
      case ProcessKind::Output: io(p, false); return;
      case ProcessKind::DelayedInput: {
        Type* t = expr(p->channel, nullptr);
        if (!is_error(t) && t->kind != TypeKind::Timer)
          diags_.error(p->channel->pos, "'? AFTER' needs a TIMER, and '" + expr_text_plain(p->channel) + "' is " + tname(t));
        expect_type(p->values[0], prim(TypeKind::Int), "AFTER");
        usage_.note_reads(p->values[0]);
        return;
      }
      case ProcessKind::TaggedInput:
      case ProcessKind::CaseInput: case_input(p); return;
      case ProcessKind::Seq: {
        std::size_t mark = open_scope();
        if (p->replicator) replicator(p->replicator);
        for (Process* b : p->body) process(b);
        close_scope(mark);
        return;
      }
      case ProcessKind::Par: par(p); return;
      case ProcessKind::If: if_process(p); return;
      case ProcessKind::Alt: alt(p); return;
      case ProcessKind::While:
        bool_cond(p->cond, "WHILE condition");
        for (Process* b : p->body) process(b);
        return;
      case ProcessKind::Case: case_process(p); return;
      case ProcessKind::Call: call(p->name, p->args, p->pos, true, &p->decl); return;
      case ProcessKind::Processor: {
        expect_type(p->values[0], prim(TypeKind::Int), "PROCESSOR");
        Process* outer = processor_body_;
        processor_body_ = p->body.empty() ? nullptr : p->body[0];
        for (Process* b : p->body) process(b);
        processor_body_ = outer;
        return;
      }
    }
  }

  void assign(Process* p) {
    if (p->values.size() == 1 && p->targets.size() > 1 && p->values[0]->kind == ExprKind::Valof && p->values[0]->valof) {
      Expr* v = p->values[0];
      std::vector<Type*> targets;
      for (Expr* t : p->targets) targets.push_back(writable(t, nullptr, "assignment"));
      allow_multi_ = true;
      multi_want_ = targets;
      expr(v, nullptr);
      allow_multi_ = false;
      const std::vector<Expr*>& results = v->valof->results;
      if (results.size() != targets.size()) {
        diags_.error(v->pos, "this VALOF gives " + std::to_string(results.size()) + " results, but " +
                                 std::to_string(targets.size()) + " variables are assigned");
        return;
      }
      for (std::size_t i = 0; i < targets.size(); ++i)
        if (!same(targets[i], results[i]->type)) mismatch(results[i]->pos, targets[i], results[i]->type, "assignment");
      usage_.same_target_twice(p);
      return;
    }
    if (p->values.size() == 1 && p->targets.size() > 1 && p->values[0]->kind == ExprKind::Call) {
      Expr* c = p->values[0];
      allow_multi_ = true;
      expr(c, nullptr);
      allow_multi_ = false;
      std::vector<Type*> results;
      if (c->decl && c->decl->kind == DeclKind::Function) results = c->decl->spec->result_types;
      if (c->decl && c->decl->kind == DeclKind::Builtin) results = builtin_sigs_[c->decl].results;
      usage_.note_reads(c);
      if (!results.empty() && results.size() != p->targets.size())
        diags_.error(p->pos, "'" + c->name + "' returns " + std::to_string(results.size()) + " values, but " +
                                 std::to_string(p->targets.size()) + " variables are assigned");
      for (std::size_t i = 0; i < p->targets.size(); ++i) {
        Type* want = i < results.size() ? results[i] : nullptr;
        Type* t = writable(p->targets[i], want, "assignment");
        if (want && !same(want, t)) mismatch(p->targets[i]->pos, t, want, "assignment");
      }
      return;
    }
    if (p->values.size() != p->targets.size()) {
      diags_.error(p->pos, std::to_string(p->targets.size()) + " variables but " + std::to_string(p->values.size()) +
                               " values in the assignment");
      for (Expr* t : p->targets) writable(t, nullptr, "assignment");
      for (Expr* v : p->values) expr(v, nullptr);
      return;
    }
    for (std::size_t i = 0; i < p->targets.size(); ++i) {
      Type* t = writable(p->targets[i], nullptr, "assignment");
      Type* v = expr(p->values[i], t);
      const Expr* at = p->values[i];  // a VALOF's mismatch is its RESULT's
      if (at->kind == ExprKind::Valof && at->valof && at->valof->results.size() == 1) at = at->valof->results[0];
      if (!same(t, v)) mismatch(at->pos, t, v, "assignment");
      usage_.note_reads(p->values[i]);
    }
    usage_.same_target_twice(p);
  }
  void case_input(Process* p) {
    Type* ct = channel(p->channel, Direction::In);
    Protocol* def = ct && ct->kind == TypeKind::Chan ? definition(ct->protocol) : nullptr;
    bool variant = def && def->kind == ProtocolKind::Variant;
    if (ct && !variant && !(def && def->kind == ProtocolKind::Any))
      diags_.error(p->pos, "'? CASE' needs a channel with a variant protocol (PROTOCOL ... CASE)");
    auto items = [&](Expr* tag, std::vector<Expr*>& its, Pos pos) {
      Decl* t = variant ? find_tag(def, tag) : nullptr;
      if (t) {
        its.insert(its.begin(), tag);  // io_items wants the tag at index 0 to skip it
        io_items(its, 1, t->tag_items, true, pos, expr_text_plain(p->channel));
        its.erase(its.begin());
      } else {
        for (Expr* e : its) io_item(e, nullptr, true);
      }
    };
    if (p->kind == ProcessKind::TaggedInput) {
      items(p->tag, p->items, p->pos);
      return;
    }
    for (std::size_t i = 0; i < p->variants.size(); ++i) {
      Variant* v = p->variants[i];
      std::size_t mark = open_scope();
      for (Spec* s : v->specs) spec(s);
      items(v->tag, v->items, v->pos);
      for (std::size_t j = 0; j < i; ++j)
        if (v->tag->decl && p->variants[j]->tag->decl == v->tag->decl)
          diags_.error(v->tag->pos, "tag '" + v->tag->name + "' appears twice in this '? CASE'");
      process(v->body);
      close_scope(mark);
    }
  }

  void if_process(Process* p) {
    std::size_t mark = open_scope();
    if (p->replicator) replicator(p->replicator);
    for (Choice* c : p->choices) {
      std::size_t m = open_scope();
      for (Spec* s : c->specs) spec(s);
      if (c->nested) {
        process(c->nested);
      } else {
        bool_cond(c->cond, "IF condition");
        int outer = usage_.enter_guard(c->cond);
        process(c->body);
        usage_.leave_guard(outer);
      }
      close_scope(m);
    }
    close_scope(mark);
  }

  void alt(Process* p) {
    std::size_t mark = open_scope();
    if (p->replicator) replicator(p->replicator);
    for (Alternative* a : p->alternatives) {
      std::size_t m = open_scope();
      for (Spec* s : a->specs) spec(s);
      if (a->cond) bool_cond(a->cond, "ALT guard");
      if (a->nested) process(a->nested);
      if (a->input) {
        process(a->input);
        // A port has no ready signal: only channels and timers can guard an ALT.
        if (a->input->channel && a->input->channel->type && base(a->input->channel->type)->kind == TypeKind::Port)
          diags_.error(a->input->channel->pos, "'" + expr_text_plain(a->input->channel) + "' is a PORT: a port cannot be an ALT guard",
                       "a port is read whenever asked and never waits: poll it in a loop, or use a channel");
      }
      if (a->body) process(a->body);
      close_scope(m);
    }
    close_scope(mark);
  }

  void case_process(Process* p) {
    Type* t = expr(p->selector, nullptr);
    usage_.note_reads(p->selector);
    if (!is_error(t) && !is_integer(t) && base(t)->kind != TypeKind::Bool)
      diags_.error(p->selector->pos, "CASE needs an integer, BYTE or BOOL selector, found " + tname(t));
    std::vector<std::pair<std::int64_t, Pos>> seen;
    const CaseOption* else_option = nullptr;
    for (CaseOption* o : p->options) {
      std::size_t m = open_scope();
      for (Spec* s : o->specs) spec(s);
      if (o->is_else) {
        if (else_option) diags_.error(o->pos, "CASE has two ELSE options");
        else_option = o;
      }
      for (Expr* v : o->values) {
        Type* vt = expr(v, t);
        if (!same(t, vt)) mismatch(v->pos, t, vt, "CASE option");
        if (!v->is_const && !is_error(vt)) {
          diags_.error(v->pos, "a CASE option must be a constant");
          continue;
        }
        for (const auto& [val, pos] : seen)
          if (val == v->ivalue) {
            Diagnostic& d = diags_.error(v->pos, "duplicate CASE option " + expr_text_plain(v));
            d.notes.push_back({pos, "first here"});
            break;
          }
        seen.emplace_back(v->ivalue, v->pos);
      }
      process(o->body);
      close_scope(m);
    }
  }

  void par(Process* p) {
    std::size_t mark = open_scope();
    std::uint64_t start = usage_.declared;
    if (p->replicator) {
      replicator(p->replicator);
      // Instances are told apart by their index: with a STEP, only a non-zero constant step
      // keeps the indices of the instances distinct where the usage rules can see it.
      if (Expr* st = p->replicator->step; st && !is_error(st->type)) {
        if (!st->is_const)
          diags_.error(st->pos, "the STEP of a replicated PAR must be a constant",
                       "the usage rules check each instance's elements from the index, which needs a known step");
        else if (st->ivalue == 0)
          diags_.error(st->pos, "a replicated PAR with STEP 0 gives every instance the same index",
                       "every instance would use the same elements: use a non-zero step");
      }
      Sink sink;
      usage_.sinks.push_back(&sink);
      for (Process* b : p->body) process(b);
      usage_.sinks.pop_back();
      usage_.replicated_par(p->replicator, sink, start);
      usage_.merge(sink);
      close_scope(mark);
      return;
    }
    std::vector<Sink> branches(p->body.size());
    for (std::size_t i = 0; i < p->body.size(); ++i) {
      usage_.sinks.push_back(&branches[i]);
      process(p->body[i]);
      usage_.sinks.pop_back();
    }
    usage_.par_conflicts(branches);
    for (Sink& s : branches) usage_.merge(s);
    close_scope(mark);
  }

  Program& prog_;
  Diagnostics& diags_;
  usage::Usage usage_{diags_};
  Type* prim_[int(TypeKind::Any) + 1];
  std::unordered_map<std::string, std::vector<Decl*>> names_;
  std::vector<Decl*> scope_log_;
  std::unordered_map<const Decl*, Signature> builtin_sigs_;
  int unit_index_ = -1;                    // the unit being checked (prog_.units)
  std::unordered_map<const Decl*, int> type_unit_;  // DATA TYPE and PROTOCOL declarations: their unit
  bool in_library_ = false;  // checking a #USEd unit (where EXTERNAL bodies may appear)
  const Expr* table_base_ok_ = nullptr;  // a name being subscripted or SIZEd (may be a table of channels)
  int dead_operand_ = 0;  // checking the right operand of FALSE AND ... or TRUE OR ..., never evaluated
  int proc_depth_ = 0;
  int depth_ = 0;
  bool allow_multi_ = false;
  Process* processor_body_ = nullptr;  // the process of the PROCESSOR being checked (its PLACEs are links)
  std::vector<Type*> multi_want_;
  std::unordered_set<const Decl*> placed_;         // names already PLACEd AT an address
  struct Placement {
    std::int64_t at;     // word address
    std::int64_t words;  // a channel: 1 (an array of channels: one per element)
    bool chan;
    Type* type;          // a channel's (or an array of channels' element) type; the data's type
    Pos pos;
    std::string name;
  };
  std::vector<Placement> placements_;               // every PLACE AT of the program  // a multiple assignment's target types, for its VALOF's results
};

}  // namespace

void check_program(ast::Program& program, Diagnostics& diags) { Checker(program, diags).run(); }

}  // namespace transit::occam
