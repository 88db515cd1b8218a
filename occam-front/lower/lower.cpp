// AST -> IR. One Lowering per program; a Context per PROC/FUNCTION being lowered records the names
// declared inside it (locals) and the non-local ones it uses (free), so nested routines can be
// lifted. A routine is lowered when first called, callees before the caller finishes, so a caller
// knows each callee's free names and passes them along (and makes them its own free names when
// they are not its locals).
#include "transit/occam/lower/lower.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "transit/occam/lang/builtins.h"

namespace transit::occam {
namespace {

using ast::DeclKind;
using ast::ExprKind;
using ast::ProcessKind;

struct Failed {};  // thrown after a diagnostic to abandon the current routine

class Lowering {
 public:
  Lowering(const ast::Program& program, const SourceSet& sources, Diagnostics& diags)
      : program_(program), sources_(sources), diags_(diags) {}

  std::optional<ir::Module> run(const std::vector<const ast::Decl*>* routines = nullptr) {
    m_.files.push_back("");
    for (std::size_t i = 1; i <= sources_.size(); ++i) {
      const SourceFile* f = sources_.file(std::uint32_t(i));
      m_.files.push_back(f ? f->path : "");
    }
    for (const ast::Unit& u : program_.units)
      for (const ast::Spec* s : u.specs)
        for (const ast::Decl* d : s->decls) toplevel_.insert(d);
    if (routines) {
      try {
        for (const ast::Decl* d : *routines) routine(d);
      } catch (const Failed&) {
      }
      if (failed_) return std::nullopt;
      return std::move(m_);
    }
    const ast::Decl* main = program_.main_proc;
    if (!main || !main->spec) {
      diags_.error(Pos{}, "the program has no PROC to run", "the last PROC of the file is the program's entry");
      return std::nullopt;
    }
    ir::ProcId id = kNoProc;
    try {
      id = routine(main);
      entry(main, id);
    } catch (const Failed&) {
    }
    if (failed_) return std::nullopt;
    return std::move(m_);
  }

 private:
  static constexpr ir::ProcId kNoProc = ir::kNone;

  struct Context {
    std::set<const ast::Decl*> locals;
    std::vector<const ast::Decl*> free;
    std::set<const ast::Decl*> free_set;
  };

  // ------------------------------------------------------------------ errors and sites

  [[noreturn]] void fail(Pos p, const std::string& what) {
    diags_.error(p, what);
    failed_ = true;
    throw Failed{};
  }
  [[noreturn]] void unsupported(Pos p, const std::string& what) {
    fail(p, what + " is not supported by the native back end yet");
  }
  static ir::Site site(Pos p) { return ir::Site{std::int32_t(p.file), std::int32_t(p.line), std::int32_t(p.col)}; }

  // ------------------------------------------------------------------ types

  ir::TypeId type(const ast::Type* t, Pos where) {
    if (!t) fail(where, "internal error: an expression or name without a type reached the lowering");
    switch (t->kind) {
      case ast::TypeKind::Bool: return m_.prim(ir::Prim::Bool);
      case ast::TypeKind::Byte: return m_.prim(ir::Prim::Byte);
      case ast::TypeKind::Int: return m_.prim(ir::Prim::Int);
      case ast::TypeKind::Int16: return m_.prim(ir::Prim::Int16);
      case ast::TypeKind::Int32: return m_.prim(ir::Prim::Int32);
      case ast::TypeKind::Int64: return m_.prim(ir::Prim::Int64);
      case ast::TypeKind::Real32: return m_.prim(ir::Prim::Real32);
      case ast::TypeKind::Real64: return m_.prim(ir::Prim::Real64);
      case ast::TypeKind::Array: {
        ir::TypeId elem = type(t->elem, where);
        return m_.array(elem, t->dim == ast::kOpenDim ? ir::kNone : t->dim);
      }
      case ast::TypeKind::Chan: return m_.chan(protocol(t->protocol, where));
      case ast::TypeKind::Timer: return m_.timer();
      case ast::TypeKind::Named:
        if (!t->decl || !t->decl->type) fail(t->pos, "internal error: unresolved type name '" + t->name + "'");
        if (t->decl->type->kind == ast::TypeKind::Record) return record(t->decl->type, t->decl->name, where);
        return type(t->decl->type, where);
      case ast::TypeKind::Record: return record(t, "", where);
      case ast::TypeKind::Port: return m_.port(type(t->elem, where));
      case ast::TypeKind::Any:
      case ast::TypeKind::Error: break;
    }
    fail(t->pos, "internal error: an unchecked type reached the lowering");
  }

  ir::TypeId record(const ast::Type* t, const std::string& name, Pos where) {
    auto it = records_.find(t);
    if (it != records_.end()) return m_.record(it->second);
    ir::Record r;
    r.name = name.empty() ? "record" : name;
    r.packed = t->packed;
    for (const ast::Decl* f : t->fields) r.fields.push_back(ir::Field{f->name, type(f->type, where)});
    m_.records.push_back(std::move(r));
    ir::RecordId id = ir::RecordId(m_.records.size() - 1);
    records_[t] = id;
    return m_.record(id);
  }

  ir::ProtocolItem item(const ast::ProtocolItem& it) {
    ir::ProtocolItem r;
    if (it.count_type) {
      r.count = type(it.count_type, it.pos);
      ir::TypeId arr = type(it.type, it.pos);
      r.type = m_.types[std::size_t(arr)].elem;
    } else {
      r.type = type(it.type, it.pos);
    }
    return r;
  }

