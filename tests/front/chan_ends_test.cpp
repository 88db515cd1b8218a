// ir/chan_ends: the channel ends each PAR branch declares for deadlock reports (PROC summaries,
// subscripts fixed by the replicator, whole arrays otherwise, abbreviations, free channels).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "transit/occam/ir/chan_ends.h"
#include "lower_test_util.h"

using namespace transit::occam;
using transit::occam::test::lower_text;

namespace {

// Every PAR in the module (depth first), so a test can look at its branches.
void collect_pars(const ir::Process& p, std::vector<const ir::Process*>& out) {
  if (p.kind == ir::ProcKind::Par) out.push_back(&p);
  for (const ir::Process& c : p.body) collect_pars(c, out);
}

// "name?" / "name!" with "[s]" per fixed subscript ("[i]" for a replicator, the value for a constant).
std::string describe(const ir::Module& m, const ir::ChanEnd& e) {
  std::string s = m.vars[std::size_t(e.root)].name;
  for (const ir::Expr* x : e.subscripts) {
    if (x->kind == ir::ExprKind::IntLit) s += "[" + std::to_string(x->int_value) + "]";
    else if (x->kind == ir::ExprKind::Var) s += "[" + m.vars[std::size_t(x->var)].name + "]";
    else s += "[expr]";
  }
  return s + (e.writer ? "!" : "?");
}

// The ends of each branch of the n-th PAR of the main PROC, one string per branch.
std::vector<std::string> branch_ends(const std::string& text, std::size_t n = 0) {
  auto l = lower_text(text);
  REQUIRE_MESSAGE(l.module, l.diagnostics);
  const ir::Module& m = *l.module;
  std::vector<const ir::Process*> pars;
  collect_pars(m.procs[std::size_t(m.entry->proc)].body, pars);
  REQUIRE(n < pars.size());
  ir::ChanEnds ends(m);
  std::vector<std::string> out;
  for (const ir::Process& b : pars[n]->body) {
    std::string s;
    for (const ir::ChanEnd& e : ends.of(b)) s += (s.empty() ? "" : " ") + describe(m, e);
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("a PROC call branch holds the ends its PROC uses of each argument") {
  auto b = branch_ends(
      "PROC echo (CHAN INT in?, out!)\n"
      "  INT x:\n"
      "  SEQ\n"
      "    in ? x\n"
      "    out ! x\n"
      ":\n"
      "PROC main (CHAN BYTE screen!)\n"
      "  CHAN INT p, q:\n"
      "  PAR\n"
      "    echo (p?, q!)\n"
      "    echo (q?, p!)\n"
      ":\n");
  REQUIRE(b.size() == 2);
  CHECK(b[0] == "p? q!");
  CHECK(b[1] == "q? p!");
}

TEST_CASE("replicator subscripts are fixed for a branch; other subscripts declare the whole array") {
  auto b = branch_ends(
      "PROC main (CHAN BYTE screen!)\n"
      "  [4]CHAN INT c:\n"
      "  PAR\n"
      "    PAR i = 0 FOR 3\n"
      "      c[i + 1] ! i\n"
      "    SEQ j = 0 FOR 4\n"
      "      INT x:\n"
      "      c[j] ? x\n"
      ":\n");
  REQUIRE(b.size() == 2);
  CHECK(b[0] == "c!");   // the outer branch: i varies inside it, so the whole array
  CHECK(b[1] == "c?");   // j is declared inside the branch: the whole array
  auto inner = branch_ends(
      "PROC main (CHAN BYTE screen!)\n"
      "  [4]CHAN INT c:\n"
      "  PAR\n"
      "    PAR i = 0 FOR 3\n"
      "      c[i + 1] ! i\n"
      "    SEQ j = 0 FOR 4\n"
      "      INT x:\n"
      "      c[j] ? x\n"
      ":\n",
      1);
  REQUIRE(inner.size() == 1);
  CHECK(inner[0] == "c[expr]!");  // inside the replicated PAR: c[i + 1], fixed by the replicator
}

TEST_CASE("ALT guards, abbreviations and a nested PROC's free channels count") {
  auto b = branch_ends(
      "PROC main (CHAN BYTE screen!)\n"
      "  [2]CHAN INT a:\n"
      "  CHAN INT b:\n"
      "  PROC send.b ()\n"
      "    b ! 1\n"
      "  :\n"
      "  PAR\n"
      "    INT x:\n"
      "    ALT\n"
      "      a[0] ? x\n"
      "        SKIP\n"
      "      a[1] ? x\n"
      "        SKIP\n"
      "    CHAN INT first IS a[0]:\n"
      "    first ! 1\n"
      "    SEQ\n"
      "      a[1] ! 2\n"
      "      send.b ()\n"
      "    INT y:\n"
      "    b ? y\n"
      ":\n");
  REQUIRE(b.size() == 4);
  CHECK(b[0] == "a[0]? a[1]?");
  CHECK(b[1] == "a[0]!");
  CHECK(b[2] == "a[1]! b!");
  CHECK(b[3] == "b?");
}

TEST_CASE("channels declared inside a branch are not declared by it") {
  auto b = branch_ends(
      "PROC main (CHAN BYTE screen!)\n"
      "  CHAN INT c:\n"
      "  PAR\n"
      "    CHAN INT local:\n"
      "    PAR\n"
      "      local ! 1\n"
      "      INT x:\n"
      "      SEQ\n"
      "        local ? x\n"
      "        c ! x\n"
      "    INT y:\n"
      "    c ? y\n"
      ":\n");
  REQUIRE(b.size() == 2);
  CHECK(b[0] == "c!");
  CHECK(b[1] == "c?");
}
