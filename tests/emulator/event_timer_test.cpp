// The event pin (Transputer::raise_event) and the event channel #80000020; the T425/T805 timer
// enable/disable instructions; the other T425 extras exist (pop, ldmemstartval, lddevid).
#include "machine.h"

namespace transit::emu::test {
namespace {

// Waits on the event channel, then records the high-priority clock (us) in W[2] and stops.
constexpr std::string_view kWaitForEvent = R"(
    ldc 0
    sttimer
    ldlp 1
    ldc #80000020
    ldc 1
    in
    ldtimer
    stl 2
    stopp
)";

TEST_CASE("an input on the event channel is released at the cycle the event is raised") {
  Machine m;
  m.t.raise_event(5000);  // 250 us at 20 MHz
  m.load(kWaitForEvent, 0);
  m.run();
  REQUIRE_MESSAGE(m.last.reason == StopReason::Idle, m.t.halt_report());
  Word t = m.word_at(m.top_workspace() + 8);
  CHECK(t >= 250);
  CHECK(t <= 252);
  CHECK(m.t.waiting_processes().empty());
}

TEST_CASE("without an event the input waits for ever, and the report says so") {
  Machine m;
  m.load(kWaitForEvent, 0);
  m.run();
  CHECK(m.last.reason == StopReason::Idle);
  auto waiting = m.t.waiting_processes();
  REQUIRE(waiting.size() == 1);
  CHECK(waiting[0].kind == WaitingProcess::Kind::Event);
  CHECK(waiting[0].wdesc == m.top_workspace());  // high priority: bit 0 clear
  CHECK(m.t.waiting_report().find("waits for an event") != std::string::npos);
  // Raised later, from outside: the process goes on.
  m.t.raise_event(m.t.now() + 100);
  m.run();
  CHECK(m.last.reason == StopReason::Idle);
  CHECK(m.t.waiting_processes().empty());
}

TEST_CASE("an event raised before the input is kept: the input does not wait") {
  Machine m;
  m.t.raise_event(0);
  m.load(kWaitForEvent, 0);
  Cycle n = m.run();
  CHECK(m.last.reason == StopReason::Idle);
  CHECK(n < 100);
  CHECK(m.word_at(m.top_workspace() + 8) <= 3);
}

TEST_CASE("an ALT with an event channel guard selects it when the event comes") {
  Machine m;
  m.t.raise_event(3000);
  m.load(R"(
    ldc 0
    sttimer
    mint
    stl 4           -- an internal channel nobody uses
    alt
    ldc #80000020
    ldc 1
    enbc
    ldlp 4
    ldc 1
    enbc
    altwt
    ldc #80000020   -- disc: Creg channel, Breg guard, Areg offset
    ldc 1
    ldc ev - sel
    disc
    ldlp 4
    ldc 1
    ldc ch - sel
    disc
    altend
  sel:
  ev:
    ldlp 1
    ldc #80000020
    ldc 1
    in
    ldc 7
    stl 2
    ldtimer
    stl 3
    stopp
  ch:
    ldc 8
    stl 2
    stopp
  )", 0);
  m.run();
  REQUIRE_MESSAGE(m.last.reason == StopReason::Idle, m.t.halt_report());
  CHECK(m.word_at(m.top_workspace() + 8) == 7);
  CHECK(m.word_at(m.top_workspace() + 12) >= 150);
  CHECK(m.t.waiting_processes().empty());  // the input took the event: it did not wait again
}

TEST_CASE("T425 timerdisableh stops the high-priority clock; timerenableh lets it count on") {
  // W[1]: the clock after 2000 cycles disabled; W[2]: after re-enabling and 2000 more.
  Machine m(Chip::T425);
  m.load(R"(
    ldc 0
    sttimer
    timerdisableh
    ldc 200
    stl 3
  a:
    ldl 3
    adc -1
    stl 3
    ldl 3
    cj a0
    j a
  a0:
    ldtimer
    stl 1
    timerenableh
    ldc 200
    stl 3
  b:
    ldl 3
    adc -1
    stl 3
    ldl 3
    cj b0
    j b
  b0:
    ldtimer
    stl 2
    stopp
  )", 0);
  Cycle n = m.run();
  REQUIRE_MESSAGE(m.last.reason == StopReason::Idle, m.t.halt_report());
  Word stopped = m.word_at(m.top_workspace() + 4), later = m.word_at(m.top_workspace() + 8);
  CHECK(stopped == 0);
  CHECK(later > 50);            // it counted again: about half the run's time
  CHECK(later < n / 20 - 50);   // but not the time it was stopped
}

TEST_CASE("a disabled clock's timer queue does not fire until it is enabled again") {
  Machine m(Chip::T805);
  m.load(R"(
    ldc 0
    sttimer
    timerdisablel
    ldc 400         -- about 4800 cycles: almost 4 low-priority ticks, were the clock running
    stl 3
  a:
    ldl 3
    adc -1
    stl 3
    ldl 3
    cj a0
    j a
  a0:
    ldc 2
    tin             -- low priority: waits until the low clock passes 2
    ldc 9
    stl 1
    stopp
  )");
  m.run();
  CHECK(m.last.reason == StopReason::Idle);
  CHECK(m.word_at(m.top_workspace() + 4) == 0);
  auto waiting = m.t.waiting_processes();
  REQUIRE(waiting.size() == 1);
  CHECK(waiting[0].kind == WaitingProcess::Kind::Timer);
  CHECK(waiting[0].time == 2);
  // The high-priority clock is unaffected.
  CHECK(m.cpu().clock(0) > 200);
  CHECK(m.cpu().clock(1) == 0);
  set_timer_enabled(m.cpu(), 1, true);
  m.run();
  CHECK(m.last.reason == StopReason::Idle);
  CHECK(m.word_at(m.top_workspace() + 4) == 9);
  CHECK(m.cpu().clock(1) == 3);
}

TEST_CASE("timer enable/disable are T425/T805 only") {
  for (Chip chip : {Chip::T414, Chip::T800}) {
    Machine m(chip);
    m.load("timerenableh\nstopp");
    m.run();
    CHECK(m.last.reason == StopReason::Halted);
    CHECK(m.cpu().halt == HaltReason::IllegalInstruction);
  }
  for (const char* mn : {"timerdisableh", "timerdisablel", "timerenableh", "timerenablel", "pop",
                         "ldmemstartval", "lddevid"}) {
    const Instruction* i = find_instruction(mn);
    REQUIRE_MESSAGE(i, mn);
    CHECK((i->chips & CHIP_T425) != 0);
    CHECK((i->chips & CHIP_T805) != 0);
  }
}

}  // namespace
}  // namespace transit::emu::test
