// IR -> verify::Program: calls inlined, PARs unrolled into threads, storage laid out in one memory of
// words (one word per scalar, arrays and records flattened), channels numbered apart. Names bound to
// constants where the IR allows (replicator indices of PAR and ALT, VAL parameters given constants),
// so channel subscripts like left[i] become fixed channels. Scopes zero their words on exit, so dead
// variables do not split states.
#include "transit/occam/verify/compile.h"

#include "transit/occam/verify/eval.h"

#include <bit>
#include <stdexcept>
#include <unordered_map>

namespace transit::occam::verify {

namespace {

using ir::Expr;
using ir::ExprKind;
using ir::ProcKind;
using ir::Process;
using ir::TypeId;
using ir::TypeKind;

struct Unsupported : std::runtime_error {
  ir::Site site;
  Unsupported(const ir::Site& s, const std::string& what) : std::runtime_error(what), site(s) {}
};

// Where a name's storage is, or the constant it stands for.
struct Binding {
  bool constant = false;
  Word value = 0;
  std::int32_t addr = -1;    // node: the address (memory word, or channel number for channels)
  std::int32_t length = -1;  // node: the outer length of an open array
};

// An lvalue: its address node, type and outer length node (-1: the type's length).
struct Place {
  std::int32_t addr = -1;
  TypeId type = ir::kNone;
  std::int32_t length = -1;
};

class Compiler {
 public:
  explicit Compiler(const ir::Module& m) : m_(m) {}

  Program run() {
    p_.files = m_.files;
    p_.code.resize(1);
    if (!m_.entry) throw Unsupported({}, "the program has no PROC to run");
    const ir::Proc& main = proc(m_.entry->proc);
    for (ir::MainChannel c : m_.entry->params)
      if (c == ir::MainChannel::Network) refuse(main.site, "a main PROC channel bound to the network (its peer is another program)");
    p_.threads.push_back(Thread{main.name, -1, 0, main.site, {}, {}});
    for (std::size_t i = 0; i < main.params.size(); ++i) {
      Binding b;
      b.addr = konst(i < m_.entry->params.size() ? Word(m_.entry->params[i]) : Word(i));
      env_[main.params[i]] = b;
    }
    p_.chan_names = {{"keyboard", 0, 1}, {"screen", 1, 1}, {"error", 2, 1}};
    p_.keyboard_slot = alloc_words(1);
    thread_body(0, main.body);
    p_.word_owner = owner_;
    p_.word_owner.resize(std::size_t(p_.memory_words), -1);
    return std::move(p_);
  }

 private:
  const ir::Module& m_;
  Program p_;
  std::unordered_map<ir::VarId, Binding> env_;
  std::vector<std::vector<Instr>> buffers_;  // per thread, pcs relative, until placed
  std::int32_t thread_ = 0;
  std::int32_t top_ = 0, peak_ = 0;  // memory words in use now, and the most since the thread began
  std::vector<std::int32_t> owner_;  // per memory word: the thread that holds it (alloc_words)
  std::int32_t loop_words_ = -1;     // the index and count words of the replicated loop being compiled

  const ir::Proc& proc(ir::ProcId id) const { return m_.procs[std::size_t(id)]; }
  const ir::Type& type(TypeId t) const { return m_.types[std::size_t(t)]; }
  std::vector<Instr>& code() { return buffers_[std::size_t(thread_)]; }
  std::int32_t here() { return std::int32_t(code().size()); }
  std::int32_t emit(Instr i) {
    code().push_back(std::move(i));
    return here() - 1;
  }

  [[noreturn]] void refuse(const ir::Site& s, const std::string& what) { throw Unsupported(s, what); }

  // ------------------------------------------------------------------ storage

  bool chan_space(TypeId t) const {
    while (type(t).kind == TypeKind::Array) t = type(t).elem;
    return type(t).kind == TypeKind::Chan;
  }
  // Words (or channels) one value of t takes; kNone for an open array.
  Word words(TypeId t, const ir::Site& s) {
    const ir::Type& ty = type(t);
    switch (ty.kind) {
      case TypeKind::Prim:
        return 1;
      case TypeKind::Chan: return 1;
      case TypeKind::Timer: return 0;
      case TypeKind::Port: refuse(s, "PORTs are not interpreted");
      case TypeKind::Record: {
        Word n = 0;
        for (const ir::Field& f : m_.records[std::size_t(ty.record)].fields) n += words(f.type, s);
        return n;
      }
      case TypeKind::Array: {
        if (ty.length == ir::kNone) return ir::kNone;
        Word e = words(ty.elem, s);
        if (e == ir::kNone) refuse(s, "an array of open arrays");
        return ty.length * e;
      }
    }
    return 0;
  }
  // n consecutive words from top_ up, past any that another thread has held: a word belongs to one
  // thread only, so that renaming threads renames their words (symmetry.h) even where one thread's
  // scope would reuse words another's had.
  std::int32_t alloc_words(Word n) {
    std::int32_t at = top_;
    for (std::int32_t k = 0; k < n; ++k)
      if (std::size_t(at + k) < owner_.size() && owner_[std::size_t(at + k)] >= 0 && owner_[std::size_t(at + k)] != thread_) {
        at += k + 1;
        k = -1;
      }
    top_ = at + std::int32_t(n);
    peak_ = std::max(peak_, top_);
    p_.memory_words = std::max(p_.memory_words, top_);
    if (owner_.size() < std::size_t(top_)) owner_.resize(std::size_t(top_), -1);
    for (std::int32_t w = at; w < top_; ++w) owner_[std::size_t(w)] = thread_;
    return at;
  }
  // Storage for a declared name of type t: memory words, or fresh channel numbers.
  std::int32_t alloc(TypeId t, const std::string& name, const ir::Site& s) {
    Word n = words(t, s);
    if (n == ir::kNone) refuse(s, "storage of unknown size for '" + name + "'");
    if (!chan_space(t)) return alloc_words(n);
    std::int32_t at = p_.channels;
    p_.channels += std::int32_t(n);
    p_.chan_names.push_back({name, at, std::int32_t(n)});
    return at;
  }

  // ------------------------------------------------------------------ nodes

