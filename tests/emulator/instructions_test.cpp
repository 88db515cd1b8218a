// One or more tests per integer instruction, written in transputer assembly: the result, the
// error flag, and the cycles (datasheet counts from the instruction table, plus prefixes).
#include "machine.h"

namespace transit::emu::test {
namespace {

// Runs `body` followed by stopp; returns the machine for inspection.
struct Run {
  explicit Run(std::string_view body, Chip chip = Chip::T414) : m(chip) {
    cycles = m.exec(std::string(body) + "\n stopp\n") - kStoppCycles;
  }
  Word a() { return m.cpu().areg; }
  Word b() { return m.cpu().breg; }
  Word c() { return m.cpu().creg; }
  bool error() { return m.cpu().error; }
  Machine m;
  Cycle cycles = 0;
};

TEST_CASE("ldc, prefixes and their cycles") {
  Run r("ldc 5");
  CHECK(r.a() == 5);
  CHECK(r.cycles == 1);
  Run big("ldc #12345");  // four pfix + ldc
  CHECK(big.a() == 0x12345);
  CHECK(big.cycles == 5);
  Run neg("ldc -31");  // nfix 1; ldc 1
  CHECK(neg.a() == Word(-31));
  CHECK(neg.cycles == 2);
}

TEST_CASE("add: sum, overflow sets the error flag") {
  Run r("ldc 3\n ldc 4\n add");
  CHECK(r.a() == 7);
  CHECK(!r.error());
  CHECK(r.cycles == 3);
  Run o("mint\n ldc -1\n add");
  CHECK(o.error());
  Run p("ldc #7FFFFFFF\n ldc 1\n add");
  CHECK(p.error());
}

TEST_CASE("sub, mul, div, rem") {
  Run s("ldc 10\n ldc 3\n sub");
  CHECK(s.a() == 7);
  CHECK(s.cycles == 1 + 1 + 1);
  Run so("mint\n ldc 1\n sub");
  CHECK(so.error());
  Run m("ldc -6\n ldc 7\n mul");
  CHECK(m.a() == Word(-42));
  CHECK(!m.error());
  CHECK(m.cycles == 2 + 1 + 1 + table_cycles("mul"));
  Run mo("ldc #10000\n ldc #10000\n mul");
  CHECK(mo.error());
  Run d("ldc -7\n ldc 2\n div");
  CHECK(d.a() == Word(-3));
  CHECK(d.cycles == 2 + 1 + 1 + table_cycles("div"));
  Run dz("ldc 7\n ldc 0\n div");
  CHECK(dz.error());
  Run dmin("mint\n ldc -1\n div");
  CHECK(dmin.error());
  Run rm("ldc -7\n ldc 2\n rem");
  CHECK(rm.a() == Word(-1));
  Run rz("ldc 7\n ldc 0\n rem");
  CHECK(rz.error());
}

TEST_CASE("sum, diff, prod wrap without error") {
  Run s("ldc #7FFFFFFF\n ldc 1\n sum");
  CHECK(s.a() == 0x80000000u);
  CHECK(!s.error());
  Run d("mint\n ldc 1\n diff");
  CHECK(d.a() == 0x7FFFFFFFu);
  CHECK(!d.error());
  Run p("ldc #10000\n ldc #10001\n prod");  // Areg = #10001: highest bit 16
  CHECK(p.a() == 0x10000u);
  CHECK(!p.error());
  CHECK(p.cycles == 5 + 5 + 16 + 4);
}

TEST_CASE("adc and eqc") {
  Run r("ldc 5\n adc -2");
  CHECK(r.a() == 3);
  Run o("ldc #7FFFFFFF\n adc 1");
  CHECK(o.error());
  Run e("ldc 9\n eqc 9");
  CHECK(e.a() == 1);
  CHECK(e.cycles == 1 + 2);
  Run n("ldc 9\n eqc 8");
  CHECK(n.a() == 0);
}

TEST_CASE("logic: and or xor not") {
  CHECK(Run("ldc #C\n ldc #A\n and").a() == 0x8);
  CHECK(Run("ldc #C\n ldc #A\n or").a() == 0xE);
  CHECK(Run("ldc #C\n ldc #A\n xor").a() == 0x6);
  CHECK(Run("ldc 0\n not").a() == 0xFFFFFFFFu);
}

TEST_CASE("shl and shr take n+2 cycles; 32 or more places give zero") {
  Run l("ldc 3\n ldc 4\n shl");
  CHECK(l.a() == 48);
  CHECK(l.cycles == 1 + 1 + 1 + 4 + 2);  // shl is #41: pfix 4; opr 1
  Run r("ldc -1\n ldc 28\n shr");
  CHECK(r.a() == 0xF);
  Run z("ldc 1\n ldc 32\n shl");
  CHECK(z.a() == 0);
}

TEST_CASE("gt, rev, mint") {
  CHECK(Run("ldc 5\n ldc -3\n gt").a() == 1);
  CHECK(Run("ldc -3\n ldc 5\n gt").a() == 0);
  Run r("ldc 1\n ldc 2\n rev");
  CHECK(r.a() == 1);
  CHECK(r.b() == 2);
  CHECK(Run("mint").a() == 0x80000000u);
}

TEST_CASE("workspace and non-local loads and stores") {
  Run r("ldc 42\n stl 1\n ldl 1\n ldlp 1\n ldnl 0\n ldlp 2\n ldnlp 1");
  CHECK(r.a() == r.m.top_workspace() + 12);
  CHECK(r.b() == 42);
  CHECK(r.c() == 42);
  CHECK(r.cycles == 2 + 1 + 2 + 1 + 2 + 1 + 1);  // ldc 42 needs a pfix
  Run s("ldc 7\n ldlp 3\n stnl 1\n ldl 4");
  CHECK(s.a() == 7);
}

TEST_CASE("bytes: lb sb bsub") {
  Run r("ldc #AB\n ldlp 0\n sb\n ldlp 0\n lb\n ldlp 0\n ldc 1\n bsub");
  CHECK(r.b() == 0xAB);
  CHECK(r.a() == r.m.top_workspace() + 1);
}

TEST_CASE("wsub, wcnt, bcnt, ldpi") {
  Run w("ldc 3\n ldlp 0\n wsub");
  CHECK(w.a() == w.m.top_workspace() + 12);
  Run c("ldc 23\n wcnt");
  CHECK(c.a() == 5);
  CHECK(c.b() == 3);
  CHECK(Run("ldc 5\n bcnt").a() == 20);
  Run p("ldc target - here\n ldpi\nhere:\n stopp\ntarget:");
  CHECK(p.a() == p.m.label("target"));
}

TEST_CASE("move copies a block in 2w+8 cycles") {
  Machine m;
  m.exec(R"(
    ldc src
    ldc dst
    ldc 10
    move
    stopp
  src: .byte "abcdefghij"
  dst: .space 12
  )");
  for (Word i = 0; i < 10; ++i) CHECK(m.cpu().load_byte(m.label("dst") + i) == 'a' + i);
}

TEST_CASE("long arithmetic") {
  Run a("ldc 1\n ldc #7FFFFFFF\n ldc 0\n ladd");  // Creg carry 1, Breg #7FFFFFFF, Areg 0
  CHECK(a.a() == 0x80000000u);
  CHECK(a.error());
  Run s("ldc 1\n ldc 5\n ldc 3\n lsub");
  CHECK(s.a() == 1);
  CHECK(!s.error());
  Run sum("ldc 1\n ldc -1\n ldc 1\n lsum");
  CHECK(sum.a() == 1);
  CHECK(sum.b() == 1);
  Run diff("ldc 0\n ldc 0\n ldc 1\n ldiff");
  CHECK(diff.a() == 0xFFFFFFFFu);
  CHECK(diff.b() == 1);
  Run mul("ldc 5\n ldc -1\n ldc 16\n lmul");
  CHECK(mul.a() == 0xFFFFFFF5u);
  CHECK(mul.b() == 15);
  Run div("ldc 1\n ldc 0\n ldc 16\n ldiv");  // #1_00000000 / 16
  CHECK(div.a() == 0x10000000u);
  CHECK(div.b() == 0);
  Run dov("ldc 16\n ldc 0\n ldc 16\n ldiv");
  CHECK(dov.error());
}

TEST_CASE("double length shifts and norm") {
  Run l("ldc 0\n ldc #80000001\n ldc 4\n lshl");
  CHECK(l.a() == 0x10);
  CHECK(l.b() == 0x8);
  CHECK(l.cycles == 1 + 8 + 1 + 1 + 4 + 3);
  Run r("ldc 1\n ldc 0\n ldc 4\n lshr");
  CHECK(r.a() == 0x10000000u);
  CHECK(r.b() == 0);
  Run n("ldc 0\n ldc 1\n norm");  // Breg:Areg = 0:1
  CHECK(n.b() == 0x80000000u);
  CHECK(n.a() == 0);
  CHECK(n.c() == 63);
  Run z("ldc 0\n ldc 0\n norm");
  CHECK(z.c() == 64);
}

TEST_CASE("xdble and csngl") {
  Run x("ldc -5\n xdble");
  CHECK(x.a() == Word(-5));
  CHECK(x.b() == 0xFFFFFFFFu);
  Run ok("ldc -1\n ldc -5\n csngl");
  CHECK(!ok.error());
  CHECK(ok.a() == Word(-5));
  Run bad("ldc 1\n ldc 5\n csngl");
  CHECK(bad.error());
}

TEST_CASE("range checks: csub0 ccnt1 cword; xword") {
  CHECK(!Run("ldc 3\n ldc 4\n csub0").error());
  CHECK(Run("ldc 4\n ldc 4\n csub0").error());
  CHECK(Run("ldc -1\n ldc 4\n csub0").error());
  CHECK(!Run("ldc 4\n ldc 4\n ccnt1").error());
  CHECK(Run("ldc 0\n ldc 4\n ccnt1").error());
  CHECK(!Run("ldc -128\n ldc #80\n cword").error());
  CHECK(Run("ldc 128\n ldc #80\n cword").error());
  CHECK(Run("ldc #FF\n ldc #80\n xword").a() == 0xFFFFFFFFu);
  CHECK(Run("ldc #7F\n ldc #80\n xword").a() == 0x7F);
}

TEST_CASE("error flags: seterr testerr stoperr, halt-on-error") {
  Run t("seterr\n testerr\n testerr");
  CHECK(t.b() == 0);  // was set
  CHECK(t.a() == 1);  // cleared by the first testerr
  Run h("sethalterr\n testhalterr\n clrhalterr\n testhalterr");
  CHECK(h.b() == 1);
  CHECK(h.a() == 0);
  CHECK(Run("testpranal").a() == 0);

  Machine m;
  m.load("ldc 1\n seterr\n stoperr\n ldc 2\n stopp");
  m.run();
  CHECK(m.last.reason == StopReason::Idle);
  CHECK(m.cpu().areg == 1);  // stopped before ldc 2

  Machine halt;
  halt.load("sethalterr\n mint\n ldc -1\n add\n ldc 9\n stopp");
  halt.run();
  CHECK(halt.last.reason == StopReason::Halted);
  CHECK(halt.t.halt_report().find("error flag") != std::string::npos);
}

TEST_CASE("j, cj and their cycles") {
  Run j("j over\n ldc 1\nover:\n ldc 2");
  CHECK(j.a() == 2);
  CHECK(j.cycles == 3 + 1);
  Run taken("ldc 0\n cj over\n ldc 1\nover:");
  CHECK(taken.a() == 0);
  CHECK(taken.cycles == 1 + 4);
  Run not_taken("ldc 7\n ldc 3\n cj over\n ldc 1\nover:");
  CHECK(not_taken.a() == 1);
  CHECK(not_taken.b() == 7);
  CHECK(not_taken.cycles == 1 + 1 + 2 + 1);
}

TEST_CASE("call and ret save the stack in the new workspace") {
  Machine m;
  m.exec(R"(
    ldc 11
    ldc 22
    ldc 33
    call sub
    stopp
  sub:
    ldl 1        -- Areg at the call
    ldl 2
    ldl 3
    ret
  )");
  CHECK(m.cpu().areg == 11);
  CHECK(m.cpu().breg == 22);
  CHECK(m.cpu().creg == 33);
  CHECK(m.cpu().wptr == m.top_workspace());
}

TEST_CASE("gcall, gajw, ajw") {
  Machine m;
  m.exec(R"(
    ldc sub - here
    ldpi
  here:
    gcall
    stopp
  sub:
    ldc 5       -- Areg was the return address: now Breg
    rev
    gcall
  )");
  CHECK(m.cpu().breg == 5);
  Run g("ldlp -8\n gajw\n ajw 8");
  CHECK(g.m.cpu().wptr == g.m.top_workspace());
  CHECK(g.a() == g.m.top_workspace());
}

TEST_CASE("lend loops count times, 10 cycles back and 5 out") {
  Machine m;
  Cycle n = m.exec(R"(
    ldc 0
    stl 1      -- index
    ldc 3
    stl 2      -- count
  loop:
    ldlp 1
    ldc end - loop
    lend
  end:
    stopp
  )");
  CHECK(m.word_at(m.top_workspace() + 4) == 2);  // index ran 0, 1, 2
  CHECK(m.word_at(m.top_workspace() + 8) == 0);
  // 4 setup, then 3 times ldlp+ldc and lend's prefix, two lends looping and one exiting.
  CHECK(n - kStoppCycles == 4 + 3 * 3 + 2 * 10 + 5);
}

TEST_CASE("queue registers: sthf sthb stlf stlb, saveh savel; ldpri") {
  Machine m;
  m.exec(R"(
    ldc #100
    sthf
    ldc #104
    sthb
    ldlp 4
    saveh          -- W[4], W[5] := front, back of the high queue
    mint
    sthf
    mint
    sthb
    ldc #200
    stlb
    ldlp 6
    savel          -- W[6], W[7] := front, back of the low queue (front: this process's queue)
    ldpri
    stopp
  )");
  CHECK(m.word_at(m.top_workspace() + 16) == 0x100);
  CHECK(m.word_at(m.top_workspace() + 20) == 0x104);
  CHECK(m.word_at(m.top_workspace() + 28) == 0x200);
  CHECK(m.cpu().areg == 1);  // low priority
  CHECK(m.cpu().fptr[0] == 0x80000000u);
}

TEST_CASE("wait states: external data accesses and instruction words cost extra cycles") {
  const char* src = "ldc 1\n ldc #80001000\n stnl 0\n ldc #80001000\n ldnl 0\n stopp\n";
  Machine plain;
  Cycle base = plain.exec(src);
  Machine slow(NodeConfig{.chip = Chip::T414, .memory_bytes = 64 * 1024, .wait_states = 3});
  // Code in on-chip RAM; two external data accesses, and stopp saving Iptr in W[-1] (the
  // workspace is at the top of external memory).
  CHECK(slow.exec(src) == base + 3 * 3);
  CHECK(slow.word_at(0x80001000u) == 1);
  // The same code placed in external memory also pays for each instruction word it fetches.
  Machine far(NodeConfig{.chip = Chip::T414, .memory_bytes = 64 * 1024, .wait_states = 3});
  AsmResult r = assemble("ldc 1\n stopp\n", 0x80002000u);
  REQUIRE(r.ok());
  for (std::size_t i = 0; i < r.code.size(); ++i) far.cpu().store_byte(0x80002000u + Word(i), r.code[i]);
  far.cpu().cycles = 0;
  far.cpu().iptr = 0x80002000u;
  far.cpu().wptr = far.top_workspace();
  far.cpu().running = true;
  far.run();
  CHECK(far.t.now() == 1 + kStoppCycles + 3 + 3);  // three bytes in one word: one fetch; W[-1]
}

TEST_CASE("operations not on the chip halt it with a report") {
  Machine m(Chip::T414);
  m.load("opr #5A\n stopp");  // dup: T800 only
  m.run();
  CHECK(m.last.reason == StopReason::Halted);
  CHECK(m.t.halt_report().find("illegal operation code #0000005A") != std::string::npos);
  Machine t8(Chip::T800);
  t8.exec("ldc 4\n dup\n add\n stopp");
  CHECK(t8.cpu().areg == 8);
}

TEST_CASE("a bad address halts the transputer with the address and Iptr") {
  Machine m;
  m.load("ldc 0\n ldnl 0\n stopp");
  m.run();
  CHECK(m.last.reason == StopReason::Halted);
  std::string report = m.t.halt_report();
  CHECK(report.find("address #00000000") != std::string::npos);
  CHECK(report.find("Iptr #80000049") != std::string::npos);
}

}  // namespace
}  // namespace transit::emu::test
