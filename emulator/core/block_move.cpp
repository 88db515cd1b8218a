// Block copies done in pieces (see block_move.h). Time as for the whole copy: 2 cycles per word
// (move, in/out), (2p+23) per row of a 2D move; a piece ends on a word (row) boundary, so the
// pieces add up to the cycles of the uninterrupted copy.
#include "core/block_move.h"

#include <algorithm>
#include <cstring>

#include "transit/emu/core/scheduler.h"

namespace transit::emu {
namespace {

bool in_ram(const Cpu& c, Word addr, Word n) {
  std::uint32_t off = addr - kMostNeg;
  return off < c.mem_size && c.mem_size - off >= n;
}

void finish(Cpu& c) {
  BlockMove m = c.block_move;
  c.block_move = {};
  if (m.other != kNotProcess) {
    c.store(m.channel, kNotProcess);
    schedule(c, m.other);
  }
}

// One row of a 2D move.
void copy_row(Cpu& c, BlockMove& m) {
  c.watch_write(m.dest, m.width);
  for (Word i = 0; i < m.width && c.halt == HaltReason::None; ++i) {
    std::uint8_t b = c.load_byte(m.source + i);
    if (m.which == 0 || (m.which == 1) == (b != 0)) c.store_byte(m.dest + i, b);
  }
  c.cycles += 2 * ((m.width + 3) / 4) + 23;
  m.source += m.source_stride;
  m.dest += m.dest_stride;
  --m.rows;
}

}  // namespace

void start_block_move(Cpu& c, const BlockMove& m) {
  if (m.kind == BlockMove::Kind::Bytes && m.remaining != 0) {
    // The whole range is checked first, as the uninterrupted copy does.
    if (!in_ram(c, m.source, m.remaining)) {
      c.stop_with(HaltReason::BadAddress, m.source);
      return;
    }
    if (!in_ram(c, m.dest, m.remaining)) {
      c.stop_with(HaltReason::BadAddress, m.dest);
      return;
    }
  }
  c.block_move = m;
  continue_block_move(c);
}

void start_copy(Cpu& c, Word from, Word to, Word n, Word channel, Word other) {
  start_block_move(c, {.kind = BlockMove::Kind::Bytes, .source = from, .dest = to, .remaining = n,
                       .channel = channel, .other = other});
}

void continue_block_move(Cpu& c) {
  BlockMove& m = c.block_move;
  for (;;) {
    if (c.halt != HaltReason::None) {
      m = {};
      return;
    }
    if (m.kind == BlockMove::Kind::Rows) {
      if (m.rows == 0) break;
      copy_row(c, m);
    } else {
      if (m.remaining == 0) break;
      Cycle room = c.next_event > c.cycles ? c.next_event - c.cycles : 0;
      Word words = std::min<Word>((m.remaining + 3) / 4, Word(std::max<Cycle>(1, std::min<Cycle>((room + 1) / 2, 1u << 28))));
      Word bytes = std::min(m.remaining, 4 * words);
      c.watch_write(m.dest, bytes);
      std::memmove(c.mem + (m.dest - kMostNeg), c.mem + (m.source - kMostNeg), bytes);
      c.cycles += 2 * words;
      m.source += bytes;
      m.dest += bytes;
      m.remaining -= bytes;
      if (m.remaining == 0) break;
    }
    if (c.cycles >= c.next_event) return;  // an event first; the run loop comes back here
  }
  finish(c);
}

}  // namespace transit::emu
