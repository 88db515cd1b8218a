// The occam IR: a checked occam program as plain data, independent of any target. Processes keep occam's
// structured control flow (SEQ/PAR/ALT/IF/WHILE/CASE) over typed storage (variables, channels, timers);
// every run-time check is explicit (a flag on the node that needs it). The native C++ back end and the
// transputer back end both consume it. docs/ir.md is the reference; `transit dump --ir FILE` prints it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace transit::occam::ir {

using TypeId = std::int32_t;      // index into Module::types
using VarId = std::int32_t;       // index into Module::vars
using ProcId = std::int32_t;      // index into Module::procs
using RecordId = std::int32_t;    // index into Module::records
using ProtocolId = std::int32_t;  // index into Module::protocols
inline constexpr std::int32_t kNone = -1;

// A place in the occam source: Module::files[file], line and column from 1 (0: unknown).
struct Site {
  std::int32_t file = 0;
  std::int32_t line = 0;
  std::int32_t col = 0;
};

// A copyable owning pointer, so recursive nodes stay plain values.
template <class T>
class Box {
 public:
  Box() = default;
  Box(T v) : p_(std::make_unique<T>(std::move(v))) {}
  Box(const Box& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  Box(Box&&) noexcept = default;
  Box& operator=(const Box& o) { p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr; return *this; }
  Box& operator=(Box&&) noexcept = default;
  explicit operator bool() const { return p_ != nullptr; }
  T& operator*() const { return *p_; }
  T* operator->() const { return p_.get(); }
  T* get() const { return p_.get(); }

 private:
  std::unique_ptr<T> p_;
};

// ---------------------------------------------------------------------------------------------- types

// The primitive data types of occam 2.1. Int is the target's word (INT); both back ends give it 32 bits.
enum class Prim : std::uint8_t { Bool, Byte, Int, Int16, Int32, Int64, Real32, Real64 };

enum class TypeKind : std::uint8_t {
  Prim,    // prim
  Array,   // elem, length (kNone: an open dimension, [] in a parameter: the length travels with the value)
  Record,  // record
  Chan,    // protocol
  Timer,
  Port,    // elem: PORT OF elem (a value read and written without synchronisation; see PortRead)
};

struct Type {
  TypeKind kind = TypeKind::Prim;
  Prim prim = Prim::Int;
  TypeId elem = kNone;
  std::int64_t length = kNone;
  RecordId record = kNone;
  ProtocolId protocol = kNone;
};

// RECORD and PACKED RECORD. Field offsets, size and alignment are computed once, by record_layout()
// in layout.h (occam's transputer layout); every layer and back end reads that.
struct Field {
  std::string name;
  TypeId type = kNone;
};
struct Record {
  std::string name;
  bool packed = false;
  std::vector<Field> fields;
};

// One item of a message: a value of `type`, or when count != kNone a counted array: a count of type
// `count` followed by that many elements of type `type` (count::[]type).
struct ProtocolItem {
  TypeId type = kNone;
  TypeId count = kNone;
};
struct ProtocolCase {
  std::string tag;                  // the tag's number is its index in Protocol::cases
  std::vector<ProtocolItem> items;  // empty: a tag alone
};
enum class ProtocolKind : std::uint8_t {
  Simple,      // items has exactly one item, not counted: the channel carries that type (CHAN OF INT)
  Sequential,  // items: a message is the items in order (CHAN OF INT; BYTE, CHAN OF INT::[]BYTE)
  Variant,     // cases: a message is a tag then that case's items
  Any,         // CHAN OF ANY: a message is the bytes of whatever was output
};
struct Protocol {
  std::string name;  // empty for an anonymous protocol (CHAN OF INT)
  ProtocolKind kind = ProtocolKind::Simple;
  std::vector<ProtocolItem> items;
  std::vector<ProtocolCase> cases;
};

// ---------------------------------------------------------------------------------------------- storage

enum class VarKind : std::uint8_t {
  Local,       // a declared variable, channel, timer or array of them; Decl::init may give it a value (INITIAL)
  ValParam,    // VAL parameter: read only, passed by value (arrays by reference, read only)
  RefParam,    // variable, channel or timer parameter: the caller's storage
  ResultParam, // RESULT parameter: the caller's storage, assigned before it is read
  ValAbbrev,   // VAL x IS e: a read-only name for a value
  RefAbbrev,   // x IS v: another name for the storage v (a variable, channel, array element, slice...)
  Retypes,     // x RETYPES v: the storage of v seen as type of x (same size in bytes)
  ValRetypes,  // VAL x RETYPES e: the bytes of the value e seen as type of x
  Replicator,  // the index of a replicated construct: read only
};

struct Var {
  std::string name;     // occam name (not unique; back ends make it unique with the id)
  TypeId type = kNone;
  VarKind kind = VarKind::Local;
  Site site;
  // PLACE name AT address (a Local variable, channel or port): its word address. Every name placed
  // at one address denotes the same storage (the same channel for channels); docs/ir.md.
  std::optional<std::int64_t> placed_at;
  // A RefAbbrev of a table of channels (KRoC's d IS [c0, c1]:): an array whose elements are the
  // channels listed, stored apart (not one block). It is only indexed (and SIZEd), never used whole.
  bool chan_table = false;
};

// ---------------------------------------------------------------------------------------------- expressions

enum class Op : std::uint8_t {
  // arithmetic, checked: overflow and division by zero are run-time errors (Expr::check)
  Add, Sub, Mul, Div, Rem, Neg,
  // modulo arithmetic: wraps, never an error
  Plus, Minus, Times, ModNeg,
  // bits (shift counts outside 0..bits are errors when checked)
  BitAnd, BitOr, BitXor, BitNot, Shl, Shr,
  // booleans (AND and OR evaluate their right operand only when needed)
  And, Or, Not,
  // comparisons (After: modulo comparison of times, a AFTER b == (a MINUS b) > 0)
  Eq, Ne, Lt, Le, Gt, Ge, After,
};

enum class ConvertMode : std::uint8_t { Exact, Round, Trunc };

enum class ExprKind : std::uint8_t {
  IntLit,     // int_value, of type (any integer type, BOOL or BYTE)
  RealLit,    // real_value
  Table,      // args: the elements of an array value ([1, 2, 3], "string")
  Var,        // var
  Index,      // args[0] indexed by args[1] (bounds checked when check)
  Field,      // args[0] . field (a record field, by index)
  Slice,      // [args[0] FROM args[1] FOR args[2]] (range checked when check)
  Size,       // SIZE args[0]: the length of an array's outer dimension (int_value k > 0: of dimension k)
  Unary,      // op args[0]
  Binary,     // args[0] op args[1]
  Convert,    // args[0] converted to type with mode (range checked when check)
  Retype,     // the bytes of args[0] seen as type (same size; VAL RETYPES in an expression)
  Call,       // FUNCTION proc(args): results are Proc::results (a multi-result call only in Assign::rhs)
  Builtin,    // builtin(args): an occam 2.1 library routine (lang/builtins.def)
  Valof,      // an inline VALOF: body, then results (args)
  Offsetof,   // OFFSETOF: the byte offset of field int_value of record type `record_type` (the target's layout)
};

struct Process;

struct Expr {
  ExprKind kind = ExprKind::IntLit;
  TypeId type = kNone;  // the type of the value (for Call of a multi-result function: its first result)
  Site site;
  Op op = Op::Add;
  ConvertMode mode = ConvertMode::Exact;
  bool check = false;          // the run-time check this node implies is still needed
  std::int64_t int_value = 0;  // IntLit; Field: field index; Size: the dimension (0 the outer one)
  double real_value = 0;       // RealLit
  VarId var = kNone;           // Var
  ProcId proc = kNone;         // Call
  std::int32_t builtin = kNone;// Builtin: index into the builtins table
  TypeId record_type = kNone;  // Offsetof: the RECORD type
  std::vector<Expr> args;
  Box<Process> body;           // Valof
};

// ---------------------------------------------------------------------------------------------- processes

enum class ProcKind : std::uint8_t {
  Skip,
  Stop,        // occam STOP: this process stops (deadlock-detectable), others go on
  Assign,      // lhs := rhs (same count, or one multi-result Call on the right)
  Output,      // channel ! rhs...; Variant: tag first (tag), then that case's items
  Input,       // channel ? lhs...; counted item k: lhs[2k] count target, lhs[2k+1] array target
  CaseInput,   // channel ? CASE: body are CaseArm processes
  CaseArm,     // tag with its targets lhs, then body[0]
  TimerRead,   // channel (a timer) ? lhs[0]
  TimerAfter,  // channel (a timer) ? AFTER rhs[0]
  Seq,         // body in order (replicated when rep)
  Par,         // body in parallel (replicated when rep); pri for PRI PAR; placed for PLACED PAR
  If,          // body are Guarded or nested If (replicated when rep); none true: a run-time error
  Guarded,     // rhs[0] condition, body[0] process (a choice of If)
  While,       // rhs[0] condition, body[0]
  Case,        // rhs[0] selector; body are Option (no match, no ELSE: a run-time error)
  Option,      // rhs: the values (empty: ELSE), body[0]
  Alt,         // body are Alternative or nested Alt (replicated when rep); pri for PRI ALT
  Alternative, // guard (rhs[0] precondition or none), then one input-like guard in body[0]
               // (Input, CaseInput, TimerAfter or Skip), then body[1] the process
  Call,        // PROC proc(rhs): actuals in parameter order (channels and variables as lvalue Exprs)
  Block,       // decls in scope for body[0]
  Assert,      // ASSERT(rhs[0]): a run-time check
  Placed,      // PROCESSOR rhs[0] (number) body[0]: one process of a PLACED PAR
  PortRead,    // channel (a Port) ? lhs[0]: reads the port's value; never blocks, but lets others run first
  PortWrite,   // channel (a Port) ! rhs[0]: writes the port's value, never waits
  Reschedule,  // KRoC's RESCHEDULE (): goes to the back of the ready queue, letting the others run
};

// `index = base FOR count [STEP step]`: instance k (0 <= k < count) has index base + k * step.
struct Replicator {
  VarId index = kNone;
  Expr base;
  Expr count;
  std::optional<Expr> step;  // occam-pi STEP; absent: 1
};

// One declaration of a Block. init: INITIAL value, abbreviated expression or retyped storage.
struct Decl {
  VarId var = kNone;
  std::optional<Expr> init;
};

struct Process {
  ProcKind kind = ProcKind::Skip;
  Site site;
  std::string name;            // Par branches and Procs: the name shown in run-time and deadlock reports
  std::optional<Expr> channel; // Input, Output, CaseInput, TimerRead, TimerAfter
  std::vector<Expr> lhs;
  std::vector<Expr> rhs;
  std::vector<Process> body;
  std::vector<Decl> decls;     // Block
  std::optional<Replicator> rep;
  std::int32_t tag = kNone;    // Output, CaseArm: the variant tag index
  ProcId proc = kNone;         // Call
  bool pri = false;            // PRI PAR, PRI ALT
  bool placed = false;         // PLACED PAR (body are Placed)
};

// ---------------------------------------------------------------------------------------------- units

enum class ParamMode : std::uint8_t { Val, Ref, Result };

struct Proc {
  std::string name;
  Site site;
  bool function = false;        // FUNCTION: no communication, returns results
  bool inline_hint = false;     // INLINE PROC/FUNCTION
  std::vector<VarId> params;    // kinds ValParam, RefParam, ResultParam
  std::vector<VarId> free_vars; // non-local names the body uses (by reference), after params
  std::vector<TypeId> results;  // FUNCTION result types
  Process body;                 // PROC body; FUNCTION: the VALOF's process
  std::vector<Expr> result_exprs;  // FUNCTION: the VALOF's results
  std::string link_name;        // non-empty: its symbol, shared with a separately compiled unit (driver/unit.h)
  bool external = false;        // its code is in a separately compiled unit: back ends declare it only
  // An external routine from a unit's interface has no body (a Skip); instead:
  bool waits = false;                  // the PROC can wait (see procs_that_wait)
  std::vector<std::uint8_t> chan_use;  // per param, then per free var: kChanInput | kChanOutput
};
inline constexpr std::uint8_t kChanInput = 1;   // the routine inputs from that channel (or reads that port)
inline constexpr std::uint8_t kChanOutput = 2;  // the routine outputs to it (or writes that port)

// The program's entry: the last PROC of the main file and which of its parameters are the KRoC
// keyboard (stdin), screen (stdout) and error (stderr) channels of BYTE; a channel of another
// protocol is bound to the network at run time (`transit run --connect/--listen NAME=...`).
enum class MainChannel : std::uint8_t { Keyboard, Screen, Error, Network };
struct Entry {
  ProcId proc = kNone;
  std::vector<MainChannel> params;  // one per parameter, in order
};

struct Module {
  std::vector<std::string> files;  // Site::file indexes this (0: "")
  std::vector<Type> types;
  std::vector<Record> records;
  std::vector<Protocol> protocols;
  std::vector<Var> vars;
  std::vector<Proc> procs;          // callees before callers is not required
  std::optional<Entry> entry;

