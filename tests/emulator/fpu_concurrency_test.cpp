// T800 FPU concurrency: an FPU operation whose result stays in the FPU keeps the FPU busy for its
// datasheet time while the integer processor goes on after kFpuIssueCycles; the next FPU
// instruction waits until the FPU is free. Time measured with a following fpdup (which waits for
// the FPU): with the operation minus without it.
#include <doctest/doctest.h>

#include "transit/emu/isa/instruction.h"
#include "t800_rig.h"

namespace transit::emu::test {
namespace {

constexpr Word A = T800Rig::kData, B = T800Rig::kData + 8, C = T800Rig::kData + 16,
               R = T800Rig::kData + 32;

std::string ld(Word addr, const char* op = "fpldnldb") { return T800Rig::ldc(addr) + "\n" + op; }

// Cycles from the start of `between` to the end of the fpdup after it, minus those of fpdup
// alone: the FPU's time for `op` (the prefix of `op` and the operation byte of fpdup cancel out).
Cycle fpu_time(T800Rig& t, const std::string& setup, const std::string& op, const std::string& between = "") {
  Cycle with = t.run(setup + "\n" + op + "\n" + between + "\nfpdup");
  Cycle without = t.run(setup + "\nfpdup");
  return with - without;
}

struct Fixture {
  Fixture() {
    t.poke_double(A, 1.5);
    t.poke_double(B, 3.25);
    t.poke_float(C, 1.5f);
    t.poke_double(R, 0x1p-1060);  // denormal
  }
  T800Rig t;
  const std::string two = ld(A) + "\n" + ld(B);
  const std::string two_sn = ld(C, "fpldnlsn") + "\n" + ld(C, "fpldnlsn");
};

TEST_CASE("the FPU is busy for the datasheet time of each operation") {
  Fixture f;
  T800Rig& t = f.t;
  CHECK(fpu_time(t, f.two, "fpadd") == 6);
  CHECK(fpu_time(t, f.two, "fpsub") == 6);
  CHECK(fpu_time(t, f.two_sn, "fpmul") == 11);
  CHECK(fpu_time(t, f.two, "fpmul") == 18);
  CHECK(fpu_time(t, f.two_sn, "fpdiv") == 16);
  CHECK(fpu_time(t, f.two, "fpdiv") == 31);
  CHECK(fpu_time(t, ld(A) + "\n" + ld(R), "fpadd") == 9);  // denormal operand: the maximum
  CHECK(fpu_time(t, ld(A) + "\n" + ld(R), "fpmul") == 27);
  Cycle ldc_b = encode(4, B).size();  // ldc B, prefixes included
  CHECK(fpu_time(t, ld(A), T800Rig::ldc(B) + "\nfpldnladddb") == ldc_b + 9);
  // fpentry sub-operations: ldc code, then the sub-operation's time.
  CHECK(fpu_time(t, ld(A), "fpusqrtstep") == 1 + 42);
  CHECK(fpu_time(t, ld(A), "fpusqrtfirst") == 1 + 27);
}

TEST_CASE("integer instructions run while the FPU works") {
  Fixture f;
  T800Rig& t = f.t;
  // fpdiv (REAL64) keeps the FPU busy 31 cycles; the processor is free after kFpuIssueCycles, so
  // up to 31 - kFpuIssueCycles - 1 single-cycle instructions (the last cycle is fpdup's prefix)
  // cost nothing.
  std::string ldcs;
  int free_slots = 31 - int(kFpuIssueCycles) - 1;
  for (int i = 0; i < free_slots; ++i) ldcs += i % 3 == 2 ? "rev\n" : "ldc 1\n";  // rev: 1 cycle too
  Cycle alone = fpu_time(t, f.two, "fpdiv");
  CHECK(fpu_time(t, f.two, "fpdiv", ldcs) == alone);
  // Beyond the FPU's time, each further cycle of integer work counts.
  CHECK(fpu_time(t, f.two, "fpdiv", ldcs + "ldc 1\nldc 2\nldc 3") == alone + 3);
}

TEST_CASE("the next FPU operation waits for the FPU; the processor's own time is the issue") {
  Fixture f;
  T800Rig& t = f.t;
  // Two divisions in a row: the second starts when the first ends.
  Cycle one = t.run(f.two + "\nfpdiv");
  Cycle two = t.run(f.two + "\nfpdup\nfpdiv\nfpdiv");
  // fpdup (2 cycles), then the second fpdiv is issued when the first ends, 31 cycles after it was
  // issued; the rest (prefix, issue, stopp) is as in the run with one division.
  CHECK(two - one == 2 + 31);
  // Without an FPU instruction after it, the processor pays only the prefix and the issue.
  CHECK(t.cycles_of(f.two, "fpdiv") == 1 + kFpuIssueCycles);
  // Loads, stores and comparisons are not overlapped: they wait, then take their full time.
  CHECK(t.cycles_of(f.two, "fpgt") == 1 + 4);
}

}  // namespace
}  // namespace transit::emu::test
