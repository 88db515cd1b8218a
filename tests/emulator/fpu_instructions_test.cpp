// T800 FPU instructions run on the emulator: results, stack effects, the FP error flag, rounding
// modes and cycle counts (emulator/include/transit/emu/isa/t800.def, emulator/core/semantics/fpu.h).
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "transit/emu/isa/instruction.h"
#include "t800_rig.h"

using transit::emu::Chip;
using transit::emu::HaltReason;
using transit::emu::Word;
using transit::emu::test::T800Rig;
namespace fpu = transit::emu::fpu;

namespace {

constexpr Word A = T800Rig::kData, B = T800Rig::kData + 8, C = T800Rig::kData + 16,
               R = T800Rig::kData + 32;

std::string ld(Word addr, const char* op = "fpldnldb") { return T800Rig::ldc(addr) + "\n" + op; }

}  // namespace

TEST_CASE("fpldnldb pushes onto the three-register stack; fpstnldb pops") {
  T800Rig t;
  t.poke_double(A, 1.0);
  t.poke_double(B, 2.0);
  t.poke_double(C, 3.0);
  t.run(ld(A) + "\n" + ld(B) + "\n" + ld(C));
  CHECK(t.cpu().fpu.fa.as_double() == 3.0);
  CHECK(t.cpu().fpu.fb.as_double() == 2.0);
  CHECK(t.cpu().fpu.fc.as_double() == 1.0);
  t.run(T800Rig::ldc(R) + "\nfpstnldb");
  CHECK(t.peek_double(R) == 3.0);
  CHECK(t.cpu().fpu.fa.as_double() == 2.0);
  CHECK(t.cpu().fpu.fb.as_double() == 1.0);
}

TEST_CASE("REAL32 loads and stores keep the length tag") {
  T800Rig t;
  t.poke_float(A, 1.25f);
  t.run(ld(A, "fpldnlsn") + "\nfpdup\nfpadd\n" + T800Rig::ldc(R) + "\nfpstnlsn");
  CHECK(t.peek_float(R) == 2.5f);
  t.run("fpldzerosn");
  CHECK(t.cpu().fpu.fa.length == fpu::Length::Single);
  CHECK(t.cpu().fpu.fa.as_float() == 0.0f);
  t.run("fpldzerodb");
  CHECK(t.cpu().fpu.fa.length == fpu::Length::Double);
}

TEST_CASE("indexed loads address base + index * length") {
  T800Rig t;
  t.poke_double(A + 16, 7.5);
  t.poke_float(A + 12, -3.0f);
  t.run("ldc 2\n" + T800Rig::ldc(A) + "\nfpldnldbi");  // Areg base, Breg index
  CHECK(t.cpu().fpu.fa.as_double() == 7.5);
  t.run("ldc 3\n" + T800Rig::ldc(A) + "\nfpldnlsni");
  CHECK(t.cpu().fpu.fa.as_float() == -3.0f);
}

TEST_CASE("binary arithmetic computes FB op FA and pops") {
  T800Rig t;
  t.poke_double(A, 10.0);
  t.poke_double(B, 4.0);
  const std::string two = ld(A) + "\n" + ld(B) + "\n";
  t.run(two + "fpsub");
  CHECK(t.cpu().fpu.fa.as_double() == 6.0);
  t.run(two + "fpdiv");
  CHECK(t.cpu().fpu.fa.as_double() == 2.5);
  t.run(two + "fpmul");
  CHECK(t.cpu().fpu.fa.as_double() == 40.0);
  t.run("fpldzerodb\n" + two + "fpadd");
  CHECK(t.cpu().fpu.fa.as_double() == 14.0);
  CHECK(t.cpu().fpu.fb.as_double() == 0.0);  // FB := FC
  CHECK_FALSE(t.cpu().fpu.error);
}

TEST_CASE("load-and-add and load-and-multiply") {
  T800Rig t;
  t.poke_double(A, 1.5);
  t.poke_double(B, 4.0);
  t.poke_float(C, 3.0f);
  t.run(ld(A) + "\n" + T800Rig::ldc(B) + "\nfpldnladddb");
  CHECK(t.cpu().fpu.fa.as_double() == 5.5);
  t.run(ld(A) + "\n" + T800Rig::ldc(B) + "\nfpldnlmuldb");
  CHECK(t.cpu().fpu.fa.as_double() == 6.0);
  t.run(ld(C, "fpldnlsn") + "\n" + T800Rig::ldc(C) + "\nfpldnlmulsn");
  CHECK(t.cpu().fpu.fa.as_float() == 9.0f);
  t.run(ld(C, "fpldnlsn") + "\n" + T800Rig::ldc(C) + "\nfpldnladdsn");
  CHECK(t.cpu().fpu.fa.as_float() == 6.0f);
}

