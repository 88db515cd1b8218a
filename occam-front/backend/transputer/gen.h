// The transputer code generator's shared state: the workspace frames (one per PROC body and per PAR
// branch), where every variable lives, and the assembly being written. emit_transputer.cpp drives
// it; expr.cpp writes expressions, process.cpp processes, host.cpp the bootstrap and host processes.
#pragma once

#include <cstdint>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "transit/occam/backend/transputer/emit_transputer.h"
#include "transit/occam/ir/chan_ends.h"
#include "transit/occam/ir/ir.h"

namespace transit::occam::backend::tp {

using namespace ir;

// A construct the back end does not translate yet; becomes a TransputerError naming the site.
struct Unsupported : std::runtime_error {
  Site site;
  Unsupported(const std::string& what, Site s) : std::runtime_error(what), site(s) {}
};

// Scheduling slots every process keeps below its Wptr (Iptr, link, state, timer link, time) and
// one spare.
inline constexpr int kBelowSlots = 6;
// Words the `call` instruction pushes (return Iptr, Areg, Breg, Creg).
inline constexpr int kCallWords = 4;

// One workspace: a PROC's body or one PAR branch. Its Wptr points at word 0 of its locals:
//   W[0 .. A)       scratch: outgoing call arguments past the third, PAR join, ALT selection
//   W[A .. A+hw)    variables and temporaries (a PAR's branch workspaces among them)
//   W[L ..]         a PROC's return Iptr, then its parameters (L = A + hw)
//   W[-N .. 0)      what the calls and scheduling below it need
// A, L, N and a branch's B (its Wptr's word offset in its parent's frame) are assembler symbols
// Cn_A, Cn_L, Cn_N, Cn_B whose values are written at the end, when every frame is known.
struct Frame {
  int id = 0;
  int parent = -1;         // the enclosing frame of a PAR branch (-1 for a PROC)
  bool linked = false;     // a replicated PAR branch: reaches its parent through a static link
  int link_slot = 0;       // linked: the local slot holding the parent's Wptr
  int outgoing = 2;        // A: words of scratch (at least the PAR join's two)
  int next = 0;            // next free local slot (from A)
  int high = 0;            // hw: the most slots in use at once
  int below = kBelowSlots; // N
  int region = 0;          // a branch: its region's first slot in the parent frame
  std::string name;        // the PROC it belongs to (reports)
  std::string sym() const { return "C" + std::to_string(id); }
};

// Where a variable's value lives: in its frame's slot (Direct: the value itself, or the storage of an
// array, record or channel) or at the address held in that slot (Pointer). Open dimensions keep
// their lengths in `lengths` slots (Direct words of the same frame).
struct VarLoc {
  int frame = -1;
  std::string slot;        // a word offset expression in the frame's coordinates
  bool pointer = false;
  std::vector<std::string> lengths;
  bool none = false;       // a timer: no storage
  bool unaligned = false;  // an abbreviation of storage in a PACKED RECORD (Gen::unaligned)
};

// An array operand: code that pushes its address, and its length (a constant or code that pushes it).
struct ArrayRef;

class Gen {
 public:
  Gen(const Module& m, Chip chip) : m_(m), chip_(chip), chan_ends_(m) {}
  TransputerAsm run();

  // ---- output
  std::ostringstream code_;                 // the current piece of code
  void ins(const std::string& s) { code_ << "    " << s << "\n"; }
  void label(const std::string& l) { code_ << l << ":\n"; }
  std::string fresh(const char* stem) { return stem + std::to_string(labels_++); }
  void comment(const std::string& s) { code_ << "-- " << s << "\n"; }