  ir::ProtocolId protocol(const ast::Protocol* p, Pos where) {
    if (!p) fail(where, "internal error: a channel without a protocol");
    if (p->kind == ast::ProtocolKind::Named) {
      if (!p->decl || !p->decl->protocol) fail(p->pos, "internal error: unresolved protocol name '" + p->name + "'");
      auto it = protocols_.find(p->decl->protocol);
      if (it != protocols_.end()) return it->second;
      ir::ProtocolId id = protocol(p->decl->protocol, where);
      protocols_[p->decl->protocol] = id;
      if (m_.protocols[std::size_t(id)].name.empty() && m_.protocols[std::size_t(id)].kind != ir::ProtocolKind::Simple)
        m_.protocols[std::size_t(id)].name = p->decl->name;
      return id;
    }
    auto it = protocols_.find(p);
    if (it != protocols_.end()) return it->second;
    ir::Protocol r;
    switch (p->kind) {
      case ast::ProtocolKind::Simple:
        if (p->items.size() == 1 && !p->items[0].count_type) return m_.simple_protocol(type(p->items[0].type, p->pos));
        r.kind = ir::ProtocolKind::Sequential;
        for (const auto& i : p->items) r.items.push_back(item(i));
        break;
      case ast::ProtocolKind::Sequential:
        r.kind = ir::ProtocolKind::Sequential;
        for (const auto& i : p->items) r.items.push_back(item(i));
        break;
      case ast::ProtocolKind::Variant:
        r.kind = ir::ProtocolKind::Variant;
        for (const ast::Decl* tag : p->tags) {
          ir::ProtocolCase c;
          c.tag = tag->name;
          for (const auto& i : tag->tag_items) c.items.push_back(item(i));
          r.cases.push_back(std::move(c));
        }
        break;
      case ast::ProtocolKind::Any: r.kind = ir::ProtocolKind::Any; break;
      case ast::ProtocolKind::Named: break;
    }
    m_.protocols.push_back(std::move(r));
    ir::ProtocolId id = ir::ProtocolId(m_.protocols.size() - 1);
    protocols_[p] = id;
    return id;
  }

  // ------------------------------------------------------------------ names

  ir::VarId var(const ast::Decl* d) {
    auto it = vars_.find(d);
    if (it != vars_.end()) return it->second;
    ir::VarKind kind = ir::VarKind::Local;
    ir::TypeId t;
    switch (d->kind) {
      case DeclKind::Variable:
      case DeclKind::Channel:
      case DeclKind::Timer:
      case DeclKind::Port: kind = ir::VarKind::Local; break;
      case DeclKind::ValAbbrev: kind = d->is_initial ? ir::VarKind::Local : ir::VarKind::ValAbbrev; break;
      case DeclKind::Abbrev: kind = d->is_initial ? ir::VarKind::Local : d->is_val ? ir::VarKind::ValAbbrev : ir::VarKind::RefAbbrev; break;
      case DeclKind::Retypes:
      case DeclKind::Reshapes: kind = d->is_val ? ir::VarKind::ValRetypes : ir::VarKind::Retypes; break;
      case DeclKind::Formal:
        kind = d->mode == ast::ParamMode::Val || d->is_val ? ir::VarKind::ValParam
               : d->mode == ast::ParamMode::Result           ? ir::VarKind::ResultParam
                                                             : ir::VarKind::RefParam;
        break;
      case DeclKind::ReplIndex: kind = ir::VarKind::Replicator; break;
      default: fail(d->pos, "internal error: '" + d->name + "' is not a variable, channel or timer");
    }
    t = d->kind == DeclKind::ReplIndex && !d->type ? m_.prim(ir::Prim::Int) : type(d->type, d->pos);
    ir::VarId v = m_.add_var(d->name, t, kind, site(d->pos));
    m_.vars[std::size_t(v)].chan_table = d->chan_table;
    vars_[d] = v;
    return v;
  }

  void declare_local(const ast::Decl* d) { ctx_.locals.insert(d); }

  // A use of a name that may be free in the routine being lowered.
  void use(const ast::Decl* d) {
    if (ctx_.locals.count(d) || ctx_.free_set.count(d)) return;
    ctx_.free_set.insert(d);
    ctx_.free.push_back(d);
  }

  // ------------------------------------------------------------------ expressions

  ir::Expr literal_int(ir::TypeId t, std::int64_t v, Pos p) {
    ir::Expr e;
    e.kind = ir::ExprKind::IntLit;
    e.type = t;
    e.int_value = v;
    e.site = site(p);
    return e;
  }
  ir::Expr literal_of(const ast::Expr* e, ir::TypeId t) {
    const ir::Type& ty = m_.types[std::size_t(t)];
    ir::Expr r;
    r.type = t;
    r.site = site(e->pos);
    if (ty.kind == ir::TypeKind::Prim && ir::is_real(ty.prim)) {
      r.kind = ir::ExprKind::RealLit;
      r.real_value = e->rvalue;
    } else {
      r.kind = ir::ExprKind::IntLit;
      r.int_value = e->ivalue;
    }
    return r;
  }
  bool scalar(ir::TypeId t) const { return m_.types[std::size_t(t)].kind == ir::TypeKind::Prim; }

  ir::Expr make(ir::ExprKind k, ir::TypeId t, Pos p, std::vector<ir::Expr> args = {}) {
    ir::Expr e;
    e.kind = k;
    e.type = t;
    e.site = site(p);
    e.args = std::move(args);
    return e;
  }

