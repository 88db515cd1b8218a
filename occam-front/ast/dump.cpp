#include "transit/occam/ast/dump.h"

namespace transit::occam::ast {
namespace {

std::string at(Pos p) { return "@" + std::to_string(p.line) + ":" + std::to_string(p.col); }

std::string protocol_text(const Protocol* p);

std::string item_text(const ProtocolItem& it) {
  if (it.count_type) return type_text(it.count_type) + "::" + type_text(it.type);
  return type_text(it.type);
}

std::string protocol_text(const Protocol* p) {
  if (!p) return "?";
  switch (p->kind) {
    case ProtocolKind::Any: return "ANY";
    case ProtocolKind::Named: return p->name;
    case ProtocolKind::Variant: return "CASE(" + std::to_string(p->tags.size()) + " tags)";
    default: {
      std::string s;
      for (std::size_t i = 0; i < p->items.size(); ++i) s += (i ? "; " : "") + item_text(p->items[i]);
      return s;
    }
  }
}

class Dumper {
 public:
  std::string out;

  void line(int depth, const std::string& text) {
    out.append(std::size_t(depth) * 2, ' ');
    out += text;
    out += '\n';
  }

  std::string decl_text(const Decl* d) {
    std::string s = std::string(decl_kind_name(d->kind)) + " " + d->name;
    if (d->kind == DeclKind::Formal)
      s = std::string(d->mode == ParamMode::Val ? "VAL " : d->mode == ParamMode::Result ? "RESULT " : "") + s;
    if (d->type) s += " : " + type_text(d->type);
    if (d->init) s += " = " + expr_text(d->init);
    if (d->is_const) s += " (const)";
    return s + " " + at(d->pos);
  }

  void specs(int depth, const std::vector<Spec*>& list) {
    for (const Spec* s : list) spec(depth, s);
  }

  void spec(int depth, const Spec* s) {
    switch (s->kind) {
      case SpecKind::Proc:
      case SpecKind::Function: {
        std::string head = std::string(s->is_inline ? "INLINE " : "") + (s->is_recursive ? "RECURSIVE " : "") +
                           spec_kind_name(s->kind) + " " +
                           (s->decls.empty() ? "?" : s->decls[0]->name);
        if (!s->result_types.empty()) {
          head += " ->";
          for (const Type* t : s->result_types) head += " " + type_text(t);
        }
        line(depth, head + " " + at(s->pos));
        for (const Decl* f : s->formals) line(depth + 1, "formal " + decl_text(f));
        if (s->body) process(depth + 1, s->body);
        for (const Expr* r : s->results) line(depth + 1, "result " + expr_text(r));
        if (s->valof) valof(depth + 1, s->valof);
        return;
      }
      case SpecKind::Protocol: {
        const Decl* d = s->decls[0];
        line(depth, "Protocol " + d->name + " = " + protocol_text(d->protocol) + " " + at(s->pos));
        if (d->protocol)
          for (const Decl* tag : d->protocol->tags) {
            std::string t = "tag " + tag->name;
            for (const auto& it : tag->tag_items) t += "; " + item_text(it);
            line(depth + 1, t);
          }
        return;
      }
      case SpecKind::DataType: {
        const Decl* d = s->decls[0];
        line(depth, "DataType " + d->name + " = " + type_text(d->type) + " " + at(s->pos));
        if (d->type && d->type->kind == TypeKind::Record)
          for (const Decl* f : d->type->fields) line(depth + 1, "field " + decl_text(f));
        return;
      }
      case SpecKind::Place: {
        std::string where = s->place == PlaceKind::At ? "AT " + expr_text(s->place_at)
                          : s->place == PlaceKind::Workspace ? "IN WORKSPACE" : "IN VECSPACE";
        line(depth, "Place " + s->place_name + " " + where + " " + at(s->pos));
        return;
      }
      default:
        for (const Decl* d : s->decls) line(depth, std::string(spec_kind_name(s->kind)) + " " + decl_text(d));
    }
  }

  void valof(int depth, const Valof* v) {
    line(depth, "VALOF " + at(v->pos));
    specs(depth + 1, v->specs);
    if (v->body) process(depth + 1, v->body);
    std::string r = "RESULT";
    for (const Expr* e : v->results) r += " " + expr_text(e);
    line(depth + 1, r);
  }

  static std::string list(const std::vector<Expr*>& es, const char* sep) {
    std::string s;
    for (std::size_t i = 0; i < es.size(); ++i) s += (i ? sep : "") + expr_text(es[i]);
    return s;
  }