TEST_CASE("a rounding mode applies to the next FPU operation only") {
  T800Rig t;
  t.poke_double(A, 1.0);
  t.poke_double(B, 3.0);
  t.run(ld(A) + "\n" + ld(B) + "\nfpdiv");
  const double nearest = t.cpu().fpu.fa.as_double();
  t.run(ld(A) + "\n" + ld(B) + "\nfpurp\nfpdiv");
  const double up = t.cpu().fpu.fa.as_double();
  t.run(ld(A) + "\n" + ld(B) + "\nfpurm\nfpdiv");
  const double down = t.cpu().fpu.fa.as_double();
  t.run(ld(A) + "\n" + ld(B) + "\nfpurz\nfpdiv");
  const double zero = t.cpu().fpu.fa.as_double();
  CHECK(up == std::nextafter(down, 1.0));
  CHECK(zero == down);
  CHECK((nearest == up || nearest == down));
  CHECK(t.cpu().fpu.rounding == fpu::RoundingMode::Nearest);  // reset by the fpdiv

  // fpurp before a load is used up by the load: the division rounds to nearest.
  t.run(ld(A) + "\nfpurp\n" + ld(B) + "\nfpdiv");
  CHECK(t.cpu().fpu.fa.as_double() == nearest);
}

TEST_CASE("fpint, fprtoi32 and fpstnli32 convert to an integer in the rounding mode") {
  T800Rig t;
  t.poke_double(A, 2.5);
  t.poke_double(B, -7.75);
  t.run(ld(A) + "\nfprtoi32\n" + T800Rig::ldc(R) + "\nfpstnli32");
  CHECK(t.peek(R) == 2u);  // ties to even
  t.run(ld(A) + "\nfpurp\nfprtoi32\n" + T800Rig::ldc(R) + "\nfpstnli32");
  CHECK(t.peek(R) == 3u);
  t.run(ld(B) + "\nfpurz\nfpint");
  CHECK(t.cpu().fpu.fa.as_double() == -7.0);
  t.run(ld(B) + "\nfpurm\nfpint\n" + T800Rig::ldc(R) + "\nfpstnli32");
  CHECK(t.peek(R) == Word(-8));
  CHECK_FALSE(t.cpu().fpu.error);

  t.poke_double(C, 3e9);
  t.run(ld(C) + "\nfprtoi32");
  CHECK(t.cpu().fpu.error);  // out of INT32 range
}

TEST_CASE("integer to real conversions read the integer from memory") {
  T800Rig t;
  t.poke(A, Word(-5));
  t.poke(B, 16777217u);
  t.run(T800Rig::ldc(A) + "\nfpi32tor64");
  CHECK(t.cpu().fpu.fa.as_double() == -5.0);
  t.run(T800Rig::ldc(A) + "\nfpb32tor64");
  CHECK(t.cpu().fpu.fa.as_double() == 4294967291.0);
  t.run(T800Rig::ldc(B) + "\nfpi32tor32");
  CHECK(t.cpu().fpu.fa.as_float() == 16777216.0f);
  t.run(T800Rig::ldc(B) + "\nfpurp\nfpi32tor32");
  CHECK(t.cpu().fpu.fa.as_float() == 16777218.0f);
  CHECK(t.cpu().areg != T800Rig::kData + 8);  // the address was popped
}

TEST_CASE("comparisons push a truth value and pop FA and FB") {
  T800Rig t;
  t.poke_double(A, 1.0);
  t.poke_double(B, 2.0);
  t.run("fpldzerodb\n" + ld(B) + "\n" + ld(A) + "\nfpgt");  // FB = 2 > FA = 1
  CHECK(t.cpu().areg == 1u);
  CHECK(t.cpu().fpu.fa.as_double() == 0.0);
  t.run(ld(A) + "\n" + ld(B) + "\nfpgt");
  CHECK(t.cpu().areg == 0u);
  t.run(ld(A) + "\n" + ld(A) + "\nfpeq");
  CHECK(t.cpu().areg == 1u);
  t.run(ld(A) + "\n" + ld(B) + "\nfpeq");
  CHECK(t.cpu().areg == 0u);
  CHECK_FALSE(t.cpu().fpu.error);
}

