// The T800/T425/T805 integer additions and the T414's floating-point support operations run on
// the emulator (emulator/include/transit/emu/isa/t800.def, emulator/core/semantics/t800.h).
#include <doctest/doctest.h>

#include <bit>
#include <cmath>

#include "t800_rig.h"

using transit::emu::Chip;
using transit::emu::HaltReason;
using transit::emu::Word;
using transit::emu::test::T800Rig;

namespace {

std::string ldc(Word v) { return "ldc " + std::to_string(std::int32_t(v)); }

}  // namespace

TEST_CASE("dup, wsubdb, pop") {
  T800Rig t;
  t.run("ldc 7\ndup");
  CHECK(t.cpu().areg == 7u);
  CHECK(t.cpu().breg == 7u);
  t.run("ldc 3\nldc 1000\nwsubdb");  // Areg base, Breg index
  CHECK(t.cpu().areg == 1024u);
  T800Rig t805(Chip::T805);
  t805.run("ldc 1\nldc 2\nldc 3\npop");
  CHECK(t805.cpu().areg == 2u);
  CHECK(t805.cpu().breg == 1u);
  t805.run("ldmemstartval");
  CHECK(t805.cpu().areg == 0x80000070u);
  t805.run("ldc 5\nlddevid");
  CHECK(t805.cpu().areg == 10u);
  CHECK(t805.cpu().breg == 5u);
  T800Rig t414(Chip::T414);
  t414.run("ldc 1\nldc 2\nldc 3\nlddevid");  // not defined on the T414: no effect (as in t4)
  CHECK(t414.cpu().areg == 3u);
  CHECK(t414.cpu().breg == 2u);
}

TEST_CASE("bitcnt, bitrevword, bitrevnbits") {
  T800Rig t;
  t.run("ldc 5\n" + ldc(0xF0F0F0F0u) + "\nbitcnt");  // popcount(Areg) + Breg
  CHECK(t.cpu().areg == 21u);
  t.run(ldc(0x00000001u) + "\nbitrevword");
  CHECK(t.cpu().areg == 0x80000000u);
  t.run(ldc(0x12345678u) + "\nbitrevword");
  CHECK(t.cpu().areg == 0x1E6A2C48u);
  t.run(ldc(0b1101u) + "\nldc 4\nbitrevnbits");  // the low 4 bits of Breg, reversed
  CHECK(t.cpu().areg == 0b1011u);
  t.run(ldc(0x12345678u) + "\nldc 32\nbitrevnbits");
  CHECK(t.cpu().areg == 0x1E6A2C48u);
}

TEST_CASE("crcbyte and crcword compute the CRC-32/POSIX check value") {
  // crcbyte shifts the message into the CRC register (the augmented algorithm), so a standard
  // CRC with initial value 0 is that of the message followed by 32 zero bits.
  T800Rig t;
  const Word generator = 0x04C11DB7u, crc = T800Rig::kData;
  // One crcbyte on the CRC kept in memory at `crc`: Creg generator, Breg CRC, Areg data byte.
  auto crcbyte = [&](Word byte) {
    return ldc(generator) + "\n" + T800Rig::ldc(crc) + "\nldnl 0\n" + ldc(byte << 24) + "\ncrcbyte\n" +
           T800Rig::ldc(crc) + "\nstnl 0\n";
  };
  t.poke(crc, 0);
  std::string program;
  for (char ch : std::string("123456789")) program += crcbyte(Word(std::uint8_t(ch)));
  program += ldc(generator) + "\n" + T800Rig::ldc(crc) + "\nldnl 0\nldc 0\ncrcword";
  t.run(program);
  CHECK((t.cpu().areg ^ 0xFFFFFFFFu) == 0x765E7680u);
  CHECK(t.cpu().breg == generator);

  // One crcword equals four crcbytes, most significant byte first.
  t.poke(crc, 0x1234u);
  t.run(crcbyte(0x31) + crcbyte(0x32) + crcbyte(0x33) + crcbyte(0x34));
  const Word by_bytes = t.peek(crc);
  t.run(ldc(generator) + "\n" + ldc(0x1234u) + "\n" + ldc(0x31323334u) + "\ncrcword");
  CHECK(t.cpu().areg == by_bytes);
}