  // A new node; an operation on constants is folded to one (unless it fails: then it fails when run).
  std::int32_t node(Node n) {
    p_.nodes.push_back(n);
    std::int32_t id = std::int32_t(p_.nodes.size() - 1);
    if (n.kind == NodeKind::Const || n.kind == NodeKind::Load) return id;
    for (std::int32_t c : {n.a, n.b, n.c})
      if (c >= 0 && !is_const(c)) return id;
    try {
      Word v = eval(p_.nodes, id, nullptr, thread_);
      p_.nodes.back() = Node{};
      p_.nodes.back().value = v;
    } catch (const RunError&) {
    }
    return id;
  }
  std::int32_t konst(Word v) {
    Node n;
    n.value = v;
    return node(n);
  }
  bool is_const(std::int32_t n) const { return n >= 0 && p_.nodes[std::size_t(n)].kind == NodeKind::Const; }
  Word const_of(std::int32_t n) const { return p_.nodes[std::size_t(n)].value; }
  std::int32_t load(std::int32_t addr) {
    Node n;
    n.kind = NodeKind::Load;
    n.a = addr;
    return node(n);
  }
  std::int32_t binary(ir::Op op, ir::Prim prim, std::int32_t a, std::int32_t b, bool check = false, ir::Site s = {}) {
    Node n;
    n.kind = NodeKind::Binary;
    n.op = op;
    n.prim = prim;
    n.a = a;
    n.b = b;
    n.check = check;
    n.site = s;
    return node(n);
  }
  // A value kept for later: a constant stays one, anything else is copied into a fresh word.
  std::int32_t keep(std::int32_t value, const ir::Site& s) {
    if (is_const(value)) return value;
    std::int32_t w = alloc_words(1);
    assign_word(w, value, s);
    return load(konst(w));
  }
  void assign_word(std::int32_t word, std::int32_t value, const ir::Site& s) {
    Instr i;
    i.op = Op::Assign;
    i.site = s;
    Item t;
    t.span.addr = konst(word);
    i.targets.push_back(t);
    Item v;
    v.span.scalar = true;
    v.span.addr = value;
    i.sources.push_back(v);
    emit(std::move(i));
  }

  ir::Prim prim_of(TypeId t, const ir::Site& s) {
    const ir::Type& ty = type(t);
    if (ty.kind != TypeKind::Prim) refuse(s, "a value that is not a number or BOOL where one is expected");
    return ty.prim;
  }

  // A scalar value.
  std::int32_t value(const Expr& e) {
    switch (e.kind) {
      case ExprKind::IntLit:
      case ExprKind::RealLit: return literal(e);
      case ExprKind::Var: {
        const Binding& b = binding(e);
        if (b.constant) return konst(b.value);
        if (type(e.type).kind == TypeKind::Timer) refuse(e.site, "a timer used as a value");
        return load(b.addr);
      }
      case ExprKind::Index:
      case ExprKind::Field: return load(place(e).addr);
      case ExprKind::Size: {
        Place pl = place(e.args[0]);
        TypeId t = pl.type;
        for (std::int64_t k = 0; k < e.int_value; ++k) t = type(t).elem;
        if (e.int_value == 0 && pl.length >= 0) return pl.length;
        if (type(t).length == ir::kNone) refuse(e.site, "SIZE of an inner open dimension");
        return konst(type(t).length);
      }
      case ExprKind::Unary: {
        Node n;
        n.kind = NodeKind::Unary;
        n.op = e.op;
        n.prim = prim_of(e.args[0].type, e.site);
        n.a = value(e.args[0]);
        n.check = e.check;
        n.site = e.site;
        return node(n);
      }
      case ExprKind::Binary: {
        ir::Prim pr = prim_of(e.args[0].type, e.site);
        std::int32_t a = value(e.args[0]);
        // A FUNCTION or VALOF runs before the expression that uses it (function_value): on the right
        // of AND or OR it might not be evaluated at all, so it is refused there.
        if ((e.op == ir::Op::And || e.op == ir::Op::Or) && runs_code(e.args[1]))
          refuse(e.args[1].site, "a FUNCTION call or VALOF on the right of AND or OR is not interpreted yet");
        std::int32_t b = value(e.args[1]);
        return binary(e.op, pr, a, b, e.check, e.site);
      }
      case ExprKind::Convert: {
        Node n;
        n.kind = NodeKind::Convert;
        n.from = prim_of(e.args[0].type, e.site);
        n.prim = prim_of(e.type, e.site);
        n.mode = e.mode;
        n.a = value(e.args[0]);
        n.check = e.check;
        n.site = e.site;
        return node(n);
      }
      case ExprKind::Call: {
        const ir::Proc& f = proc(e.proc);
        if (f.external) refuse(e.site, "FUNCTION " + f.name + " is in a separately compiled unit (its body is not available)");
        if (f.results.size() != 1) refuse(e.site, "a FUNCTION with several results where one value is expected");
        return results_of(e)[0];
      }
      case ExprKind::Builtin: refuse(e.site, "library routines (the occam 2.1 built-ins) are not interpreted yet");
      case ExprKind::Valof:
        if (e.args.size() != 1) refuse(e.site, "a VALOF with several results where one value is expected");
        return results_of(e)[0];
      case ExprKind::Retype:
        same_layout(e.args[0].type, e.type, e.site);
        return value(e.args[0]);
      case ExprKind::Offsetof: refuse(e.site, "OFFSETOF is not interpreted yet");
      case ExprKind::Table:
      case ExprKind::Slice: refuse(e.site, "an array value where a single value is expected");
    }
    refuse(e.site, "an expression the verifier does not know");
  }

  // A literal: a REAL's as its IEEE bits (program.h), rounded to its type as natively.
  std::int32_t literal(const Expr& e) {
    const ir::Type& ty = type(e.type);
    const bool real = ty.kind == TypeKind::Prim && ir::is_real(ty.prim);
    if (!real) return konst(e.int_value);
    const bool lit = e.kind == ExprKind::RealLit;
    if (ty.prim == ir::Prim::Real64) return konst(std::bit_cast<Word>(lit ? e.real_value : double(e.int_value)));
    return konst(Word(std::bit_cast<std::uint32_t>(lit ? float(e.real_value) : float(e.int_value))));
  }