TEST_CASE("NaN and infinity tests leave the FP stack alone") {
  T800Rig t;
  t.poke_double(A, 0.0);
  t.poke_double(B, 1.0);
  t.run(ld(A) + "\n" + ld(A) + "\nfpdiv");  // 0/0: the T800's NaN, error set
  CHECK(t.cpu().fpu.fa.bits == 0x7ff8000000000000u);
  CHECK(t.cpu().fpu.error);
  t.run("fpnan");
  CHECK(t.cpu().areg == 1u);
  t.run("fpnotfinite");
  CHECK(t.cpu().areg == 1u);
  t.run(ld(B) + "\nfpordered");
  CHECK(t.cpu().areg == 0u);
  CHECK(t.cpu().fpu.fa.as_double() == 1.0);
  t.run(ld(B) + "\nfpordered");
  CHECK(t.cpu().areg == 1u);
  t.run("fpnan\nfpnotfinite");
  CHECK(t.cpu().areg == 0u);
  CHECK(t.cpu().breg == 0u);
}

TEST_CASE("the FP error flag: fptesterr, fpchkerr, fpuseterr, fpuclrerr") {
  T800Rig t;
  t.poke_double(A, 1.0);
  t.poke_double(B, 0.0);
  t.run("fptesterr");
  CHECK(t.cpu().areg == 1u);  // true: no error
  t.run(ld(A) + "\n" + ld(B) + "\nfpdiv");  // division by zero
  CHECK(std::isinf(t.cpu().fpu.fa.as_double()));
  CHECK(t.cpu().fpu.error);
  CHECK_FALSE(t.cpu().error);
  t.run("fpchkerr");
  CHECK(t.cpu().error);  // copied into the processor's error flag
  CHECK(t.cpu().fpu.error);
  t.run("fptesterr");
  CHECK(t.cpu().areg == 0u);  // false: there was an error
  CHECK_FALSE(t.cpu().fpu.error);
  t.run("fpuseterr");
  CHECK(t.cpu().fpu.error);
  t.run("fpuclrerr");
  CHECK_FALSE(t.cpu().fpu.error);
}

TEST_CASE("fpchkerr with HaltOnError stops the transputer") {
  T800Rig t;
  t.start("sethalterr\nfpuseterr\nfpchkerr\nldc 99\nstopp");
  t.node().run_until(transit::emu::kNever);
  CHECK(t.cpu().halt == HaltReason::ErrorFlag);
  CHECK(t.cpu().areg != 99u);
}

TEST_CASE("fpentry sub-operations") {
  T800Rig t;
  t.poke_double(A, -6.0);
  t.poke_float(B, 0.1f);
  t.poke_double(C, 2.0);
  t.run(ld(A) + "\nfpuabs");
  CHECK(t.cpu().fpu.fa.as_double() == 6.0);
  t.run("fpumulby2");
  CHECK(t.cpu().fpu.fa.as_double() == 12.0);
  t.run("fpudivby2\nfpudivby2");
  CHECK(t.cpu().fpu.fa.as_double() == 3.0);
  t.run("fpuexpinc32");
  CHECK(t.cpu().fpu.fa.as_double() == 3.0 * 4294967296.0);
  t.run("fpuexpdec32");
  CHECK(t.cpu().fpu.fa.as_double() == 3.0);
  t.run(ld(B, "fpldnlsn") + "\nfpur32tor64");
  CHECK(t.cpu().fpu.fa.as_double() == static_cast<double>(0.1f));
  t.run("fpur64tor32");
  CHECK(t.cpu().fpu.fa.as_float() == 0.1f);
  t.run(ld(C) + "\nfpusqrtfirst\nfpusqrtstep\nfpusqrtstep\nfpusqrtlast");
  CHECK(t.cpu().fpu.fa.as_double() == std::sqrt(2.0));
  // The nearest double to the square root of 2 is above it: rounding down gives the one below.
  t.run(ld(C) + "\nfpusqrtfirst\nfpusqrtstep\nfpusqrtstep\nfpurm\nfpusqrtlast");
  CHECK(t.cpu().fpu.fa.as_double() == std::nextafter(std::sqrt(2.0), 0.0));
  t.run(ld(C) + "\nfpusqrtfirst\nfpusqrtstep\nfpusqrtstep\nfpurp\nfpusqrtlast");
  CHECK(t.cpu().fpu.fa.as_double() == std::sqrt(2.0));
  t.poke_double(R, 1.0 + 0x1p-30);  // between two REAL32s, nearer the lower
  t.run(ld(R) + "\nfpurp\nfpur64tor32");
  CHECK(t.cpu().fpu.fa.as_float() == std::nextafter(1.0f, 2.0f));
  t.run(ld(R) + "\nfpur64tor32");
  CHECK(t.cpu().fpu.fa.as_float() == 1.0f);
  t.run(ld(C) + "\nfpunoround");
  CHECK(t.cpu().fpu.fa.as_float() == 2.0f);
  CHECK_FALSE(t.cpu().fpu.error);
  t.run(ld(A) + "\nfpusqrtfirst\nfpusqrtstep\nfpusqrtstep\nfpusqrtlast");
  CHECK(t.cpu().fpu.fa.bits == 0x7ff0800000000000u);  // square root of a negative number
  CHECK(t.cpu().fpu.error);
}

