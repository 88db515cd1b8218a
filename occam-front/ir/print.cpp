#include "transit/occam/ir/print.h"

#include <sstream>

#include "transit/occam/lang/builtins.h"

namespace transit::occam::ir {
namespace {

class Printer {
 public:
  explicit Printer(const Module& m) : m_(m) {}

  std::string run() {
    for (std::size_t i = 0; i < m_.records.size(); ++i) {
      const Record& r = m_.records[i];
      out_ << "record R" << i << " " << r.name << (r.packed ? " packed" : "") << " {";
      for (std::size_t f = 0; f < r.fields.size(); ++f)
        out_ << (f ? ", " : " ") << r.fields[f].name << ": " << type(r.fields[f].type);
      out_ << " } size " << bytes_of(m_, m_.types.empty() ? 0 : find_record_type(RecordId(i))) << "\n";
    }
    for (std::size_t i = 0; i < m_.protocols.size(); ++i) {
      const Protocol& p = m_.protocols[i];
      out_ << "protocol P" << i << (p.name.empty() ? "" : " " + p.name) << " = " << protocol(p) << "\n";
    }
    for (std::size_t i = 0; i < m_.procs.size(); ++i) proc(ProcId(i));
    if (m_.entry) {
      out_ << "entry " << m_.procs[std::size_t(m_.entry->proc)].name << " (";
      for (std::size_t i = 0; i < m_.entry->params.size(); ++i) {
        MainChannel c = m_.entry->params[i];
        out_ << (i ? ", " : "")
             << (c == MainChannel::Keyboard ? "keyboard" : c == MainChannel::Screen ? "screen" : c == MainChannel::Error ? "error" : "network");
      }
      out_ << ")\n";
    }
    return out_.str();
  }

  // The protocol in occam notation, records spelt out field by field (net_protocol_text).
  std::string described(ProtocolId p) {
    spell_records_ = true;
    return protocol(m_.protocols[std::size_t(p)]);
  }

 private:
  TypeId find_record_type(RecordId r) const {
    for (std::size_t i = 0; i < m_.types.size(); ++i)
      if (m_.types[i].kind == TypeKind::Record && m_.types[i].record == r) return TypeId(i);
    return 0;
  }

  std::string type(TypeId id) const {
    if (id == kNone) return "?";
    const Type& t = m_.types[std::size_t(id)];
    switch (t.kind) {
      case TypeKind::Prim: return prim_name(t.prim);
      case TypeKind::Array: return "[" + (t.length == kNone ? std::string() : std::to_string(t.length)) + "]" + type(t.elem);
      case TypeKind::Record: return spell_records_ ? record_text(t.record) : "R" + std::to_string(t.record);
      case TypeKind::Chan: return "CHAN P" + std::to_string(t.protocol);
      case TypeKind::Timer: return "TIMER";
      case TypeKind::Port: return "PORT OF " + type(t.elem);
    }
    return "?";
  }

  std::string record_text(RecordId r) const {
    const Record& rec = m_.records[std::size_t(r)];
    std::string s = rec.packed ? "PACKED RECORD(" : "RECORD(";
    for (std::size_t f = 0; f < rec.fields.size(); ++f) s += (f ? "; " : "") + type(rec.fields[f].type) + " " + rec.fields[f].name;
    return s + ")";
  }

  std::string items(const std::vector<ProtocolItem>& its) const {
    std::string s;
    for (std::size_t i = 0; i < its.size(); ++i) {
      s += i ? "; " : "";
      s += its[i].count != kNone ? type(its[i].count) + "::[]" + type(its[i].type) : type(its[i].type);
    }
    return s;
  }

  std::string protocol(const Protocol& p) const {
    switch (p.kind) {
      case ProtocolKind::Simple:
      case ProtocolKind::Sequential: return items(p.items);
      case ProtocolKind::Any: return "ANY";
      case ProtocolKind::Variant: {
        std::string s = "CASE";
        for (std::size_t i = 0; i < p.cases.size(); ++i)
          s += " " + std::to_string(i) + ":" + p.cases[i].tag + (p.cases[i].items.empty() ? "" : "(" + items(p.cases[i].items) + ")");
        return s;
      }
    }
    return "?";
  }

