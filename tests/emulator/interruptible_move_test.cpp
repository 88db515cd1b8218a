// Long block copies are interruptible, as on the chip: a high-priority process that becomes ready
// while a low-priority process is in a move, a long internal-channel in/out or a 2D move preempts
// it midway, and the copy resumes where it stopped. A copy split only by the run loop's limits
// (nothing preempts) takes exactly the cycles of the uninterrupted copy.
#include "machine.h"

namespace transit::emu::test {
namespace {

constexpr Word kSource = kMostNeg + 0x2000;
constexpr Word kDest = kMostNeg + 0x4000;
constexpr Word kBytes = 4000;  // 1000 words: 2000 cycles, 100 us at 20 MHz

// Fills the source block with non-zero bytes and clears the destination.
void fill(Machine& m) {
  for (Word i = 0; i < kBytes; ++i) {
    m.cpu().store_byte(kSource + i, std::uint8_t(1 + i % 251));
    m.cpu().store_byte(kDest + i, 0);
  }
}

bool copied(Machine& m, Word bytes) {
  for (Word i = 0; i < bytes; ++i)
    if (m.cpu().load_byte(kDest + i) != m.cpu().load_byte(kSource + i)) return false;
  return true;
}

// The low process starts a high one that waits 20 us (400 cycles) and then records the first and
// the last byte of the destination in the low process's W[2] and W[3]; W[4] gets the time.
constexpr std::string_view kStartHigh = R"(
    ldc 0
    sttimer
    ldc high - h
    ldpi
  h:
    stl -21
    ldlp -20
    runp
)";
constexpr std::string_view kHigh = R"(
  high:             -- workspace 20 words below: the low process's W[i] is W[i + 20]
    ldtimer
    adc 20
    tin
    ldc #80004000
    lb
    stl 22
    ldc #80004000 + 3999
    lb
    stl 23
    ldtimer
    stl 24
    stopp
)";

TEST_CASE("a high-priority process preempts a low one in the middle of move") {
  Machine m;
  fill(m);
  m.load(std::string(kStartHigh) + R"(
    ldc #80002000
    ldc #80004000
    ldc 4000
    move
    ldtimer
    stl 5
    stopp
  )" + std::string(kHigh));
  m.run();
  REQUIRE_MESSAGE(m.last.reason == StopReason::Idle, m.t.halt_report());
  Word w = m.top_workspace();
  CHECK(m.word_at(w + 8) != 0);   // the first byte was copied before the high process ran
  CHECK(m.word_at(w + 12) == 0);  // the last byte not yet: the move was interrupted
  CHECK(m.word_at(w + 16) < 30);  // the high process ran on time (20 us, not after the move's 100)
  CHECK(copied(m, kBytes));       // the move resumed and finished
  CHECK(m.word_at(w + 20) >= 1);  // low-priority ticks of 64 us: after the move's 100 us
}

// The same move run in one go and in pieces of 37 cycles (a network's quanta, say): same result,
// same cycle count.
TEST_CASE("a move split by the run loop's limits costs the same cycles") {
  constexpr std::string_view kMove = R"(
    ldc #80002000
    ldc #80004000
    ldc 3999
    move
    stopp
  )";
  Machine whole;
  fill(whole);
  whole.load(kMove);
  Cycle one_go = whole.run();
  CHECK(copied(whole, 3999));

  Machine split;
  fill(split);
  split.load(kMove);
  Cycle start = split.t.now();
  int calls = 0;
  do {
    split.last = split.t.run_until(split.t.now() + 37);
    ++calls;
  } while (split.last.reason == StopReason::CycleLimit && calls < 1000);
  CHECK(split.last.reason == StopReason::Idle);
  CHECK(calls > 40);
  CHECK(split.t.now() - start == one_go);
  // One cycle per byte of the three ldc (prefixes included), the move's prefix, 2w + its row, stopp.
  Cycle ldcs = encode(4, kSource).size() + encode(4, kDest).size() + encode(4, 3999).size();
  CHECK(one_go == ldcs + 1 + table_cycles("move") + 2 * 1000 + kStoppCycles);
  CHECK(copied(split, 3999));
  CHECK(split.cpu().load_byte(kDest + 3999) == 0);
}

TEST_CASE("a long message on an internal channel is interrupted midway and then completed") {
  // Two low-priority processes: the consumer inputs 4000 bytes into kDest, the producer (second
  // to arrive) outputs them from kSource and so does the copy. The high process samples kDest.
  Machine m;
  fill(m);
  m.load(std::string(kStartHigh) + R"(
    mint
    stl 6           -- the channel
    ldc join - j0
    ldpi
  j0:
    stl 0
    ldc 2
    stl 1
    ldc producer - p0
    ldlp -60
    startp
  p0:
    ldc #80004000   -- consumer
    ldlp 6
    ldc 4000
    in
    ldtimer
    stl 7
    ldlp 0
    endp
  producer:         -- workspace 60 words below
    ldc #80002000
    ldlp 66
    ldc 4000
    out
    ldlp 60
    endp
  join:
    stopp
  )" + std::string(kHigh));
  m.run();
  REQUIRE_MESSAGE(m.last.reason == StopReason::Idle, m.t.halt_report());
  Word w = m.top_workspace();
  CHECK(m.word_at(w + 8) != 0);
  CHECK(m.word_at(w + 12) == 0);
  CHECK(m.word_at(w + 16) < 30);
  CHECK(copied(m, kBytes));
  CHECK(m.word_at(w + 28) >= 1);  // the consumer went on only after the whole message (64 us ticks)
  CHECK(m.word_at(w + 24) == kNotProcess);  // and the channel is empty again
}

TEST_CASE("move2dall is interrupted between rows (T800)") {
  // 40 rows of 100 bytes: (2*25 + 23) * 40 = 2920 cycles.
  Machine m(Chip::T800);
  fill(m);
  m.load(std::string(kStartHigh) + R"(
    ldc 100         -- source stride
    ldc 100         -- destination stride
    ldc 40          -- rows
    move2dinit
    ldc #80002000
    ldc #80004000
    ldc 100
    move2dall
    stopp
  )" + std::string(kHigh));
  m.run();
  REQUIRE_MESSAGE(m.last.reason == StopReason::Idle, m.t.halt_report());
  Word w = m.top_workspace();
  CHECK(m.word_at(w + 8) != 0);
  CHECK(m.word_at(w + 12) == 0);
  CHECK(m.word_at(w + 16) < 30);
  CHECK(copied(m, kBytes));
}

TEST_CASE("a high-priority move is not interrupted") {
  // At high priority nothing can preempt: the copy is whole even when a timer is due meanwhile.
  Machine m;
  fill(m);
  m.load(R"(
    ldc 0
    sttimer
    ldc #80002000
    ldc #80004000
    ldc 4000
    move
    stopp
  )", 0);
  m.run();
  CHECK(m.last.reason == StopReason::Idle);
  CHECK(copied(m, kBytes));
  CHECK_FALSE(m.cpu().block_move.active());
}

}  // namespace
}  // namespace transit::emu::test
