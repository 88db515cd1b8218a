// The deadlock report of one transputer: every process that can never run again, with its Wptr,
// Iptr and what it waits on: internal channels (in and out), ALTs (their channels, or nothing that
// can become ready), timers; not only links.
#include <algorithm>

#include "machine.h"

namespace transit::emu::test {
namespace {

TEST_CASE("a deadlock report lists processes on internal channels, ALTs and timers") {
  Machine m;
  m.load(R"(
    mint
    stl 10          -- channels W[10], W[11], W[12], W[13]
    mint
    stl 11
    mint
    stl 12
    mint
    stl 13
    ldc a - s1
    ldlp -40
    startp
  s1:
    ldc b - s2
    ldlp -80
    startp
  s2:
    ldc c - s3
    ldlp -120
    startp
  s3:
    ldc d - s4
    ldlp -160
    startp
  s4:
    ldc e - h
    ldpi
  h:
    stl -201
    ldlp -200       -- high priority
    runp
    ldlp 20         -- a pair that communicates on W[13] and ends: not in the report
    ldlp 13
    ldc 4
    in
    stopp
  a:                -- W-40: waits to input on W[10]
    ldlp 0
    ldlp 50
    ldc 4
    in
  a_resume:
    stopp
  b:                -- W-80: waits to output on W[11], then outputs on W[13]
    ldlp 91
    ldc 5
    outword
  b_resume:
    stopp
  c:                -- W-120: ALT on W[12] and a FALSE guard
    alt
    ldlp 132
    ldc 1
    enbc
    ldc 0
    enbs
    altwt
  c_resume:
    stopp
  d:                -- W-160: waits for a time that never comes (the clocks were never started)
    ldc 100
    tin
  d_resume:
    stopp
  e:                -- W-200, high priority: an ALT whose only guard is FALSE; then feeds W[13]
    ldlp 213
    ldc 6
    outword
    alt
    ldc 0
    enbs
    altwt
  e_resume:
    stopp
  )");
  m.run();
  REQUIRE_MESSAGE(m.last.reason == StopReason::Idle, m.t.halt_report());
  Word w = m.top_workspace();
  std::vector<WaitingProcess> v = m.t.waiting_processes();
  auto find = [&](Word ws) -> const WaitingProcess* {
    auto it = std::find_if(v.begin(), v.end(), [&](const WaitingProcess& p) { return (p.wdesc & ~3u) == ws; });
    return it == v.end() ? nullptr : &*it;
  };
  CHECK(v.size() == 5);
  const WaitingProcess* a = find(w - 160);
  REQUIRE(a);
  CHECK(a->kind == WaitingProcess::Kind::ChannelInput);
  CHECK(a->channel == w + 40);
  CHECK(a->iptr == m.label("a_resume"));
  CHECK((a->wdesc & 1) == 1);

  const WaitingProcess* b = find(w - 320);
  REQUIRE(b);
  CHECK(b->kind == WaitingProcess::Kind::ChannelOutput);
  CHECK(b->channel == w + 44);
  CHECK(b->iptr == m.label("b_resume"));

  const WaitingProcess* c = find(w - 480);
  REQUIRE(c);
  CHECK(c->kind == WaitingProcess::Kind::Alt);
  CHECK(c->alt_channels == std::vector<Word>{w + 48});
  CHECK_FALSE(c->has_time);
  CHECK(c->iptr == m.label("c_resume"));

  const WaitingProcess* d = find(w - 640);
  REQUIRE(d);
  CHECK(d->kind == WaitingProcess::Kind::Timer);
  CHECK(d->time == 100);
  CHECK(d->iptr == m.label("d_resume"));

  const WaitingProcess* e = find(w - 800);
  REQUIRE(e);
  CHECK(e->kind == WaitingProcess::Kind::Alt);
  CHECK(e->alt_channels.empty());
  CHECK((e->wdesc & 1) == 0);
  CHECK(e->iptr == m.label("e_resume"));

  std::string report = m.t.waiting_report();
  CHECK(report.find("(low) at Iptr") != std::string::npos);
  CHECK(report.find("waits to input on channel") != std::string::npos);
  CHECK(report.find("waits to output on channel") != std::string::npos);
  CHECK(report.find("waits in an ALT on channel") != std::string::npos);
  CHECK(report.find("waits in an ALT with no guard that can become ready") != std::string::npos);
  CHECK(report.find("waits for time #00000064") != std::string::npos);
}

TEST_CASE("a timer ALT waiting on a channel and a timeout is one entry with both") {
  Machine m;
  m.load(R"(
    mint
    stl 10
    talt
    ldlp 10
    ldc 1
    enbc
    ldc 50
    ldc 1
    enbt
    taltwt
  resume:
    stopp
  )");
  m.run();
  REQUIRE(m.last.reason == StopReason::Idle);  // the clocks never started: the timeout never comes
  std::vector<WaitingProcess> v = m.t.waiting_processes();
  REQUIRE(v.size() == 1);
  CHECK(v[0].kind == WaitingProcess::Kind::Alt);
  CHECK(v[0].alt_channels == std::vector<Word>{m.top_workspace() + 40});
  CHECK(v[0].has_time);
  CHECK(v[0].time == 50);
  CHECK(v[0].iptr == m.label("resume"));
  CHECK(v[0].describe().find("or time #00000032") != std::string::npos);
}

TEST_CASE("an ALT on a link input and an internal channel is listed with both") {
  Machine m;
  m.load(R"(
    mint
    stl 10
    alt
    ldc #80000014   -- link 1 input
    ldc 1
    enbc
    ldlp 10
    ldc 1
    enbc
    altwt
  resume:
    stopp
  )");
  m.run();
  REQUIRE(m.last.reason == StopReason::Idle);
  std::vector<WaitingProcess> v = m.t.waiting_processes();
  REQUIRE(v.size() == 1);
  CHECK(v[0].kind == WaitingProcess::Kind::Alt);
  CHECK(v[0].alt_links == std::vector<int>{1});
  CHECK(v[0].alt_channels == std::vector<Word>{m.top_workspace() + 40});
  CHECK(v[0].describe().find("waits in an ALT on channel #8000FF28, link 1") != std::string::npos);
}

}  // namespace
}  // namespace transit::emu::test
