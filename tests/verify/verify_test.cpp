// transit verify's checker on small programs whose states and transitions are counted by hand (each
// file's header says how), the philosophers, and the refusals. A transition is one communication,
// or an ALT's choice of a SKIP or timeout guard; local steps run inside the transition (docs/deadlock.md).
#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "transit/occam/driver/compile.h"
#include "transit/occam/verify/compile.h"
#include "transit/occam/verify/machine.h"
#include "transit/occam/verify/search.h"

using namespace transit;

namespace {

struct Verdict {
  verify::Outcome outcome = verify::Outcome::NoDeadlock;
  std::uint64_t states = 0, transitions = 0;
  int communications = 0;
  std::string trace;   // the explained trace, one line per step
  std::string report;  // the deadlock report or the run-time error
  std::string refused;
  std::uint64_t bytes = 0;
};

struct Limits {
  std::uint64_t max_memory = 1u << 30;
  std::uint64_t max_depth = UINT64_MAX;
  bool partial_order = false;  // the hand counts are of every interleaving
  bool tree_compression = true;
  bool symmetry = false;  // and of every state, not one per set of rotations
  unsigned threads = 1;
  bool livelock = false;
};

Verdict check(const std::string& name, std::optional<std::string> stdin_text = {}, Limits limits = {}) {
  Verdict v;
  auto ir = occam::driver::occam_to_ir(std::string(VERIFY_TEST_DIR) + "/" + name, {});
  REQUIRE(std::holds_alternative<occam::ir::Module>(ir));
  auto program = occam::verify::compile(std::get<occam::ir::Module>(ir));
  if (auto* why = std::get_if<std::string>(&program)) {
    v.refused = *why;
    return v;
  }
  occam::verify::Machine m(std::move(std::get<occam::verify::Program>(program)), {stdin_text, limits.symmetry});
  verify::SearchResult r;
  try {
    r = verify::search(m, {limits.max_memory, limits.max_depth, limits.partial_order, limits.tree_compression, limits.threads, limits.livelock});
    v.bytes = r.bytes;
  } catch (const occam::verify::Refused& e) {
    v.refused = e.what();
    return v;
  }
  v.outcome = r.outcome;
  v.states = r.states;
  v.transitions = r.transitions;
  for (std::size_t k = 1; k < r.trace.size(); ++k)
    for (const std::string& l : m.explain(r.trace[k - 1], r.trace[k], v.communications)) v.trace += l + "\n";
  if (r.outcome == verify::Outcome::Deadlock) v.report = m.blocked_report(r.trace.back());
  if (r.outcome == verify::Outcome::Livelock) {
    v.trace += "cycle:\n";
    for (std::size_t k = 1; k < r.cycle.size(); ++k)
      for (const std::string& l : m.explain(r.cycle[k - 1], r.cycle[k], v.communications)) v.trace += l + "\n";
    v.report = r.starved;
  }
  if (r.outcome == verify::Outcome::Fault) {
    for (const std::string& l : m.explain(r.trace.back(), {}, v.communications)) v.trace += l + "\n";
    v.report = r.fault;
  }
  return v;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// college-all.occ (N = 3) deadlocks after its shortest trace: all sit down, all pick up their left fork.
void college_all_deadlocks(const Verdict& all) {
  CHECK(all.outcome == verify::Outcome::Deadlock);
  CHECK(all.communications == 6);
  CHECK(has(all.trace, "philosopher[2] -> security on down[2]: TRUE"));
  CHECK(has(all.trace, "philosopher[2].par1 -> fork[2] on left[2]: TRUE"));
  CHECK(has(all.report, "wait-for cycles:"));
}

}  // namespace

TEST_CASE("hand-counted state spaces without deadlock") {
  struct Row {
    const char* file;
    std::uint64_t states, transitions;
  };
  for (Row row : {Row{"two-pairs.occ", 4, 4}, Row{"server.occ", 4, 4}, Row{"pipeline.occ", 5, 4}, Row{"rep-if.occ", 5, 5}, Row{"functions.occ", 3, 2}, Row{"multi-result.occ", 3, 2},
                  Row{"retypes.occ", 2, 1}}) {
    CAPTURE(row.file);
    Verdict v = check(row.file);
    CHECK(v.outcome == verify::Outcome::NoDeadlock);
    CHECK(v.states == row.states);
    CHECK(v.transitions == row.transitions);
  }
}

TEST_CASE("a deadlock from the start: empty trace, the cycle reported") {
  Verdict v = check("crossed.occ");
  CHECK(v.outcome == verify::Outcome::Deadlock);
  CHECK(v.states == 1);
  CHECK(v.transitions == 0);
  CHECK(v.trace.empty());
  CHECK(has(v.report, "output on channel 'a' at"));
  CHECK(has(v.report, "wait-for cycles:\n  #2 crossed.par1 (crossed.occ:8) -> #3 crossed.par2 (crossed.occ:11) -> #2 crossed.par1 (crossed.occ:8)"));
}

TEST_CASE("a timeout may fire: the shortest trace to the deadlock is the timeout") {
  Verdict v = check("timeout.occ");
  CHECK(v.outcome == verify::Outcome::Deadlock);
  CHECK(v.states == 3);
  CHECK(v.transitions == 2);
  CHECK(v.communications == 0);
  CHECK(has(v.trace, "takes a SKIP or timeout guard"));
}

TEST_CASE("a reachable overflow is a trace ending in the error") {
  Verdict v = check("overflow.occ");
  CHECK(v.outcome == verify::Outcome::Fault);
  CHECK(v.states == 1);
  CHECK(v.transitions == 1);
  CHECK(v.communications == 1);
  CHECK(has(v.trace, "overflow.par1 -> overflow.par2 on c: 1"));
  CHECK(has(v.report, "overflow.occ:11:14: arithmetic overflow in +"));
}

TEST_CASE("variant and counted protocols: values shown by tag and type, an ASSERT failing at the end") {
  Verdict v = check("protocols.occ");
  CHECK(v.outcome == verify::Outcome::Fault);
  CHECK(v.states == 4);
  CHECK(v.communications == 4);
  CHECK(has(v.trace, "main.par1 -> main.par2 on c: pair; 4; 'x'"));
  CHECK(has(v.trace, "main.par1 -> main.par2 on c: stop"));
  CHECK(has(v.trace, "on s: 2; [104, 105]"));
  CHECK(has(v.report, "protocols.occ:42:7: ASSERT failed"));
}

TEST_CASE("an error in what a process waits for (an ALT guard's subscript) ends the trace at that state") {
  Verdict v = check("bad-subscript.occ");
  CHECK(v.outcome == verify::Outcome::Fault);
  CHECK(v.communications == 1);
  CHECK(has(v.report, "bad-subscript.occ:12:10: array index out of range (5 not in 0..1)"));
}

TEST_CASE("keyboard input: refused without --stdin, read from it with") {
  Verdict refused = check("keyboard.occ");
  CHECK(has(refused.refused, "keyboard.occ:7:7: verify: the program reads the keyboard: give its input with --stdin TEXT"));
  Verdict v = check("keyboard.occ", std::string("ab"));
  CHECK(v.outcome == verify::Outcome::NoDeadlock);
  CHECK(v.states == 3);
  CHECK(v.transitions == 2);
  Verdict eof = check("keyboard-eof.occ", std::string("a"));  // past the end: END.OF.FILE
  CHECK(eof.outcome == verify::Outcome::NoDeadlock);
  CHECK(eof.states == 3);
  CHECK(eof.transitions == 2);
}

TEST_CASE("REAL32 and REAL64 with concrete data, as a native run computes them") {
  Verdict v = check("real.occ");  // each value worked out by hand in the file's header
  CHECK(v.refused == "");
  CHECK(v.outcome == verify::Outcome::Fault);
  CHECK(v.states == 9);
  CHECK(v.transitions == 9);
  CHECK(v.communications == 9);
  CHECK(has(v.trace, "on b: TRUE  "));
  CHECK(has(v.trace, "on b: FALSE  "));
  CHECK(has(v.trace, "on r64: 0.30000000000000004  "));
  CHECK(has(v.trace, "on n: 2  "));
  CHECK(has(v.trace, "on n: -2  "));
  CHECK(has(v.trace, "on n: -3  "));
  CHECK(has(v.trace, "on r32: 16777220  "));
  CHECK(has(v.trace, "on r32: 16777218  "));
  CHECK(has(v.trace, "on r64: -0.5  "));
  CHECK(has(v.report, "real overflow in *"));
}

TEST_CASE("a trace's ALT choices, keyed as a native run keys its processes (for transit run --replay)") {
  auto ir = occam::driver::occam_to_ir(std::string(VERIFY_TEST_DIR) + "/rare.occ", {});
  REQUIRE(std::holds_alternative<occam::ir::Module>(ir));
  auto program = occam::verify::compile(std::get<occam::ir::Module>(ir));
  REQUIRE(std::holds_alternative<occam::verify::Program>(program));
  occam::verify::Machine m(std::move(std::get<occam::verify::Program>(program)), {});
  verify::SearchResult r = verify::search(m, {.max_memory = 1u << 30});
  REQUIRE(r.outcome == verify::Outcome::Deadlock);
  // The server (the third branch of the entry PROC's PAR; the entry PROC is branch 0 of the PAR that
  // runs it beside the console) takes its ALT's second guard, b, eight times.
  const std::uint64_t server = child_choice_key(child_choice_key(root_choice_key, 0), 2);
  std::vector<RecordedChoice> choices = m.alt_choices(r.trace, false);
  REQUIRE(choices.size() == 8);
  for (const RecordedChoice& c : choices) {
    CHECK(c.key == server);
    CHECK(c.guard == 1);
  }
}

TEST_CASE("what is not interpreted is refused at its line") {
  Verdict and_call = check("function-and.occ");
  CHECK(has(and_call.refused, "function-and.occ:10:23: verify: a FUNCTION call or VALOF on the right of AND or OR"));
  Verdict bytes = check("retypes-bytes.occ");
  CHECK(has(bytes.refused, "retypes-bytes.occ:7:17: verify: RETYPES from INT32 to [4]BYTE changes how the bytes make values"));
}

TEST_CASE("the secure college is proved; admitting everyone deadlocks after 2N communications") {
  Verdict proved = check("college.occ");  // N = 5
  CHECK(proved.outcome == verify::Outcome::NoDeadlock);
  CHECK(proved.states == 9391);
  CHECK(proved.transitions == 43080);
  college_all_deadlocks(check("college-all.occ"));
}

TEST_CASE("ten philosophers, the last taking the right fork first: proved") {
  Verdict v = check("asymmetric.occ");
  CHECK(v.outcome == verify::Outcome::NoDeadlock);
  CHECK(v.states == 59048);
  CHECK(v.transitions == 393650);
}

TEST_CASE("bounds stop the search cleanly") {
  Verdict small = check("college.occ", {}, {64 * 1024});
  CHECK(small.outcome == verify::Outcome::TooLarge);
  CHECK(small.states > 0);
  Verdict shallow = check("college.occ", {}, {1u << 30, 3});
  CHECK(shallow.outcome == verify::Outcome::DepthLimit);
  // college-all's deadlock is 6 transitions deep: a bound of 6 still finds it, 5 does not.
  CHECK(check("college-all.occ", {}, {1u << 30, 6}).outcome == verify::Outcome::Deadlock);
  CHECK(check("college-all.occ", {}, {1u << 30, 5}).outcome == verify::Outcome::DepthLimit);
}

TEST_CASE("partial-order reduction: an input whose writer waits is taken alone (counts pinned)") {
  struct Row {
    const char* file;
    std::uint64_t states, transitions;
  };
  // two-pairs: a then b only (3 states, 2 transitions) instead of both orders (4, 4).
  for (Row row : {Row{"two-pairs.occ", 3, 2}, Row{"server.occ", 4, 4}, Row{"pipeline.occ", 5, 4},
                  Row{"college.occ", 9390, 35162}, Row{"asymmetric.occ", 58921, 326700}}) {
    CAPTURE(row.file);
    Verdict v = check(row.file, {}, {1u << 30, UINT64_MAX, true});
    CHECK(v.outcome == verify::Outcome::NoDeadlock);
    CHECK(v.states == row.states);
    CHECK(v.transitions == row.transitions);
  }
  Verdict all = check("college-all.occ", {}, {1u << 30, UINT64_MAX, true});
  CHECK(all.outcome == verify::Outcome::Deadlock);
  CHECK(all.communications == 6);  // still the shortest trace
  CHECK(all.states == 103);
}

TEST_CASE("tree compression: the same states and traces, less memory") {
  for (const char* file : {"college.occ", "asymmetric.occ", "college-all.occ", "server.occ"}) {
    CAPTURE(file);
    Verdict tree = check(file, {}, {1u << 30, UINT64_MAX, true, true});
    Verdict flat = check(file, {}, {1u << 30, UINT64_MAX, true, false});
    CHECK(tree.outcome == flat.outcome);
    CHECK(tree.states == flat.states);
    CHECK(tree.transitions == flat.transitions);
    CHECK(tree.trace == flat.trace);
  }
  Verdict tree = check("asymmetric.occ", {}, {1u << 30, UINT64_MAX, true, true});
  Verdict flat = check("asymmetric.occ", {}, {1u << 30, UINT64_MAX, true, false});
  CHECK(tree.bytes < flat.bytes);
  // Issue 12's target of 16 bytes a state, on the small spaces where fixed costs weigh most (the
  // secure college with N=5, with the command's reductions; the bench measures larger N).
  Verdict college = check("college.occ", {}, {1u << 30, UINT64_MAX, true, true, true});
  CHECK(college.states == 1879);
  CHECK(double(college.bytes) / double(college.states) <= 16.0);
  Verdict asymmetric = check("asymmetric.occ", {}, {1u << 30, UINT64_MAX, true, true});
  CHECK(double(asymmetric.bytes) / double(asymmetric.states) <= 16.0);
}

TEST_CASE("symmetry: rotations of a replicated PAR's instances are one state, only when the code allows") {
  struct Row {
    const char* file;
    std::uint64_t states, transitions, reduced_states, reduced_transitions;
  };
  // Counted by hand in each file's header; college: the initial state is the only one each rotation
  // leaves alone (N = 5 is prime), so 9391 = 1 + 5 * 1878 states become 1 + 1878 (transitions the same).
  for (Row row : {Row{"clients.occ", 8, 12, 4, 6}, Row{"clients-numbered.occ", 11, 15, 11, 15},
                  Row{"clients-pri.occ", 4, 3, 4, 3}, Row{"college.occ", 9391, 43080, 1879, 1 * 5 + (43080 - 5) / 5},
                  Row{"asymmetric.occ", 59048, 393650, 59048, 393650}}) {
    CAPTURE(row.file);
    Limits on;
    on.symmetry = true;
    Verdict all = check(row.file), reduced = check(row.file, {}, on);
    CHECK(all.outcome == verify::Outcome::NoDeadlock);
    CHECK(reduced.outcome == verify::Outcome::NoDeadlock);
    CHECK(all.states == row.states);
    CHECK(all.transitions == row.transitions);
    CHECK(reduced.states == row.reduced_states);
    CHECK(reduced.transitions == row.reduced_transitions);
  }
  // With partial-order reduction too (the counts the command prints), and the deadlock's trace still
  // the shortest, told in the program's own processes (the representatives' renamed back).
  Limits both;
  both.partial_order = both.symmetry = true;
  Verdict college = check("college.occ", {}, both);
  CHECK(college.states == 1879);
  CHECK(college.transitions == 7275);
  Verdict all = check("college-all.occ", {}, both);
  CHECK(all.states == 37);
  college_all_deadlocks(all);
}

TEST_CASE("threads: the same states, transitions and traces on any number of threads") {
  for (const char* file : {"college.occ", "college-all.occ", "asymmetric.occ", "overflow.occ", "clients.occ"}) {
    for (bool reduce : {false, true}) {
      CAPTURE(file);
      CAPTURE(reduce);
      Limits one;
      one.partial_order = one.symmetry = reduce;
      Verdict a = check(file, {}, one);
      for (unsigned n : {2u, 5u}) {
        Limits many = one;
        many.threads = n;
        Verdict b = check(file, {}, many);
        CHECK(b.outcome == a.outcome);
        CHECK(b.states == a.states);
        CHECK(b.transitions == a.transitions);
        CHECK(b.trace == a.trace);
        CHECK(b.report == a.report);
      }
    }
  }
}

TEST_CASE("livelock: a cycle nothing leaves while a process waits for ever, found only when asked") {
  Limits asked;
  asked.livelock = true;
  Verdict v = check("livelock.occ", {}, asked);
  REQUIRE(v.outcome == verify::Outcome::Livelock);
  CHECK(v.states == 4);
  CHECK(v.transitions == 4);
  CHECK(v.communications == 4);  // 2 to enter the cycle, 2 round it
  CHECK(has(v.trace, "cycle:\nlivelock.par2 -> livelock.par3 on token: 0"));
  CHECK(has(v.trace, "livelock.par3 -> livelock.par2 on back: 1"));
  CHECK(has(v.report, "#2 livelock.par1 waits for ever: output on channel 'ask' at "));
  CHECK(check("livelock.occ").outcome == verify::Outcome::NoDeadlock);  // not asked
  // Programs that go on for ever with every process taking part are not livelocks.
  for (const char* file : {"college.occ", "two-pairs.occ", "clients.occ"}) {
    CAPTURE(file);
    CHECK(check(file, {}, asked).outcome == verify::Outcome::NoDeadlock);
  }
  CHECK(check("college-all.occ", {}, asked).outcome == verify::Outcome::Deadlock);
}

TEST_CASE("livelock under partial-order reduction: the same verdicts, the cycle proviso keeps it honest") {
  Limits asked;
  asked.livelock = true;
  Limits reduced = asked;
  reduced.partial_order = true;
  Verdict v = check("livelock.occ", {}, reduced);  // every state is one the reduction keeps
  REQUIRE(v.outcome == verify::Outcome::Livelock);
  CHECK(v.states == 4);
  CHECK(v.communications == 4);
  CHECK(has(v.report, "#2 livelock.par1 waits for ever: output on channel 'ask' at "));
  Verdict all = check("livelock-escape.occ", {}, asked);
  CHECK(all.outcome == verify::Outcome::NoDeadlock);
  CHECK(all.states == 6);
  CHECK(all.transitions == 10);
  Verdict escape = check("livelock-escape.occ", {}, reduced);
  CHECK(escape.outcome == verify::Outcome::NoDeadlock);
  CHECK(escape.states == 6);
  for (const char* file : {"college.occ", "two-pairs.occ", "clients.occ", "asymmetric.occ"}) {
    CAPTURE(file);
    Verdict full = check(file, {}, asked), part = check(file, {}, reduced);
    CHECK(full.outcome == verify::Outcome::NoDeadlock);
    CHECK(part.outcome == verify::Outcome::NoDeadlock);
    CHECK(part.states <= full.states);
  }
  CHECK(check("college-all.occ", {}, reduced).outcome == verify::Outcome::Deadlock);
}