  static ir::Op op(ast::Op o) {
    switch (o) {
      case ast::Op::Add: return ir::Op::Add;
      case ast::Op::Sub: return ir::Op::Sub;
      case ast::Op::Mul: return ir::Op::Mul;
      case ast::Op::Div: return ir::Op::Div;
      case ast::Op::Rem: return ir::Op::Rem;
      case ast::Op::Plus: return ir::Op::Plus;
      case ast::Op::Minus: return ir::Op::Minus;
      case ast::Op::Times: return ir::Op::Times;
      case ast::Op::BitAnd: return ir::Op::BitAnd;
      case ast::Op::BitOr: return ir::Op::BitOr;
      case ast::Op::BitXor: return ir::Op::BitXor;
      case ast::Op::Shl: return ir::Op::Shl;
      case ast::Op::Shr: return ir::Op::Shr;
      case ast::Op::And: return ir::Op::And;
      case ast::Op::Or: return ir::Op::Or;
      case ast::Op::Eq: return ir::Op::Eq;
      case ast::Op::Ne: return ir::Op::Ne;
      case ast::Op::Lt: return ir::Op::Lt;
      case ast::Op::Gt: return ir::Op::Gt;
      case ast::Op::Le: return ir::Op::Le;
      case ast::Op::Ge: return ir::Op::Ge;
      case ast::Op::After: return ir::Op::After;
      case ast::Op::Neg: return ir::Op::Neg;
      case ast::Op::UMinus: return ir::Op::ModNeg;
      case ast::Op::Not: return ir::Op::Not;
      case ast::Op::BitNot: return ir::Op::BitNot;
      case ast::Op::None: break;
    }
    return ir::Op::Add;
  }
  static bool checked_op(ir::Op o) {
    return o == ir::Op::Add || o == ir::Op::Sub || o == ir::Op::Mul || o == ir::Op::Div || o == ir::Op::Rem ||
           o == ir::Op::Neg || o == ir::Op::Shl || o == ir::Op::Shr;
  }

  // Byte size of a value of (possibly open) array or scalar type: a literal when known.
  ir::Expr bytes_in(const ast::Expr* of, ir::TypeId t, Pos p) {
    ir::TypeId INT = m_.prim(ir::Prim::Int);
    std::int64_t b = ir::bytes_of(m_, t);
    if (b != ir::kNone) return literal_int(INT, b, p);
    const ir::Type& ty = m_.types[std::size_t(t)];
    if (ty.kind != ir::TypeKind::Array || !of) fail(p, "BYTESIN of a value without a size");
    // Open dimensions multiply at run time (checked: the product may overflow INT), the fixed
    // ones and the element size fold into one constant.
    ir::Expr value = expr(of);
    std::int64_t fixed = 1;
    std::optional<ir::Expr> product;
    ir::TypeId cur = t;
    for (std::int64_t k = 0; m_.types[std::size_t(cur)].kind == ir::TypeKind::Array; ++k) {
      const ir::Type& at = m_.types[std::size_t(cur)];
      if (at.length != ir::kNone) {
        fixed *= at.length;
      } else {
        ir::Expr size = make(ir::ExprKind::Size, INT, p, {value});
        size.int_value = k;
        if (!product) {
          product = std::move(size);
        } else {
          ir::Expr mul = make(ir::ExprKind::Binary, INT, p, {std::move(*product), std::move(size)});
          mul.op = ir::Op::Mul;
          mul.check = true;
          product = std::move(mul);
        }
      }
      cur = at.elem;
    }
    std::int64_t leaf = ir::bytes_of(m_, cur);
    if (leaf == ir::kNone || !product) fail(p, "BYTESIN of a value without a size");
    ir::Expr mul = make(ir::ExprKind::Binary, INT, p, {std::move(*product), literal_int(INT, fixed * leaf, p)});
    mul.op = ir::Op::Mul;
    mul.check = true;
    return mul;
  }

  ir::Expr most(bool pos, ir::TypeId t, Pos p) {
    const ir::Type& ty = m_.types[std::size_t(t)];
    if (ty.kind != ir::TypeKind::Prim) fail(p, "MOSTPOS/MOSTNEG of a non-primitive type");
    ir::Expr e = literal_int(t, 0, p);
    switch (ty.prim) {
      case ir::Prim::Bool: e.int_value = pos ? 1 : 0; break;
      case ir::Prim::Byte: e.int_value = pos ? 255 : 0; break;
      case ir::Prim::Int16: e.int_value = pos ? INT16_MAX : INT16_MIN; break;
      case ir::Prim::Int:
      case ir::Prim::Int32: e.int_value = pos ? INT32_MAX : INT32_MIN; break;
      case ir::Prim::Int64: e.int_value = pos ? INT64_MAX : INT64_MIN; break;
      case ir::Prim::Real32:
        e.kind = ir::ExprKind::RealLit;
        e.real_value = pos ? 3.40282346638528859812e+38 : -3.40282346638528859812e+38;
        break;
      case ir::Prim::Real64:
        e.kind = ir::ExprKind::RealLit;
        e.real_value = pos ? 1.79769313486231570815e+308 : -1.79769313486231570815e+308;
        break;
    }
    return e;
  }

