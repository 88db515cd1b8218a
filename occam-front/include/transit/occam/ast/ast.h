// The occam 2.1 abstract syntax tree: the contract between the parser, the checker and the
// lowering to IR. Plain data: tagged structs (a `kind` enum plus the fields that kind uses),
// allocated in one Arena owned by the Program and linked by raw pointers (never null unless a
// field says "or null"). Every node has a source position.
//
// Shape
//   Program            units (each #USEd library first, the main file last); arena owns all nodes
//   Unit               file number + top-level `specs` (PROC, FUNCTION, VAL, DATA TYPE, ...)
//   Spec               one specification (kind: Decl, Abbrev, Retypes, Proc, Function, DataType,
//                      Protocol, Place, ...). It introduces `decls` (one Decl per name).
//   Decl               one named entity: variable, channel, timer, port, abbreviation, formal,
//                      replicator index, PROC, FUNCTION, DATA TYPE, PROTOCOL, variant tag, field.
//                      Every use of a name (Expr::Name, Process::Call, Type::Named, ...) is
//                      resolved by the checker to its Decl (`decl` fields).
//   Process            kind + `specs` (the specifications in scope over this process, in order:
//                      `INT x:\nSEQ ...` is a Seq process whose specs = [INT x]).
//   Choice / Alternative / CaseOption / Variant
//                      the branches of IF, ALT, CASE and `? CASE`; each may carry specs.
//   Expr               kind + operands; the checker sets `type` and, for constant
//                      expressions, `is_const` and `value` (folded).
//   Type               kind + element/dimension/protocol links. Syntax types (from the parser)
//                      have `dim_expr`; the checker fills `dim` (the folded size, kOpenDim if open).
//   Protocol           simple / sequential / counted items, variant cases, or ANY.
//
// Stability: fields and kinds are only ever added, never renamed or removed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>
#include <utility>

#include "transit/occam/source/source.h"