  // ---- frames and storage
  std::vector<Frame> frames_;
  int cur_ = -1;                            // the frame being written
  Frame& cur() { return frames_[std::size_t(cur_)]; }
  int alloc(int words);                     // local slots of the current frame
  int mark() { return cur().next; }
  void release(int m) { cur().next = m; }
  std::string slot_expr(int frame, int slot) const { return frames_[std::size_t(frame)].sym() + "_A+" + std::to_string(slot); }
  std::map<VarId, VarLoc> vars_;
  // How to reach a word of frame `f` (offset expression `off`) from the current frame: either
  // directly (ldl/stl/ldlp with the returned offset) or through a pointer it leaves on the stack
  // (ldnl/stnl/ldnlp with the returned offset).
  struct Access {
    bool via_pointer = false;
    std::string off;
  };
  Access reach(int frame, const std::string& off);
  void load_word(int frame, const std::string& off);   // pushes the word
  void store_word(int frame, const std::string& off);  // pops Areg into the word
  void load_addr(int frame, const std::string& off);   // pushes the word's address
  const VarLoc& loc(VarId v, Site s);

  // ---- types
  const Module& m_;
  Chip chip_;
  const Type& type(TypeId t) const { return m_.types[std::size_t(t)]; }
  bool is_prim(TypeId t, Prim p) const { return type(t).kind == TypeKind::Prim && type(t).prim == p; }
  // Bytes of a scalar primitive (BOOL and BYTE 1, INT16 2, INT INT32 REAL32 4, INT64 REAL64 8).
  int scalar_bytes(TypeId t) const;
  // A value that travels in one register: BOOL, BYTE, INT, INT16, INT32, REAL32 (its bits).
  bool word_value(TypeId t) const;
  bool real_value(TypeId t) const { return is_prim(t, Prim::Real32) || is_prim(t, Prim::Real64); }
  // Bytes of a value or of storage: a port's are its value's in whole words (the stride of an array
  // of ports, as natively placed); kNone for run-time sizes, channels, timers.
  std::int64_t bytes(TypeId t) const;
  int words_of(std::int64_t b) const { return int((b + 3) / 4); }
  // Words a value of type t takes in a frame (scalars at least a word; arrays, records their bytes).
  int storage_words(TypeId t, Site s) const;
  std::vector<int> open_dims(TypeId t) const;  // the open dimensions of an array type, outermost first

  // ---- expressions (expr.cpp): each leaves its value in Areg using at most three registers
  void expr(const Expr& e);
  int depth(const Expr& e) const;           // registers the evaluation needs (4: spilled)
  void binary(const Expr& e);
  void compare(Op op, const Expr& a, const Expr& b);
  void cond_jump_false(const Expr& e, const std::string& target);  // jumps when e is FALSE
  void address(const Expr& e);              // pushes the address of an lvalue or array value
  int value_in_slots(const Expr& a);        // a FUNCTION's array result held in slots, or -1
  void load_from_address(TypeId t);         // Areg: address -> the value
  void store_to_address(TypeId t);          // Areg: address, Breg: value -> stored
  void store_scalar(const Expr& lhs);       // pops Areg into the lvalue
  void range_check(TypeId t, Site s, const std::string& what);  // checks Areg fits t (BYTE, INT16)
  void long_to_word(int slot, TypeId t, Site s, const std::string& what);  // Areg: the INT64 at slot, checked to fit t
  void array_length(const Expr& e, int dim, Site s);  // pushes the length of dimension `dim`
  bool fixed_length(const Expr& e, int dim, std::int64_t& n) const;
  std::string constant_table(const Expr& e);  // label of a constant table's bytes
  // A table built at run time: its first slot. `as`: the type it is stored as, when the table's own
  // has arrays of run-time size (a declared size, a FUNCTION's result, a protocol's item).
  int build_table(const Expr& e, TypeId as = kNone);
  bool constant_bytes(const Expr& e, std::vector<std::uint8_t>& out) const;  // false: not constant
  void check_label(Site s, const std::string& what);  // a CheckSite just before the check
  void wait_label(Site s, const std::string& what);   // the same before an instruction that waits
  std::string chan_name(const Expr& c) const;         // "'c'", "'c[...]'" for reports
  std::int64_t elem_bytes(TypeId array_type, Site s) const;
  // An array whose elements are arrays with a dimension known only at run time.
  bool run_time_elem(const Expr& a) const {
    for (TypeId e = type(a.type).elem; type(e).kind == TypeKind::Array; e = type(e).elem)
      if (type(e).length == kNone) return true;
    return false;
  }
  std::int64_t elem_bytes_or_push(const Expr& a, Site s);
  // Tables of addresses: an abbreviation of a table of channels (d IS [c0, c1]:, one level) or of a
  // table of arrays of run-time size (VAL [][]INT t IS [a, b]:, a level per nested table). Such a
  // name is only subscripted (each level loads an address) and SIZEd, or passed on as a free name.
  std::map<VarId, int> address_levels_;
  int address_levels(const Expr& a) const;  // levels left in the array value a
  int declare_address_table(const Expr& table, int levels, std::vector<const Expr*>& leaves,
                            std::vector<std::int64_t>& counts, std::size_t level);
  VarLoc address_table_var(VarId v, const Expr& table, int levels, Site s);  // declares such a name
  int address_table_levels(const Decl& d) const;
  void find_address_tables(const Process& p);
  bool whole_table_ok_ = false;             // address() of such a name: allowed (a subscript's base, a free name)
  void call_function(const Expr& e);
  bool has_call(const Expr& e) const;       // contains code that calls a routine (clobbers registers)
  bool addressable(const Expr& e) const;    // names storage (address() works)
  bool unaligned(const Expr& e) const;      // may not be word aligned (in a PACKED RECORD): moved by bytes
  void address_or_temp(const Expr& e);      // its address, or its value in a temporary and that address
  void load_unaligned_word(const Expr& e);  // Areg: a word-sized value at any byte address

