// The checked IR compiled for exploration: every PROC call inlined and every PAR unrolled into a
// fixed set of threads (occam has no recursion, and replicated PARs need constant counts), each
// with flat code over one memory of words. A state is every thread's pc then the memory.
// compile.h builds it; machine.h runs it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "transit/occam/ir/ir.h"
#include "transit/occam/verify/model.h"

namespace transit::occam::verify {

using transit::verify::Word;

// An expression node; children are indices into Program::nodes.
enum class NodeKind : std::uint8_t {
  Const,    // value
  Load,     // memory[a]
  Index,    // a + b * value (stride), b checked against 0..c-1 when check
  Unary,    // op a, over prim
  Binary,   // a op b, over prim (the operands' type)
  Convert,  // a from prim `from` to prim
};
// A REAL32 or REAL64 word holds the value's IEEE bits (a REAL32's zero-extended); eval.h computes
// with them as a native run does.

struct Node {
  NodeKind kind = NodeKind::Const;
  ir::Op op = ir::Op::Add;
  ir::Prim prim = ir::Prim::Int;
  ir::Prim from = ir::Prim::Int;
  ir::ConvertMode mode = ir::ConvertMode::Exact;  // Convert: ROUND or TRUNC (to or from a REAL)
  bool check = false;
  std::int32_t a = -1, b = -1, c = -1;
  Word value = 0;
  ir::Site site;
};

// A run of words: `count` words (a node, or fixed when count_node < 0) from address node `addr`.
// For a value: scalar when `scalar` (the node `addr` is then the value itself).
struct Span {
  bool scalar = false;
  std::int32_t addr = -1;
  std::int32_t count_node = -1;
  Word count = 1;
  std::int32_t elem_words = 1;  // words per element (count_node counts elements)
};

// One item of an assignment or message: where values come from (sources) or go (targets).
// A counted item (count::[]T) is a pair: a scalar count then the array.
struct Item {
  Span span;
  bool counted = false;  // with the following item: count then that many elements
  std::vector<Span> table;  // a table value: its elements (span unused)
  bool is_table = false;
};

struct Arm {  // one arm of a ? CASE
  std::int32_t tag = 0;
  std::vector<Item> targets;
  std::int32_t pc = 0;
};

enum class GuardKind : std::uint8_t { Input, CaseInput, Skip, Timer };

struct Guard {
  GuardKind kind = GuardKind::Skip;
  std::int32_t pre = -1;   // precondition node (-1: TRUE)
  std::int32_t chan = -1;  // channel address node
  std::vector<Item> targets;
  std::int32_t tag = -1;   // c ? CASE tag; x as a guard
  std::vector<Arm> arms;   // CaseInput
  std::int32_t pc = 0;     // where the guard's process starts
  ir::Site site;
};

enum class Op : std::uint8_t {
  Assign,     // targets := sources (every source evaluated first)
  Jump,       // to target
  JumpIfNot,  // node cond false: to target
  Spawn,      // start threads first..first+count-1, then continue (the next instruction is their Join)
  Join,       // wait until threads first..first+count-1 have ended
  End,        // the thread ends
  Stop,       // STOP: waits for ever
  Output,     // chan ! sources (tag first for a variant)
  Input,      // chan ? targets (tag: the variant tag expected)
  CaseInput,  // chan ? CASE arms
  Alt,        // guards
  Zero,       // memory[first..first+count-1] := 0 (a scope ends)
  Fail,       // a run-time error: message
};

struct Instr {
  Op op = Op::Assign;
  ir::Site site;
  std::int32_t target = 0;
  std::int32_t cond = -1;
  std::int32_t chan = -1;
  std::int32_t first = 0, count = 0;
  std::int32_t replicas = 0;  // Spawn of a replicated PAR: its replicator count (count / replicas threads each)
  std::int32_t tag = -1;
  bool pri = false;
  std::vector<Item> targets, sources;
  std::vector<Arm> arms;
  std::vector<Guard> guards;
  std::vector<std::string> item_types;  // Output: how to show each word sent (BOOL, BYTE, INT...)
  std::string tag_name;                 // Output of a variant: the tag's name
  std::string message;
};

struct Thread {
  std::string name;          // "philosopher[3]"
  std::int32_t parent = -1;  // the thread whose PAR started it
  std::int32_t start = 0;    // its first instruction
  ir::Site spawned;
  std::vector<std::int32_t> inputs, outputs;  // channels its own code uses with constant addresses
  // Its index among its PAR's branches as a native run numbers them (transit/choice_file.h's keys),
  // or -1 when a native run runs it as its parent (a PAR of one branch).
  std::int32_t branch = -1;
};

struct ChanName {  // a declared channel or array of channels, for messages
  std::string name;
  std::int32_t first = 0, count = 1;
};

// Channel addresses 0, 1, 2 are the keyboard, screen and error of the program's entry.
inline constexpr Word kKeyboard = 0, kScreen = 1, kError = 2;

struct Program {
  std::vector<std::string> files;
  std::vector<Node> nodes;
  std::vector<Instr> code;  // code[0] is unused: pc 0 means "not running"
  std::vector<Thread> threads;  // thread 0 runs the entry PROC
  std::int32_t memory_words = 0;
  std::int32_t channels = 3;
  std::int32_t keyboard_slot = -1;  // memory word counting the --stdin bytes read
  std::vector<std::int32_t> word_owner;  // per memory word: the one thread that uses it, or -1
  std::vector<ChanName> chan_names;
  std::string site_text(const ir::Site& s) const;  // "file:line:col"
  std::string chan_text(Word chan) const;          // "right[4]"
};

}  // namespace transit::occam::verify