namespace transit::occam::ast {

struct Expr;
struct Process;
struct Spec;
struct Decl;
struct Type;
struct Protocol;

// ---------------------------------------------------------------- types

enum class TypeKind : std::uint8_t {
  Error,     // a type that failed to check: every use of it is silently accepted
  Bool,
  Byte,
  Int,       // 32 bits, as on the transputer and in KRoC
  Int16,
  Int32,
  Int64,
  Real32,
  Real64,
  Array,     // elem, dim_expr/dim (open array: dim_expr null, dim == kOpenDim)
  Chan,      // protocol (CHAN OF p), direction
  Timer,
  Port,      // PORT OF elem
  Named,     // a DATA TYPE name: decl (kind DataType); the checker resolves decl->type
  Record,    // RECORD / PACKED RECORD: fields (Decls of kind Field), packed
  Any,       // only as a protocol: CHAN OF ANY (Protocol::kind Any); never a value type
};

inline constexpr std::int64_t kOpenDim = -1;

enum class Direction : std::uint8_t { None, In, Out };  // c? is In, c! is Out

struct Type {
  TypeKind kind = TypeKind::Error;
  Pos pos;
  Type* elem = nullptr;            // Array: element type; Port: value type
  Expr* dim_expr = nullptr;        // Array: size expression as written, or null when open
  std::int64_t dim = kOpenDim;     // Array: folded size (checker), kOpenDim when open/unknown
  Protocol* protocol = nullptr;    // Chan
  Direction direction = Direction::None;  // Chan (and arrays of channels via elem)
  std::string name;                // Named: the name as written
  Decl* decl = nullptr;            // Named: the DATA TYPE (checker)
  std::vector<Decl*> fields;       // Record: field Decls in order
  bool packed = false;             // Record: PACKED RECORD
};

// ---------------------------------------------------------------- protocols

enum class ProtocolKind : std::uint8_t {
  Simple,      // one item: CHAN OF INT, CHAN OF INT::[]BYTE
  Sequential,  // PROTOCOL P IS INT; BYTE; REAL32:
  Variant,     // PROTOCOL P CASE tag; INT ... :
  Any,         // CHAN OF ANY
  Named,       // a reference to a PROTOCOL: decl (kind Protocol), whose protocol is the definition.
               // CHAN OF T with T a DATA TYPE is rewritten by the checker to Simple (item type T).
};

// One item of a simple or sequential protocol; counted arrays are `count :: []elem`.
struct ProtocolItem {
  Pos pos;
  Type* type = nullptr;        // the item type; for a counted array, the array type ([]elem)
  Type* count_type = nullptr;  // counted array: the count's type (INT, BYTE, ...), else null
};

struct Protocol {
  ProtocolKind kind = ProtocolKind::Simple;
  Pos pos;
  std::vector<ProtocolItem> items;  // Simple (exactly one) and Sequential
  std::vector<Decl*> tags;          // Variant: Decls of kind Tag, each with its tag_items
  std::string name;                 // Named: as written
  Decl* decl = nullptr;             // Named: the PROTOCOL declaration (checker)
  Decl* extends = nullptr;          // unused in occam 2.1 (reserved for occam-pi EXTENDS)
};

// ---------------------------------------------------------------- declarations

enum class DeclKind : std::uint8_t {
  Variable,     // INT x:   (also INITIAL INT x IS e: with init set)
  Channel,      // CHAN OF P c:  (type kind Chan or array of Chan)
  Timer,        // TIMER t:
  Port,         // PORT OF INT p:
  ValAbbrev,    // VAL INT x IS e:  (init = e; type may be null in source, set by checker)
  Abbrev,       // INT x IS y:  (variable, channel or timer abbreviation; init = the element)
  Retypes,      // [4]BYTE b RETYPES x:   (VAL too: is_val)
  Reshapes,     // [2][2]INT m RESHAPES v:
  Formal,       // a PROC/FUNCTION parameter: mode says VAL/RESULT/plain
  ReplIndex,    // the index name of a replicator (an INT VAL)
  Proc,         // PROC: spec points at the Spec holding formals and body
  Function,     // FUNCTION
  DataType,     // DATA TYPE name IS type: or ... RECORD (type = the defined type)
  Protocol,     // PROTOCOL: protocol = the definition
  Tag,          // a tag of a variant protocol: tag_items, tag_index
  Field,        // a RECORD field: type, field_index
  Builtin,      // a predefined PROC or FUNCTION of the occam 2.1 library (no spec; builtin id)
};

enum class ParamMode : std::uint8_t { Ref, Val, Result };  // INT x / VAL INT x / RESULT INT x

struct Decl {
  DeclKind kind = DeclKind::Variable;
  Pos pos;
  std::string name;
  Type* type = nullptr;        // the entity's type (checker fills it for untyped abbreviations)
  Expr* init = nullptr;        // abbreviations, RETYPES, RESHAPES, INITIAL: the right-hand side
  bool is_val = false;         // VAL abbreviation / VAL RETYPES / VAL formal
  bool is_initial = false;     // INITIAL declaration
  ParamMode mode = ParamMode::Ref;  // Formal
  Spec* spec = nullptr;        // the specification that introduced this name (null for builtins)
  Protocol* protocol = nullptr;               // Protocol
  std::vector<ProtocolItem> tag_items;        // Tag: the items after the tag
  int tag_index = -1;                         // Tag: position in the variant (0-based)
  int field_index = -1;                       // Field: position in the record
  int builtin = -1;                           // Builtin: its row of lang/builtins.def
  int depth = 0;               // checker: nesting depth of PROC/FUNCTION bodies where declared
  bool is_const = false;       // checker: a VAL whose value is known at compile time
  bool chan_table = false;     // checker: d IS [c0, c1]: (KRoC), an Abbrev naming the channels of a table;
                               // used only subscripted (d[i]) or in SIZE
  Decl* same_as = nullptr;     // checker: DataType/Protocol repeating, word for word, one of an earlier
                               // unit (#INCLUDEd by both a program and a unit it #USEs): one type
};

// ---------------------------------------------------------------- expressions

enum class ExprKind : std::uint8_t {
  Error,       // a malformed expression already diagnosed
  IntLit,      // int_value; literal_type (e.g. 5(INT16)) or null
  RealLit,     // text (decimal digits as written); literal_type required by occam
  ByteLit,     // 'a': int_value; literal_type or null
  BoolLit,     // TRUE / FALSE: int_value 0/1
  StringLit,   // "..." : text (escapes decoded), a [n]BYTE
  Table,       // [a, b, c]: args
  Name,        // name, decl (checker)
  Subscript,   // base[index]: lhs, rhs; for a record, field is set (checker) and rhs is a Name
  Slice,       // [lhs FROM rhs FOR count], FROM-only (count null) or FOR-only (rhs null)
  Unary,       // op, lhs
  Binary,      // op, lhs, rhs
  Conversion,  // target type + lhs; conversion = Plain / Round / Trunc
  MostPos,     // MOSTPOS type: target
  MostNeg,     // MOSTNEG type: target
  Size,        // SIZE lhs
  BytesIn,     // BYTESIN (lhs) or BYTESIN (target)
  Call,        // name(args): a FUNCTION call; decl (checker)
  Valof,       // (VALOF ...): valof
  Counted,     // n :: a in an output/input/protocol position: lhs (count), rhs (array)
  Direction,   // c? or c! as an actual parameter or abbreviation: lhs, direction
  Offsetof,    // KRoC OFFSETOF (target, name): the byte offset of field `name` in RECORD type target; field (checker)
};

enum class Op : std::uint8_t {
  None,
  // arithmetic (checked: overflow and division by zero are run-time errors)
  Add, Sub, Mul, Div, Rem,
  // modulo arithmetic (no overflow check)
  Plus, Minus, Times,
  // bitwise and shifts
  BitAnd, BitOr, BitXor, Shl, Shr,
  // boolean
  And, Or,
  // relational
  Eq, Ne, Lt, Gt, Le, Ge, After,
  // unary
  Neg,        // -x
  UMinus,     // MINUS x (modulo negate)
  Not,        // NOT x
  BitNot,     // ~ x / BITNOT x
};

const char* op_spelling(Op op);  // "+", "PLUS", "BITAND", ... for dumps and messages

enum class ConversionMode : std::uint8_t { Plain, Round, Trunc };

struct Valof;

struct Expr {
  ExprKind kind = ExprKind::Error;
  Pos pos;
  Op op = Op::None;
  Expr* lhs = nullptr;
  Expr* rhs = nullptr;
  Expr* count = nullptr;              // Slice: FOR count (or null)
  std::vector<Expr*> args;            // Table elements, Call arguments
  std::string name;                   // Name, Call
  std::string text;                   // StringLit (decoded), RealLit (as written)
  std::int64_t int_value = 0;         // IntLit, ByteLit, BoolLit
  Type* literal_type = nullptr;       // literal with explicit type: 5(INT16), 'a'(BYTE), 1.0(REAL32)
  Type* target = nullptr;             // Conversion, MostPos, MostNeg, BytesIn(type)
  ConversionMode conversion = ConversionMode::Plain;
  Direction direction = Direction::None;  // Direction
  Valof* valof = nullptr;             // Valof
  bool parenthesised = false;         // written inside ( ): the parser's operator-mixing rule
  // checker results
  Decl* decl = nullptr;               // Name, Call: the declaration; Subscript of a record: field
  Decl* field = nullptr;              // Subscript of a record: the field Decl
  Type* type = nullptr;               // the expression's type
  bool is_const = false;              // folded at compile time
  // Folded value when is_const: integers and BOOL/BYTE in ivalue (sign-extended to 64 bits
  // within the type's range), reals in rvalue, tables/strings not folded into scalars.
  std::int64_t ivalue = 0;
  double rvalue = 0;
};

// ---------------------------------------------------------------- processes

enum class ProcessKind : std::uint8_t {
  Error,      // a malformed process already diagnosed (treat as STOP if ever reached)
  Skip,
  Stop,
  Assign,     // targets := values (multiple assignment when several; values may be one Call)
  Input,      // channel ? items     (also timer input `tim ? t`: the checker sets timer)
  DelayedInput,  // tim ? AFTER e: channel = tim, values[0] = e
  TaggedInput,   // c ? CASE tag ; items  (tag in `tag`)
  CaseInput,     // c ? CASE with variants
  Output,     // channel ! items (for a variant protocol, items[0] is the tag Name)
  Seq,
  Par,        // also PRI PAR (pri) and PLACED PAR (placed)
  If,
  Alt,        // also PRI ALT (pri)
  While,      // cond, body
  Case,       // selector, options
  Call,       // name(args): proc call; decl (checker)
  Processor,  // PROCESSOR e: values[0] = e, body (inside PLACED PAR)
};

// `name = base FOR count [STEP step]`
struct Replicator {
  Pos pos;
  Decl* index = nullptr;   // kind ReplIndex
  Expr* base = nullptr;
  Expr* count = nullptr;
  Expr* step = nullptr;    // occam-pi STEP; null in occam 2.1
};

struct Choice;       // IF branch
struct Alternative;  // ALT branch
struct CaseOption;   // CASE branch
struct Variant;      // ? CASE branch

struct Process {
  ProcessKind kind = ProcessKind::Error;
  Pos pos;
  std::vector<Spec*> specs;          // specifications scoping over this process, in order
  // Assign
  std::vector<Expr*> targets;
  std::vector<Expr*> values;         // Assign right side; DelayedInput/Processor: values[0]
  // Input / Output / TaggedInput / CaseInput / DelayedInput
  Expr* channel = nullptr;
  std::vector<Expr*> items;          // input targets / output expressions (Counted for n::a)
  Expr* tag = nullptr;               // TaggedInput: the tag name
  std::vector<Variant*> variants;    // CaseInput
  bool timer = false;                // checker: Input on a TIMER
  // constructors
  bool pri = false;                  // PRI PAR / PRI ALT
  bool placed = false;               // PLACED PAR
  Replicator* replicator = nullptr;  // SEQ/PAR/IF/ALT i = b FOR n, or null
  std::vector<Process*> body;        // Seq/Par: components; While/Processor: body[0]
  std::vector<Choice*> choices;      // If
  std::vector<Alternative*> alternatives;  // Alt
  Expr* cond = nullptr;              // While
  Expr* selector = nullptr;          // Case
  std::vector<CaseOption*> options;  // Case
  // Call
  std::string name;
  std::vector<Expr*> args;
  Decl* decl = nullptr;              // Call: the PROC (checker)
};

// An IF branch: `cond` then body, or a nested IF (possibly replicated) in `nested`.
struct Choice {
  Pos pos;
  std::vector<Spec*> specs;
  Expr* cond = nullptr;
  Process* body = nullptr;
  Process* nested = nullptr;         // kind If
};

enum class GuardKind : std::uint8_t {
  Input,        // [bool &] c ? ...  : input is an Input/TaggedInput/CaseInput process
  Timer,        // [bool &] tim ? AFTER e : input is a DelayedInput process
  Skip,         // [bool &] SKIP
  Nested,       // a nested (possibly replicated) ALT: nested
};

struct Alternative {
  Pos pos;
  std::vector<Spec*> specs;
  GuardKind guard = GuardKind::Skip;
  Expr* cond = nullptr;              // the boolean before &, or null
  Process* input = nullptr;          // Input/Timer guards (a CaseInput carries its own bodies)
  Process* body = nullptr;           // the guarded process (null for a CaseInput guard)
  Process* nested = nullptr;         // Nested: kind Alt
};

struct CaseOption {
  Pos pos;
  std::vector<Spec*> specs;
  std::vector<Expr*> values;         // empty for ELSE
  bool is_else = false;
  Process* body = nullptr;
};

struct Variant {
  Pos pos;
  std::vector<Spec*> specs;
  Expr* tag = nullptr;               // Name of the tag (decl set by checker)
  std::vector<Expr*> items;          // input targets after the tag
  Process* body = nullptr;
};

// VALOF: specs, the process, and the RESULT expressions.
struct Valof {
  Pos pos;
  std::vector<Spec*> specs;
  Process* body = nullptr;
  std::vector<Expr*> results;
};

// ---------------------------------------------------------------- specifications

enum class SpecKind : std::uint8_t {
  Decl,       // type name, name, ... :  (decls: Variable/Channel/Timer/Port)
  Abbrev,     // [VAL] [type] name IS expr:  / INITIAL type name IS expr:  (decls[0])
  Retypes,    // [VAL] type name RETYPES expr:
  Reshapes,   // [VAL] type name RESHAPES expr:
  Proc,       // [INLINE] PROC name (formals) body :
  Function,   // types FUNCTION name (formals) IS exprs: or ... VALOF body :
  DataType,   // DATA TYPE name IS type: / DATA TYPE name [PACKED] RECORD fields :
  Protocol,   // PROTOCOL name IS items: / PROTOCOL name CASE tags :
  Place,      // PLACE name AT expr: / PLACE name IN WORKSPACE|VECSPACE: (allocation hint)
};

enum class PlaceKind : std::uint8_t { At, Workspace, Vecspace };

// What a PROC or FUNCTION does to its formals and to the names declared outside it, as the usage
// rules and the channel-end analysis see it (bits of one use).
enum : std::uint8_t { kUseRead = 1, kUseWrite = 2, kUseIn = 4, kUseOut = 8 };

// The body of a PROC or FUNCTION in a compiled unit's interface (driver/unit.h): its code is in the
// unit's object; this says what the body does, in place of the body. Written in the interface as
//   EXTERNAL "waits ? ! . | table:r c:!"
// (docs/occam.md, "Separately compiled units").
struct External {
  Pos pos;
  bool waits = false;                                        // a PROC that can wait (communicates, PAR, ...)
  std::vector<std::uint8_t> formals;                         // kUse bits, one per formal
  std::vector<std::pair<std::string, std::uint8_t>> free;    // names outside it, in the unit's order, with kUse bits
};

struct Spec {
  SpecKind kind = SpecKind::Decl;
  Pos pos;
  std::vector<Decl*> decls;            // the names introduced (Place: none)
  // Proc / Function
  std::vector<Decl*> formals;          // kind Formal
  std::vector<Type*> result_types;     // Function
  Process* body = nullptr;             // Proc
  Valof* valof = nullptr;              // Function (long form)
  std::vector<Expr*> results;          // Function (short form `IS e1, e2:`)
  bool is_inline = false;              // INLINE PROC / INLINE FUNCTION
  bool is_recursive = false;           // occam-pi RECURSIVE (parsed, not occam 2.1)
  External* external = nullptr;        // an interface's PROC/FUNCTION: no body, a descriptor
  // checker: what the body (or descriptor) does to each formal and to names declared outside it
  std::vector<std::uint8_t> formal_use;
  std::vector<std::pair<Decl*, std::uint8_t>> free_use;
  // Place
  PlaceKind place = PlaceKind::At;
  std::string place_name;
  Expr* place_at = nullptr;
  Decl* place_decl = nullptr;          // checker
};

// ---------------------------------------------------------------- program

struct Unit {
  std::uint32_t file = 0;              // SourceSet file number
  bool is_library = false;             // brought in by #USE
  std::vector<Spec*> specs;            // top-level specifications in order
  std::vector<std::string> permit_aliases;  // KRoC's #PRAGMA PERMITALIASES: names the alias checks skip
  std::vector<std::string> shared;          // KRoC's #PRAGMA SHARED: variables the usage checks skip
};

// Owns every node of one compilation. Nodes never move once made.
class Arena {
 public:
  template <class T>
  T* make() {
    auto holder = std::make_unique<Holder<T>>();
    T* p = &holder->value;
    nodes_.push_back(std::move(holder));
    return p;
  }
  std::size_t size() const { return nodes_.size(); }

 private:
  struct HolderBase {
    virtual ~HolderBase() = default;
  };
  template <class T>
  struct Holder : HolderBase {
    T value;
  };
  std::vector<std::unique_ptr<HolderBase>> nodes_;
};

struct Program {
  Arena arena;
  std::vector<Unit> units;             // #USEd libraries first (dependency order), main file last
  // Set by the checker: the PROC that is the program's entry (the last PROC of the main unit).
  Decl* main_proc = nullptr;
};

// Human-readable names for dumps and messages.
const char* type_kind_name(TypeKind k);
const char* expr_kind_name(ExprKind k);
const char* process_kind_name(ProcessKind k);
const char* spec_kind_name(SpecKind k);
const char* decl_kind_name(DeclKind k);

}  // namespace transit::occam::ast