  // ---- INT64 (long.cpp): values as two words (low first) in a pair of local slots; a REAL64 is
  // moved the same way (its arithmetic is real.cpp's)
  bool long_value(TypeId t) const;
  void expr_long(const Expr& e, int slot);
  void long_compare(Op op, const Expr& a, const Expr& b);
  void long_compare_slots(Op op, int x, int y);  // the INT64s at slots x, y: Areg the truth value
  void store_long(const Expr& lhs, int slot);
  bool long_routines_used_ = false;

  // ---- REAL32 and REAL64 (real.cpp): values in local slots (a word, or two low first), computed
  // on the T800's FPU or by the T414's routines; occam's run-time checks are integer code on the bits
  bool real_op(const Expr& e) const;        // an operation real.cpp computes (not a load)
  std::uint64_t literal_bits(const Expr& e) const;  // an IntLit's or RealLit's bits in its type
  void expr_real(const Expr& e, int slot);  // e's REAL value into slot (and slot + 1 for a REAL64)
  void real_compare(Op op, const Expr& a, const Expr& b);  // Areg: the truth value
  void real_to_int(const Expr& e);          // a Convert from REAL to a word type: Areg
  void real_to_long(const Expr& e, int slot);  // a Convert from REAL to INT64: into slot, slot + 1
  void soft_real_to_long(const Expr& e, int slot);  // the same in software (the T414)
  void real_arith(Op op, bool dbl, int a, int b, int r);  // slot r := a op b (+ - * / \), rounded
  void real_compare_slots(Op op, bool dbl, int x, int y);  // Areg: x op y (= <> < <= > >=)
  void real_resize(bool from_dbl, int from, int to, bool trunc);  // REAL32 <-> REAL64, unchecked
  void real_from_long(bool dbl, int t, int r, bool trunc);  // the INT64 at t to a REAL at r
  std::string at(int slot) const;           // "ldlp" of a slot of the current frame
  bool soft_real_used_ = false;             // real_soft.cpp's routines (the T414's floating point)
  // Calls a routine of real_soft.cpp: each argument is an instruction pushing one word, the first
  // into Areg.
  void soft(const std::string& routine, const std::vector<std::string>& args);
  // ---- library routines (builtin.cpp): a Builtin's results into the slots given, or new ones
  void builtin(const Expr& e, const std::vector<int>& results);
  std::vector<int> builtin_result_slots(const Expr& e);

