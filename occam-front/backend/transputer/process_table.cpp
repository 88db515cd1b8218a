// The process table (process_table.h): the frames, call sites and held channel ends recorded while the
// code is written, and their word offsets filled in once every frame's size is known.
#include <cstdlib>

#include "backend/transputer/gen.h"

namespace transit::occam::backend::tp {

void Gen::table_frame(int frame, FrameInfo info) {
  if (table_.frames.size() <= std::size_t(frame)) table_.frames.resize(std::size_t(frame) + 1);
  table_.frames[std::size_t(frame)] = std::move(info);
}

void Gen::call_return_label(Site s) {
  std::string l = fresh("R");
  label(l);
  table_.calls.push_back({l, s, process_name_});
}

// A fixed subscript or a length as a program over frame words; false when it uses anything else.
bool Gen::word_program(const Expr& e, WordProgram& out) {
  using K = WordOp::Kind;
  switch (e.kind) {
    case ExprKind::IntLit: out.push_back({K::Const, e.int_value, -1, ""}); return true;
    case ExprKind::Convert: return word_value(e.type) && word_program(e.args[0], out);
    case ExprKind::Var: {
      auto it = vars_.find(e.var);
      if (it == vars_.end() || it->second.pointer || it->second.none || !word_value(e.type)) return false;
      out.push_back({K::Load, 0, it->second.frame, it->second.slot});
      return true;
    }
    case ExprKind::Binary: {
      K k;
      switch (e.op) {
        case Op::Add: case Op::Plus: k = K::Add; break;
        case Op::Sub: case Op::Minus: k = K::Sub; break;
        case Op::Mul: case Op::Times: k = K::Mul; break;
        case Op::Div: k = K::Div; break;
        case Op::Rem: k = K::Rem; break;
        default: return false;
      }
      if (!word_program(e.args[0], out) || !word_program(e.args[1], out)) return false;
      out.push_back({k, 0, -1, ""});
      return true;
    }
    default: return false;
  }
}

std::vector<HeldEnd> Gen::held_ends(const Process& branch) {
  std::vector<HeldEnd> ends;
  for (const ChanEnd& e : chan_ends_.of(branch)) {
    auto it = vars_.find(e.root);
    if (it == vars_.end() || it->second.none) continue;
    const VarLoc& vl = it->second;
    const Var& var = m_.vars[std::size_t(e.root)];
    if (var.chan_table) continue;  // its channels lie apart: not located by one address
    HeldEnd h;
    h.name = var.name;
    h.frame = vl.frame;
    h.pointer = vl.pointer;
    h.writer = e.writer;
    h.symbolic = vl.slot;
    std::size_t open = 0;
    bool known = true;
    for (TypeId t = var.type; type(t).kind == TypeKind::Array; t = type(t).elem) {
      if (type(t).length != kNone) {
        h.dims.push_back({{WordOp::Kind::Const, type(t).length, -1, ""}});
      } else if (open < vl.lengths.size()) {
        h.dims.push_back({{WordOp::Kind::Load, 0, vl.frame, vl.lengths[open++]}});
      } else {
        known = false;
      }
    }
    if (!known) continue;
    for (const Expr* s : e.subscripts) {
      WordProgram p;
      if (!word_program(*s, p)) break;  // from here on: every channel of the rest, as natively
      h.subscripts.push_back(std::move(p));
    }
    ends.push_back(std::move(h));
  }
  return ends;
}

namespace {

// "C12_A+3" -> frame 12's A + 3 (the forms slot_expr and the parameters' slots take).
int resolve(const std::string& e, const std::vector<Frame>& frames) {
  std::size_t us = e.find('_');
  int id = std::atoi(e.c_str() + 1);
  const Frame& f = frames.at(std::size_t(id));
  int base = e.at(us + 1) == 'A' ? f.outgoing : f.outgoing + f.high;
  std::size_t plus = e.find('+');
  return base + (plus == std::string::npos ? 0 : std::atoi(e.c_str() + plus + 1));
}

void resolve(WordProgram& p, const std::vector<Frame>& frames) {
  for (WordOp& op : p)
    if (!op.symbolic.empty()) {
      op.value = resolve(op.symbolic, frames);
      op.symbolic.clear();
    }
}

}  // namespace

void Gen::finish_table() {
  for (std::size_t k = 0; k < frames_.size() && k < table_.frames.size(); ++k) {
    const Frame& f = frames_[k];
    FrameInfo& fi = table_.frames[k];
    fi.L = f.outgoing + f.high;
    if (f.parent >= 0) fi.B = frames_[std::size_t(f.parent)].outgoing + f.region + f.below;
    if (f.linked) fi.link_slot = f.outgoing + f.link_slot;
    for (HeldEnd& h : fi.ends) {
      h.slot = resolve(h.symbolic, frames_);
      h.symbolic.clear();
      for (WordProgram& p : h.subscripts) resolve(p, frames_);
      for (WordProgram& p : h.dims) resolve(p, frames_);
    }
  }
}

}  // namespace transit::occam::backend::tp