  ir::Expr name(const ast::Expr* e, const ast::Decl* d) {
    if (!d) fail(e->pos, "internal error: unresolved name '" + e->name + "'");
    if (toplevel_.count(d)) {  // a VAL at the outermost level: its value, at each use
      if (d->kind != DeclKind::ValAbbrev && !(d->kind == DeclKind::Abbrev && d->is_val))
        unsupported(e->pos, "a top-level declaration other than a VAL abbreviation");
      if (!d->init) fail(e->pos, "internal error: VAL '" + d->name + "' without a value");
      ir::Expr v = expr(d->init);
      if (d->type) v.type = type(d->type, d->pos);
      return v;
    }
    use(d);
    ir::Expr r;
    r.kind = ir::ExprKind::Var;
    r.var = var(d);
    r.type = m_.vars[std::size_t(r.var)].type;
    r.site = site(e->pos);
    return r;
  }

  ir::Expr expr(const ast::Expr* e) {
    if (!e) fail(Pos{}, "internal error: a missing expression");
    if (e->kind == ExprKind::Direction) return expr(e->lhs);
    ir::TypeId t = e->type ? type(e->type, e->pos) : ir::kNone;
    if (e->is_const && t != ir::kNone && scalar(t)) return literal_of(e, t);
    switch (e->kind) {
      case ExprKind::IntLit:
      case ExprKind::ByteLit:
      case ExprKind::BoolLit: return literal_int(t, e->int_value, e->pos);
      case ExprKind::RealLit: {
        ir::Expr r = make(ir::ExprKind::RealLit, t, e->pos);
        r.real_value = std::strtod(e->text.c_str(), nullptr);
        return r;
      }
      case ExprKind::StringLit: {
        ir::TypeId BYTE = m_.prim(ir::Prim::Byte);
        ir::Expr r = make(ir::ExprKind::Table, m_.array(BYTE, std::int64_t(e->text.size())), e->pos);
        for (unsigned char c : e->text) r.args.push_back(literal_int(BYTE, c, e->pos));
        return r;
      }
      case ExprKind::Table: {
        ir::Expr r = make(ir::ExprKind::Table, t, e->pos);
        for (const ast::Expr* a : e->args) r.args.push_back(expr(a));
        return r;
      }
      case ExprKind::Name: return name(e, e->decl);
      case ExprKind::Subscript: {
        if (e->field) {
          ir::Expr r = make(ir::ExprKind::Field, t, e->pos, {expr(e->lhs)});
          r.int_value = e->field->field_index;
          return r;
        }
        ir::Expr base = expr(e->lhs);
        ir::Expr index = expr(e->rhs);
        ir::Expr r = make(ir::ExprKind::Index, t, e->pos, {base, index});
        const ir::Type& bt = m_.types[std::size_t(base.type)];
        r.check = !(index.kind == ir::ExprKind::IntLit && bt.length != ir::kNone && index.int_value >= 0 &&
                    index.int_value < bt.length);
        return r;
      }
      case ExprKind::Slice: {
        ir::TypeId INT = m_.prim(ir::Prim::Int);
        ir::Expr base = expr(e->lhs);
        ir::Expr from = e->rhs ? expr(e->rhs) : literal_int(INT, 0, e->pos);
        ir::Expr count;
        if (e->count) {
          count = expr(e->count);
        } else {
          count = make(ir::ExprKind::Binary, INT, e->pos, {make(ir::ExprKind::Size, INT, e->pos, {base}), from});
          count.op = ir::Op::Sub;
          count.check = true;
        }
        ir::Expr r = make(ir::ExprKind::Slice, t, e->pos, {base, from, count});
        r.check = true;
        return r;
      }
      case ExprKind::Unary: {
        ir::Expr r = make(ir::ExprKind::Unary, t, e->pos, {expr(e->lhs)});
        r.op = op(e->op);
        r.check = checked_op(r.op);
        return r;
      }
      case ExprKind::Binary: {
        ir::Expr r = make(ir::ExprKind::Binary, t, e->pos, {expr(e->lhs), expr(e->rhs)});
        r.op = op(e->op);
        r.check = checked_op(r.op);
        return r;
      }
      case ExprKind::Conversion: {
        ir::Expr r = make(ir::ExprKind::Convert, type(e->target, e->pos), e->pos, {expr(e->lhs)});
        r.mode = e->conversion == ast::ConversionMode::Round   ? ir::ConvertMode::Round
                 : e->conversion == ast::ConversionMode::Trunc ? ir::ConvertMode::Trunc
                                                               : ir::ConvertMode::Exact;
        r.check = true;
        return r;
      }
      case ExprKind::MostPos:
      case ExprKind::MostNeg: return most(e->kind == ExprKind::MostPos, type(e->target, e->pos), e->pos);
      case ExprKind::Size: {
        ir::TypeId INT = m_.prim(ir::Prim::Int);
        ir::Expr base = expr(e->lhs);
        const ir::Type& bt = m_.types[std::size_t(base.type)];
        if (bt.kind == ir::TypeKind::Array && bt.length != ir::kNone) return literal_int(INT, bt.length, e->pos);
        return make(ir::ExprKind::Size, INT, e->pos, {base});
      }
      case ExprKind::BytesIn:
        if (e->target) return bytes_in(nullptr, type(e->target, e->pos), e->pos);
        return bytes_in(e->lhs, type(e->lhs->type, e->pos), e->pos);
      case ExprKind::Call: return call_expr(e);
      case ExprKind::Valof: {
        ir::Expr r = make(ir::ExprKind::Valof, t, e->pos);
        const ast::Valof* v = e->valof;
        std::vector<ir::Decl> decls = specs(v->specs);
        ir::Process body = process(v->body);
        for (const ast::Expr* x : v->results) r.args.push_back(expr(x));
        r.body = wrap(std::move(decls), std::move(body), v->pos);
        if (r.type == ir::kNone && !r.args.empty()) r.type = r.args[0].type;
        return r;
      }
      case ExprKind::Counted: fail(e->pos, "internal error: a counted array outside a communication");
      case ExprKind::Offsetof: {
        if (!e->field || !e->target) fail(e->pos, "internal error: an unchecked OFFSETOF reached the lowering");
        ir::Expr r = make(ir::ExprKind::Offsetof, m_.prim(ir::Prim::Int), e->pos);
        r.record_type = type(e->target, e->pos);
        r.int_value = e->field->field_index;
        return r;
      }
      case ExprKind::Error:
      case ExprKind::Direction: break;
    }
    fail(e->pos, "internal error: an unchecked expression reached the lowering");
  }