TEST_CASE("2D block moves copy all, non-zero or zero bytes") {
  T800Rig t;
  const Word src = T800Rig::kData, dst = T800Rig::kData + 0x100;
  // 3 rows of 5 bytes; source rows 8 bytes apart, destination rows 16 apart.
  const std::uint8_t rows[3][5] = {{1, 0, 2, 0, 3}, {0, 4, 0, 5, 0}, {6, 7, 0, 0, 8}};
  auto fill = [&] {
    for (int r = 0; r < 3; ++r)
      for (int i = 0; i < 8; ++i) t.cpu().store_byte(src + Word(8 * r + i), i < 5 ? rows[r][i] : 0xEE);
    for (Word i = 0; i < 64; ++i) t.cpu().store_byte(dst + i, 0xAA);
  };
  const std::string init = "ldc 8\nldc 16\nldc 3\nmove2dinit\n" + T800Rig::ldc(src) + "\n" +
                           T800Rig::ldc(dst) + "\nldc 5\n";
  fill();
  t.run(init + "move2dall");
  for (int r = 0; r < 3; ++r) {
    for (int i = 0; i < 5; ++i) CHECK(t.cpu().load_byte(dst + Word(16 * r + i)) == rows[r][i]);
    CHECK(t.cpu().load_byte(dst + Word(16 * r + 5)) == 0xAA);
  }
  fill();
  t.run(init + "move2dnonzero");
  for (int r = 0; r < 3; ++r)
    for (int i = 0; i < 5; ++i)
      CHECK(t.cpu().load_byte(dst + Word(16 * r + i)) == (rows[r][i] ? rows[r][i] : 0xAA));
  fill();
  t.run(init + "move2dzero");
  for (int r = 0; r < 3; ++r)
    for (int i = 0; i < 5; ++i) CHECK(t.cpu().load_byte(dst + Word(16 * r + i)) == (rows[r][i] ? 0xAA : 0));
  // (2p+23)r cycles: p = 2 words per row, r = 3 rows; plus the prefix byte.
  CHECK(t.cycles_of(init, "move2dall") == 1 + (2 * 2 + 23) * 3);
}

TEST_CASE("the T800 additions are illegal on a T414") {
  T800Rig t(Chip::T414);
  t.start("ldc 1\ndup");
  t.node().run_until(transit::emu::kNever);
  CHECK(t.cpu().halt == HaltReason::IllegalInstruction);
}

TEST_CASE("fmul multiplies signed fractions") {
  T800Rig t;
  t.run("ldc 9\n" + ldc(0x40000000u) + "\n" + ldc(0x40000000u) + "\nfmul");  // 0.5 * 0.5
  CHECK(t.cpu().areg == 0x20000000u);
  CHECK(t.cpu().breg == 9u);
  t.run(ldc(0xC0000000u) + "\n" + ldc(0x40000000u) + "\nfmul");  // -0.5 * 0.5
  CHECK(t.cpu().areg == 0xE0000000u);
  CHECK_FALSE(t.cpu().error);
  t.run(ldc(0x80000000u) + "\n" + ldc(0x80000000u) + "\nfmul");  // -1 * -1 overflows
  CHECK(t.cpu().error);
}

TEST_CASE("T414 floating-point support: unpacksn, ldinf, cflerr") {
  T800Rig t(Chip::T414);
  t.run("ldc 2\n" + ldc(std::bit_cast<Word>(1.0f)) + "\nunpacksn");
  CHECK(t.cpu().areg == 0x80000000u);
  CHECK(t.cpu().breg == 127u);
  CHECK(t.cpu().creg == 4 * 2 + 1u);
  t.run("ldc 0\n" + ldc(std::bit_cast<Word>(-0.75f)) + "\nunpacksn");
  CHECK(t.cpu().areg == 0xC0000000u);
  CHECK(t.cpu().breg == 126u);
  t.run("ldc 0\n" + ldc(0x00000001u) + "\nunpacksn");  // smallest denormal
  CHECK(t.cpu().areg == 0x00000100u);
  CHECK(t.cpu().breg == 1u);
  CHECK(t.cpu().creg == 1u);
  t.run("ldc 0\nldc 0\nunpacksn");
  CHECK(t.cpu().creg == 0u);
  t.run("ldc 0\nldinf\nunpacksn");
  CHECK(t.cpu().creg == 2u);
  t.run("ldc 0\n" + ldc(0x7fc00000u) + "\nunpacksn");
  CHECK(t.cpu().creg == 3u);

  t.run(ldc(std::bit_cast<Word>(1.5f)) + "\ncflerr");
  CHECK_FALSE(t.cpu().error);
  t.run("ldinf\ncflerr");
  CHECK(t.cpu().error);
}

