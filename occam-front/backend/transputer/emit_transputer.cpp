// The transputer back end's driver: routines callee first, their frames, how code reaches a variable
// of an enclosing frame, and the assembly file around them (bootstrap, host processes, frame sizes).
#include "transit/occam/backend/transputer/emit_transputer.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "backend/transputer/gen.h"
#include "backend/transputer/host.h"

namespace transit::occam::backend {
namespace tp {

int Gen::alloc(int words) {
  Frame& f = cur();
  int at = f.next;
  f.next += words;
  f.high = std::max(f.high, f.next);
  return at;
}

Gen::Access Gen::reach(int frame, const std::string& off) {
  std::string adj;
  bool ptr = false;
  int c = cur_;
  while (c != frame) {
    const Frame& fr = frames_[std::size_t(c)];
    if (fr.parent < 0) throw std::logic_error("a variable out of reach of the process using it");
    if (fr.linked) {
      ins((ptr ? "ldnl " : "ldl ") + slot_expr(c, fr.link_slot) + adj);
      ptr = true;
      adj.clear();
    } else {
      adj += "-" + fr.sym() + "_B";
    }
    c = fr.parent;
  }
  return {ptr, off + adj};
}

void Gen::load_word(int frame, const std::string& off) {
  Access a = reach(frame, off);
  ins((a.via_pointer ? "ldnl " : "ldl ") + a.off);
}

void Gen::store_word(int frame, const std::string& off) {
  Access a = reach(frame, off);
  if (!a.via_pointer) {
    ins("stl " + a.off);
    return;
  }
  ins("stnl " + a.off);  // Areg: the pointer reach() pushed, Breg: the value
}

void Gen::load_addr(int frame, const std::string& off) {
  Access a = reach(frame, off);
  ins((a.via_pointer ? "ldnlp " : "ldlp ") + a.off);
}

const VarLoc& Gen::loc(VarId v, Site s) {
  auto it = vars_.find(v);
  if (it == vars_.end()) unsupported("the storage of '" + m_.vars[std::size_t(v)].name + "'", s);
  return it->second;
}

int Gen::scalar_bytes(TypeId t) const {
  switch (type(t).prim) {
    case Prim::Bool: case Prim::Byte: return 1;
    case Prim::Int16: return 2;
    case Prim::Int: case Prim::Int32: case Prim::Real32: return 4;
    case Prim::Int64: case Prim::Real64: return 8;
  }
  return 4;
}

bool Gen::word_value(TypeId t) const {
  const Type& ty = type(t);
  if (ty.kind != TypeKind::Prim) return false;
  switch (ty.prim) {
    case Prim::Bool: case Prim::Byte: case Prim::Int: case Prim::Int32: case Prim::Int16: case Prim::Real32: return true;
    default: return false;
  }
}

std::int64_t Gen::bytes(TypeId t) const {
  const Type& ty = type(t);
  if (ty.kind == TypeKind::Port) {
    std::int64_t b = bytes_of(m_, ty.elem);
    return b == kNone ? kNone : std::max<std::int64_t>(1, (b + 3) / 4) * 4;
  }
  if (ty.kind == TypeKind::Array && ty.length != kNone) {
    std::int64_t e = bytes(ty.elem);
    return e == kNone ? kNone : e * ty.length;
  }
  return bytes_of(m_, t);
}

int Gen::storage_words(TypeId t, Site s) const {
  const Type& ty = type(t);
  switch (ty.kind) {
    case TypeKind::Prim: return std::max(1, words_of(scalar_bytes(t)));
    case TypeKind::Chan: return 1;
    case TypeKind::Timer: return 0;
    case TypeKind::Port: return storage_words(ty.elem, s);
    case TypeKind::Array:
    case TypeKind::Record: {
      if (type(t).kind == TypeKind::Array) {  // channels and timers: a word each
        TypeId e = t;
        std::int64_t n = 1;
        for (; type(e).kind == TypeKind::Array; e = type(e).elem) n *= type(e).length;
        if (type(e).kind == TypeKind::Chan || type(e).kind == TypeKind::Timer) {
          if (n < 0) unsupported("an array of channels of run-time size", s);
          return int(n);
        }
      }
      std::int64_t b = bytes(t);
      if (b == kNone) unsupported("an array of run-time size", s);
      return std::max(1, words_of(b));
    }
  }
  return 1;
}

std::vector<int> Gen::open_dims(TypeId t) const {
  std::vector<int> dims;
  int k = 0;
  for (TypeId a = t; type(a).kind == TypeKind::Array; a = type(a).elem, ++k)
    if (type(a).length == kNone) dims.push_back(k);
  return dims;
}

void Gen::check_label(Site s, const std::string& what) {
  std::string l = fresh("E");
  label(l);
  checks_.push_back({l, s, proc_name_, what});
}

void Gen::wait_label(Site s, const std::string& what) {
  std::string l = fresh("W");
  label(l);
  checks_.push_back({l, s, process_name_, what, true});
}

std::string Gen::chan_name(const Expr& c) const {
  const Expr* x = &c;
  std::string suffix;
  while (x->kind == ExprKind::Index || x->kind == ExprKind::Slice) {
    suffix = "[...]" + suffix;
    x = &x->args[0];
  }
  return x->kind == ExprKind::Var ? "'" + m_.vars[std::size_t(x->var)].name + suffix + "'" : "a channel";
}

// ------------------------------------------------------------------------------------------ routines

bool uses_var_in(const Process& p, VarId v);

namespace {

std::string sanitize(const std::string& s) {
  std::string r;
  for (char c : s) r += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return r;
}

void callees_of(const Expr& e, std::vector<ProcId>& out);
void callees_of(const Process& p, std::vector<ProcId>& out) {
  if (p.kind == ProcKind::Call) out.push_back(p.proc);
  if (p.channel) callees_of(*p.channel, out);
  for (const Expr& e : p.lhs) callees_of(e, out);
  for (const Expr& e : p.rhs) callees_of(e, out);
  for (const Process& b : p.body) callees_of(b, out);
  for (const Decl& d : p.decls)
    if (d.init) callees_of(*d.init, out);
  if (p.rep) {
    callees_of(p.rep->base, out);
    callees_of(p.rep->count, out);
  }
}
void callees_of(const Expr& e, std::vector<ProcId>& out) {
  if (e.kind == ExprKind::Call) out.push_back(e.proc);
  for (const Expr& a : e.args) callees_of(a, out);
  if (e.body) callees_of(*e.body, out);
}

bool uses_var(const Expr& e, VarId v) {
  if (e.kind == ExprKind::Var && e.var == v) return true;
  for (const Expr& a : e.args)
    if (uses_var(a, v)) return true;
  return e.body && uses_var_in(*e.body, v);
}

}  // namespace

bool uses_var_in(const Process& p, VarId v) {
  if (p.channel && uses_var(*p.channel, v)) return true;
  for (const Expr& e : p.lhs)
    if (uses_var(e, v)) return true;
  for (const Expr& e : p.rhs)
    if (uses_var(e, v)) return true;
  for (const Process& b : p.body)
    if (uses_var_in(b, v)) return true;
  for (const Decl& d : p.decls)
    if (d.init && uses_var(*d.init, v)) return true;
  return false;
}

bool Gen::register_result(const Proc& p) const { return p.results.size() == 1 && word_value(p.results[0]); }

void Gen::param_words(const Proc& p, std::vector<int>& words) const {
  auto add = [&](VarId v) {
    const Var& var = m_.vars[std::size_t(v)];
    if (type(var.type).kind == TypeKind::Timer) {
      words.push_back(0);
      return;
    }
    words.push_back(1 + int(open_dims(var.type).size()));
  };
  for (VarId v : p.params) add(v);
  for (VarId v : p.free_vars) add(v);
}

void Gen::routine(ProcId id) {
  ProcInfo& pi = procs_[std::size_t(id)];
  if (pi.done) return;
  const Proc& p = m_.procs[std::size_t(id)];
  if (pi.busy) unsupported("a recursive routine", p.site);
  if (p.external) unsupported("a routine of a separately compiled unit", p.site);
  pi.busy = true;
  std::vector<ProcId> called;
  callees_of(p.body, called);
  for (const Expr& e : p.result_exprs) callees_of(e, called);
  for (ProcId c : called) routine(c);


  std::ostringstream saved;
  saved.swap(code_);
  int saved_cur = cur_;
  std::string saved_name = proc_name_, saved_process = process_name_;

  Frame f;
  f.id = int(frames_.size());
  f.name = p.name;
  frames_.push_back(f);
  cur_ = f.id;
  proc_name_ = process_name_ = p.name;
  if (m_.entry && id == m_.entry->proc && !role_->entry_process.empty()) process_name_ = role_->entry_process;
  pi.frame = f.id;
  pi.label = "P" + std::to_string(id) + "_" + sanitize(p.name);
  param_words(p, pi.param_words);

  // Parameters: word w of the call is at W[L + 1 + w] (the first three came in Areg, Breg, Creg and
  // `call` stored them above the return Iptr; the rest are the caller's W[0..]).
  std::vector<VarId> all = p.params;
  all.insert(all.end(), p.free_vars.begin(), p.free_vars.end());
  int hidden = p.function && !register_result(p) ? int(p.results.size()) : 0;
  int w = hidden;  // the result pointers come first
  std::string L = cur().sym() + "_L+";
  for (std::size_t k = 0; k < all.size(); ++k) {
    const Var& var = m_.vars[std::size_t(all[k])];
    VarLoc vl;
    vl.frame = cur_;
    if (pi.param_words[k] == 0) {
      vl.none = true;
      vars_[all[k]] = vl;
      continue;
    }
    vl.slot = L + std::to_string(1 + w);
    bool by_value = var.kind == VarKind::ValParam && word_value(var.type);
    vl.pointer = !by_value;
    for (int d = 1; d < pi.param_words[k]; ++d) vl.lengths.push_back(L + std::to_string(1 + w + d));
    w += pi.param_words[k];
    vars_[all[k]] = vl;
  }

  comment("PROC " + p.name);
  label(pi.label);
  FrameInfo info;
  info.kind = p.function ? FrameInfo::Kind::Function : FrameInfo::Kind::Proc;
  info.code_label = pi.label;
  info.name = info.proc = p.name;
  info.site = p.site;
  table_frame(f.id, std::move(info));
  ins("ajw -" + cur().sym() + "_L");
  if (p.function)
    value_process(p.body);
  else
    process(p.body);
  if (p.function && register_result(p)) {
    expr(p.result_exprs.at(0));
  } else if (p.function) {  // each result to where its pointer points
    for (int k = 0; k < hidden; ++k) result_to_pointer(p.result_exprs.at(std::size_t(k)), L + std::to_string(1 + k), p.results.at(std::size_t(k)));
  }
  ins("ajw " + cur().sym() + "_L");
  ins("ret");
  routines_ << code_.str();

  code_.swap(saved);
  cur_ = saved_cur;
  proc_name_ = saved_name;
  process_name_ = saved_process;
  pi.busy = false;
  pi.done = true;
}

// ------------------------------------------------------------------------------------------ the file

TransputerAsm Gen::run() {
  if (!m_.entry) throw Unsupported("no PROC to run", Site{});
  procs_.resize(m_.procs.size());
  placed_storage();
  for (const Proc& p : m_.procs) find_address_tables(p.body);
  const Proc& main = m_.procs[std::size_t(m_.entry->proc)];
  routine(m_.entry->proc);
  const ProcInfo& mi = procs_[std::size_t(m_.entry->proc)];
  for (MainChannel c : m_.entry->params)
    if (c == MainChannel::Network) unsupported("a main PROC channel bound to the network (of a protocol other than BYTE)", main.site);
  for (std::size_t k = 0; k < main.params.size(); ++k)
    if (mi.param_words[k] != 1) unsupported("a main PROC parameter that is not a CHAN BYTE", main.site);

  // Frame sizes: A, L = A + hw, N; a branch's B = parent A + region + N.
  std::ostringstream sizes;
  auto L = [&](const Frame& f) { return f.outgoing + f.high; };
  for (const Frame& f : frames_) {
    sizes << f.sym() << "_A = " << f.outgoing << "\n" << f.sym() << "_L = " << L(f) << "\n"
          << f.sym() << "_N = " << f.below << "\n";
    if (f.parent >= 0)
      sizes << f.sym() << "_B = " << frames_[std::size_t(f.parent)].outgoing + f.region + f.below << "\n";
  }
  const Frame& mf = frames_[std::size_t(mi.frame)];
  HostPlan plan;
  plan.main_label = mi.label;
  for (std::size_t k = 0; k < m_.entry->params.size(); ++k) {
    plan.params.push_back(m_.entry->params[k]);
    if (m_.entry->params[k] == MainChannel::Keyboard && uses_var_in(main.body, main.params[k])) plan.keyboard = true;
  }
  plan.root_below_words = kCallWords + L(mf) + mf.below + kBelowSlots;
  plan.host = role_->host;
  std::ostringstream children;  // the boot files of the neighbours this processor boots
  for (std::size_t k = 0; k < role_->children.size(); ++k) {
    const NetworkRole::Child& c = role_->children[k];
    plan.children.push_back({c.link, "boot_child" + std::to_string(k), c.boot.size()});
    children << "boot_child" << k << ":";
    for (std::size_t i = 0; i < c.boot.size(); ++i) children << (i % 32 ? "," : "\n    .byte ") << int(c.boot[i]);
    children << "\n";
  }

  TransputerAsm out;
  std::ostringstream text;
  text << "-- Transit transputer code (" << (chip_ == Chip::T800 ? "T800" : "T414")
       << "): bootstrap, host processes, routines, constants.\n";
  text << host_code(plan);
  text << routines_.str() << "code_end:\n";
  if (long_routines_used_) text << long_routines();
  if (soft_real_used_) text << soft_real_routines();
  text << "-- constant tables\n    .align 4\n" << data_.str() << children.str();
  text << "    .align 4\n" << kImageEnd << ":\n";
  text << "-- frame sizes in words (docs/transputer-backend.md)\n" << sizes.str();
  text << host_memory(plan);
  out.text = text.str();
  out.boot_end_label = kBootEnd;
  out.image_end_label = kImageEnd;
  out.after_image = std::uint32_t(host_memory_bytes(plan));
  out.checks = std::move(checks_);
  table_.entry_frame = mi.frame;
  table_.code_end_label = "code_end";
  table_.last_stop_wptr = "last_stop_wptr";
  finish_table();
  out.processes = std::move(table_);
  return out;
}

}  // namespace tp

std::variant<TransputerAsm, TransputerError> emit_transputer(const ir::Module& module, Chip chip,
                                                              const NetworkRole& role) {
  tp::Gen g(module, chip);
  g.role_ = &role;
  try {
    return g.run();
  } catch (const tp::Unsupported& u) {
    std::string where;
    if (u.site.line > 0 && std::size_t(u.site.file) < module.files.size())
      where = module.files[std::size_t(u.site.file)] + ":" + std::to_string(u.site.line) + ":" +
              std::to_string(u.site.col) + ": ";
    return TransputerError{where + "not supported on the transputer target yet: " + u.what()};
  }
}

}  // namespace transit::occam::backend