  ir::Expr call_expr(const ast::Expr* e) {
    const ast::Decl* d = e->decl;
    if (!d) fail(e->pos, "internal error: unresolved function '" + e->name + "'");
    ir::Expr r;
    r.site = site(e->pos);
    for (const ast::Expr* a : e->args) r.args.push_back(expr(a));
    if (d->kind == DeclKind::Builtin) {
      r.kind = ir::ExprKind::Builtin;
      r.builtin = d->builtin;  // the row of lang/builtins.def the checker declared it from
      r.type = e->type ? type(e->type, e->pos) : builtin_result(r.builtin);
      return r;
    }
    if (d->kind != DeclKind::Function) fail(e->pos, "internal error: '" + d->name + "' is not a FUNCTION");
    r.kind = ir::ExprKind::Call;
    r.proc = routine(d);
    const ir::Proc& callee = m_.procs[std::size_t(r.proc)];
    r.type = callee.results.empty() ? ir::kNone : callee.results[0];
    pass_free(r.proc);
    return r;
  }

  ir::TypeId builtin_result(std::int32_t b) {
    std::span<const BuiltinType> results = builtins()[std::size_t(b)].results.list();
    switch (results.empty() ? BuiltinType::INT : results[0]) {
      case BuiltinType::BOOL: return m_.prim(ir::Prim::Bool);
      case BuiltinType::BYTE: return m_.prim(ir::Prim::Byte);
      case BuiltinType::INT: return m_.prim(ir::Prim::Int);
      case BuiltinType::INT16: return m_.prim(ir::Prim::Int16);
      case BuiltinType::INT32: return m_.prim(ir::Prim::Int32);
      case BuiltinType::INT64: return m_.prim(ir::Prim::Int64);
      case BuiltinType::REAL32: return m_.prim(ir::Prim::Real32);
      case BuiltinType::REAL64: return m_.prim(ir::Prim::Real64);
    }
    return m_.prim(ir::Prim::Int);
  }

  // The callee's free names are used by the caller too.
  void pass_free(ir::ProcId p) {
    for (const ast::Decl* d : free_decls_[p]) use(d);
  }

  // ------------------------------------------------------------------ specifications

  std::vector<ir::Decl> specs(const std::vector<ast::Spec*>& list) {
    std::vector<ir::Decl> out;
    for (const ast::Spec* s : list) spec(s, out);
    return out;
  }

  void spec(const ast::Spec* s, std::vector<ir::Decl>& out) {
    switch (s->kind) {
      case ast::SpecKind::Decl:
        for (const ast::Decl* d : s->decls) {
          declare_local(d);
          out.push_back(ir::Decl{var(d), std::nullopt});
        }
        return;
      case ast::SpecKind::Abbrev:
      case ast::SpecKind::Retypes:
      case ast::SpecKind::Reshapes:
        for (const ast::Decl* d : s->decls) {
          if (d->is_const && d->type && !d->is_initial && scalar(type(d->type, d->pos))) {
            declare_local(d);  // folded at every use
            continue;
          }
          ir::Expr init = expr(d->init);
          declare_local(d);
          out.push_back(ir::Decl{var(d), std::move(init)});
        }
        return;
      case ast::SpecKind::Proc:
      case ast::SpecKind::Function:
        for (const ast::Decl* d : s->decls) declare_local(d);
        return;  // lowered when called
      case ast::SpecKind::Place:
        if (s->place == ast::PlaceKind::At) place_at(s);
        return;  // IN WORKSPACE / VECSPACE: an allocation hint, nothing to do natively
      case ast::SpecKind::DataType:
      case ast::SpecKind::Protocol: return;  // types are lowered at their uses
    }
  }

  // PLACE name AT address: the name's storage is the one at that word address (the checker has
  // checked that the placements of the program agree; docs/ir.md).
  void place_at(const ast::Spec* s) {
    const ast::Decl* d = s->place_decl;
    if (!d || !s->place_at || !s->place_at->is_const) fail(s->pos, "internal error: an unchecked PLACE reached the lowering");
    ir::VarId v = var(d);
    ir::Var& x = m_.vars[std::size_t(v)];
    x.placed_at = s->place_at->ivalue;
  }

  ir::Process wrap(std::vector<ir::Decl> decls, ir::Process body, Pos p) {
    if (decls.empty()) return body;
    ir::Process b;
    b.kind = ir::ProcKind::Block;
    b.site = site(p);
    b.decls = std::move(decls);
    b.body.push_back(std::move(body));
    return b;
  }