  // Whether evaluating e runs code (a FUNCTION call or a VALOF somewhere in it).
  static bool runs_code(const Expr& e) {
    if (e.kind == ExprKind::Call || e.kind == ExprKind::Valof) return true;
    for (const Expr& a : e.args)
      if (runs_code(a)) return true;
    return false;
  }

  // The values of a FUNCTION call or VALOF (one or several results).
  std::vector<std::int32_t> results_of(const Expr& e) {
    if (e.kind == ExprKind::Valof) {
      std::vector<const Expr*> results;
      for (const Expr& r : e.args) results.push_back(&r);
      return valof(*e.body, results, e.site);
    }
    return function_value(proc(e.proc), e);
  }

  // A FUNCTION call: its body inlined here, before the instruction whose expression uses it; its
  // results kept in words of the enclosing scope.
  std::vector<std::int32_t> function_value(const ir::Proc& f, const Expr& call) {
    for (const ir::Proc* c : calling_)
      if (c == &f) refuse(call.site, "a recursive call of " + f.name);
    std::int32_t from = top_;
    std::unordered_map<ir::VarId, Binding> callee_env;
    for (std::size_t k = 0; k < f.params.size(); ++k) {
      const ir::Var& v = m_.vars[std::size_t(f.params[k])];
      callee_env[f.params[k]] = val_binding(call.args[k], v.type, call.site);
    }
    for (ir::VarId fv : f.free_vars) {
      auto it = env_.find(fv);
      if (it == env_.end()) refuse(call.site, "'" + m_.vars[std::size_t(fv)].name + "' has no storage here");
      callee_env[fv] = it->second;
    }
    calling_.push_back(&f);
    std::swap(env_, callee_env);
    std::int32_t to = top_;
    std::vector<const Expr*> results;
    for (const Expr& r : f.result_exprs) results.push_back(&r);
    std::vector<std::int32_t> v = valof(f.body, results, call.site);
    std::swap(env_, callee_env);
    calling_.pop_back();
    zero(from, to);
    top_ = from;
    return v;
  }

  // A value process: body (its Blocks' declarations stay in scope over the results), then the results,
  // each kept in a word of the enclosing scope (all evaluated before any is kept).
  std::vector<std::int32_t> valof(const Process& body, const std::vector<const Expr*>& result_exprs, const ir::Site& site) {
    std::int32_t result = alloc_words(Word(result_exprs.size()));
    std::int32_t from = top_;
    auto saved = env_;
    const Process* b = &body;
    for (; b->kind == ProcKind::Block; b = &b->body[0])
      for (const ir::Decl& d : b->decls) declare(d);
    std::int32_t to = top_;
    process(*b);
    std::vector<Item> ts, ss;
    std::vector<std::int32_t> values;
    for (std::size_t k = 0; k < result_exprs.size(); ++k) {
      Item t;
      t.span.addr = konst(result + std::int32_t(k));
      ts.push_back(t);
      Item v;
      v.span.scalar = true;
      v.span.addr = value(*result_exprs[k]);
      ss.push_back(v);
      values.push_back(load(konst(result + std::int32_t(k))));
    }
    assign(std::move(ts), std::move(ss), site);
    zero(from, to);
    env_ = std::move(saved);
    top_ = from;
    return values;
  }

  const Binding& binding(const Expr& e) {
    auto it = env_.find(e.var);
    if (it == env_.end()) refuse(e.site, "'" + m_.vars[std::size_t(e.var)].name + "' has no storage here");
    return it->second;
  }

  // An lvalue (variable, channel, element, field, slice).
  Place place(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Var: {
        const Binding& b = binding(e);
        if (b.constant) {  // a VAL given a constant, used whole: give it a word
          std::int32_t w = alloc_words(1);
          assign_word(w, konst(b.value), e.site);
          return Place{konst(w), e.type, -1};
        }
        return Place{b.addr, e.type, b.length};
      }
      case ExprKind::Index: {
        Place base = place(e.args[0]);
        TypeId elem = type(base.type).elem;
        Node n;
        n.kind = NodeKind::Index;
        n.a = base.addr;
        n.b = value(e.args[1]);
        n.c = base.length >= 0 ? base.length : konst(type(base.type).length);
        n.value = words(elem, e.site);
        n.check = true;
        n.site = e.site;
        if (is_const(n.a) && is_const(n.b) && is_const(n.c) && const_of(n.b) >= 0 && const_of(n.b) < const_of(n.c))
          return Place{konst(const_of(n.a) + const_of(n.b) * n.value), elem, -1};
        return Place{node(n), elem, -1};
      }
      case ExprKind::Field: {
        Place base = place(e.args[0]);
        const ir::Record& r = m_.records[std::size_t(type(base.type).record)];
        Word off = 0;
        for (std::int64_t k = 0; k < e.int_value; ++k) off += words(r.fields[std::size_t(k)].type, e.site);
        std::int32_t addr = is_const(base.addr) ? konst(const_of(base.addr) + off)
                                                : binary(ir::Op::Plus, ir::Prim::Int64, base.addr, konst(off));
        return Place{addr, r.fields[std::size_t(e.int_value)].type, -1};
      }
      case ExprKind::Slice: {
        Place base = place(e.args[0]);
        TypeId elem = type(base.type).elem;
        std::int32_t len = base.length >= 0 ? base.length : konst(type(base.type).length);
        std::int32_t from = value(e.args[1]);
        std::int32_t count = value(e.args[2]);
        // from checked against 0..len-count: an Index over a length of len - count + 1.
        Node n;
        n.kind = NodeKind::Index;
        n.a = base.addr;
        n.b = from;
        n.c = binary(ir::Op::Plus, ir::Prim::Int64, binary(ir::Op::Minus, ir::Prim::Int64, len, count), konst(1));
        n.value = words(elem, e.site);
        n.check = true;
        n.site = e.site;
        Node nonneg;  // FOR must not be negative: 0 indexed in 0..count
        nonneg.kind = NodeKind::Index;
        nonneg.a = node(n);
        nonneg.b = konst(0);
        nonneg.c = binary(ir::Op::Plus, ir::Prim::Int64, count, konst(1));
        nonneg.value = 0;
        nonneg.check = true;
        nonneg.site = e.site;
        return Place{node(nonneg), e.type, count};
      }
      default: refuse(e.site, "an expression used as a variable or channel that is not one");
    }
  }

