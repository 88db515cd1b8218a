// Processes: declarations, assignment, communication, the control constructs, PAR (startp/endp) and
// PROC calls. Every construct starts and ends with an empty register stack.
#include <functional>

#include "backend/transputer/gen.h"

namespace transit::occam::backend::tp {

namespace {

Expr var_expr(const Module& m, VarId v) {
  Expr e;
  e.kind = ExprKind::Var;
  e.var = v;
  e.type = m.vars[std::size_t(v)].type;
  return e;
}

}  // namespace

void Gen::process(const Process& p) {
  switch (p.kind) {
    case ProcKind::Skip: return;
    case ProcKind::Stop:  // the last STOP reached is kept for the deadlock report
      ins("ldc " + std::to_string(checks_.size()));
      ins("ldc last_stop");
      ins("stnl 0");
      ins("ldlp 0");
      ins("ldc last_stop_wptr");
      ins("stnl 0");
      wait_label(p.site, "STOP");
      ins("stopp");
      return;
    case ProcKind::Assign: assign(p); return;
    case ProcKind::Output: output(p); return;
    case ProcKind::Input: input(p); return;
    case ProcKind::CaseInput: case_input(p); return;
    case ProcKind::TimerRead:
      ins("ldtimer");
      store_scalar(p.lhs.at(0));
      return;
    case ProcKind::TimerAfter:
      expr(p.rhs.at(0));
      wait_label(p.site, "timer wait (AFTER)");
      ins("tin");
      return;
    case ProcKind::Seq: seq(p); return;
    case ProcKind::Par: par(p); return;
    case ProcKind::Alt: alt(p); return;
    case ProcKind::If: {
      std::string done = fresh("L");
      if_(p, done, true);
      label(done);
      return;
    }
    case ProcKind::While: while_(p); return;
    case ProcKind::Case: case_(p); return;
    case ProcKind::Call: call(p.proc, p.rhs, p.site); return;
    case ProcKind::Block: block(p); return;
    case ProcKind::Reschedule: reschedule(); return;
    case ProcKind::PortRead: {  // lets the others run first (a polling loop must not starve the writer)
      reschedule();
      Process a;
      a.kind = ProcKind::Assign;
      a.site = p.site;
      a.lhs.push_back(p.lhs.at(0));
      a.rhs.push_back(port_value(*p.channel));
      assign(a);
      return;
    }
    case ProcKind::PortWrite: {
      Process a;
      a.kind = ProcKind::Assign;
      a.site = p.site;
      a.lhs.push_back(port_value(*p.channel));
      a.rhs.push_back(p.rhs.at(0));
      assign(a);
      return;
    }
    case ProcKind::Assert:
      expr(p.rhs.at(0));
      ins("eqc 0");
      check_label(p.site, "ASSERT failed");
      ins("ldc 1");
      ins("csub0");
      return;
    default:
      unsupported(std::string("the process ") + proc_kind_name(p.kind), p.site);
  }
}

// The process goes to the back of its run queue: the other ready processes run first.
void Gen::reschedule() {
  ins("ldlp 0");
  ins("ldpri");
  ins("or");
  ins("runp");
  ins("stopp");
}

// A port seen as the value it holds (its storage is that value's; a port's name is a pointer to it).
Expr Gen::port_value(const Expr& port) const {
  Expr v = port;
  v.type = type(port.type).elem;
  return v;
}

// ------------------------------------------------------------------------------------------ declarations

void Gen::declare(const Decl& d, Site s) {
  const Var& var = m_.vars[std::size_t(d.var)];
  VarLoc vl;
  vl.frame = cur_;
  const Type& ty = type(var.type);
  // A name whose slot holds the address of its words, loaded by `load`.
  auto bind_pointer = [&](std::initializer_list<std::string> load) {
    int slot = alloc(1);
    for (const auto& i : load) ins(i);
    ins("stl " + slot_expr(cur_, slot));
    vl.slot = slot_expr(cur_, slot);
    vl.pointer = true;
    vars_[d.var] = vl;
  };
  // A channel between processors (placement.h): the link channel's address.
  if (auto link = role_->link_channels.find(d.var); link != role_->link_channels.end())
    return bind_pointer({"mint", "ldnlp " + std::to_string(link->second)});
  // The host server's end-of-program channel.
  if (d.var == role_->end_channel) return bind_pointer({"ldc done_chan"});
  // A PLACEd name: its words in the placed storage (placed_storage).
  if (var.placed_at) return bind_pointer({"ldc " + placed_.at(d.var)});
  if (int levels = address_table_levels(d)) {  // d IS [c0, c1]:, VAL [][]INT t IS [a, b]:
    vars_[d.var] = address_table_var(d.var, *d.init, levels, s);
    return;
  }
  switch (var.kind) {
    case VarKind::Local: {
      if (ty.kind == TypeKind::Timer) {
        vl.none = true;
        vars_[d.var] = vl;
        return;
      }
      int words = storage_words(var.type, var.site);
      int slot = alloc(words);
      vl.slot = slot_expr(cur_, slot);
      TypeId e = var.type;
      while (type(e).kind == TypeKind::Array) e = type(e).elem;
      if (type(e).kind == TypeKind::Port) {  // reads 0 until written; named by a pointer, as if placed
        for (int k = 0; k < words; ++k) {
          ins("ldc 0");
          ins("stl " + slot_expr(cur_, slot + k));
        }
        int ptr = alloc(1);
        ins("ldlp " + vl.slot);
        ins("stl " + slot_expr(cur_, ptr));
        vl.slot = slot_expr(cur_, ptr);
        vl.pointer = true;
        vars_[d.var] = vl;
        return;
      }
      vars_[d.var] = vl;
      if (type(e).kind == TypeKind::Chan) {  // channels start empty
        for (int k = 0; k < words; ++k) {
          ins("mint");
          ins("stl " + slot_expr(cur_, slot + k));
        }
      } else if (ty.kind == TypeKind::Prim && scalar_bytes(var.type) < 4) {
        ins("ldc 0");  // a byte read or written through its address keeps the rest of the word zero
        ins("stl " + vl.slot);
      }
      if (d.init) {
        Process a;
        a.kind = ProcKind::Assign;
        a.site = s;
        a.lhs.push_back(var_expr(m_, d.var));
        a.rhs.push_back(*d.init);
        assign(a);
      }
      return;
    }
    case VarKind::ValAbbrev:
      if (word_value(var.type) && !is_prim(var.type, Prim::Int16)) {
        int slot = alloc(1);
        vl.slot = slot_expr(cur_, slot);
        expr(*d.init);
        ins("stl " + vl.slot);
        vars_[d.var] = vl;
        return;
      }
      [[fallthrough]];
    case VarKind::RefAbbrev:
    case VarKind::Retypes:
    case VarKind::ValRetypes: {
      if (!d.init) unsupported("an abbreviation without a value", s);
      const Expr& init = *d.init;
      if ((var.kind == VarKind::Retypes || var.kind == VarKind::ValRetypes) && bytes(var.type) == kNone)
        unsupported("RETYPES to an open array", var.site);
      int slot = alloc(1);
      vl.slot = slot_expr(cur_, slot);
      vl.pointer = true;
      if (init.kind == ExprKind::Table && bytes(init.type) == kNone && bytes(var.type) != kNone)
        ins("ldlp " + slot_expr(cur_, build_table(init, var.type)));  // stored as its declared type
      else
        address_or_temp(init);  // a value that is not storage is held in slots of its own
      vl.unaligned = unaligned(init);
      ins("stl " + vl.slot);
      if (var.kind == VarKind::RefAbbrev || var.kind == VarKind::ValAbbrev) {
        std::vector<int> open = open_dims(var.type);
        for (int dim : open) {
          int l = alloc(1);
          array_length(init, dim, s);
          ins("stl " + slot_expr(cur_, l));
          vl.lengths.push_back(slot_expr(cur_, l));
        }
        // A declared size must be the size of what is abbreviated.
        if (ty.kind == TypeKind::Array && ty.length != kNone) {
          std::int64_t n;
          if (!fixed_length(init, 0, n)) {
            array_length(init, 0, s);
            ins("ldc " + std::to_string(ty.length));
            ins("diff");
            check_label(s, "array size mismatch in an abbreviation");
            ins("ldc 1");
            ins("csub0");
          }
        }
      }
      vars_[d.var] = vl;
      return;
    }
    default:
      unsupported("this declaration", s);
  }
}

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

void Gen::value_process(const Process& p) {
  const Process* x = &p;
  while (x->kind == ProcKind::Block) {
    for (const Decl& d : x->decls) declare(d, x->site);
    x = &x->body.at(0);
  }
  process(*x);
}

void Gen::block(const Process& p) {
  int m = mark();
  for (const Decl& d : p.decls) declare(d, p.site);
  process(p.body.at(0));
  release(m);
}

// ------------------------------------------------------------------------------------------ assignment


void Gen::assign(const Process& p) {
  if (p.lhs.size() == 1 && p.rhs.size() == 1) {
    const Expr& l = p.lhs[0];
    const Expr& r = p.rhs[0];
    if (word_value(l.type)) {
      expr(r);
      store_scalar(l);
      return;
    }
    if (long_value(l.type)) {
      int m = mark();
      int t = alloc(2);
      expr_long(r, t);
      store_long(l, t);
      release(m);
      return;
    }
    const Type& lt = type(l.type);
    if (lt.kind != TypeKind::Array && lt.kind != TypeKind::Record) unsupported("an assignment of this type", p.site);
    int m = mark();
    if (r.kind == ExprKind::Call || r.kind == ExprKind::Valof) {
      std::vector<int> slots = results_into_slots(r);
      store_from_slot(l, slots.at(0));
      release(m);
      return;
    }
    int src = alloc(1), dst = alloc(1), count = alloc(1);
    address(r);
    ins("stl " + slot_expr(cur_, src));
    address(l);
    ins("stl " + slot_expr(cur_, dst));
    std::int64_t n = bytes(l.type);
    if (lt.kind == TypeKind::Array) {
      std::int64_t ln, rn;
      bool lf = fixed_length(l, 0, ln), rf = fixed_length(r, 0, rn);
      std::int64_t size = elem_bytes(l.type, p.site);
      if (!lf || !rf) {
        array_length(l, 0, p.site);
        ins("stl " + slot_expr(cur_, count));
        array_length(r, 0, p.site);
        ins("ldl " + slot_expr(cur_, count));
        ins("diff");
        check_label(p.site, "array size mismatch in an assignment");
        ins("ldc 1");
        ins("csub0");
        ins("ldl " + slot_expr(cur_, count));
        ins("ldc " + std::to_string(size));
        ins("prod");
        ins("stl " + slot_expr(cur_, count));
      } else {
        ins("ldc " + std::to_string(n));
        ins("stl " + slot_expr(cur_, count));
      }
    } else {
      ins("ldc " + std::to_string(n));
      ins("stl " + slot_expr(cur_, count));
    }
    ins("ldl " + slot_expr(cur_, src));
    ins("ldl " + slot_expr(cur_, dst));
    ins("ldl " + slot_expr(cur_, count));
    ins("move");
    release(m);
    return;
  }
  int m = mark();
  if (p.rhs.size() == 1) {  // several results of one FUNCTION or VALOF
    std::vector<int> slots = results_into_slots(p.rhs[0]);
    for (std::size_t k = 0; k < p.lhs.size(); ++k) store_from_slot(p.lhs[k], slots.at(k));
    release(m);
    return;
  }
  std::vector<int> temps;
  for (const Expr& r : p.rhs) {
    if (long_value(r.type)) {
      int t = alloc(2);
      expr_long(r, t);
      temps.push_back(t);
      continue;
    }
    int t = alloc(storage_words(r.type, r.site));
    temps.push_back(t);
    if (word_value(r.type)) {
      expr(r);
      ins("stl " + slot_expr(cur_, t));
    } else {
      std::int64_t n = bytes(r.type);
      if (n == kNone) unsupported("a multiple assignment of arrays of run-time size", p.site);
      address_or_temp(r);
      ins("ldlp " + slot_expr(cur_, t));
      ins("ldc " + std::to_string(n));
      ins("move");
    }
  }
  for (std::size_t k = 0; k < p.lhs.size(); ++k) {
    store_from_slot(p.lhs[k], temps[k]);
  }
  release(m);
}

// ------------------------------------------------------------------------------------------ channels

void Gen::output_item(const Expr& chan, const Expr& value, TypeId t, Site s) {
  ChanPush c(*this, chan);
  if (word_value(t) && scalar_bytes(t) != 2) {
    if (depth(value) <= 2) {
      c.push();
      expr(value);
    } else {
      int v = alloc(1);
      expr(value);
      ins("stl " + slot_expr(cur_, v));
      c.push();
      ins("ldl " + slot_expr(cur_, v));
    }
    wait_label(s, "output on channel " + chan_name(chan));
    ins(scalar_bytes(t) == 1 ? "outbyte" : "outword");
    return;
  }
  int ptr = alloc(1);
  if (word_value(t)) {  // INT16: its two bytes from a word
    int v = alloc(1);
    expr(value);
    ins("stl " + slot_expr(cur_, v));
    ins("ldlp " + slot_expr(cur_, v));
  } else if (value.kind == ExprKind::Table && bytes(value.type) == kNone && bytes(t) != kNone) {
    ins("ldlp " + slot_expr(cur_, build_table(value, t)));  // open arrays, sent as the protocol's type
  } else {
    address_or_temp(value);
  }
  ins("stl " + slot_expr(cur_, ptr));
  std::int64_t n = bytes(t);
  ins("ldl " + slot_expr(cur_, ptr));
  c.push();
  if (n != kNone) {
    ins("ldc " + std::to_string(n));
  } else {
    int len = alloc(1);
    array_length(value, 0, s);
    ins("ldc " + std::to_string(elem_bytes(value.type, s)));
    ins("prod");
    ins("stl " + slot_expr(cur_, len));
    ins("ldl " + slot_expr(cur_, ptr));
    c.push();
    ins("ldl " + slot_expr(cur_, len));
  }
  wait_label(s, "output on channel " + chan_name(chan));
  ins("out");
}

void Gen::input_item(const Expr& chan, const Expr& target, TypeId t, Site s) {
  ChanPush c(*this, chan);
  if (target.kind == ExprKind::Var) {
    const VarLoc& v = loc(target.var, s);
    if (!v.pointer && word_value(t) && scalar_bytes(t) < 4) {  // the rest of the word stays zero
      ins("ldc 0");
      store_word(v.frame, v.slot);
    }
  }
  std::int64_t n = bytes(t);
  if (n != kNone && target.kind == ExprKind::Var && chan.kind == ExprKind::Var) {
    address(target);  // each a register or two: straight onto the stack
    c.push();
    ins("ldc " + std::to_string(n));
    wait_label(s, "input on channel " + chan_name(chan));
    ins("in");
    return;
  }
  int ptr = alloc(1);
  address(target);
  ins("stl " + slot_expr(cur_, ptr));
  if (n == kNone) {
    int len = alloc(1);
    array_length(target, 0, s);
    ins("ldc " + std::to_string(elem_bytes(target.type, s)));
    ins("prod");
    ins("stl " + slot_expr(cur_, len));
    ins("ldl " + slot_expr(cur_, ptr));
    c.push();
    ins("ldl " + slot_expr(cur_, len));
  } else {
    ins("ldl " + slot_expr(cur_, ptr));
    c.push();
    ins("ldc " + std::to_string(n));
  }
  wait_label(s, "input on channel " + chan_name(chan));
  ins("in");
}

// ------------------------------------------------------------------------------------------ control

void Gen::seq(const Process& p) {
  if (!p.rep) {
    for (const Process& b : p.body) process(b);
    return;
  }
  int m = mark();
  std::string top = fresh("L"), end = fresh("L"), back = fresh("L");
  int idx = replicator_slots(*p.rep, p.site);
  ins("cj " + end);
  if (p.rep->step) {  // the last index, base + (count - 1) * step, must be an INT
    ins("ldl " + slot_expr(cur_, idx + 1));
    ins("adc -1");
    int t = alloc(1);
    ins("stl " + slot_expr(cur_, t));
    expr(*p.rep->step);
    ins("ldl " + slot_expr(cur_, t));
    check_label(p.site, "replicator index out of range");
    ins("mul");
    ins("ldl " + slot_expr(cur_, idx));
    ins("add");
  }
  if (!p.rep->step) {
    label(top);
    for (const Process& b : p.body) process(b);
    ins("ldlp " + slot_expr(cur_, idx));
    ins("ldc " + back + " - " + top);
    ins("lend");
    label(back);
  } else {
    label(top);
    for (const Process& b : p.body) process(b);
    ins("ldl " + slot_expr(cur_, idx));
    expr(*p.rep->step);
    ins("sum");
    ins("stl " + slot_expr(cur_, idx));
    ins("ldl " + slot_expr(cur_, idx + 1));
    ins("adc -1");
    ins("stl " + slot_expr(cur_, idx + 1));
    ins("ldl " + slot_expr(cur_, idx + 1));
    ins("cj " + end);
    ins("j " + top);
  }
  label(end);
  release(m);
}

// A replicator's two slots (index, then count left), its index bound to the first; leaves the count,
// checked not negative, on the stack (csub0 against MOSTNEG). Returns the first slot.
int Gen::replicator_slots(const Replicator& r, Site site) {
  int idx = alloc(2);
  expr(r.base);
  ins("stl " + slot_expr(cur_, idx));
  expr(r.count);
  ins("stl " + slot_expr(cur_, idx + 1));
  VarLoc vl;
  vl.frame = cur_;
  vl.slot = slot_expr(cur_, idx);
  vars_[r.index] = vl;
  ins("ldl " + slot_expr(cur_, idx + 1));
  check_label(site, "negative replicator count");
  ins("mint");
  ins("csub0");
  return idx;
}

void Gen::if_(const Process& p, const std::string& done, bool top) {
  int m = mark();
  std::string loop_end;
  int idx = -1;
  std::string loop_top;
  if (p.rep) {
    loop_top = fresh("L");
    loop_end = fresh("L");
    idx = replicator_slots(*p.rep, p.site);
    label(loop_top);
    ins("ldl " + slot_expr(cur_, idx + 1));
    ins("cj " + loop_end);
  }
  std::function<void(const Process&)> choice = [&](const Process& c) {
    if (c.kind == ProcKind::Guarded) {
      std::string next = fresh("L");
      cond_jump_false(c.rhs.at(0), next);
      process(c.body.at(0));
      ins("j " + done);
      label(next);
    } else if (c.kind == ProcKind::If) {
      if_(c, done, false);
    } else if (c.kind == ProcKind::Block) {
      int bm = mark();
      for (const Decl& d : c.decls) declare(d, c.site);
      choice(c.body.at(0));
      release(bm);
    } else {
      unsupported("this choice of an IF", c.site);
    }
  };
  for (const Process& c : p.body) choice(c);
  if (p.rep) {
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
    ins("j " + loop_top);
    label(loop_end);
  }
  if (top) {
    check_label(p.site, "IF: no choice is TRUE");
    ins("seterr");
    ins("stopp");
  }
  release(m);
}

void Gen::while_(const Process& p) {
  std::string top = fresh("L"), end = fresh("L");
  label(top);
  cond_jump_false(p.rhs.at(0), end);
  process(p.body.at(0));
  ins("j " + top);
  label(end);
}

void Gen::case_(const Process& p) {
  int m = mark();
  int sel = alloc(1);
  expr(p.rhs.at(0));
  ins("stl " + slot_expr(cur_, sel));
  std::string done = fresh("L");
  const Process* else_body = nullptr;
  std::function<void(const Process&)> option = [&](const Process& o) {
    if (o.kind == ProcKind::Block) {
      int bm = mark();
      for (const Decl& d : o.decls) declare(d, o.site);
      option(o.body.at(0));
      release(bm);
      return;
    }
    if (o.kind != ProcKind::Option) unsupported("this option of a CASE", o.site);
    if (o.rhs.empty()) {
      else_body = &o.body.at(0);
      return;
    }
    std::string match = fresh("L"), next = fresh("L");
    for (const Expr& v : o.rhs) {
      if (v.kind != ExprKind::IntLit) unsupported("a CASE value that is not a constant", v.site);
      ins("ldl " + slot_expr(cur_, sel));
      ins("eqc " + std::to_string(std::int32_t(v.int_value)));
      ins("eqc 0");
      ins("cj " + match);
    }
    ins("j " + next);
    label(match);
    process(o.body.at(0));
    ins("j " + done);
    label(next);
  };
  for (const Process& o : p.body) option(o);
  if (else_body) {
    process(*else_body);
  } else {
    check_label(p.site, "CASE: no option matches the selector");
    ins("seterr");
    ins("stopp");
  }
  label(done);
  release(m);
}

// ------------------------------------------------------------------------------------------ PAR

void Gen::par(const Process& p) {
  std::vector<const Process*> branches;
  for (const Process& b : p.body) branches.push_back(b.kind == ProcKind::Placed ? &b.body.at(0) : &b);
  std::int64_t count = 1;
  if (p.rep) {
    if (p.rep->count.kind != ExprKind::IntLit) unsupported("a replicated PAR whose count is not a constant", p.site);
    count = p.rep->count.int_value;
    if (count <= 0) return;
    if (branches.size() != 1) unsupported("a replicated PAR of several processes", p.site);
  }
  int m = mark();
  struct Branch {
    int frame;
    std::string code_label;
    int index_slot = -1;
  };
  std::vector<Branch> made;
  const bool inline_branch = !p.rep && branches.size() == 1;  // natively it runs in this process
  for (const Process* b : branches) {
    std::ostringstream saved;
    saved.swap(code_);
    int parent = cur_;
    Frame f;
    f.id = int(frames_.size());
    f.parent = parent;
    f.linked = bool(p.rep);
    f.name = proc_name_;
    frames_.push_back(f);
    cur_ = f.id;
    Branch br{f.id, "B" + std::to_string(f.id)};
    comment("PAR branch of " + proc_name_);
    label(br.code_label);
    if (p.rep) {
      cur().link_slot = alloc(1);
      br.index_slot = alloc(1);  // right after the link: the deadlock report reads it there (process_table.h)
      VarLoc vl;
      vl.frame = cur_;
      vl.slot = slot_expr(cur_, br.index_slot);
      vars_[p.rep->index] = vl;
    }
    std::string saved_process = process_name_;
    FrameInfo info;
    info.kind = inline_branch ? FrameInfo::Kind::Inline : FrameInfo::Kind::Branch;
    info.code_label = br.code_label;
    info.name = process_name_;
    info.proc = process_name_;
    info.site = b->site;
    if (!inline_branch)
      info.name = !b->name.empty() ? b->name
                  : p.rep         ? process_name_ + ".par"  // the report adds [index], as natively
                                  : process_name_ + ".par" + std::to_string(made.size() + 1);
    info.parent = parent;
    info.par_site = p.site;
    info.par_branches = int(count * std::int64_t(branches.size()));
    info.call_branch = !p.rep && !inline_branch && b->kind == ProcKind::Call;
    info.ends = held_ends(*b);
    process_name_ = info.name;
    table_frame(f.id, std::move(info));
    process(*b);
    process_name_ = saved_process;
    if (p.rep) {
      ins("ldl " + slot_expr(cur_, cur().link_slot));
    } else {
      ins("ldlp -" + cur().sym() + "_B");
    }
    ins("endp");
    routines_ << code_.str();
    code_.swap(saved);
    cur_ = parent;
    made.push_back(br);
  }
  // Each branch's workspace: its N words below its Wptr, its L words from it.
  auto size = [&](int fr) {
    const Frame& f = frames_[std::size_t(fr)];
    return f.below + f.outgoing + f.high;
  };
  for (const Branch& br : made) frames_[std::size_t(br.frame)].region = alloc(int(count) * size(br.frame));

  // PRI PAR: the first process runs at this process's priority, the others at low priority.
  const bool pri = p.pri && !inline_branch;
  int saved_pri = -1;
  if (pri) {
    saved_pri = alloc(1);
    ins("ldpri");
    ins("stl " + slot_expr(cur_, saved_pri));
  }
  // A PAR (not PRI) runs its last process in this process itself, as the Inmos compilers do: it
  // starts the others, moves its Wptr to that process's workspace and jumps to its code, whose endp
  // goes on here when it ends last (the join counts the processes still running either way).
  const bool run_last = !p.rep && !pri;
  std::string cont = fresh("L"), here = fresh("L");
  ins("ldc " + std::to_string(count * std::int64_t(made.size()) + (run_last ? 0 : 1)));
  ins("stl 1");
  ins("ldc " + cont + " - " + here);
  ins("ldpi");
  label(here);
  ins("stl 0");
  if (!p.rep) {
    for (const Branch& br : made) {
      std::string ws = "ldlp " + frames_[std::size_t(br.frame)].sym() + "_B";
      if (pri && &br != &made.front()) {
        start_low(br.code_label, ws);
        continue;
      }
      if (run_last && &br == &made.back()) {
        ins("ajw " + frames_[std::size_t(br.frame)].sym() + "_B");
        ins("j " + br.code_label);
        continue;
      }
      std::string after = fresh("L");
      ins("ldc " + br.code_label + " - " + after);
      ins(ws);
      ins("startp");
      label(after);
    }
  } else {
    const Branch& br = made[0];
    const Frame& bf = frames_[std::size_t(br.frame)];
    int k = alloc(1), w = alloc(1);
    std::string loop = fresh("L"), after = fresh("L");
    ins("ldc 0");
    ins("stl " + slot_expr(cur_, k));
    label(loop);
    ins("ldl " + slot_expr(cur_, k));
    ins("ldc " + std::to_string(size(br.frame)));
    ins("prod");
    ins("ldlp " + bf.sym() + "_B");
    ins("wsub");
    ins("stl " + slot_expr(cur_, w));
    ins("ldlp 0");
    ins("ldl " + slot_expr(cur_, w));
    ins("stnl " + slot_expr(br.frame, bf.link_slot));
    expr(p.rep->base);
    ins("ldl " + slot_expr(cur_, k));
    if (p.rep->step) {
      expr(*p.rep->step);
      ins("prod");
    }
    ins("sum");
    ins("ldl " + slot_expr(cur_, w));
    ins("stnl " + slot_expr(br.frame, br.index_slot));
    std::string first = fresh("L");
    if (pri) {
      // Instances after the first at low priority.
      ins("ldl " + slot_expr(cur_, k));
      ins("cj " + first);
      start_low(br.code_label, "ldl " + slot_expr(cur_, w));
      ins("j " + after);
    }
    label(first);
    ins("ldc " + br.code_label + " - " + after);
    ins("ldl " + slot_expr(cur_, w));
    ins("startp");
    label(after);
    ins("ldl " + slot_expr(cur_, k));
    ins("adc 1");
    ins("stl " + slot_expr(cur_, k));
    ins("ldl " + slot_expr(cur_, k));
    ins("eqc " + std::to_string(count));
    ins("cj " + loop);
  }
  if (!run_last) {
    ins("ldlp 0");
    wait_label(p.site, "PAR (waits for its processes)");
    ins("endp");
  }
  label(cont);
  if (pri) restore_priority(saved_pri);
  release(m);
}

// Starts the process whose code is at `code` at low priority: its workspace pushed by `ws`.
void Gen::start_low(const std::string& code, const std::string& ws) {
  std::string here = fresh("L");
  ins("ldc " + code + " - " + here);
  ins("ldpi");
  label(here);
  ins(ws);
  ins("stnl -1");
  ins(ws);
  ins("adc 1");
  ins("runp");
}

// After a PRI PAR: its last process to end may have been a low-priority one, which goes on as this
// process at low priority. Back at the priority in `slot`: this process is queued again at that
// priority, and the low-priority copy (preempted at once by it) stops on a workspace of its own,
// `pri_sink`, so it writes nothing into this process's frame.
void Gen::restore_priority(int slot) {
  std::string same = fresh("L"), here = fresh("L"), there = fresh("L");
  ins("ldpri");
  ins("ldl " + slot_expr(cur_, slot));
  ins("diff");
  ins("cj " + same);
  ins("ldc " + same + " - " + here);
  ins("ldpi");
  label(here);
  ins("stl -1");
  ins("ldlp 0");
  ins("ldl " + slot_expr(cur_, slot));
  ins("or");
  ins("runp");
  ins("ldc pri_sink + 4 - " + there);
  ins("ldpi");
  label(there);
  ins("gajw");
  ins("stopp");
  label(same);
  if (!pri_sink_used_) {
    pri_sink_used_ = true;
    data_ << "    .align 4\npri_sink: .word 0\n";
  }
}

// ------------------------------------------------------------------------------------------ calls

std::vector<int> Gen::results_into_slots(const Expr& e) {
  std::vector<int> slots;
  if (e.kind == ExprKind::Call) {
    const Proc& f = m_.procs[std::size_t(e.proc)];
    if (register_result(f)) {
      int t = alloc(1);
      call_function(e);
      ins("stl " + slot_expr(cur_, t));
      return {t};
    }
    for (TypeId t : f.results) slots.push_back(alloc(storage_words(t, e.site)));
    call(e.proc, e.args, e.site, slots);
    return slots;
  }
  if (e.kind == ExprKind::Builtin) return builtin_result_slots(e);
  if (e.kind != ExprKind::Valof) unsupported("results of this expression", e.site);
  value_process(*e.body);
  for (const Expr& r : e.args) {
    int t = alloc(storage_words(r.type, r.site));
    slots.push_back(t);
    if (word_value(r.type)) {
      expr(r);
      ins("stl " + slot_expr(cur_, t));
    } else if (long_value(r.type)) {
      expr_long(r, t);
    } else {
      std::int64_t n = bytes(r.type);
      if (n == kNone) unsupported("a result of run-time size", r.site);
      address_or_temp(r);
      ins("ldlp " + slot_expr(cur_, t));
      ins("ldc " + std::to_string(n));
      ins("move");
    }
  }
  return slots;
}

void Gen::store_from_slot(const Expr& lhs, int slot) {
  if (word_value(lhs.type)) {
    ins("ldl " + slot_expr(cur_, slot));
    store_scalar(lhs);
  } else if (long_value(lhs.type)) {
    store_long(lhs, slot);
  } else {
    std::int64_t n = bytes(lhs.type);
    if (n == kNone) unsupported("an assignment of run-time size", lhs.site);
    ins("ldlp " + slot_expr(cur_, slot));
    address(lhs);
    ins("ldc " + std::to_string(n));
    ins("move");
  }
}

void Gen::result_to_pointer(const Expr& r, const std::string& pointer_slot, TypeId as) {
  int m = mark();
  if (word_value(r.type)) {
    expr(r);
    ins("ldl " + pointer_slot);
    store_to_address(r.type);
  } else if (long_value(r.type)) {
    int t = alloc(2);
    expr_long(r, t);
    ins("ldl " + slot_expr(cur_, t));
    ins("ldl " + pointer_slot);
    ins("stnl 0");
    ins("ldl " + slot_expr(cur_, t + 1));
    ins("ldl " + pointer_slot);
    ins("stnl 1");
  } else {
    std::int64_t n = bytes(r.type);
    if (n == kNone && r.kind == ExprKind::Table && bytes(as) != kNone) {  // a table of open arrays
      n = bytes(as);
      ins("ldlp " + slot_expr(cur_, build_table(r, as)));
    } else {
      if (n == kNone) unsupported("a FUNCTION result of run-time size", r.site);
      address_or_temp(r);
    }
    ins("ldl " + pointer_slot);
    ins("ldc " + std::to_string(n));
    ins("move");
  }
  release(m);
}

void Gen::call(ProcId id, const std::vector<Expr>& args, Site s, const std::vector<int>& results) {
  const Proc& callee = m_.procs[std::size_t(id)];
  const ProcInfo& pi = procs_[std::size_t(id)];
  if (!pi.done) unsupported("a call of " + callee.name + " before its code", s);
  // The words of the call, in order, each with code that pushes it (one register) or a temporary.
  struct Word {
    std::function<void()> push;
    bool one_register;
    bool calls;
  };
  std::vector<Word> words;
  struct Copy {
    const Expr* actual;
    bool val;  // copied in only
  };
  std::vector<Copy> copies;
  std::vector<int> copy_slot;  // each copy's first slot, allocated below
  for (int r : results) words.push_back({[this, r] { ins("ldlp " + slot_expr(cur_, r)); }, true, false});
  std::vector<VarId> formals = callee.params;
  formals.insert(formals.end(), callee.free_vars.begin(), callee.free_vars.end());
  std::vector<Expr> actuals = args;
  for (VarId v : callee.free_vars) actuals.push_back(var_expr(m_, v));
  for (std::size_t k = 0; k < formals.size(); ++k) {
    if (pi.param_words[k] == 0) continue;
    const Var& f = m_.vars[std::size_t(formals[k])];
    const Expr* a = &actuals.at(k);
    bool by_value = f.kind == VarKind::ValParam && word_value(f.type);
    if (by_value) {
      words.push_back({[this, a] { expr(*a); }, depth(*a) == 1, has_call(*a)});
    } else if (unaligned(*a)) {  // storage in a PACKED RECORD: the callee gets an aligned copy
      std::size_t c = copies.size();
      copies.push_back({a, f.kind == VarKind::ValParam});
      words.push_back({[this, c, &copy_slot] { ins("ldlp " + slot_expr(cur_, copy_slot.at(c))); }, true, false});
      for (int d : open_dims(f.type))
        words.push_back({[this, a, d, s] { array_length(*a, d, s); }, false, has_call(*a)});
    } else {
      if (!addressable(*a) && f.kind != VarKind::ValParam)
        unsupported("this actual parameter (an expression passed where storage is needed)", a->site);
      bool free_name = k >= callee.params.size();  // a table of addresses passes on as itself
      words.push_back({[this, a, free_name] {
                         whole_table_ok_ = free_name;
                         address_or_temp(*a);
                         whole_table_ok_ = false;
                       },
                       a->kind == ExprKind::Var, has_call(*a)});
      for (int d : open_dims(f.type)) {
        std::int64_t n;
        bool fixed = fixed_length(*a, d, n);
        words.push_back({[this, a, d, s] { array_length(*a, d, s); }, fixed || a->kind == ExprKind::Var, has_call(*a)});
      }
    }
  }
  int m = mark();
  auto copy_bytes = [&](const Expr& a) {
    std::int64_t n = bytes(a.type);
    if (n == kNone) unsupported("an array of run-time size in a PACKED RECORD passed by reference", a.site);
    return n;
  };
  for (const Copy& c : copies) {
    std::int64_t n = copy_bytes(*c.actual);
    copy_slot.push_back(alloc(words_of(n)));
    address(*c.actual);
    ins("ldlp " + slot_expr(cur_, copy_slot.back()));
    ins("ldc " + std::to_string(n));
    ins("move");
  }
  for (std::size_t k = 0; k < formals.size() && k < actuals.size(); ++k) {
    const Type& ft = type(m_.vars[std::size_t(formals[k])].type);
    std::int64_t n;
    if (ft.kind != TypeKind::Array || ft.length == kNone || fixed_length(actuals[k], 0, n)) continue;
    array_length(actuals[k], 0, s);
    ins("ldc " + std::to_string(ft.length));
    ins("diff");
    check_label(s, "array size mismatch: a parameter of a declared size");
    ins("ldc 1");
    ins("csub0");
  }
  bool any_call = false;
  for (const Word& w : words) any_call = any_call || w.calls;
  std::vector<int> temp(words.size(), -1);
  for (std::size_t k = 0; k < words.size(); ++k) {
    if (any_call || (k < 3 && !words[k].one_register)) {
      temp[k] = alloc(1);
      words[k].push();
      ins("stl " + slot_expr(cur_, temp[k]));
    }
  }
  if (words.size() > 3) cur().outgoing = std::max(cur().outgoing, int(words.size()) - 3);
  for (std::size_t k = 3; k < words.size(); ++k) {
    if (temp[k] >= 0)
      ins("ldl " + slot_expr(cur_, temp[k]));
    else
      words[k].push();
    ins("stl " + std::to_string(k - 3));
  }
  for (std::size_t k = std::min<std::size_t>(3, words.size()); k-- > 0;) {
    if (temp[k] >= 0)
      ins("ldl " + slot_expr(cur_, temp[k]));
    else
      words[k].push();
  }
  ins("call " + pi.label);
  call_return_label(s);
  const Frame& cf = frames_[std::size_t(pi.frame)];
  cur().below = std::max(cur().below, kCallWords + cf.outgoing + cf.high + cf.below);
  for (std::size_t c = 0; c < copies.size(); ++c) {
    if (copies[c].val) continue;
    ins("ldlp " + slot_expr(cur_, copy_slot[c]));
    address(*copies[c].actual);
    ins("ldc " + std::to_string(copy_bytes(*copies[c].actual)));
    ins("move");
  }
  release(m);
}

void Gen::call_function(const Expr& e) { call(e.proc, e.args, e.site); }

}  // namespace transit::occam::backend::tp