  // ------------------------------------------------------------------ processes

  ir::Process make(ir::ProcKind k, Pos p) {
    ir::Process r;
    r.kind = k;
    r.site = site(p);
    return r;
  }

  std::optional<ir::Replicator> replicator(const ast::Replicator* r) {
    if (!r) return std::nullopt;
    ir::Replicator out;
    out.base = expr(r->base);
    out.count = expr(r->count);
    if (r->step) out.step = expr(r->step);
    declare_local(r->index);
    out.index = var(r->index);
    return out;
  }

  // Items of an input or output: counted arrays give two expressions (count, array).
  void items(const std::vector<ast::Expr*>& list, std::size_t first, std::vector<ir::Expr>& out) {
    for (std::size_t i = first; i < list.size(); ++i) {
      const ast::Expr* x = list[i];
      if (x->kind == ExprKind::Counted) {
        out.push_back(expr(x->lhs));
        out.push_back(expr(x->rhs));
      } else {
        out.push_back(expr(x));
      }
    }
  }

  ir::Process process(const ast::Process* p) {
    if (!p) fail(Pos{}, "internal error: a missing process");
    std::vector<ir::Decl> decls = specs(p->specs);
    ir::Process core = process_core(p);
    return wrap(std::move(decls), std::move(core), p->pos);
  }

  ir::Process process_core(const ast::Process* p) {
    switch (p->kind) {
      case ProcessKind::Skip: return make(ir::ProcKind::Skip, p->pos);
      case ProcessKind::Stop: return make(ir::ProcKind::Stop, p->pos);
      case ProcessKind::Assign: {
        ir::Process r = make(ir::ProcKind::Assign, p->pos);
        for (const ast::Expr* t : p->targets) r.lhs.push_back(expr(t));
        for (const ast::Expr* v : p->values) r.rhs.push_back(expr(v));
        return r;
      }
      case ProcessKind::Input: {
        if (p->timer) {
          ir::Process r = make(ir::ProcKind::TimerRead, p->pos);
          r.channel = expr(p->channel);
          items(p->items, 0, r.lhs);
          return r;
        }
        ir::Process r = make(ir::ProcKind::Input, p->pos);
        r.channel = expr(p->channel);
        if (m_.types[std::size_t(r.channel->type)].kind == ir::TypeKind::Port) r.kind = ir::ProcKind::PortRead;
        items(p->items, 0, r.lhs);
        return r;
      }
      case ProcessKind::DelayedInput: {
        ir::Process r = make(ir::ProcKind::TimerAfter, p->pos);
        r.channel = expr(p->channel);
        r.rhs.push_back(expr(p->values.at(0)));
        return r;
      }
      case ProcessKind::TaggedInput: {
        ir::Process r = make(ir::ProcKind::Input, p->pos);
        r.channel = expr(p->channel);
        r.tag = tag_of(p->tag);
        items(p->items, 0, r.lhs);
        return r;
      }
      case ProcessKind::CaseInput: {
        ir::Process r = make(ir::ProcKind::CaseInput, p->pos);
        r.channel = expr(p->channel);
        for (const ast::Variant* v : p->variants) {
          std::vector<ir::Decl> decls = specs(v->specs);
          ir::Process arm = make(ir::ProcKind::CaseArm, v->pos);
          arm.tag = tag_of(v->tag);
          items(v->items, 0, arm.lhs);
          arm.body.push_back(v->body ? process(v->body) : make(ir::ProcKind::Skip, v->pos));
          r.body.push_back(wrap(std::move(decls), std::move(arm), v->pos));
        }
        return r;
      }
      case ProcessKind::Output: {
        ir::Process r = make(ir::ProcKind::Output, p->pos);
        r.channel = expr(p->channel);
        const ir::Type& ct = m_.types[std::size_t(r.channel->type)];
        if (ct.kind == ir::TypeKind::Port) {
          r.kind = ir::ProcKind::PortWrite;
          items(p->items, 0, r.rhs);
          return r;
        }
        std::size_t first = 0;
        if (ct.kind == ir::TypeKind::Chan && m_.protocols[std::size_t(ct.protocol)].kind == ir::ProtocolKind::Variant) {
          if (p->items.empty()) fail(p->pos, "internal error: a variant output without a tag");
          r.tag = tag_of(p->items[0]);
          first = 1;
        }
        items(p->items, first, r.rhs);
        return r;
      }
      case ProcessKind::Seq:
      case ProcessKind::Par: {
        ir::Process r = make(p->kind == ProcessKind::Seq ? ir::ProcKind::Seq : ir::ProcKind::Par, p->pos);
        r.pri = p->pri;
        r.placed = p->placed;
        r.rep = replicator(p->replicator);
        for (const ast::Process* c : p->body) {
          ir::Process b = process(c);
          if (r.kind == ir::ProcKind::Par && b.kind == ir::ProcKind::Call) b.name = m_.procs[std::size_t(b.proc)].name;
          r.body.push_back(std::move(b));
        }
        return r;
      }
      case ProcessKind::If: {
        ir::Process r = make(ir::ProcKind::If, p->pos);
        r.rep = replicator(p->replicator);
        for (const ast::Choice* c : p->choices) {
          std::vector<ir::Decl> decls = specs(c->specs);
          ir::Process choice;
          if (c->nested) {
            choice = process(c->nested);
          } else {
            choice = make(ir::ProcKind::Guarded, c->pos);
            choice.rhs.push_back(expr(c->cond));
            choice.body.push_back(process(c->body));
          }
          r.body.push_back(wrap(std::move(decls), std::move(choice), c->pos));
        }
        return r;
      }
      case ProcessKind::Alt: {
        ir::Process r = make(ir::ProcKind::Alt, p->pos);
        r.pri = p->pri;
        r.rep = replicator(p->replicator);
        for (const ast::Alternative* a : p->alternatives) {
          std::vector<ir::Decl> decls = specs(a->specs);
          ir::Process alt;
          if (a->guard == ast::GuardKind::Nested) {
            alt = process(a->nested);
          } else {
            alt = make(ir::ProcKind::Alternative, a->pos);
            if (a->cond) alt.rhs.push_back(expr(a->cond));
            if (a->guard == ast::GuardKind::Skip) alt.body.push_back(make(ir::ProcKind::Skip, a->pos));
            else alt.body.push_back(process(a->input));
            alt.body.push_back(a->body ? process(a->body) : make(ir::ProcKind::Skip, a->pos));
          }
          r.body.push_back(wrap(std::move(decls), std::move(alt), a->pos));
        }
        return r;
      }
      case ProcessKind::While: {
        ir::Process r = make(ir::ProcKind::While, p->pos);
        r.rhs.push_back(expr(p->cond));
        r.body.push_back(process(p->body.at(0)));
        return r;
      }
      case ProcessKind::Case: {
        ir::Process r = make(ir::ProcKind::Case, p->pos);
        r.rhs.push_back(expr(p->selector));
        for (const ast::CaseOption* o : p->options) {
          std::vector<ir::Decl> decls = specs(o->specs);
          ir::Process opt = make(ir::ProcKind::Option, o->pos);
          if (!o->is_else)
            for (const ast::Expr* v : o->values) opt.rhs.push_back(expr(v));
          opt.body.push_back(process(o->body));
          r.body.push_back(wrap(std::move(decls), std::move(opt), o->pos));
        }
        return r;
      }
      case ProcessKind::Call: return call_process(p);
      case ProcessKind::Processor: {
        ir::Process r = make(ir::ProcKind::Placed, p->pos);
        r.rhs.push_back(expr(p->values.at(0)));
        // PLACE c AT link right inside it (the checker's place_on_link): the Placed node's decls.
        const ast::Process* b = p->body.at(0);
        std::vector<ast::Spec*> rest;
        for (ast::Spec* s : b->specs) {
          if (s->kind == ast::SpecKind::Place && s->place == ast::PlaceKind::At && s->place_decl &&
              s->place_decl->kind == DeclKind::Channel && s->place_at)
            r.decls.push_back(ir::Decl{var(s->place_decl), expr(s->place_at)});
          else
            rest.push_back(s);
        }
        std::vector<ir::Decl> decls = specs(rest);
        r.body.push_back(wrap(std::move(decls), process_core(b), b->pos));
        return r;
      }
      case ProcessKind::Error: break;
    }
    fail(p->pos, "internal error: an unchecked process reached the lowering");
  }