  // ------------------------------------------------------------------ items

  Span span_of(const Place& pl, const ir::Site& s) {
    Span sp;
    sp.addr = pl.addr;
    const ir::Type& t = type(pl.type);
    if (t.kind == TypeKind::Array) {
      Word e = words(t.elem, s);
      if (e == ir::kNone) refuse(s, "an array of open arrays");
      sp.elem_words = std::int32_t(e);
      if (pl.length >= 0 && !is_const(pl.length)) sp.count_node = pl.length;
      else sp.count = pl.length >= 0 ? const_of(pl.length) : t.length;
    } else {
      sp.count = words(pl.type, s);
    }
    return sp;
  }
  void table_spans(const Expr& e, std::vector<Span>& out) {
    for (const Expr& x : e.args) {
      if (x.kind == ExprKind::Table) table_spans(x, out);
      else if (type(x.type).kind == TypeKind::Prim) {
        Span s;
        s.scalar = true;
        s.addr = value(x);
        out.push_back(s);
      } else {
        out.push_back(span_of(place(x), x.site));
      }
    }
  }
  Item source(const Expr& e) {
    Item it;
    if (e.kind == ExprKind::Table) {
      it.is_table = true;
      table_spans(e, it.table);
    } else if (type(e.type).kind == TypeKind::Prim) {
      it.span.scalar = true;
      it.span.addr = value(e);
    } else {
      it.span = span_of(place(e), e.site);
    }
    return it;
  }
  Item target(const Expr& e) {
    Item it;
    it.span = span_of(place(e), e.site);
    return it;
  }
  // The items of a message: counted items (count::[]T) take two expressions.
  std::vector<Item> message(const std::vector<ir::ProtocolItem>& items, const std::vector<Expr>& es, bool in, bool any) {
    std::vector<Item> out;
    std::size_t k = 0;
    for (const ir::ProtocolItem& pi : items) {
      if (k >= es.size()) break;
      if (pi.count != ir::kNone) {
        out.push_back(in ? target(es[k]) : source(es[k]));
        out.back().counted = true;
        out.push_back(in ? target(es[k + 1]) : source(es[k + 1]));
        k += 2;
      } else {
        out.push_back(in ? target(es[k]) : source(es[k]));
        ++k;
      }
    }
    if (any || k < es.size()) refuse(es.empty() ? ir::Site{} : es[0].site, "CHAN OF ANY is not interpreted");
    return out;
  }
  const ir::Protocol& protocol_of(const Expr& ch) {
    TypeId t = ch.type;
    while (type(t).kind == TypeKind::Array) t = type(t).elem;
    return m_.protocols[std::size_t(type(t).protocol)];
  }
  const std::vector<ir::ProtocolItem>& items_of(const ir::Protocol& pr, std::int32_t tag) {
    return pr.kind == ir::ProtocolKind::Variant ? pr.cases[std::size_t(tag)].items : pr.items;
  }
  std::int32_t chan(const Expr& ch, bool output) {
    std::int32_t c = place(ch).addr;
    if (is_const(c)) {
      Thread& t = p_.threads[std::size_t(thread_)];
      (output ? t.outputs : t.inputs).push_back(std::int32_t(const_of(c)));
    }
    return c;
  }
  std::vector<Item> input_targets(const Process& p, std::int32_t tag) {
    const ir::Protocol& pr = protocol_of(*p.channel);
    return message(items_of(pr, tag), p.lhs, true, pr.kind == ir::ProtocolKind::Any);
  }

  // ------------------------------------------------------------------ processes

  // A scope's words from..to-1 zeroed as it ends: those this thread holds (alloc_words skips others').
  void zero(std::int32_t from, std::int32_t to) {
    to = std::min<std::int32_t>(to, std::int32_t(owner_.size()));
    for (std::int32_t w = from; w < to;) {
      if (owner_[std::size_t(w)] != thread_) {
        ++w;
        continue;
      }
      Instr i;
      i.op = Op::Zero;
      i.first = w;
      while (w < to && owner_[std::size_t(w)] == thread_) ++w;
      i.count = w - i.first;
      emit(std::move(i));
    }
  }
  std::int32_t jump(Op op, std::int32_t cond = -1, const ir::Site& s = {}) {
    Instr i;
    i.op = op;
    i.cond = cond;
    i.site = s;
    return emit(std::move(i));
  }
  void patch(std::int32_t at) { code()[std::size_t(at)].target = here(); }
  void fail(const ir::Site& s, const std::string& message) {
    Instr i;
    i.op = Op::Fail;
    i.site = s;
    i.message = message;
    emit(std::move(i));
  }

