// The process model: PAR with startp/endp, channels between processes, ALT over channels, SKIP
// and timers, timer waits, priorities and preemption, timeslicing.
#include "machine.h"

namespace transit::emu::test {
namespace {

TEST_CASE("startp and endp: PAR of two processes joins") {
  Machine m;
  m.exec(R"(
    -- W[0] join Iptr, W[1] count; child workspace 32 words below
    ldc join - here
    ldpi
  here:
    stl 0
    ldc 2
    stl 1
    ldc child - next
    ldlp -32
    startp
  next:
    ldc 7
    stl 2         -- parent branch
    ldlp 0
    endp
  child:
    ldc 9
    stl 3 + 32    -- parent's W[3] from the child's workspace
    ldlp 32
    endp
  join:
    ldl 2
    ldl 3
    stopp
  )");
  CHECK(m.cpu().areg == 9);
  CHECK(m.cpu().breg == 7);
}

// A producer sends 5 words over an internal channel to a consumer that sums them.
constexpr std::string_view kChannelProgram = R"(
    mint
    stl 4          -- channel word (W[4]) := NotProcess
    ldc join - h0
    ldpi
  h0:
    stl 0
    ldc 2
    stl 1
    ldc producer - h1
    ldlp -40
    startp
  h1:
    -- consumer: sum five inputs into W[2]
    ldc 0
    stl 2
    ldc 5
    stl 3
  loop:
    ldlp 5         -- buffer W[5]
    ldlp 4         -- channel
    ldc 4
    in
    ldl 5
    ldl 2
    add
    stl 2
    ldl 3
    adc -1
    stl 3
    ldl 3
    cj done
    j loop
  done:
    ldlp 0
    endp
  producer:        -- workspace 40 words below: parent's W[i] is W[i + 40]
    ldc 1
    stl 1
  ploop:
    ldlp 44        -- the channel
    ldl 1
    outword
    ldl 1
    adc 1
    stl 1
    ldl 1
    eqc 6
    cj ploop
    ldlp 40
    endp
  join:
    ldl 2
    stopp
)";

TEST_CASE("in/out over an internal channel") {
  Machine m;
  m.exec(kChannelProgram);
  CHECK(m.cpu().areg == 15);
}

TEST_CASE("out/in of a byte message and resetch") {
  Machine m;
  m.exec(R"(
    mint
    stl 1
    ldc recv - h
    ldlp -20
    startp
  h:
    ldlp 1
    ldc 65
    outbyte
    ldlp 1
    resetch       -- channel is empty again: NotProcess
    ldl 2
    stopp
  recv:           -- W is 20 words below
    ldlp 22       -- into parent's W[2]
    ldlp 21
    ldc 1
    in
    stopp
  )");
  CHECK(m.cpu().areg == 65);
  CHECK(m.cpu().breg == 0x80000000u);
}

TEST_CASE("ALT selects the ready channel; the other guard is disabled") {
  // Two channels at W[10], W[11]; a process outputs on the second; the ALT picks it.
  Machine m;
  m.exec(R"(
    mint
    stl 10
    mint
    stl 11
    ldc sender - h
    ldlp -30
    startp
  h:
    alt
    ldlp 10
    ldc 1
    enbc
    ldlp 11
    ldc 1
    enbc
    altwt
    ldlp 10
    ldc 1
    ldc first - fin
    disc
    ldlp 11
    ldc 1
    ldc second - fin
    disc
    altend
  fin:
  first:
    ldc 1
    stopp
  second:
    ldlp 12
    ldlp 11
    ldc 4
    in
    ldl 12
    stl 20
    stopp
  sender:          -- 30 words below
    ldlp 41
    ldc 77
    outword
    stopp
  )");
  CHECK(m.word_at(m.top_workspace() + 80) == 77);
  CHECK(m.word_at(m.top_workspace() + 40) == 0x80000000u);  // channel 10 disabled
}

TEST_CASE("ALT with a SKIP guard and a channel that is never ready") {
  Machine m;
  m.exec(R"(
    mint
    stl 10
    alt
    ldlp 10
    ldc 1
    enbc
    ldc 1
    enbs
    altwt
    ldlp 10
    ldc 1
    ldc a - fin
    disc
    ldc 1
    ldc b - fin
    diss
    altend
  fin:
  a:
    ldc 1
    stopp
  b:
    ldc 2
    stopp
  )");
  CHECK(m.cpu().areg == 2);
}

TEST_CASE("timers: sttimer, ldtimer and tin wait in simulated time") {
  Machine m;
  Cycle n = m.exec(R"(
    ldc 0
    sttimer
    ldtimer
    adc 100       -- 100 low-priority ticks of 64 us
    tin
    ldtimer
    stopp
  )");
  CHECK(m.cpu().areg == 101);  // woken when the clock is AFTER 100
  // 101 ticks of 64 us at 20 MHz = 129280 cycles (from sttimer).
  CHECK(n >= 101 * 64 * 20);
  CHECK(n < 101 * 64 * 20 + 200);
  CHECK(m.t.idle_cycles() > 100 * 64 * 20);
}

TEST_CASE("timer ALT: the timeout fires when no channel is ready") {
  Machine m;
  m.exec(R"(
    ldc 0
    sttimer
    mint
    stl 10
    talt
    ldlp 10
    ldc 1
    enbc
    ldtimer
    adc 5
    stl 11
    ldl 11
    ldc 1
    enbt
    taltwt
    ldlp 10
    ldc 1
    ldc chan - fin
    disc
    ldl 11
    ldc 1
    ldc time - fin
    dist
    altend
  fin:
  chan:
    ldc 1
    stopp
  time:
    ldtimer
    stopp
  )");
  CHECK(m.cpu().areg == 6);
}

TEST_CASE("a high-priority process preempts a low one when its timer fires") {
  // The low process counts in a loop; a high process started with runp waits 3 ticks (3 us),
  // then records the count and stops. The low loop is then still running.
  Machine m;
  m.load(R"(
    ldc 0
    sttimer
    ldc 0
    stl 1
    ldc high - h
    ldpi
  h:
    stl -21        -- high process workspace W-20: its Iptr slot
    ldlp -20       -- Wdesc with priority 0 (high)
    runp
  loop:
    ldl 1
    adc 1
    stl 1
    ldl 1
    eqc 100000
    cj loop
    stopp
  high:            -- workspace 20 words below; parent's W[i] is W[i + 20]
    ldtimer
    adc 3
    tin
    ldl 21
    stl 22
    ldpri
    stl 23
    stopp
  )");
  m.run();
  CHECK(m.last.reason == StopReason::Idle);
  Word seen = m.word_at(m.top_workspace() + 8);
  CHECK(seen > 0);
  CHECK(seen < 100000);
  CHECK(m.word_at(m.top_workspace() + 12) == 0);  // ran at high priority
  CHECK(m.word_at(m.top_workspace() + 4) == 100000);  // the low process resumed and finished
}

TEST_CASE("a preempted low-priority process gets its FPU registers back (T800)") {
  // The low process pushes 1.5 (REAL32) and counts; a high process preempts it and pushes 2.0
  // twice. When the low process resumes, FA must still be its 1.5.
  Machine m(Chip::T800);
  m.load(R"(
    ldc 0
    sttimer
    ldc #3FC00000  -- 1.5
    stl 5
    ldlp 5
    fpldnlsn
    ldc 0
    stl 1
    ldc high - h
    ldpi
  h:
    stl -21
    ldlp -20
    runp
  loop:
    ldl 1
    adc 1
    stl 1
    ldl 1
    eqc 100000
    cj loop
    ldlp 6
    fpstnlsn
    stopp
  high:
    ldtimer
    adc 3
    tin
    ldc #40000000  -- 2.0
    stl 0
    ldlp 0
    fpldnlsn
    ldlp 0
    fpldnlsn
    stopp
  )");
  m.run();
  CHECK(m.last.reason == StopReason::Idle);
  CHECK(m.word_at(m.top_workspace() + 4) == 100000);
  CHECK(m.word_at(m.top_workspace() + 24) == 0x3FC00000u);
}

TEST_CASE("low-priority processes are timesliced at j") {
  // Two low-priority processes spin on j; each counts. Both make progress.
  Machine m;
  m.load(R"(
    ldc 0
    stl 1
    ldc 0
    stl 2
    ldc other - h
    ldlp -20
    startp
  h:
  loop1:
    ldl 1
    adc 1
    stl 1
    j loop1
  other:
    ldl 22
    adc 1
    stl 22
    j other
  )");
  m.t.cpu().timeslice_end = 0;
  m.run(1'000'000);
  CHECK(m.last.reason == StopReason::CycleLimit);
  Word a = m.word_at(m.top_workspace() + 4), b = m.word_at(m.top_workspace() + 8);
  CHECK(a > 1000);
  CHECK(b > 1000);
}

}  // namespace
}  // namespace transit::emu::test