  std::int32_t tag_of(const ast::Expr* e) {
    if (!e || !e->decl || e->decl->kind != DeclKind::Tag) fail(e ? e->pos : Pos{}, "internal error: a variant tag expected");
    return e->decl->tag_index;
  }

  ir::Process call_process(const ast::Process* p) {
    const ast::Decl* d = p->decl;
    if (!d) fail(p->pos, "internal error: unresolved PROC '" + p->name + "'");
    if (d->kind == DeclKind::Builtin) {
      ir::Process r = make(ir::ProcKind::Assert, p->pos);
      switch (BuiltinId(d->builtin)) {
        case BuiltinId::RESCHEDULE: return make(ir::ProcKind::Reschedule, p->pos);
        case BuiltinId::ASSERT: r.rhs.push_back(expr(p->args.at(0))); break;
        case BuiltinId::CAUSEERROR: r.rhs.push_back(literal_int(m_.prim(ir::Prim::Bool), 0, p->pos)); break;
        default: unsupported(p->pos, "the library PROC " + d->name);
      }
      return r;
    }
    if (d->kind != DeclKind::Proc) fail(p->pos, "internal error: '" + d->name + "' is not a PROC");
    ir::Process r = make(ir::ProcKind::Call, p->pos);
    r.proc = routine(d);
    for (const ast::Expr* a : p->args) r.rhs.push_back(expr(a));
    pass_free(r.proc);
    return r;
  }

  // ------------------------------------------------------------------ routines