  // Binds a declaration's name; returns nothing, may emit code (INITIAL values, kept addresses).
  void declare(const ir::Decl& d) {
    const ir::Var& v = m_.vars[std::size_t(d.var)];
    Binding b;
    switch (v.kind) {
      case ir::VarKind::Local:
        if (v.placed_at) refuse(v.site, "PLACE ... AT is not interpreted");
        if (type(v.type).kind == TypeKind::Timer) break;
        b.addr = konst(alloc(v.type, v.name, v.site));
        env_[d.var] = b;
        if (d.init) assign({target(ir_var(d.var, v))}, {source(*d.init)}, v.site);
        return;
      case ir::VarKind::ValAbbrev:
        b = val_binding(*d.init, v.type, v.site);
        break;
      case ir::VarKind::RefAbbrev:
        if (v.chan_table) refuse(v.site, "an abbreviation of a table of channels is not interpreted yet");
        b = ref_binding(*d.init, v.site);
        break;
      case ir::VarKind::Retypes:
      case ir::VarKind::ValRetypes:
        same_layout(d.init->type, v.type, v.site);
        if (type(v.type).kind == TypeKind::Array && type(v.type).length == ir::kNone)
          refuse(v.site, "RETYPES to an open array is not interpreted yet");
        b = v.kind == ir::VarKind::ValRetypes ? val_binding(*d.init, v.type, v.site) : ref_binding(*d.init, v.site);
        if (type(v.type).kind == TypeKind::Array) b.length = konst(type(v.type).length);
        break;
      default: refuse(v.site, "a declaration the verifier does not know");
    }
    env_[d.var] = b;
  }
  // RETYPES and RESHAPES are interpreted where they keep every word's value: the two types hold the
  // same numbers of the same scalars in the same order (a reshaped array, INT as INT32), since a
  // scalar takes one word here whatever its size in bytes. Others are refused.
  void same_layout(TypeId from, TypeId to, const ir::Site& s) {
    std::vector<std::pair<int, bool>> a, b;
    if (!scalars(from, a) || !scalars(to, b) || a != b)
      refuse(s, "RETYPES from " + type_text(from) + " to " + type_text(to) +
                    " changes how the bytes make values: not interpreted yet (only between types of the same scalars, as RESHAPES)");
  }
  // The bits and signedness of each scalar of t, in order; false for an open array or a REAL.
  bool scalars(TypeId t, std::vector<std::pair<int, bool>>& out) {
    const ir::Type& ty = type(t);
    switch (ty.kind) {
      case TypeKind::Prim: {
        if (ir::is_real(ty.prim)) return false;
        ir::Prim p = ty.prim;
        int bits = p == ir::Prim::Bool ? 1 : p == ir::Prim::Byte ? 8 : p == ir::Prim::Int16 ? 16 : p == ir::Prim::Int64 ? 64 : 32;
        out.emplace_back(bits, p != ir::Prim::Bool && p != ir::Prim::Byte);
        return true;
      }
      case TypeKind::Array:
        if (ty.length == ir::kNone || ty.length > 65536) return false;
        for (Word k = 0; k < ty.length; ++k)
          if (!scalars(ty.elem, out)) return false;
        return true;
      case TypeKind::Record:
        for (const ir::Field& f : m_.records[std::size_t(ty.record)].fields)
          if (!scalars(f.type, out)) return false;
        return true;
      default: return false;
    }
  }
  std::string type_text(TypeId t) {
    const ir::Type& ty = type(t);
    if (ty.kind == TypeKind::Prim) return ir::prim_name(ty.prim);
    if (ty.kind == TypeKind::Array)
      return "[" + (ty.length == ir::kNone ? std::string() : std::to_string(ty.length)) + "]" + type_text(ty.elem);
    return "a record";
  }
  Expr ir_var(ir::VarId id, const ir::Var& v) {
    Expr e;
    e.kind = ExprKind::Var;
    e.var = id;
    e.type = v.type;
    e.site = v.site;
    return e;
  }
  // VAL name IS e (or a VAL parameter): a constant, a kept value, or (arrays) the storage of e.
  Binding val_binding(const Expr& e, TypeId t, const ir::Site& s) {
    Binding b;
    if (type(e.type).kind == TypeKind::Prim) {
      std::int32_t v = value(e);
      if (is_const(v)) {
        b.constant = true;
        b.value = const_of(v);
      } else {
        b.addr = konst(alloc_words(1));
        assign_word(std::int32_t(const_of(b.addr)), v, s);
      }
      return b;
    }
    if (e.kind == ExprKind::Table) {
      Word n = words(e.type, s);
      b.addr = konst(alloc_words(n));
      assign({target_at(b.addr, e.type)}, {source(e)}, s);
      if (type(t).kind == TypeKind::Array && type(t).length == ir::kNone) b.length = konst(type(e.type).length);
      return b;
    }
    return ref_binding(e, s);
  }
  Item target_at(std::int32_t addr, TypeId t) {
    Item it;
    it.span = span_of(Place{addr, t, -1}, {});
    return it;
  }
  // name IS v (or a reference parameter): v's address, kept in a word when it is not constant.
  Binding ref_binding(const Expr& e, const ir::Site& s) {
    Place pl = place(e);
    Binding b;
    b.addr = keep(pl.addr, s);
    if (type(pl.type).kind == TypeKind::Array) b.length = keep(pl.length >= 0 ? pl.length : konst(type(pl.type).length), s);
    return b;
  }

  void assign(std::vector<Item> targets, std::vector<Item> sources, const ir::Site& s) {
    Instr i;
    i.op = Op::Assign;
    i.site = s;
    i.targets = std::move(targets);
    i.sources = std::move(sources);
    emit(std::move(i));
  }

  // A scope: declarations bound, body, then the scope's words zeroed.
  template <class Body>
  void scoped(const std::vector<ir::Decl>& decls, Body body) {
    std::int32_t from = top_;
    auto saved = env_;
    for (const ir::Decl& d : decls) declare(d);
    std::int32_t to = top_;
    body();
    zero(from, to);
    top_ = from;
    env_ = std::move(saved);
  }

  // A replicator whose base and count are constants: calls each(index value) per instance.
  template <class Each>
  void unroll(const ir::Replicator& r, const char* what, Each each) {
    std::int32_t base = value(r.base), count = value(r.count);
    std::int32_t step = r.step ? value(*r.step) : konst(1);
    if (!is_const(base) || !is_const(count) || !is_const(step))
      refuse(r.base.site, std::string("a replicated ") + what + " whose base and count are not constants");
    if (const_of(count) < 0) refuse(r.count.site, "replicator count is negative");
    auto saved = env_;
    for (Word k = 0; k < const_of(count); ++k) {
      Binding b;
      b.constant = true;
      b.value = const_of(base) + k * const_of(step);
      env_[r.index] = b;
      each(b.value);
    }
    env_ = std::move(saved);
  }

  // A replicated SEQ or IF as a loop over a word holding the index; body(exit jumps) inside.
  template <class Body>
  void loop(const ir::Replicator& r, Body body) {
    std::int32_t from = top_;
    std::int32_t idx = alloc_words(2), left = idx + 1;
    loop_words_ = idx;
    std::int32_t step = r.step ? value(*r.step) : konst(1);
    assign_word(idx, value(r.base), r.base.site);
    assign_word(left, value(r.count), r.count.site);
    std::int32_t neg = jump(Op::JumpIfNot, binary(ir::Op::Lt, ir::Prim::Int64, load(konst(left)), konst(0)));
    fail(r.count.site, "replicator count is negative");
    patch(neg);
    auto saved = env_;
    Binding b;
    b.addr = konst(idx);
    env_[r.index] = b;
    std::int32_t top = here();
    std::int32_t out = jump(Op::JumpIfNot, binary(ir::Op::Gt, ir::Prim::Int64, load(konst(left)), konst(0)));
    body();
    assign_word(idx, binary(ir::Op::Plus, ir::Prim::Int64, load(konst(idx)), step), r.base.site);
    assign_word(left, binary(ir::Op::Minus, ir::Prim::Int64, load(konst(left)), konst(1)), r.base.site);
    code()[std::size_t(jump(Op::Jump))].target = top;
    patch(out);
    env_ = std::move(saved);
    zero(from, top_);
    top_ = from;
  }