  // Interning helpers: equal types get one id.
  TypeId prim(Prim p);
  TypeId array(TypeId elem, std::int64_t length);
  TypeId chan(ProtocolId protocol);
  TypeId timer();
  TypeId port(TypeId elem);
  TypeId record(RecordId r);
  TypeId intern(const Type& t);
  // The protocol of a channel carrying one value of type t (CHAN OF t).
  ProtocolId simple_protocol(TypeId t);
  VarId add_var(std::string name, TypeId type, VarKind kind, Site site = {});
};

// Sizes in bytes in the occam type system (INT: 4). Open arrays and channels/timers have no size (kNone).
std::int64_t bytes_of(const Module& m, TypeId t);
bool is_integer(Prim p);
bool is_real(Prim p);
const char* prim_name(Prim p);
const char* op_name(Op op);
const char* proc_kind_name(ProcKind k);

// Which PROCs can wait: those that communicate, run a PAR or ALT, wait for a timer, read a port
// (which yields), STOP, or call a PROC that can (an external one: Proc::waits). FUNCTIONs never
// do (their processes run closed).
// `stop`: whether a STOP counts as waiting (a FUNCTION's STOP is an error instead).
std::vector<bool> procs_that_wait(const Module& m);
bool process_waits(const std::vector<bool>& waiting, const Process& p, bool stop = true);

}  // namespace transit::occam::ir