  ir::ProcId routine(const ast::Decl* d) {
    auto it = procs_.find(d);
    if (it != procs_.end()) return it->second;
    const ast::Spec* s = d->spec;
    if (!s) fail(d->pos, "internal error: '" + d->name + "' has no definition");
    ir::ProcId id = ir::ProcId(m_.procs.size());
    m_.procs.emplace_back();
    procs_[d] = id;

    Context saved = std::move(ctx_);
    ctx_ = Context{};
    ir::Proc pr;
    pr.name = d->name;
    pr.site = site(d->pos);
    pr.function = s->kind == ast::SpecKind::Function;
    pr.inline_hint = s->is_inline;
    for (const ast::Decl* f : s->formals) {
      declare_local(f);
      pr.params.push_back(var(f));
    }
    if (pr.function)
      for (const ast::Type* t : s->result_types) pr.results.push_back(type(t, s->pos));
    if (s->external) {  // compiled in a unit: what the body does comes from its interface
      pr.external = true;
      pr.waits = s->external->waits;
      pr.body = make(ir::ProcKind::Skip, s->pos);
      auto chan_bits = [](std::uint8_t bits) {
        return std::uint8_t((bits & ast::kUseIn ? ir::kChanInput : 0) | (bits & ast::kUseOut ? ir::kChanOutput : 0));
      };
      for (std::uint8_t bits : s->formal_use) pr.chan_use.push_back(chan_bits(bits));
      for (const auto& [f, bits] : s->free_use) {
        if (toplevel_.count(f)) continue;  // a top-level VAL: substituted at each use, not passed
        use(f);
        pr.chan_use.push_back(chan_bits(bits));
      }
    } else if (pr.function) {
      if (s->valof) {
        std::vector<ir::Decl> decls = specs(s->valof->specs);
        ir::Process body = process(s->valof->body);
        for (const ast::Expr* x : s->valof->results) pr.result_exprs.push_back(expr(x));
        pr.body = wrap(std::move(decls), std::move(body), s->valof->pos);
      } else {
        pr.body = make(ir::ProcKind::Skip, s->pos);
        for (const ast::Expr* x : s->results) pr.result_exprs.push_back(expr(x));
      }
    } else {
      pr.body = process(s->body);
    }
    for (const ast::Decl* f : ctx_.free) pr.free_vars.push_back(var(f));
    free_decls_[id] = ctx_.free;
    ctx_ = std::move(saved);
    m_.procs[std::size_t(id)] = std::move(pr);
    return id;
  }

  // The entry's parameters: a channel of a protocol other than BYTE is bound to the network; the
  // console channels go by direction (? is the keyboard, the first ! the screen, the second the
  // error channel), else by name, else by position.
  void entry(const ast::Decl* main, ir::ProcId id) {
    ir::Entry e;
    e.proc = id;
    const auto& formals = main->spec->formals;
    std::vector<const ast::Decl*> console;
    for (const ast::Decl* f : formals) {
      const ast::Type* t = f->type;
      if (!t || t->kind != ast::TypeKind::Chan)
        fail(f->pos, "a parameter of the main PROC must be a channel (CHAN BYTE keyboard, screen or error, or a channel bound to the network)");
      if (!byte_channel(var(f))) continue;
      console.push_back(f);
    }
    if (console.size() > 3) fail(main->pos, "the main PROC '" + main->name + "' takes more than the three console channels",
                                 "write it as PROC " + main->name + " (CHAN BYTE keyboard?, screen!, error!)");
    int outputs = 0;
    for (const ast::Decl* f : formals) {
      if (std::find(console.begin(), console.end(), f) == console.end()) {
        e.params.push_back(ir::MainChannel::Network);
        continue;
      }
      const ast::Type* t = f->type;
      const std::size_t i = std::size_t(std::find(console.begin(), console.end(), f) - console.begin());
      std::string n = f->name;
      ir::MainChannel c;
      if (t->direction == ast::Direction::In) c = ir::MainChannel::Keyboard;
      else if (t->direction == ast::Direction::Out) c = outputs++ == 0 ? ir::MainChannel::Screen : ir::MainChannel::Error;
      else if (n.find("key") != std::string::npos || n.find("kbd") != std::string::npos || n == "in" || n == "stdin") c = ir::MainChannel::Keyboard;
      else if (n.find("err") != std::string::npos) c = ir::MainChannel::Error;
      else if (n.find("scr") != std::string::npos || n.find("out") != std::string::npos) c = ir::MainChannel::Screen;
      else c = console.size() == 1 ? ir::MainChannel::Screen : ir::MainChannel(i);
      e.params.push_back(c);
    }
    m_.entry = e;
  }

  // A CHAN BYTE (the console's protocol).
  bool byte_channel(ir::VarId v) const {
    const ir::Type& t = m_.types[std::size_t(m_.vars[std::size_t(v)].type)];
    if (t.kind != ir::TypeKind::Chan) return false;
    const ir::Protocol& p = m_.protocols[std::size_t(t.protocol)];
    if (p.kind != ir::ProtocolKind::Simple) return false;
    const ir::Type& item = m_.types[std::size_t(p.items[0].type)];
    return item.kind == ir::TypeKind::Prim && item.prim == ir::Prim::Byte;
  }

  [[noreturn]] void fail(Pos p, const std::string& what, const std::string& hint) {
    diags_.error(p, what, hint);
    failed_ = true;
    throw Failed{};
  }

  const ast::Program& program_;
  const SourceSet& sources_;
  Diagnostics& diags_;
  ir::Module m_;
  bool failed_ = false;
  Context ctx_;
  std::set<const ast::Decl*> toplevel_;
  std::map<const ast::Decl*, ir::VarId> vars_;
  std::map<const ast::Decl*, ir::ProcId> procs_;
  std::map<ir::ProcId, std::vector<const ast::Decl*>> free_decls_;
  std::map<const ast::Type*, ir::RecordId> records_;
  std::map<const ast::Protocol*, ir::ProtocolId> protocols_;
};

}  // namespace

std::optional<ir::Module> lower(const ast::Program& program, const SourceSet& sources, Diagnostics& diags) {
  return Lowering(program, sources, diags).run();
}

std::optional<ir::Module> lower_routines(const ast::Program& program, const std::vector<const ast::Decl*>& routines,
                                         const SourceSet& sources, Diagnostics& diags) {
  return Lowering(program, sources, diags).run(&routines);
}

}  // namespace transit::occam