  // IF choices: each true one runs and jumps to the end (its jump recorded in `exits`).
  void choices(const Process& p, std::vector<std::int32_t>& exits) {
    switch (p.kind) {
      case ProcKind::Guarded: {
        std::int32_t skip = jump(Op::JumpIfNot, value(p.rhs[0]), p.site);
        process(p.body[0]);
        exits.push_back(jump(Op::Jump));
        patch(skip);
        return;
      }
      case ProcKind::If:
        if (p.rep) {
          // A choice taken inside the loop leaves it early: the loop's two words (index, count left)
          // are zeroed on that way out too.
          std::vector<std::int32_t> inner;
          std::int32_t words = -1;  // the loop's two
          loop(*p.rep, [&] {
            words = loop_words_;
            for (const Process& c : p.body) choices(c, inner);
          });
          std::int32_t past = jump(Op::Jump);
          for (std::int32_t x : inner) patch(x);
          zero(words, words + 2);
          exits.push_back(jump(Op::Jump));
          patch(past);
        } else {
          for (const Process& c : p.body) choices(c, exits);
        }
        return;
      case ProcKind::Block: {
        // Declarations around choices: zeroed on both ways out.
        std::int32_t from = top_;
        auto saved = env_;
        for (const ir::Decl& d : p.decls) declare(d);
        std::int32_t to = top_;
        std::vector<std::int32_t> inner;
        choices(p.body[0], inner);
        zero(from, to);
        std::int32_t past = jump(Op::Jump);
        for (std::int32_t x : inner) patch(x);
        zero(from, to);
        exits.push_back(jump(Op::Jump));
        patch(past);
        top_ = from;
        env_ = std::move(saved);
        return;
      }
      default: refuse(p.site, std::string("an IF choice that is a ") + ir::proc_kind_name(p.kind));
    }
  }

  void case_process(const Process& p) {
    std::int32_t from = top_;
    std::int32_t sel = keep(value(p.rhs[0]), p.site);
    ir::Prim pr = prim_of(p.rhs[0].type, p.site);
    std::vector<std::pair<std::int32_t, const Process*>> tests;  // jump, option
    const Process* other = nullptr;
    for (const Process& o0 : p.body) {
      const Process* o = &o0;
      if (o->kind == ProcKind::Block) refuse(o->site, "declarations before a CASE option are not interpreted yet");
      if (o->rhs.empty()) other = o;
      for (const Expr& v : o->rhs) tests.emplace_back(jump(Op::JumpIfNot, binary(ir::Op::Ne, pr, sel, value(v)), o->site), o);
    }
    std::vector<std::int32_t> exits;
    if (other) process(other->body[0]);
    else fail(p.site, "CASE: no option matches the selector");
    exits.push_back(jump(Op::Jump));
    for (const Process& o : p.body) {
      if (o.rhs.empty()) continue;
      for (auto& [j, opt] : tests)
        if (opt == &o) patch(j);
      process(o.body[0]);
      exits.push_back(jump(Op::Jump));
    }
    for (std::int32_t x : exits) patch(x);
    zero(from, top_);
    top_ = from;
  }

  // ALT: guards flattened (nested and replicated ALTs unrolled); each guard's process ends with a
  // jump past the ALT.
  struct PendingGuard {
    Guard g;
    const Process* body;
    std::vector<const ir::Decl*> decls;
    std::unordered_map<ir::VarId, Binding> env;
  };
  void collect_guards(const Process& p, std::vector<PendingGuard>& out) {
    switch (p.kind) {
      case ProcKind::Alt:
        if (p.rep) unroll(*p.rep, "ALT", [&](Word) { for (const Process& c : p.body) collect_guards(c, out); });
        else for (const Process& c : p.body) collect_guards(c, out);
        return;
      case ProcKind::Block: {
        auto saved = env_;
        for (const ir::Decl& d : p.decls) declare(d);
        collect_guards(p.body[0], out);
        env_ = std::move(saved);  // the guards' words stay reserved until the ALT is compiled
        return;
      }
      case ProcKind::Alternative: {
        PendingGuard pg;
        const Process& g = p.body[0];
        pg.g.site = g.site;
        if (!p.rhs.empty()) pg.g.pre = value(p.rhs[0]);
        switch (g.kind) {
          case ProcKind::Input:
            pg.g.kind = GuardKind::Input;
            pg.g.chan = chan(*g.channel, false);
            pg.g.tag = g.tag;
            pg.g.targets = input_targets(g, g.tag);
            break;
          case ProcKind::CaseInput:
            pg.g.kind = GuardKind::CaseInput;
            pg.g.chan = chan(*g.channel, false);
            break;
          case ProcKind::TimerAfter: pg.g.kind = GuardKind::Timer; break;
          case ProcKind::Skip: pg.g.kind = GuardKind::Skip; break;
          default: refuse(g.site, "an ALT guard that is not an input, a timeout or SKIP");
        }
        pg.body = &p;
        pg.env = env_;
        out.push_back(std::move(pg));
        return;
      }
      default: refuse(p.site, std::string("an ALT alternative that is a ") + ir::proc_kind_name(p.kind));
    }
  }

  void alt(const Process& p) {
    std::int32_t from = top_;
    Instr a;
    a.op = Op::Alt;
    a.site = p.site;
    a.pri = p.pri;
    std::vector<PendingGuard> guards;
    collect_guards(p, guards);
    std::int32_t at = emit(Instr{});
    std::vector<std::int32_t> exits;
    auto saved = env_;
    for (PendingGuard& pg : guards) {
      env_ = pg.env;
      const Process& g = pg.body->body[0];
      if (g.kind == ProcKind::CaseInput) {
        pg.g.arms = case_arms(g, exits, from, [&] { process(pg.body->body[1]); });
      } else {
        pg.g.pc = here();
        process(pg.body->body[1]);
        zero(from, top_);
        exits.push_back(jump(Op::Jump));
      }
      a.guards.push_back(std::move(pg.g));
    }
    env_ = std::move(saved);
    code()[std::size_t(at)] = std::move(a);
    for (std::int32_t x : exits) patch(x);
    top_ = from;
  }

