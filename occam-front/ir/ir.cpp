#include "transit/occam/ir/ir.h"

#include "record_layout.h"

namespace transit::occam::ir {

namespace {
bool same(const Type& a, const Type& b) {
  return a.kind == b.kind && a.prim == b.prim && a.elem == b.elem && a.length == b.length &&
         a.record == b.record && a.protocol == b.protocol;
}
}  // namespace

TypeId Module::intern(const Type& t) {
  for (std::size_t i = 0; i < types.size(); ++i)
    if (same(types[i], t)) return TypeId(i);
  types.push_back(t);
  return TypeId(types.size() - 1);
}

TypeId Module::prim(Prim p) { Type t;
  t.prim = p;
  return intern(t); }
TypeId Module::array(TypeId elem, std::int64_t length) {
  Type t;
  t.kind = TypeKind::Array;
  t.elem = elem;
  t.length = length;
  return intern(t);
}
TypeId Module::chan(ProtocolId protocol) {
  Type t;
  t.kind = TypeKind::Chan;
  t.protocol = protocol;
  return intern(t);
}
TypeId Module::timer() {
  Type t;
  t.kind = TypeKind::Timer;
  return intern(t);
}
TypeId Module::port(TypeId elem) {
  Type t;
  t.kind = TypeKind::Port;
  t.elem = elem;
  return intern(t);
}
TypeId Module::record(RecordId r) {
  Type t;
  t.kind = TypeKind::Record;
  t.record = r;
  return intern(t);
}

ProtocolId Module::simple_protocol(TypeId t) {
  for (std::size_t i = 0; i < protocols.size(); ++i) {
    const Protocol& p = protocols[i];
    if (p.name.empty() && p.kind == ProtocolKind::Simple && p.items[0].type == t) return ProtocolId(i);
  }
  Protocol p;
  p.items.push_back(ProtocolItem{.type = t, .count = kNone});
  protocols.push_back(std::move(p));
  return ProtocolId(protocols.size() - 1);
}

VarId Module::add_var(std::string name, TypeId type, VarKind kind, Site site) {
  vars.push_back(Var{std::move(name), type, kind, site, std::nullopt});
  return VarId(vars.size() - 1);
}

bool is_integer(Prim p) { return p != Prim::Real32 && p != Prim::Real64 && p != Prim::Bool; }
bool is_real(Prim p) { return p == Prim::Real32 || p == Prim::Real64; }

std::int64_t bytes_of(const Module& m, TypeId id) {
  const Type& t = m.types[std::size_t(id)];
  switch (t.kind) {
    case TypeKind::Prim:
      switch (t.prim) {
        case Prim::Bool: case Prim::Byte: return 1;
        case Prim::Int16: return 2;
        case Prim::Int: case Prim::Int32: case Prim::Real32: return 4;
        case Prim::Int64: case Prim::Real64: return 8;
      }
      return kNone;
    case TypeKind::Array: {
      if (t.length == kNone) return kNone;
      std::int64_t e = bytes_of(m, t.elem);
      return e == kNone ? kNone : e * t.length;
    }
    case TypeKind::Record: return record_layout(m, t.record).size;  // layout.h: the one record layout
    case TypeKind::Chan:
    case TypeKind::Timer:
    case TypeKind::Port:
      return kNone;
  }
  return kNone;
}

const char* prim_name(Prim p) {
  switch (p) {
    case Prim::Bool: return "BOOL";
    case Prim::Byte: return "BYTE";
    case Prim::Int: return "INT";
    case Prim::Int16: return "INT16";
    case Prim::Int32: return "INT32";
    case Prim::Int64: return "INT64";
    case Prim::Real32: return "REAL32";
    case Prim::Real64: return "REAL64";
  }
  return "?";
}

const char* op_name(Op op) {
  static const char* const names[] = {"+", "-", "*", "/", "\\", "-", "PLUS", "MINUS", "TIMES", "MINUS",
                                      "/\\", "\\/", "><", "~", "<<", ">>", "AND", "OR", "NOT",
                                      "=", "<>", "<", "<=", ">", ">=", "AFTER"};
  return names[int(op)];
}

const char* proc_kind_name(ProcKind k) {
  static const char* const names[] = {"SKIP", "STOP", "ASSIGN", "OUTPUT", "INPUT", "CASE.INPUT", "ARM",
                                      "TIMER.READ", "TIMER.AFTER", "SEQ", "PAR", "IF", "GUARDED", "WHILE",
                                      "CASE", "OPTION", "ALT", "ALTERNATIVE", "CALL", "BLOCK", "ASSERT",
                                      "PROCESSOR", "PORT.READ", "PORT.WRITE", "RESCHEDULE"};
  return names[int(k)];
}

bool process_waits(const std::vector<bool>& waiting, const Process& p, bool stop) {
  switch (p.kind) {
    case ProcKind::Input:
    case ProcKind::Output:
    case ProcKind::CaseInput:
    case ProcKind::TimerAfter:
    case ProcKind::Reschedule:
    case ProcKind::PortRead:  // lets the others run (a polling loop must not starve the writer)
    case ProcKind::Alt: return true;
    case ProcKind::Stop: return stop;
    case ProcKind::Par:
      if (p.rep || p.body.size() > 1) return true;
      break;
    case ProcKind::Call:
      if (p.proc >= 0 && std::size_t(p.proc) < waiting.size() && waiting[std::size_t(p.proc)]) return true;
      break;
    default: break;
  }
  for (const Process& c : p.body)
    if (process_waits(waiting, c, stop)) return true;
  return false;
}

std::vector<bool> procs_that_wait(const Module& m) {
  std::vector<bool> waiting(m.procs.size(), false);
  for (std::size_t i = 0; i < m.procs.size(); ++i) waiting[i] = !m.procs[i].function && m.procs[i].external && m.procs[i].waits;
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < m.procs.size(); ++i)
      if (!waiting[i] && !m.procs[i].function && process_waits(waiting, m.procs[i].body)) waiting[i] = changed = true;
  }
  return waiting;
}

}  // namespace transit::occam::ir
