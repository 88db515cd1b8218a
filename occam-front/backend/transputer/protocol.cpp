// Messages as the transputer sends them: one communication per item of a protocol, in order. A
// variant's tag is one byte first; a counted array is its count (of the count's type), then that
// many elements in one communication; the receiver checks the count against its array.
#include <functional>

#include "backend/transputer/gen.h"

namespace transit::occam::backend::tp {

void Gen::output_items(const Expr& chan, const std::vector<ProtocolItem>& items, const std::vector<Expr>& values,
                       Site s) {
  std::size_t k = 0;
  for (const ProtocolItem& it : items) {
    if (it.count == kNone) {
      output_item(chan, values.at(k++), it.type, s);
      continue;
    }
    const Expr& count = values.at(k++);
    const Expr& array = values.at(k++);
    int m = mark();
    int n = alloc(1);
    expr(count);
    ins("stl " + slot_expr(cur_, n));
    output_item(chan, count, it.count, s);
    // the elements: count * element size bytes from the array
    int ptr = alloc(1);
    address_or_temp(array);
    ins("stl " + slot_expr(cur_, ptr));
    std::int64_t each = bytes(it.type);
    if (each == kNone) unsupported("a counted array of elements of run-time size", s);
    ins("ldl " + slot_expr(cur_, n));
    array_length(array, 0, s);
    ins("adc 1");
    check_label(s, "counted array: count out of range");
    ins("csub0");
    ins("ldc " + std::to_string(each));
    ins("prod");
    ins("stl " + slot_expr(cur_, n));
    ins("ldl " + slot_expr(cur_, ptr));
    address(chan);
    ins("ldl " + slot_expr(cur_, n));
    wait_label(s, "output on channel " + chan_name(chan));
    ins("out");
    release(m);
  }
}

void Gen::input_items(const Expr& chan, const std::vector<ProtocolItem>& items, const std::vector<Expr>& targets,
                      Site s) {
  std::size_t k = 0;
  for (const ProtocolItem& it : items) {
    if (it.count == kNone) {
      input_item(chan, targets.at(k++), it.type, s);
      continue;
    }
    const Expr& count = targets.at(k++);
    const Expr& array = targets.at(k++);
    input_item(chan, count, it.count, s);
    int m = mark();
    int n = alloc(1);
    std::int64_t each = bytes(it.type);
    if (each == kNone) unsupported("a counted array of elements of run-time size", s);
    expr(count);
    array_length(array, 0, s);
    ins("adc 1");
    check_label(s, "counted array: count received out of range");
    ins("csub0");
    ins("ldc " + std::to_string(each));
    ins("prod");
    ins("stl " + slot_expr(cur_, n));
    int ptr = alloc(1);
    address(array);
    ins("stl " + slot_expr(cur_, ptr));
    ins("ldl " + slot_expr(cur_, ptr));
    address(chan);
    ins("ldl " + slot_expr(cur_, n));
    wait_label(s, "input on channel " + chan_name(chan));
    ins("in");
    release(m);
  }
}

void Gen::output(const Process& p) {
  const Protocol& pr = m_.protocols[std::size_t(type(p.channel->type).protocol)];
  int m = mark();
  switch (pr.kind) {
    case ProtocolKind::Simple:
    case ProtocolKind::Sequential:
      output_items(*p.channel, pr.items, p.rhs, p.site);
      break;
    case ProtocolKind::Variant: {
      {  // the tag, one byte
        ChanPush c(*this, *p.channel);
        c.push();
        ins("ldc " + std::to_string(p.tag));
        wait_label(p.site, "output on channel " + chan_name(*p.channel));
        ins("outbyte");
      }
      output_items(*p.channel, pr.cases.at(std::size_t(p.tag)).items, p.rhs, p.site);
      break;
    }
    case ProtocolKind::Any:
      any_message(*p.channel, p.rhs, p.site, true);
      break;
  }
  release(m);
}

// CHAN OF ANY: a message is its length in bytes (a word), then its bytes one communication each,
// so the receiver takes them into its own targets however they are split; as natively, it needs at
// least as many bytes as its targets take, and the rest are dropped.
void Gen::any_message(const Expr& chan, const std::vector<Expr>& items, Site s, bool out) {
  ChanPush c(*this, chan);
  std::string where = (out ? "output on channel " : "input on channel ") + chan_name(chan);
  int total = alloc(1), count = alloc(1);
  std::vector<int> ptr, len;
  ins("ldc 0"), ins("stl " + slot_expr(cur_, total));
  for (const Expr& x : items) {
    ptr.push_back(alloc(1));
    len.push_back(alloc(1));
    if (!out && x.kind == ExprKind::Var && !loc(x.var, s).pointer && word_value(x.type) && scalar_bytes(x.type) < 4) {
      ins("ldc 0");  // the rest of a BYTE's or BOOL's word stays zero
      store_word(loc(x.var, s).frame, loc(x.var, s).slot);
    }
    if (out) address_or_temp(x); else address(x);
    ins("stl " + slot_expr(cur_, ptr.back()));
    std::int64_t n = bytes(x.type);
    if (n != kNone) {
      ins("ldc " + std::to_string(n));
    } else {
      array_length(x, 0, s);
      ins("ldc " + std::to_string(elem_bytes(x.type, s)));
      ins("prod");
    }
    ins("stl " + slot_expr(cur_, len.back()));
    ins("ldl " + slot_expr(cur_, total)), ins("ldl " + slot_expr(cur_, len.back())), ins("sum");
    ins("stl " + slot_expr(cur_, total));
  }
  if (out) {
    c.push();
    ins("ldl " + slot_expr(cur_, total));
    wait_label(s, where);
    ins("outword");
  } else {
    ins("ldlp " + slot_expr(cur_, count));
    c.push();
    ins("ldc 4");
    wait_label(s, where);
    ins("in");
    ins("ldl " + slot_expr(cur_, total)), ins("ldl " + slot_expr(cur_, count)), ins("gt");
    check_label(s, "input does not match the message's protocol");
    ins("ldc 1"), ins("csub0");
    // the bytes past the targets' go to a scratch word
    ins("ldl " + slot_expr(cur_, count)), ins("ldl " + slot_expr(cur_, total)), ins("diff");
    ins("stl " + slot_expr(cur_, count));
  }
  auto bytes_loop = [&](int p, int l, bool advance) {
    std::string top = fresh("L"), done = fresh("L");
    label(top);
    ins("ldl " + slot_expr(cur_, l)), ins("cj " + done);
    if (out) {
      c.push(), ins("ldl " + slot_expr(cur_, p)), ins("lb");
      wait_label(s, where);
      ins("outbyte");
    } else {
      ins("ldl " + slot_expr(cur_, p)), c.push(), ins("ldc 1");
      wait_label(s, where);
      ins("in");
    }
    if (advance) ins("ldl " + slot_expr(cur_, p)), ins("adc 1"), ins("stl " + slot_expr(cur_, p));
    ins("ldl " + slot_expr(cur_, l)), ins("adc -1"), ins("stl " + slot_expr(cur_, l)), ins("j " + top);
    label(done);
  };
  for (std::size_t k = 0; k < items.size(); ++k) bytes_loop(ptr[k], len[k], true);
  if (!out) {
    int scratch = alloc(1);
    ins("ldlp " + slot_expr(cur_, scratch)), ins("stl " + slot_expr(cur_, ptr.at(0)));
    bytes_loop(ptr[0], count, false);
  }
}

// The tag byte of a variant message, into a fresh slot (zeroed, so the word reads as the byte).
static int input_tag(Gen& g, const Expr& chan, Site site) {
  int t = g.alloc(1);
  g.ins("ldc 0");
  g.ins("stl " + g.slot_expr(g.cur_, t));
  g.ins("ldlp " + g.slot_expr(g.cur_, t));
  g.address(chan);
  g.ins("ldc 1");
  g.wait_label(site, "input on channel " + g.chan_name(chan));
  g.ins("in");
  return t;
}

void Gen::input(const Process& p) {
  const Protocol& pr = m_.protocols[std::size_t(type(p.channel->type).protocol)];
  int m = mark();
  switch (pr.kind) {
    case ProtocolKind::Simple:
    case ProtocolKind::Sequential:
      input_items(*p.channel, pr.items, p.lhs, p.site);
      break;
    case ProtocolKind::Variant: {  // c ? CASE tag; x: another tag is an error
      int t = input_tag(*this, *p.channel, p.site);
      ins("ldl " + slot_expr(cur_, t));
      ins("eqc " + std::to_string(p.tag));
      ins("eqc 0");
      check_label(p.site, "CASE input: the tag received is not the one expected");
      ins("ldc 1");
      ins("csub0");
      input_items(*p.channel, pr.cases.at(std::size_t(p.tag)).items, p.lhs, p.site);
      break;
    }
    case ProtocolKind::Any:
      any_message(*p.channel, p.lhs, p.site, false);
      break;
  }
  release(m);
}

void Gen::case_input(const Process& p) {
  const Protocol& pr = m_.protocols[std::size_t(type(p.channel->type).protocol)];
  int m = mark();
  int t = input_tag(*this, *p.channel, p.site);
  std::string done = fresh("L");
  std::function<void(const Process&)> arm = [&](const Process& a) {
    if (a.kind == ProcKind::Block) {
      int bm = mark();
      for (const Decl& d : a.decls) declare(d, a.site);
      arm(a.body.at(0));
      release(bm);
      return;
    }
    if (a.kind != ProcKind::CaseArm) unsupported("this arm of a CASE input", a.site);
    std::string next = fresh("L");
    ins("ldl " + slot_expr(cur_, t));
    ins("eqc " + std::to_string(a.tag));
    ins("cj " + next);
    input_items(*p.channel, pr.cases.at(std::size_t(a.tag)).items, a.lhs, a.site);
    process(a.body.at(0));
    ins("j " + done);
    label(next);
  };
  for (const Process& a : p.body) arm(a);
  check_label(p.site, "CASE input: no option for the tag received");
  ins("seterr");
  ins("stopp");
  label(done);
  release(m);
}

}  // namespace transit::occam::backend::tp
