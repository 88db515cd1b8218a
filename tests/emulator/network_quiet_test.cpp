// The quiet-code search (transit/emu/network/quiet_code.h) on small programs whose answers are
// counted by hand from the instruction table: the fewest cycles before the running process can
// start an instruction another node could see, through branches, loops, calls and returns, and the
// cache dropped when a block copy writes into the code searched.
#include <doctest/doctest.h>

#include <cstring>
#include <string_view>

#include "transit/emu/asm/assembler.h"
#include "transit/emu/network/quiet_code.h"
#include "transit/emu/node/transputer.h"

using namespace transit;
using emu::Cycle;
using emu::Word;

namespace {

constexpr Cycle kEnough = 1 << 14;
constexpr Word kWorkspace = emu::kMostNeg + 0x8000;

// A T800 with `source` at MemStart, running it as a low-priority process.
struct Machine {
  emu::Transputer t{emu::NodeConfig{.chip = emu::Chip::T800}};
  emu::AsmResult code;
  network::QuietCode quiet{kEnough, 4000};

  explicit Machine(std::string_view source) {
    emu::Cpu& c = t.cpu();
    code = emu::assemble(source, c.memstart());
    REQUIRE(code.ok());
    std::memcpy(c.mem + (c.memstart() - emu::kMostNeg), code.code.data(), code.code.size());
    c.iptr = c.memstart();
    c.wptr = kWorkspace;
    c.pri = 1;
    c.running = true;
  }
  Word label(const char* name) const { return code.labels.at(name); }
  Cycle cycles(bool slices = false) { return quiet.cycles(t.cpu(), slices); }
};

}  // namespace

TEST_CASE("straight code: the cycles of the instructions before the first loud one") {
  Machine m("ldc 1\n ldc 2\n add\n out\n");
  CHECK(m.cycles() == 3);  // ldc 1, ldc 1, add 1
}

TEST_CASE("a conditional jump: the shorter of its two ways") {
  Machine m(R"(
        ldc 1
        cj skip          ; 2 not taken, 4 taken
        ldc 1
        ldc 1
        ldc 1
        ldc 1
        ldc 1
        ldc 1
        out              ; 1 + 2 + 6 = 9 this way
skip:   out              ; 1 + 4 = 5 this way
)");
  CHECK(m.cycles() == 5);
}

TEST_CASE("a replicated loop: lend's back edge is followed and its exit taken") {
  Machine m(R"(
        ldc 3
        stl 2
        ldc 0
        stl 1
loop:   ldc 1
        ldc 2
        add
        ldlp 1
        ldc after-loop
        lend             ; pfix 2, opr 1: 1 + 5 on the way out
after:  out
)");
  CHECK(m.cycles() == 4 + 4 + 1 + 6);
  m.t.cpu().iptr = m.label("loop");
  CHECK(m.cycles() == 4 + 1 + 6);
}

TEST_CASE("a call: the procedure's shortest way to its ret, then on after the call") {
  Machine m(R"(
        ldc 1
        call proc        ; 7
        ldc 1
        out
proc:   ajw -2           ; nfix, ajw: 2
        ldc 5
        ajw 2
        ret              ; pfix 2, opr 0: 1 + 5
)");
  CHECK(m.cycles() == 1 + 7 + 2 + 1 + 1 + 6 + 1);
}

TEST_CASE("a loud instruction inside a called procedure bounds the caller") {
  Machine m("ldc 1\n call proc\n ldc 1\n ldc 1\n ret\nproc: ldc 1\n out\n");
  CHECK(m.cycles() == 1 + 7 + 1);
}

TEST_CASE("the running procedure's ret goes where the return address in its workspace says") {
  Machine m(R"(
        ldc 1
        ajw 2
        ret              ; 6, Iptr from W[2] of the workspace at the start
there:  ldc 1
        ldc 1
        out
)");
  emu::Cpu& c = m.t.cpu();
  c.store(kWorkspace + 8, m.label("there"));
  CHECK(m.cycles() == 1 + 1 + 6 + 2);
}

TEST_CASE("timeslicing: with another low-priority process queued, j is a possible switch") {
  Machine m("ldc 1\n j next\nnext: ldc 1\n out\n");
  CHECK(m.cycles(false) == 1 + 3 + 1);
  CHECK(m.cycles(true) == 1);
}

TEST_CASE("a loop that never reaches a loud instruction: as far as the search looks") {
  Machine m("loop: ldc 1\n j loop\n");
  CHECK(m.cycles() == kEnough);
}

TEST_CASE("nothing is claimed when no process runs or a high-priority one is queued") {
  Machine m("ldc 1\n ldc 2\n out\n");
  emu::Cpu& c = m.t.cpu();
  c.running = false;
  CHECK(m.cycles() == 0);
  c.running = true;
  c.fptr[0] = c.bptr[0] = kWorkspace + 0x100;
  CHECK(m.cycles() == 0);
}

TEST_CASE("the answers are kept until a copy writes into the code searched") {
  Machine m("ldc 1\n ldc 2\n ldc 3\n out\n");
  emu::Cpu& c = m.t.cpu();
  CHECK(m.cycles() == 3);
  std::uint64_t writes = c.code_writes;
  CHECK(c.code_watch_lo <= c.memstart());
  CHECK(c.code_watch_hi > c.memstart());
  auto out = emu::assemble("out\n", c.memstart());
  REQUIRE(out.ok());
  std::memcpy(c.mem + (c.memstart() + 1 - emu::kMostNeg), out.code.data(), out.code.size());
  CHECK(m.cycles() == 3);  // a store the copies did not report: the kept answer
  c.watch_write(kWorkspace, 64);  // a copy elsewhere
  CHECK(c.code_writes == writes);
  CHECK(m.cycles() == 3);
  c.watch_write(c.memstart() + 1, Word(out.code.size()));  // as move, in and the boot loader report it
  CHECK(c.code_writes == writes + 1);
  CHECK(m.cycles() == 1);
}