  // ---- processes (process.cpp)
  void process(const Process& p);
  void assign(const Process& p);
  void output(const Process& p);
  void input(const Process& p);
  void case_input(const Process& p);
  void output_items(const Expr& chan, const std::vector<ProtocolItem>& items, const std::vector<Expr>& values, Site s);
  void input_items(const Expr& chan, const std::vector<ProtocolItem>& items, const std::vector<Expr>& targets, Site s);
  void any_message(const Expr& chan, const std::vector<Expr>& items, Site s, bool out);  // CHAN OF ANY
  int replicator_slots(const Replicator& r, Site site);
  void seq(const Process& p);
  void if_(const Process& p, const std::string& done, bool top);
  void while_(const Process& p);
  void case_(const Process& p);
  void block(const Process& p);
  // A FUNCTION's or VALOF's process: its declarations stay in scope (their slots allocated) for the
  // results after it; the caller releases them.
  void value_process(const Process& p);
  void reschedule();                        // to the back of the run queue
  Expr port_value(const Expr& port) const;  // the port's storage as its value's type
  // PLACEd names: the address of each one's words (an assembler expression), and those words as
  // data (one block per run of overlapping placements, channels apart, as natively).
  std::map<VarId, std::string> placed_;
  void placed_storage();
  void par(const Process& p);
  void start_low(const std::string& code, const std::string& ws);  // runp at low priority
  void restore_priority(int slot);          // after a PRI PAR: back at the priority saved at slot
  bool pri_sink_used_ = false;
  void alt(const Process& p);
  // `results`: for a FUNCTION whose results do not come back in Areg, the local slots each result is
  // written to (its address is passed before the parameters).
  void call(ProcId proc, const std::vector<Expr>& args, Site s, const std::vector<int>& results = {});
  bool register_result(const Proc& p) const;  // one result, in Areg
  // A FUNCTION call or VALOF into local slots: the first slot of each result, in order.
  std::vector<int> results_into_slots(const Expr& e);
  void store_from_slot(const Expr& lhs, int slot);  // assigns the value held at a slot to lhs
  // A FUNCTION's result out, stored as its declared type `as`.
  void result_to_pointer(const Expr& r, const std::string& pointer_slot, TypeId as);
  void declare(const Decl& d, Site s);
  void output_item(const Expr& chan, const Expr& value, TypeId t, Site s);
  void input_item(const Expr& chan, const Expr& target, TypeId t, Site s);
  std::string proc_name_;                   // the PROC being written (reports)

  // ---- routines (emit_transputer.cpp)
  struct ProcInfo {
    int frame = -1;
    std::string label;
    std::vector<int> param_words;  // words each parameter takes in the call
    bool done = false, busy = false;
  };
  std::vector<ProcInfo> procs_;
  std::string process_name_;                // the process being written, as the native report names it
  const NetworkRole* role_ = nullptr;       // its processor's place in a network
  std::ostringstream routines_;             // finished routines and branches
  std::ostringstream data_;                 // constant tables
  std::vector<CheckSite> checks_;
  std::map<std::string, std::string> tables_;  // bytes -> label
  void routine(ProcId id);
  void param_words(const Proc& p, std::vector<int>& words) const;
  int labels_ = 0;

  // ---- the process table for deadlock reports (process_table.cpp)
  ProcessTable table_;
  ChanEnds chan_ends_;
  void table_frame(int frame, FrameInfo info);
  void call_return_label(Site s);           // labels the code after a `call` with its site
  std::vector<HeldEnd> held_ends(const Process& branch);
  bool word_program(const Expr& e, WordProgram& out);
  void finish_table();                      // the offsets, once every frame's size is known
};

// The INT64 multiply and divide routines (long.cpp), written once into a program that uses them.
std::string long_routines();
// The software floating-point routines (real_soft.cpp), written once into a program that uses them.
std::string soft_real_routines();

// Pushes a channel's address: a name directly, anything else (an element) computed once into a slot.
struct ChanPush {
  Gen& g;
  const Expr& chan;
  int slot = -1;
  ChanPush(Gen& gen, const Expr& c) : g(gen), chan(c) {
    if (c.kind != ExprKind::Var) {
      slot = g.alloc(1);
      g.address(c);
      g.ins("stl " + g.slot_expr(g.cur_, slot));
    }
  }
  void push() {
    if (slot < 0)
      g.address(chan);
    else
      g.ins("ldl " + g.slot_expr(g.cur_, slot));
  }
};

[[noreturn]] inline void unsupported(const std::string& what, Site s) { throw Unsupported(what, s); }

}  // namespace transit::occam::backend::tp
