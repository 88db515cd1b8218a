// The occam checker's parallel-usage and alias analysis (KRoC's rules): which elements each process
// uses, conflicts between PAR branches and between replicated PAR instances, and abbreviations that
// alias. The checker (checker.cpp) types the program and reports every use here as it goes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "transit/occam/ast/ast.h"
#include "transit/occam/diag/diagnostics.h"

namespace transit::occam::usage {

// Nesting the checker follows (processes, expressions, named-type chains). The parser already
// bounds syntactic nesting; this bounds chains such as DATA TYPE A IS B: ... that do not nest.
constexpr int kMaxCheckDepth = 512;

// The part of an array a use touches: a range of subscripts per dimension (first dimension
// first). A range the checker cannot work out statically is `unknown` and may be anything; two
// uses conflict when every dimension they share may overlap (KRoC's rule: what cannot be shown
// disjoint is an error). No dimensions means the whole variable.
struct Range {
  std::int64_t lo = INT64_MIN;
  std::int64_t hi = INT64_MAX;
  bool unknown = false;
};
constexpr int kMaxTrackedDims = 4;
struct Region {
  Range dims[kMaxTrackedDims];
  int ndims = 0;
};

bool overlaps(const Region& a, const Region& b);

enum : std::uint8_t { kRead = ast::kUseRead, kWrite = ast::kUseWrite, kIn = ast::kUseIn, kOut = ast::kUseOut };

// One use of a variable or channel, and which elements it touches.
struct Access {
  ast::Decl* decl = nullptr;
  Region sub;
  std::uint8_t kind = 0;
  bool varying = false;  // the subscript is not a constant (e.g. depends on a replicator)
  Pos pos;
  ast::Expr* first = nullptr;  // the subscript of the first dimension, when the use is one element
  const ast::Decl* via = nullptr;  // the abbreviation (or RETYPES) the use went through, once out of its scope
  ast::Expr* elem = nullptr;       // the element used (a, a[i], [a FROM i FOR n], ...), when known
  int guard = -1;                  // the innermost IF condition it is under (Usage::guards), or -1
};

// The name of what an access uses, quoted, and the abbreviation it was used through.
std::string quoted(const Access& a);

struct Sink {
  std::vector<Access> list;
};

// What a PROC or FUNCTION does to its formals and to names declared outside it.
struct Summary {
  std::unordered_map<const ast::Decl*, std::uint8_t> formal_use;
  std::vector<Access> free;
};

struct Alias {
  ast::Decl* target;
  Region sub;
  ast::Decl* abbrev;
  bool val;
  bool varying = false;   // as Access: the abbreviated element's subscripts
  ast::Expr* first = nullptr;
  ast::Expr* elem = nullptr;
  std::int64_t table_index = -1;  // d IS [c0, c1]: which channel of the table (one Alias each)
  bool subscript = false;  // target is a variable in the abbreviated element's subscripts (val)
};

// A use through an abbreviation becomes a use of the element it abbreviates.
void retarget(Access& a, const Alias& al);

// An element as written, without the dump's @line annotations: c[0], a[i][j].
std::string expr_text_plain(const ast::Expr* e);

// The subscript of the first dimension of an element `a[i]...` (null for a whole array, a
// slice, or a record field).
ast::Expr* first_subscript(ast::Expr* e);

// Whether a type is an array (of arrays ...) of channels.
bool chan_array(ast::Type* t);

// A named type's definition (through chains of names), and whether a type is an integer one.
ast::Type* base_type(ast::Type* t);
bool integer_type(ast::Type* t);

// Whether two elements of one variable are different fields of a record at the same level
// (r[a] and r[b], v[1][x] and v[1][y]): they never overlap.
bool different_fields(const ast::Expr* x, const ast::Expr* y);

// The usage state of one program's check: the uses of the processes being checked (one sink per
// open PAR branch, replicated PAR, PROC body or VALOF), the abbreviations in scope, what each PROC
// does, and the declaration order that tells inner names from outer ones.
class Usage {
 public:
  explicit Usage(Diagnostics& diags) : diags(diags) {}

  // An abbreviation in scope from here: its element is used only through it, and the variables in
  // the element's subscripts do not change while it is (occam's rule).
  void abbreviate(const Alias& al);
  // Leaving a scope whose abbreviations started at alias_mark: uses through them become uses of
  // what they name.
  void leave_scope(std::size_t alias_mark);
  // The declaration an element (x, a[i], a[i][j], [a FROM i], r[f]) names, and its subscripts.
  ast::Decl* element_base(ast::Expr* e, Region& sub, bool& varying);
  // The values a subscript can take, as far as they are known.
  Range range_of(ast::Expr* e, int depth = 0);
  void note(ast::Expr* e, std::uint8_t kind);
  // Records reads of every variable an expression mentions.
  void note_reads(ast::Expr* e, int depth = 0);
  void note_reads_of_subscripts(ast::Expr* e);
  void check_alias(ast::Decl* d, const Region& sub, std::uint8_t kind, Pos pos, const ast::Expr* use = nullptr);
  // A call does what its PROC's body does to names declared outside it.
  void apply_summary(ast::Decl* d, Pos pos);
  // A variable named in #PRAGMA SHARED (KRoC): left out of the parallel usage checks. A channel
  // stays checked, as the runtime's channels have one reader and one writer.
  bool unchecked(const ast::Decl* d) const;
  // Multiple assignment: the same variable twice is ambiguous.
  void same_target_twice(ast::Process* p);
  // The checks of a replicated PAR whose body's uses are in sink (names declared after `start`
  // are its own).
  void replicated_par(const ast::Replicator* r, const Sink& sink, std::uint64_t start);
  void par_conflicts(const std::vector<Sink>& branches);
  // Adds a finished branch's uses to the enclosing sink.
  void merge(Sink& s);
  // Uses from here on are under an IF choice's condition (until leave_guard with what this returns).
  int enter_guard(const ast::Expr* cond);
  void leave_guard(int previous) { guard = previous; }

  struct Guard {
    const ast::Expr* cond;
    int parent;  // the enclosing condition, or -1
  };

  Diagnostics& diags;
  std::vector<Sink*> sinks;
  std::vector<Alias> aliases;
  std::unordered_map<const ast::Decl*, Summary> summaries;
  std::unordered_set<std::string> permit_aliases;  // the unit's #PRAGMA PERMITALIASES names
  std::unordered_set<std::string> shared;          // the unit's #PRAGMA SHARED names
  std::unordered_map<const ast::Decl*, Range> repl_ranges;  // replicator indices with constant bounds
  std::unordered_map<const ast::Decl*, std::uint64_t> order;  // declaration order
  std::uint64_t declared = 0;
  std::vector<Guard> guards;  // every IF condition uses were noted under
  int guard = -1;             // the one in force

 private:
  void map_table_uses(const Alias* channels, std::size_t n);
  void repl_par_overlaps(const ast::Replicator* r, const Sink& sink, std::uint64_t start,
                         std::unordered_set<const ast::Decl*>& reported);
};

}  // namespace transit::occam::usage