TEST_CASE("fpuchki32 and fpuchki64 check the integer range") {
  T800Rig t;
  t.poke_double(A, 2147483647.0);
  t.poke_double(B, 2147483648.0);
  t.run(ld(A) + "\nfpuchki32");
  CHECK_FALSE(t.cpu().fpu.error);
  t.run(ld(B) + "\nfpuchki32");
  CHECK(t.cpu().fpu.error);
  t.run("fpuclrerr\nfpuchki64");
  CHECK_FALSE(t.cpu().fpu.error);
}

TEST_CASE("fpremfirst and fpremstep give the IEEE remainder and the quotient in FB") {
  T800Rig t;
  t.poke_double(A, 11.0);
  t.poke_double(B, 3.0);
  t.run(ld(A) + "\n" + ld(B) + "\nfpremfirst");
  CHECK(t.cpu().areg == 1u);
  t.run("fpremstep");
  CHECK(t.cpu().areg == 0u);
  CHECK(t.cpu().fpu.fa.as_double() == -1.0);
  CHECK(t.cpu().fpu.fb.as_double() == 4.0);
}

TEST_CASE("fpdup and fprev") {
  T800Rig t;
  t.poke_double(A, 1.0);
  t.poke_double(B, 2.0);
  t.run(ld(A) + "\n" + ld(B) + "\nfprev");
  CHECK(t.cpu().fpu.fa.as_double() == 1.0);
  CHECK(t.cpu().fpu.fb.as_double() == 2.0);
  t.run("fpdup");
  CHECK(t.cpu().fpu.fa.as_double() == 1.0);
  CHECK(t.cpu().fpu.fb.as_double() == 1.0);
  CHECK(t.cpu().fpu.fc.as_double() == 2.0);
}

TEST_CASE("cycles follow the T800 datasheet") {
  T800Rig t;
  t.poke_double(A, 1.5);
  t.poke_double(B, 3.25);
  t.poke_float(C, 1.5f);
  t.poke_double(R, 0x1p-1060);  // denormal
  const std::string two = ld(A) + "\n" + ld(B);
  const std::string two_sn = ld(C, "fpldnlsn") + "\n" + ld(C, "fpldnlsn");
  // Each FPU operation code needs one prefix byte (one cycle); an fpentry sub-operation costs
  // ldc, the prefix of fpentry and the sub-operation. Arithmetic whose result stays in the FPU runs
  // concurrently: the processor goes on after kFpuIssueCycles (at most the operation's time); the
  // FPU's own time, the datasheet figure, is checked in fpu_concurrency_test.cpp.
  constexpr transit::emu::Cycle issue = transit::emu::kFpuIssueCycles;
  CHECK(t.cycles_of("", "fpldzerodb") == 1 + 2);
  CHECK(t.cycles_of(two, "fpadd") == 1 + issue);
  CHECK(t.cycles_of(two_sn, "fpmul") == 1 + issue);
  CHECK(t.cycles_of(two, "fpdiv") == 1 + issue);
  CHECK(t.cycles_of(two, "fpgt") == 1 + 4);
  CHECK(t.cycles_of(ld(A), "fpuabs") == 1 + 1 + 2);
  CHECK(t.cycles_of(ld(A), "fpusqrtstep") == 1 + 1 + issue);
  CHECK(t.cycles_of(ld(A), "fpurz") == 1 + 1 + 1);
}

TEST_CASE("FPU instructions are illegal on a T414, fpentry with an undefined code is illegal") {
  T800Rig t414(Chip::T414);
  t414.start("fpldzerodb");
  t414.node().run_until(transit::emu::kNever);
  CHECK(t414.cpu().halt == HaltReason::IllegalInstruction);

  T800Rig t;
  t.start("ldc 99\nfpentry");
  t.node().run_until(transit::emu::kNever);
  CHECK(t.cpu().halt == HaltReason::IllegalInstruction);
}