  std::string var(VarId v) const { return m_.vars[std::size_t(v)].name + "#" + std::to_string(v); }

  std::string decl(VarId v) const {
    static const char* const kinds[] = {"", "VAL ", "", "RESULT ", "VAL ", "", "", "VAL ", ""};
    const Var& x = m_.vars[std::size_t(v)];
    std::string k = kinds[int(x.kind)];
    if (x.kind == VarKind::Retypes || x.kind == VarKind::ValRetypes) k += "RETYPES ";
    if (x.kind == VarKind::RefAbbrev || x.kind == VarKind::ValAbbrev) k += "IS ";
    return k + type(x.type) + " " + var(v) + (x.placed_at ? " AT " + std::to_string(*x.placed_at) : "");
  }

  std::string expr(const Expr& e) const {
    auto arg = [&](std::size_t i) { return i < e.args.size() ? expr(e.args[i]) : std::string("?"); };
    std::string chk = e.check ? "!" : "";
    switch (e.kind) {
      case ExprKind::IntLit: return std::to_string(e.int_value) + "(" + type(e.type) + ")";
      case ExprKind::RealLit: {
        std::ostringstream s;
        s << e.real_value << "(" << type(e.type) << ")";
        return s.str();
      }
      case ExprKind::Table: {
        std::string s = "[";
        for (std::size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + expr(e.args[i]);
        return s + "]";
      }
      case ExprKind::Var: return var(e.var);
      case ExprKind::Index: return arg(0) + "[" + arg(1) + "]" + chk;
      case ExprKind::Field: return arg(0) + "." + std::to_string(e.int_value);
      case ExprKind::Slice: return "[" + arg(0) + " FROM " + arg(1) + " FOR " + arg(2) + "]" + chk;
      case ExprKind::Size:
        if (e.int_value > 0) return "(SIZE " + arg(0) + " DIM " + std::to_string(e.int_value) + ")";
        return "(SIZE " + arg(0) + ")";
      case ExprKind::Unary: return std::string("(") + op_name(e.op) + chk + " " + arg(0) + ")";
      case ExprKind::Binary: return "(" + arg(0) + " " + op_name(e.op) + chk + " " + arg(1) + ")";
      case ExprKind::Convert: {
        const char* mode = e.mode == ConvertMode::Round ? " ROUND" : e.mode == ConvertMode::Trunc ? " TRUNC" : "";
        return "(" + type(e.type) + mode + chk + " " + arg(0) + ")";
      }
      case ExprKind::Retype: return "(" + type(e.type) + " RETYPES " + arg(0) + ")";
      case ExprKind::Call:
      case ExprKind::Builtin: {
        std::string s = e.kind == ExprKind::Call ? m_.procs[std::size_t(e.proc)].name : std::string(builtins()[std::size_t(e.builtin)].name);
        s += "(";
        for (std::size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + expr(e.args[i]);
        return s + ")";
      }
      case ExprKind::Offsetof: return "(OFFSETOF " + type(e.record_type) + " field " + std::to_string(e.int_value) + ")";
      case ExprKind::Valof: return "(VALOF ... RESULT " + list(e.args) + ")";
    }
    return "?";
  }

  std::string list(const std::vector<Expr>& es) const {
    std::string s;
    for (std::size_t i = 0; i < es.size(); ++i) s += (i ? ", " : "") + expr(es[i]);
    return s;
  }

  void line(int depth, const std::string& text, const Site& site) {
    out_ << std::string(std::size_t(depth) * 2, ' ') << text;
    if (site.line) out_ << "    @" << site.line << ":" << site.col;
    out_ << "\n";
  }

  void process(const Process& p, int depth) {
    std::string head = proc_kind_name(p.kind);
    if (p.pri) head = "PRI " + head;
    if (p.placed) head = "PLACED " + head;
    if (p.rep) head += " " + var(p.rep->index) + " = " + expr(p.rep->base) + " FOR " + expr(p.rep->count);
    if (p.rep && p.rep->step) head += " STEP " + expr(*p.rep->step);
    if (!p.name.empty()) head += " \"" + p.name + "\"";
    switch (p.kind) {
      case ProcKind::Assign: head += " " + list(p.lhs) + " := " + list(p.rhs); break;
      case ProcKind::Output:
        head += " " + expr(*p.channel) + " !" + (p.tag != kNone ? " tag " + std::to_string(p.tag) + ";" : "") + " " + list(p.rhs);
        break;
      case ProcKind::Input:
        head += " " + expr(*p.channel) + " ?" + (p.tag != kNone ? " tag " + std::to_string(p.tag) + ";" : "") + " " + list(p.lhs);
        break;
      case ProcKind::CaseInput: head += " " + expr(*p.channel); break;
      case ProcKind::CaseArm: head += " tag " + std::to_string(p.tag) + " " + list(p.lhs); break;
      case ProcKind::TimerRead:
      case ProcKind::PortRead: head += " " + expr(*p.channel) + " ? " + list(p.lhs); break;
      case ProcKind::PortWrite: head += " " + expr(*p.channel) + " ! " + list(p.rhs); break;
      case ProcKind::TimerAfter: head += " " + expr(*p.channel) + " ? AFTER " + list(p.rhs); break;
      case ProcKind::Guarded:
      case ProcKind::While:
      case ProcKind::Case:
      case ProcKind::Assert:
      case ProcKind::Placed: head += " " + list(p.rhs); break;
      case ProcKind::Option: head += p.rhs.empty() ? " ELSE" : " " + list(p.rhs); break;
      case ProcKind::Alternative: if (!p.rhs.empty()) head += " " + expr(p.rhs[0]) + " &"; break;
      case ProcKind::Call: head += " " + m_.procs[std::size_t(p.proc)].name + "(" + list(p.rhs) + ")"; break;
      case ProcKind::Block:
        for (const Decl& d : p.decls) line(depth, decl(d.var) + (d.init ? " = " + expr(*d.init) : "") + ":", m_.vars[std::size_t(d.var)].site);
        break;
      default: break;
    }
    line(depth, head, p.site);
    for (const Process& c : p.body) process(c, depth + 1);
  }

  void proc(ProcId id) {
    const Proc& p = m_.procs[std::size_t(id)];
    std::string head = std::string(p.inline_hint ? "INLINE " : "") + (p.function ? "FUNCTION " : "PROC ") + p.name + " (";
    for (std::size_t i = 0; i < p.params.size(); ++i) head += (i ? ", " : "") + decl(p.params[i]);
    head += ")";
    if (!p.free_vars.empty()) {
      head += " free (";
      for (std::size_t i = 0; i < p.free_vars.size(); ++i) head += (i ? ", " : "") + decl(p.free_vars[i]);
      head += ")";
    }
    if (p.function) {
      head += " ->";
      for (TypeId t : p.results) head += " " + type(t);
    }
    if (p.external) head += " EXTERNAL " + (p.link_name.empty() ? std::string("(unit)") : p.link_name);
    line(0, head, p.site);
    if (p.external && p.body.kind == ProcKind::Skip) {  // from a unit's interface: no body
      std::string use = p.waits ? "waits" : "nowait";
      for (std::uint8_t u : p.chan_use) use += std::string(" ") + (u & kChanInput ? "?" : "") + (u & kChanOutput ? "!" : "") + (u ? "" : ".");
      line(1, use, {});
      return;
    }
    process(p.body, 1);
    if (p.function) line(1, "RESULT " + list(p.result_exprs), {});
  }

  const Module& m_;
  bool spell_records_ = false;
  std::ostringstream out_;
};

}  // namespace

std::string print(const Module& m) { return Printer(m).run(); }

std::string net_protocol_text(const Module& m, ProtocolId protocol) { return Printer(m).described(protocol); }

}  // namespace transit::occam::ir
