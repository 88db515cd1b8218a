// Links between two transputers: messages byte by byte with the packet protocol, the T414's
// acknowledge-after-receive against the T800's early acknowledge, link channels in ALTs,
// boot from link (bootstrap, poke, peek) and boot from ROM.
#include <deque>

#include "transit/emu/host/session.h"

#include "machine.h"

namespace transit::emu::test {
namespace {

// Carries signals between node a's link la and node b's link lb, running the node that is
// behind. Lockstep: neither gets more than a bit time ahead of the other. Run-ahead: a node may run
// on to `until` while no signal could change it, stopping only before link instructions past the
// other's clock (Transputer::run_until(until, safe)).
void run_pair(Machine& a, unsigned la, Machine& b, unsigned lb, Cycle until, bool run_ahead = false) {
  for (int guard = 0; guard < 10'000'000; ++guard) {
    bool a_idle = a.t.next_event() == kNever, b_idle = b.t.next_event() == kNever;
    if ((a_idle || a.t.now() >= until) && (b_idle || b.t.now() >= until)) return;
    bool run_a = !a_idle && (b_idle || a.t.now() <= b.t.now());
    Machine& x = run_a ? a : b;
    Machine& y = run_a ? b : a;
    unsigned xl = run_a ? la : lb, yl = run_a ? lb : la;
    Cycle limit = y.t.next_event() == kNever ? until : std::min(until, y.t.now() + 2);
    if (run_ahead)
      x.last = x.t.run_until(until, std::max(limit, x.t.now() + 1));
    else
      x.last = x.t.run_until(std::max(limit, x.t.now() + 1));
    for (LinkSignal s : x.t.emitted()) {
      REQUIRE(s.link == xl);
      s.link = std::uint8_t(yl);
      y.t.deliver(s);
    }
    x.t.emitted().clear();
  }
  FAIL("run_pair did not settle");
}

// Node a sends `n` bytes from its code area on link 1 (after spinning in a loop `spin` times);
// node b receives them on link 2, then reads its timer. Returns b's clock when it has stopped and
// the timer value it read.
struct Transfer {
  Cycle done;
  Word timer;
};
Transfer transfer(Chip chip, unsigned mbits, int n, bool run_ahead = false, int spin = 1) {
  NodeConfig config{.chip = chip, .memory_bytes = 64 * 1024, .link_mbits = mbits};
  Machine a(config), b(config);
  std::string src = "ldc 0\n stl 1\n ldc " + std::to_string(spin) + "\n stl 2\nspin:\n"
                    " ldlp 1\n ldc fin - spin\n lend\nfin:\n"
                    " ldc data\n mint\n ldnlp 1\n ldc " + std::to_string(n) + "\n out\n stopp\n data:\n";
  for (int i = 0; i < n; ++i) src += " .byte " + std::to_string(i * 7 + 1) + "\n";
  REQUIRE(a.load(src));
  REQUIRE(b.load("ldlp 16\n mint\n ldnlp 6\n ldc " + std::to_string(n) + "\n in\n ldtimer\n stopp\n"));
  run_pair(a, 1, b, 2, 1'000'000, run_ahead);
  CHECK(a.t.links().stats(1).bytes_out == Word(n));
  for (int i = 0; i < n; ++i) CHECK(b.cpu().load_byte(b.top_workspace() + 64 + Word(i)) == std::uint8_t(i * 7 + 1));
  return {b.t.now(), b.cpu().areg};
}

TEST_CASE("a message crosses a link byte by byte; T800 early acknowledge streams faster") {
  Cycle t414 = transfer(Chip::T414, 10, 100).done;
  Cycle t800 = transfer(Chip::T800, 10, 100).done;
  // 10 Mbit/s at 20 MHz: 2 cycles per bit. T414: 11-bit packet, then the 2-bit acknowledge after
  // the byte has arrived: at least 13 bit times per byte. T800: back to back, 11 bit times.
  CHECK(t414 >= 100 * 13 * 2);
  CHECK(t800 >= 100 * 11 * 2);
  CHECK(t800 < 100 * 12 * 2 + 200);
  CHECK(t414 > t800);
  Cycle t20 = transfer(Chip::T800, 20, 100).done;
  CHECK(t20 < t800);
}

TEST_CASE("running ahead between link instructions gives the same cycles as lockstep") {
  for (Chip chip : {Chip::T414, Chip::T800}) {
    Transfer lock = transfer(chip, 10, 50, false, 200);
    Transfer ahead = transfer(chip, 10, 50, true, 200);
    CHECK(lock.done == ahead.done);
    CHECK(lock.timer == ahead.timer);
  }
}

TEST_CASE("an ALT over a link input channel wakes when a byte arrives") {
  Machine a, b;
  REQUIRE(a.load("ldc data\n mint\n ldnlp 1\n ldc 1\n out\n stopp\ndata:\n .byte 99\n"));
  REQUIRE(b.load(R"(
    alt
    mint
    ldnlp 6        -- link 2 input channel
    ldc 1
    enbc
    altwt
    mint
    ldnlp 6
    ldc 1
    ldc got - fin
    disc
    altend
  fin:
  got:
    ldlp 5
    mint
    ldnlp 6
    ldc 1
    in
    ldl 5
    stopp
  )"));
  run_pair(a, 1, b, 2, 100'000);
  CHECK(b.t.next_event() == kNever);
  CHECK((b.cpu().areg & 0xFF) == 99);
}

// A link peer driven by the test: sends queued bytes one at a time, acknowledges what it gets.
struct Peer {
  explicit Peer(Cycle bit) : bit(bit) {}
  void send(std::initializer_list<std::uint8_t> bytes) { tx.insert(tx.end(), bytes); }
  // Exchanges signals with node link 0 until the node is idle.
  void serve(Transputer& t) {
    Cycle now = t.now();
    for (int guard = 0; guard < 100000; ++guard) {
      if (!waiting && !tx.empty()) {
        t.deliver(signal(LinkSignal::Kind::Data, tx.front(), now));
        waiting = true;
      }
      RunResult r = t.run_until(t.now() + 1'000'000);
      now = t.now();
      for (const LinkSignal& s : t.emitted()) {
        now = std::max(now, s.end);
        if (s.kind == LinkSignal::Kind::Ack) {
          tx.pop_front();
          waiting = false;
        } else {
          got.push_back(s.byte);
          t.deliver(signal(LinkSignal::Kind::Ack, 0, s.end));
        }
      }
      t.emitted().clear();
      if (r.reason != StopReason::Emitted && !waiting && tx.empty()) return;
      if (r.reason == StopReason::Halted) return;
    }
  }
  LinkSignal signal(LinkSignal::Kind k, std::uint8_t byte, Cycle at) {
    LinkSignal s;
    s.kind = k;
    s.byte = byte;
    s.start = std::max(at, wire);
    s.end = s.start + (k == LinkSignal::Kind::Data ? 11 : 2) * bit;
    wire = s.end;
    return s;
  }
  Cycle bit, wire = 0;
  std::deque<std::uint8_t> tx;
  std::vector<std::uint8_t> got;
  bool waiting = false;
};

TEST_CASE("boot from link: poke, peek, then a bootstrap that runs with Creg = the boot link") {
  Transputer t(NodeConfig{.chip = Chip::T414, .memory_bytes = 64 * 1024});
  Peer peer(t.links().bit_cycles());
  // poke #80001000 := #12345678, then peek it back.
  peer.send({0, 0x00, 0x10, 0x00, 0x80, 0x78, 0x56, 0x34, 0x12});
  peer.send({1, 0x00, 0x10, 0x00, 0x80});
  peer.serve(t);
  REQUIRE(peer.got.size() == 4);
  CHECK(peer.got[0] == 0x78);
  CHECK(peer.got[3] == 0x12);
  CHECK(t.links().booting());
  // Stores the registers it starts with (Areg, Breg, Creg), then 42.
  AsmResult code = assemble("stl 0\n stl 1\n stl 2\n ldc 42\n stl 3\n stopp\n", kMemStartT414);
  REQUIRE(code.ok());
  peer.tx.push_back(std::uint8_t(code.code.size()));
  peer.tx.insert(peer.tx.end(), code.code.begin(), code.code.end());
  peer.serve(t);
  CHECK(!t.links().booting());
  Cpu& c = t.cpu();
  Word w = (kMemStartT414 + Word(code.code.size()) + 3) & ~3u;
  CHECK(c.load(w + 12) == 42);
  CHECK(c.load(w + 8) == link_in_channel(0));
  CHECK(c.pri == 1);
}

TEST_CASE("a session whose program waits for ever on a channel ends as a deadlock with a report") {
  // Bootstrap: ajw, then input on link 0 (the host never sends): the host waits for a request.
  AsmResult code = assemble("ajw 16\n ldlp 0\n mint\n ldnlp 4\n ldc 4\n in\n stopp\n", kMemStartT414);
  REQUIRE(code.ok());
  std::vector<std::uint8_t> boot{std::uint8_t(code.code.size())};
  boot.insert(boot.end(), code.code.begin(), code.code.end());
  IServer server{HostOptions{}};
  Transputer t(NodeConfig{.chip = Chip::T414, .memory_bytes = 64 * 1024});
  HostLink host(server, t.links().bit_cycles());
  SessionOutcome o = run_session(t, host, boot, 1'000'000);
  CHECK(o.kind == SessionOutcome::Kind::Deadlock);
  CHECK(o.message.find("waits for input on link 0") != std::string::npos);
}

TEST_CASE("boot from ROM starts at #7FFFFFFE") {
  AsmResult rom = assemble(R"(
  start:
    ldc 5
    stl 0
    stopp
    .space #7FFFFFFE - .
    j start
  )", 0x7FFFFF00u);
  REQUIRE(rom.ok());
  REQUIRE(rom.code.size() == 256);
  Transputer t(NodeConfig{.chip = Chip::T800, .memory_bytes = 64 * 1024});
  REQUIRE(t.boot_from_rom(rom.code));
  RunResult r = t.run_until(10000);
  CHECK(r.reason == StopReason::Idle);
  CHECK(t.cpu().load(kMemStartT800) == 5);
}

}  // namespace
}  // namespace transit::emu::test