TEST_CASE("T414 floating-point support: postnormsn and roundsn") {
  T800Rig t(Chip::T414);
  // W[0] = 130, norm shifted 3 places: exponent 127.
  t.run("ldc 130\nstl 0\nldc 3\n" + ldc(0x80000000u) + "\nldc 0\npostnormsn");
  CHECK(t.cpu().creg == 127u);
  CHECK(t.cpu().breg == 0x80000000u);
  // Exponent 0 after the shift: the fraction moves one place right (denormal).
  t.run("ldc 3\nstl 0\nldc 3\n" + ldc(0x80000000u) + "\nldc 0\npostnormsn");
  CHECK(t.cpu().creg == 0u);
  CHECK(t.cpu().breg == 0x40000000u);
  // Overflow.
  t.run("ldc 300\nstl 0\nldc 0\n" + ldc(0x80000000u) + "\nldc 0\npostnormsn");
  CHECK(t.cpu().creg == 255u);

  // roundsn: Creg exponent, Breg fraction, Areg guard word.
  auto round = [&](Word exponent, Word fraction, Word guard) {
    t.run(ldc(exponent) + "\n" + ldc(fraction) + "\n" + ldc(guard) + "\nroundsn");
    return t.cpu().areg;
  };
  CHECK(round(127, 0x80000000u, 0) == std::bit_cast<Word>(1.0f));
  CHECK(round(127, 0x80000080u, 0) == std::bit_cast<Word>(1.0f));                       // tie, even
  CHECK(round(127, 0x80000080u, 1) == std::bit_cast<Word>(std::nextafter(1.0f, 2.0f)));  // above
  CHECK(round(127, 0x80000180u, 0) == std::bit_cast<Word>(1.0f) + 2);                   // tie, odd
  CHECK(round(127, 0xFFFFFF80u, 0) == std::bit_cast<Word>(2.0f));                       // carry
  CHECK(round(254, 0xFFFFFF80u, 0) == 0x7f800000u);                                     // overflow
  CHECK(round(0, 0x7FFFFF80u, 0) == 0x00800000u);  // largest denormal rounds to smallest normal
}

TEST_CASE("the T414 support operations are illegal on a T800") {
  T800Rig t;
  t.start("ldc 0\nunpacksn");
  t.node().run_until(transit::emu::kNever);
  CHECK(t.cpu().halt == HaltReason::IllegalInstruction);
}

// A REAL32 multiply written the way the T414's software floating point does it: unpacksn both
// operands, multiply the fractions (lmul), norm, postnormsn, roundsn, then the sign. Its results
// must equal the host's IEEE products, denormal and infinite results included.
TEST_CASE("T414 REAL32 multiply from unpacksn, lmul, norm, postnormsn and roundsn") {
  const std::string multiply = R"(
      ajw -8            ; W[0] exponent for postnormsn, W[1..7] temporaries
      ldc 0
      ldl 9             ; X (the caller's W[1], now W[9])
      unpacksn          ; A fraction, B exponent, C type
      stl 1             ; fx
      stl 2             ; ex
      ldc 0
      ldl 10            ; Y
      unpacksn
      stl 3             ; fy
      ldl 2
      sum               ; ex + ey
      adc -126          ; - 127 + 1: postnormsn subtracts the places norm shifts
      stl 0
      ldc 0
      ldl 1
      ldl 3
      lmul              ; B:A = fx * fy
      norm
      postnormsn
      roundsn           ; A = the packed magnitude
      ldl 9
      ldl 10
      xor
      mint
      and               ; the sign of the product
      or
      stl 11            ; the caller's W[3]
      ajw 8
  )";
  T800Rig t(Chip::T414);
  const float pairs[][2] = {{1.5f, 2.0f},       {3.1415927f, 2.7182817f}, {-1.1f, 7.3f},
                            {1.0000001f, 0.9999999f}, {1e30f, 1e8f},     {-3.0f, -0.3333333f},
                            {1e-20f, 1e-20f},   {1.2e-19f, -3.4e-20f}, {1e30f, -1e10f}};
  for (auto [x, y] : pairs) {
    t.poke(T800Rig::kWorkspace + 4, std::bit_cast<Word>(x));
    t.poke(T800Rig::kWorkspace + 8, std::bit_cast<Word>(y));
    t.run(multiply);
    CAPTURE(x);
    CAPTURE(y);
    CHECK(t.peek(T800Rig::kWorkspace + 12) == std::bit_cast<Word>(x * y));
  }
}