  // The arms of a ? CASE: each arm's process, then `then` (an ALT guard's own process), then the
  // words from `zero_from` zeroed and a jump recorded in `exits`.
  template <class Then>
  std::vector<Arm> case_arms(const Process& p, std::vector<std::int32_t>& exits, std::int32_t zero_from, Then then) {
    std::vector<Arm> arms;
    const ir::Protocol& pr = protocol_of(*p.channel);
    for (const Process& a0 : p.body) {
      const Process* a = &a0;
      std::int32_t from = top_;
      auto saved = env_;
      Arm arm;
      arm.pc = here();
      while (a->kind == ProcKind::Block) {
        for (const ir::Decl& d : a->decls) declare(d);
        a = &a->body[0];
      }
      arm.tag = a->tag;
      arm.targets = message(pr.cases[std::size_t(a->tag)].items, a->lhs, true, false);
      process(a->body[0]);
      then();
      zero(zero_from, top_);
      exits.push_back(jump(Op::Jump));
      env_ = std::move(saved);
      arms.push_back(std::move(arm));
      top_ = from;
    }
    return arms;
  }

  void par(const Process& p) {
    std::vector<std::pair<const Process*, std::string>> branches;
    // Branches without a name are named for their parent, as the runtime does.
    std::vector<std::string> names;
    for (const Process& b : p.body)
      names.push_back(b.name.empty() ? p_.threads[std::size_t(thread_)].name + ".par" + std::to_string(names.size() + 1) : b.name);
    auto name_of = [&](const Process& b) { return names[std::size_t(&b - p.body.data())]; };
    std::vector<std::unordered_map<ir::VarId, Binding>> envs;
    if (p.rep) {
      unroll(*p.rep, "PAR", [&](Word i) {
        for (const Process& b : p.body) {
          branches.emplace_back(&b, name_of(b) + "[" + std::to_string(i) + "]");
          envs.push_back(env_);
        }
      });
    } else {
      for (const Process& b : p.body) {
        branches.emplace_back(&b, name_of(b));
        envs.push_back(env_);
      }
    }
    if (p.placed) refuse(p.site, "PLACED PAR is not interpreted");
    std::int32_t first = std::int32_t(p_.threads.size());
    const bool inline_branch = !p.rep && branches.size() == 1;  // the C++ back end runs it in its parent
    for (auto& [b, name] : branches)
      p_.threads.push_back(Thread{name, thread_, 0, b->site, {}, {}, inline_branch ? -1 : std::int32_t(p_.threads.size()) - first});
    Instr spawn;
    spawn.op = Op::Spawn;
    spawn.site = p.site;
    spawn.first = first;
    spawn.count = std::int32_t(branches.size());
    if (p.rep && !p.body.empty()) spawn.replicas = spawn.count / std::int32_t(p.body.size());
    Instr join = spawn;
    join.op = Op::Join;
    emit(std::move(spawn));
    emit(std::move(join));
    std::int32_t from = top_;
    std::int32_t saved_peak = peak_;
    std::int32_t parent = thread_;
    auto saved_env = env_;
    for (std::size_t k = 0; k < branches.size(); ++k) {
      env_ = envs[k];
      peak_ = top_;
      thread_body(first + std::int32_t(k), *branches[k].first);
      top_ = peak_;  // siblings run together: their words never overlap
    }
    saved_peak = std::max(saved_peak, peak_);
    thread_ = parent;
    env_ = std::move(saved_env);
    top_ = from;
    peak_ = saved_peak;
  }

  void thread_body(std::int32_t t, const Process& body) {
    std::int32_t parent = thread_;
    thread_ = t;
    if (buffers_.size() <= std::size_t(t)) buffers_.resize(std::size_t(t) + 1);
    process(body);
    Instr end;
    end.op = Op::End;
    end.site = body.site;
    emit(std::move(end));
    // Place the thread's code: pcs become absolute.
    std::int32_t base = std::int32_t(p_.code.size());
    p_.threads[std::size_t(t)].start = base;
    for (Instr& i : buffers_[std::size_t(t)]) {
      if (i.op == Op::Jump || i.op == Op::JumpIfNot) i.target += base;
      for (Arm& a : i.arms) a.pc += base;
      for (Guard& g : i.guards) {
        g.pc += base;
        for (Arm& a : g.arms) a.pc += base;
      }
      p_.code.push_back(std::move(i));
    }
    buffers_[std::size_t(t)].clear();
    thread_ = parent;
  }

  void call(const Process& p) {
    const ir::Proc& callee = proc(p.proc);
    if (callee.external) refuse(p.site, "PROC " + callee.name + " is in a separately compiled unit (its body is not available)");
    if (callee.function) refuse(p.site, "a FUNCTION called as a PROC");
    std::int32_t from = top_;
    std::unordered_map<ir::VarId, Binding> callee_env;
    for (std::size_t k = 0; k < callee.params.size(); ++k) {
      const ir::Var& v = m_.vars[std::size_t(callee.params[k])];
      const Expr& actual = p.rhs[k];
      Binding b = v.kind == ir::VarKind::ValParam ? val_binding(actual, v.type, p.site) : ref_binding(actual, p.site);
      callee_env[callee.params[k]] = b;
    }
    for (std::size_t k = 0; k < callee.free_vars.size(); ++k) {
      ir::VarId fv = callee.free_vars[k];
      if (p.rhs.size() > callee.params.size() + k) {
        callee_env[fv] = ref_binding(p.rhs[callee.params.size() + k], p.site);
      } else {
        auto it = env_.find(fv);
        if (it == env_.end()) refuse(p.site, "'" + m_.vars[std::size_t(fv)].name + "' has no storage here");
        callee_env[fv] = it->second;
      }
    }
    for (const ir::Proc* c : calling_)
      if (c == &callee) refuse(p.site, "a recursive call of " + callee.name);
    calling_.push_back(&callee);
    std::swap(env_, callee_env);
    std::int32_t to = top_;
    process(callee.body);
    std::swap(env_, callee_env);
    calling_.pop_back();
    zero(from, to);
    top_ = from;
  }
  std::vector<const ir::Proc*> calling_;