  void process(int depth, const Process* p) {
    if (!p) return;
    specs(depth, p->specs);
    std::string head = process_kind_name(p->kind);
    if (p->pri) head = "Pri" + head;
    if (p->placed) head = "Placed" + head;
    if (p->replicator) {
      const Replicator* r = p->replicator;
      head += " " + r->index->name + " = " + expr_text(r->base) + " FOR " + expr_text(r->count);
      if (r->step) head += " STEP " + expr_text(r->step);
    }
    switch (p->kind) {
      case ProcessKind::Assign:
        head += " " + list(p->targets, ", ") + " := " + list(p->values, ", ");
        break;
      case ProcessKind::Input:
        head += std::string(p->timer ? " (timer) " : " ") + expr_text(p->channel) + " ? " + list(p->items, "; ");
        break;
      case ProcessKind::DelayedInput:
        head += " " + expr_text(p->channel) + " ? AFTER " + expr_text(p->values[0]);
        break;
      case ProcessKind::TaggedInput:
        head += " " + expr_text(p->channel) + " ? CASE " + expr_text(p->tag);
        if (!p->items.empty()) head += "; " + list(p->items, "; ");
        break;
      case ProcessKind::CaseInput:
        head += " " + expr_text(p->channel) + " ? CASE";
        break;
      case ProcessKind::Output:
        head += " " + expr_text(p->channel) + " ! " + list(p->items, "; ");
        break;
      case ProcessKind::While:
        head += " " + expr_text(p->cond);
        break;
      case ProcessKind::Case:
        head += " " + expr_text(p->selector);
        break;
      case ProcessKind::Call:
        head += " " + p->name + "(" + list(p->args, ", ") + ")";
        if (p->decl) head += "@" + std::to_string(p->decl->pos.line);
        break;
      case ProcessKind::Processor:
        head += " " + expr_text(p->values[0]);
        break;
      case ProcessKind::Error:  // an unsupported form the parser read on (occam-pi's CLAIM, ...)
        if (!p->name.empty()) head += " " + p->name;
        break;
      default:
        break;
    }
    line(depth, head + " " + at(p->pos));
    for (const Process* b : p->body) process(depth + 1, b);
    for (const Choice* c : p->choices) {
      specs(depth + 1, c->specs);
      if (c->nested) {
        process(depth + 1, c->nested);
      } else {
        line(depth + 1, "choice " + expr_text(c->cond) + " " + at(c->pos));
        process(depth + 2, c->body);
      }
    }
    for (const Alternative* a : p->alternatives) {
      specs(depth + 1, a->specs);
      if (a->guard == GuardKind::Nested) {
        process(depth + 1, a->nested);
        continue;
      }
      std::string g = "guard";
      if (a->cond) g += " " + expr_text(a->cond) + " &";
      if (a->guard == GuardKind::Skip) g += " SKIP";
      line(depth + 1, g + " " + at(a->pos));
      if (a->input) process(depth + 2, a->input);
      if (a->body) process(depth + 2, a->body);
    }
    for (const CaseOption* o : p->options) {
      specs(depth + 1, o->specs);
      line(depth + 1, (o->is_else ? std::string("ELSE") : "option " + list(o->values, ", ")) + " " + at(o->pos));
      process(depth + 2, o->body);
    }
    for (const Variant* v : p->variants) {
      specs(depth + 1, v->specs);
      std::string t = "variant " + expr_text(v->tag);
      if (!v->items.empty()) t += "; " + list(v->items, "; ");
      line(depth + 1, t + " " + at(v->pos));
      process(depth + 2, v->body);
    }
  }
};

}  // namespace

std::string type_text(const Type* t) {
  if (!t) return "?";
  std::string dir = t->direction == Direction::In ? "?" : t->direction == Direction::Out ? "!" : "";
  switch (t->kind) {
    case TypeKind::Array: {
      std::string d = t->dim != kOpenDim ? std::to_string(t->dim) : t->dim_expr ? expr_text(t->dim_expr) : "";
      return "[" + d + "]" + type_text(t->elem);
    }
    case TypeKind::Chan: return "CHAN OF " + protocol_text(t->protocol) + dir;
    case TypeKind::Port: return "PORT OF " + type_text(t->elem);
    case TypeKind::Named: return t->name;
    case TypeKind::Record: return std::string(t->packed ? "PACKED " : "") + "RECORD";
    default: return type_kind_name(t->kind);
  }
}

std::string expr_text(const Expr* e) {
  if (!e) return "?";
  std::string s;
  switch (e->kind) {
    case ExprKind::Error: s = "<error>"; break;
    case ExprKind::IntLit: s = std::to_string(e->int_value); break;
    case ExprKind::RealLit: s = e->text; break;
    case ExprKind::ByteLit: s = "'" + std::to_string(e->int_value) + "'"; break;
    case ExprKind::BoolLit: s = e->int_value ? "TRUE" : "FALSE"; break;
    case ExprKind::StringLit: {
      s = "\"";
      for (char c : e->text) {
        if (c == '"' || c == '*') s += '*', s += c;
        else if (c == '\n') s += "*n";
        else if (static_cast<unsigned char>(c) < 32 || static_cast<unsigned char>(c) > 126) {
          const char* hex = "0123456789ABCDEF";
          s += "*#";
          s += hex[(static_cast<unsigned char>(c) >> 4) & 15];
          s += hex[static_cast<unsigned char>(c) & 15];
        } else s += c;
      }
      s += "\"";
      break;
    }
    case ExprKind::Table: {
      s = "[";
      for (std::size_t i = 0; i < e->args.size(); ++i) s += (i ? ", " : "") + expr_text(e->args[i]);
      s += "]";
      break;
    }
    case ExprKind::Name:
      s = e->name;
      if (e->decl) s += "@" + std::to_string(e->decl->pos.line);
      break;
    case ExprKind::Subscript: s = expr_text(e->lhs) + "[" + expr_text(e->rhs) + "]"; break;
    case ExprKind::Slice:
      s = "[" + expr_text(e->lhs);
      if (e->rhs) s += " FROM " + expr_text(e->rhs);
      if (e->count) s += " FOR " + expr_text(e->count);
      s += "]";
      break;
    case ExprKind::Unary: s = std::string("(") + op_spelling(e->op) + " " + expr_text(e->lhs) + ")"; break;
    case ExprKind::Binary:
      s = "(" + expr_text(e->lhs) + " " + op_spelling(e->op) + " " + expr_text(e->rhs) + ")";
      break;
    case ExprKind::Conversion:
      s = "(" + type_text(e->target) +
          (e->conversion == ConversionMode::Round ? " ROUND " : e->conversion == ConversionMode::Trunc ? " TRUNC " : " ") +
          expr_text(e->lhs) + ")";
      break;
    case ExprKind::MostPos: s = "MOSTPOS " + type_text(e->target); break;
    case ExprKind::MostNeg: s = "MOSTNEG " + type_text(e->target); break;
    case ExprKind::Size: s = "(SIZE " + (e->target ? type_text(e->target) : expr_text(e->lhs)) + ")"; break;
    case ExprKind::BytesIn: s = "BYTESIN(" + (e->target ? type_text(e->target) : expr_text(e->lhs)) + ")"; break;
    case ExprKind::Call: {
      s = e->name + "(";
      for (std::size_t i = 0; i < e->args.size(); ++i) s += (i ? ", " : "") + expr_text(e->args[i]);
      s += ")";
      break;
    }
    case ExprKind::Valof: s = "(VALOF)"; break;
    case ExprKind::Counted: s = expr_text(e->lhs) + "::" + expr_text(e->rhs); break;
    case ExprKind::Direction: s = expr_text(e->lhs) + (e->direction == Direction::In ? "?" : "!"); break;
    case ExprKind::Offsetof: s = "OFFSETOF(" + (e->target ? type_text(e->target) : std::string("?")) + ", " + e->name + ")"; break;
  }
  if (e->literal_type) s += "(" + type_text(e->literal_type) + ")";
  if (e->is_const && e->kind != ExprKind::IntLit && e->kind != ExprKind::BoolLit && e->type) {
    bool real = e->type->kind == TypeKind::Real32 || e->type->kind == TypeKind::Real64;
    s += "{=" + (real ? std::to_string(e->rvalue) : std::to_string(e->ivalue)) + "}";
  }
  return s;
}

std::string dump(const Program& program, const SourceSet& sources) {
  Dumper d;
  for (const Unit& u : program.units) {
    const SourceFile* f = sources.file(u.file);
    d.line(0, std::string(u.is_library ? "library " : "unit ") + (f ? f->path : "?"));
    d.specs(1, u.specs);
  }
  if (program.main_proc) d.line(0, "main " + program.main_proc->name);
  return d.out;
}

}  // namespace transit::occam::ast
