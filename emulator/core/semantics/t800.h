// Semantics of the non-FPU rows of emulator/include/transit/emu/isa/t800.def: the T800/T425/T805 integer additions
// (dup, 2D block moves, CRC, bit counting and reversal, wsubdb, pop, ldmemstartval) and the T414's
// floating-point support operations used by the software REAL32 library (unpacksn, postnormsn,
// roundsn, ldinf, cflerr) and fmul. Included by core/semantics/fpu.h.
#pragma once

#include <bit>
#include <cstdint>

#include "core/block_move.h"
#include "transit/emu/core/cpu.h"
#include "core/semantics/stack.h"

namespace transit::emu {
namespace ext {

// Areg, popped.
inline Word pop_areg(Cpu& c) {
  Word a = c.areg;
  pop(c);
  return a;
}

// One step of the CRC instructions: shift (crc:data) left one place; when a 1 leaves the top of
// crc, crc ^= generator.
inline void crc_step(Word& crc, Word& data, Word generator) {
  bool out = (crc >> 31) != 0;
  crc = (crc << 1) | (data >> 31);
  data <<= 1;
  if (out) crc ^= generator;
}

enum class Move2d { All, NonZero, Zero };

// Copies a block of r rows of `width` bytes from Creg to Breg, rows `stride` apart (set by
// move2dinit). Time (2p+23)r, p the words per row. Interruptible between rows (core/block_move.h).
inline void move2d(Cpu& c, Move2d which) {
  auto width = static_cast<std::int32_t>(c.areg);
  auto rows = static_cast<std::int32_t>(c.move2d.length);
  if (width < 0 || rows <= 0) return;  // undefined on the chip (negative); nothing is moved
  BlockMove m{.kind = BlockMove::Kind::Rows, .source = c.creg, .dest = c.breg, .rows = Word(rows),
              .width = Word(width), .source_stride = c.move2d.source_stride,
              .dest_stride = c.move2d.dest_stride, .which = std::uint8_t(which)};
  if (copy_may_be_interrupted(c, Cycle(2 * ((Word(width) + 3) / 4) + 23) * Word(rows))) [[unlikely]] {
    start_block_move(c, m);
    return;
  }
  Word dest = m.dest, source = m.source;
  for (std::int32_t r = 0; r < rows && c.halt == HaltReason::None; ++r) {
    c.watch_write(dest, Word(width));
    for (std::int32_t i = 0; i < width; ++i) {
      std::uint8_t b = c.load_byte(source + Word(i));
      if (which == Move2d::All || (which == Move2d::NonZero) == (b != 0)) c.store_byte(dest + Word(i), b);
    }
    source += m.source_stride;
    dest += m.dest_stride;
  }
  c.cycles += (2 * ((Word(width) + 3) / 4) + 23) * Word(rows);
}

}  // namespace ext

// ---- T414 floating-point support ----
// Areg (a REAL32) unpacks into fraction Areg' (left-justified, implicit bit at bit 31), exponent
// Breg', and Creg' = 4 * Breg + type (0 zero, 1 normal or denormal, 2 infinity, 3 NaN).
// A denormal gets exponent 1 and no implicit bit, so the library can normalise it.
inline void exec_unpacksn(Cpu& c) {
  Word x = c.areg;
  Word exponent = (x >> 23) & 0xff, fraction = x & 0x7fffff;
  Word type = 1;
  if (exponent == 0xff) {
    type = fraction == 0 ? 2 : 3;
  } else if (exponent == 0 && fraction == 0) {
    type = 0;
  }
  Word word_fraction = fraction << 8;
  if (exponent != 0) {
    word_fraction |= 0x80000000u;
  } else if (fraction != 0) {
    exponent = 1;
  }
  c.creg = 4 * c.breg + type;
  c.breg = exponent;
  c.areg = word_fraction;
}

// After norm: Breg:Areg is the normalised fraction (Breg high, Areg the guard word) and Creg the
// places norm shifted; W[0] holds the exponent. Leaves the exponent to round in Creg: 255 on
// overflow; a denormal result is shifted right into place with exponent 0 (bits shifted out
// stick to bit 0 of Areg so roundsn still rounds correctly).
inline void exec_postnormsn(Cpu& c) {
  auto exponent = static_cast<std::int32_t>(c.ws(c.wptr, 0)) - static_cast<std::int32_t>(c.creg);
  if (exponent >= 0xff) {
    c.creg = 0xff;
  } else if (exponent > 0) {
    c.creg = Word(exponent);
  } else {
    std::uint64_t value = (std::uint64_t{c.breg} << 32) | c.areg;
    unsigned places = unsigned(1 - exponent);
    std::uint64_t kept = places >= 64 ? 0 : value >> places;
    if (places >= 64 ? value != 0 : (value & ((std::uint64_t{1} << places) - 1)) != 0) kept |= 1;
    c.areg = Word(kept);
    c.breg = Word(kept >> 32);
    c.creg = 0;
    c.cycles += 25;
  }
}

// Breg is the fraction (implicit bit at 31), Areg the guard word, Creg the exponent: rounds to
// nearest (ties to even) and packs into Areg' (without the sign); an infinity on overflow.
inline void exec_roundsn(Cpu& c) {
  Word fraction = c.breg, exponent = c.creg;
  bool round = (fraction & 0x80u) != 0;
  bool sticky = (fraction & 0x7fu) != 0 || c.areg != 0;
  bool odd = (fraction & 0x100u) != 0;
  Word mantissa = fraction & 0x7fffffffu;  // without the implicit bit
  if (round && (sticky || odd)) {
    mantissa += 0x100u;
    if (mantissa & 0x80000000u) ++exponent;  // carried into the implicit bit
    c.cycles += 3;
  }
  if (exponent >= 0xff) {
    c.areg = 0x7f800000u;
  } else {
    c.areg = (exponent << 23) | ((mantissa & 0x7fffffffu) >> 8);
  }
}

inline void exec_ldinf(Cpu& c) { push(c, 0x7f800000u); }

// Error if Areg is a REAL32 infinity or NaN.
inline void exec_cflerr(Cpu& c) {
  if ((c.areg & 0x7f800000u) == 0x7f800000u) c.set_error();
}

// Fractional multiply: Areg and Breg are signed fractions with the binary point after bit 31;
// Areg' is their product rounded to nearest. -1 * -1 overflows: error.
inline void exec_fmul(Cpu& c) {
  std::int64_t p = std::int64_t(static_cast<std::int32_t>(c.areg)) * static_cast<std::int32_t>(c.breg);
  if (c.areg == 0x80000000u && c.breg == 0x80000000u) c.set_error();
  c.areg = Word((p + (std::int64_t{1} << 30)) >> 31);
  c.breg = c.creg;
}

// ---- T800 / T425 / T805 integer additions ----
inline void exec_dup(Cpu& c) { push(c, c.areg); }
inline void exec_wsubdb(Cpu& c) {
  Word base = ext::pop_areg(c);
  c.areg = base + 8 * c.areg;
}
inline void exec_move2dinit(Cpu& c) {
  c.move2d.length = c.areg;
  c.move2d.dest_stride = c.breg;
  c.move2d.source_stride = c.creg;
}
inline void exec_move2dall(Cpu& c) { ext::move2d(c, ext::Move2d::All); }
inline void exec_move2dnonzero(Cpu& c) { ext::move2d(c, ext::Move2d::NonZero); }
inline void exec_move2dzero(Cpu& c) { ext::move2d(c, ext::Move2d::Zero); }

// Areg' = the CRC of the data word Areg (most significant bit first) into the CRC Breg with the
// generator Creg; Breg' = Creg.
inline void exec_crcword(Cpu& c) {
  Word data = c.areg, crc = c.breg;
  for (int i = 0; i < 32; ++i) ext::crc_step(crc, data, c.creg);
  c.areg = crc;
  c.breg = c.creg;
}
// As crcword for the byte in the most significant 8 bits of Areg.
inline void exec_crcbyte(Cpu& c) {
  Word data = c.areg, crc = c.breg;
  for (int i = 0; i < 8; ++i) ext::crc_step(crc, data, c.creg);
  c.areg = crc;
  c.breg = c.creg;
}
inline void exec_bitcnt(Cpu& c) {
  Word x = c.areg;
  if (x != 0) c.cycles += Word(31 - std::countl_zero(x));
  c.areg = Word(std::popcount(x)) + c.breg;
  c.breg = c.creg;
}
inline void exec_bitrevword(Cpu& c) {
  Word x = c.areg, r = 0;
  for (int i = 0; i < 32; ++i, x >>= 1) r = (r << 1) | (x & 1);
  c.areg = r;
}
// Areg' = the low Areg bits of Breg, reversed.
inline void exec_bitrevnbits(Cpu& c) {
  Word n = c.areg, x = c.breg, r = 0;
  if (n <= 32) {
    for (Word i = 0; i < n; ++i, x >>= 1) r = (r << 1) | (x & 1);
    c.cycles += n;
  }
  c.areg = r;
  c.breg = c.creg;
}
inline void exec_pop(Cpu& c) { ext::pop_areg(c); }
inline void exec_ldmemstartval(Cpu& c) { push(c, c.memstart()); }
// The device identity is the first of each product's range (T425 0..9, T805 10..19).
inline void exec_lddevid(Cpu& c) {
  switch (c.chip) {
    case Chip::T414: break;
    case Chip::T800: c.breg = c.creg; break;
    case Chip::T425: push(c, 0); break;
    case Chip::T805: push(c, 10); break;
  }
}

}  // namespace transit::emu