  void process(const Process& p) {
    switch (p.kind) {
      case ProcKind::Skip: return;
      case ProcKind::Stop: jump(Op::Stop, -1, p.site); return;
      case ProcKind::Assign: {
        std::vector<Item> ts, ss;
        if (p.rhs.size() != p.lhs.size()) {  // a, b := f(x): the FUNCTION's (or VALOF's) results
          if (p.rhs.size() != 1 || (p.rhs[0].kind != ExprKind::Call && p.rhs[0].kind != ExprKind::Valof))
            refuse(p.site, "an assignment of a different number of values than variables");
          for (std::int32_t v : results_of(p.rhs[0])) {
            Item it;
            it.span.scalar = true;
            it.span.addr = v;
            ss.push_back(it);
          }
        }
        for (const Expr& e : p.rhs)
          if (p.rhs.size() == p.lhs.size()) ss.push_back(source(e));
        for (const Expr& e : p.lhs) ts.push_back(target(e));
        assign(std::move(ts), std::move(ss), p.site);
        return;
      }
      case ProcKind::Output: {
        const ir::Protocol& pr = protocol_of(*p.channel);
        Instr i;
        i.op = Op::Output;
        i.site = p.site;
        i.chan = chan(*p.channel, true);
        i.tag = pr.kind == ir::ProtocolKind::Variant ? p.tag : -1;
        if (i.tag >= 0) i.tag_name = pr.cases[std::size_t(p.tag)].tag;
        i.sources = message(items_of(pr, p.tag), p.rhs, false, pr.kind == ir::ProtocolKind::Any);
        for (const Expr& e : p.rhs) i.item_types.push_back(type_name(e.type));
        emit(std::move(i));
        return;
      }
      case ProcKind::Input: {
        Instr i;
        i.op = Op::Input;
        i.site = p.site;
        i.chan = chan(*p.channel, false);
        i.tag = p.tag;
        i.targets = input_targets(p, p.tag);
        emit(std::move(i));
        return;
      }
      case ProcKind::CaseInput: {
        std::int32_t from = top_;
        Instr i;
        i.op = Op::CaseInput;
        i.site = p.site;
        i.chan = chan(*p.channel, false);
        std::int32_t at = emit(Instr{});
        std::vector<std::int32_t> exits;
        i.arms = case_arms(p, exits, from, [] {});
        code()[std::size_t(at)] = std::move(i);
        for (std::int32_t x : exits) patch(x);
        top_ = from;
        return;
      }
      case ProcKind::TimerRead: {
        // Time is abstract: a timer read gives 0 (docs/deadlock.md).
        assign({target(p.lhs[0])}, {source(int_lit(0, p.lhs[0].type))}, p.site);
        return;
      }
      case ProcKind::TimerAfter: return;  // a delay always ends: nothing else can tell when
      case ProcKind::Seq:
        if (p.rep) loop(*p.rep, [&] { for (const Process& c : p.body) process(c); });
        else for (const Process& c : p.body) process(c);
        return;
      case ProcKind::Par: par(p); return;
      case ProcKind::If: {
        std::vector<std::int32_t> exits;
        choices(p, exits);
        fail(p.site, "IF: no condition is TRUE");
        for (std::int32_t x : exits) patch(x);
        return;
      }
      case ProcKind::While: {
        std::int32_t top = here();
        std::int32_t out = jump(Op::JumpIfNot, value(p.rhs[0]), p.site);
        process(p.body[0]);
        code()[std::size_t(jump(Op::Jump))].target = top;
        patch(out);
        return;
      }
      case ProcKind::Case: case_process(p); return;
      case ProcKind::Alt: alt(p); return;
      case ProcKind::Call: call(p); return;
      case ProcKind::Block: scoped(p.decls, [&] { process(p.body[0]); }); return;
      case ProcKind::Assert: {
        std::int32_t ok = jump(Op::JumpIfNot, binary(ir::Op::Eq, ir::Prim::Bool, value(p.rhs[0]), konst(0)), p.site);
        fail(p.site, "ASSERT failed");
        patch(ok);
        return;
      }
      case ProcKind::Reschedule: return;  // every interleaving is explored anyway
      case ProcKind::PortRead:
      case ProcKind::PortWrite: refuse(p.site, "PORTs are not interpreted");
      default: refuse(p.site, std::string("a ") + ir::proc_kind_name(p.kind) + " outside its construct");
    }
  }

  Expr int_lit(Word v, TypeId t) {
    Expr e;
    e.kind = ExprKind::IntLit;
    e.int_value = v;
    e.type = t;
    return e;
  }
  std::string type_name(TypeId t) {
    const ir::Type& ty = type(t);
    if (ty.kind == TypeKind::Prim) return ir::prim_name(ty.prim);
    return "array";
  }
};

}  // namespace

std::string Program::site_text(const ir::Site& s) const {
  std::string f = s.file > 0 && std::size_t(s.file) < files.size() ? files[std::size_t(s.file)] : "?";
  return f + ":" + std::to_string(s.line) + ":" + std::to_string(s.col);
}

std::string Program::chan_text(Word c) const {
  for (const ChanName& n : chan_names)
    if (c >= n.first && c < n.first + n.count) {
      if (n.count == 1 && n.name != "") return n.name;
      return n.name + "[" + std::to_string(c - n.first) + "]";
    }
  return "channel " + std::to_string(c);
}

std::variant<Program, std::string> compile(const ir::Module& m) {
  try {
    return Compiler(m).run();
  } catch (const Unsupported& r) {
    std::string where = r.site.file > 0 && std::size_t(r.site.file) < m.files.size()
                            ? m.files[std::size_t(r.site.file)] + ":" + std::to_string(r.site.line) + ":" + std::to_string(r.site.col) + ": "
                            : std::string();
    return where + "verify: " + r.what();
  }
}

}  // namespace transit::occam::verify
