// Multi-node boot and links on emulated transputers: the host boots node 0 over link 0, every
// node forwards the same boot code down link 2 to the next one, a value passes back up through
// all of them, and node 0 ends the run with SP_EXIT; also determinism and a deadlocked network.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>

#include "network/network_session.h"

using namespace transit::network;

namespace {

// A small assembler for the test programs: direct functions with automatic prefixes, operations,
// and labels for jumps (the prefix sizes are iterated until they settle).
class Program {
 public:
  enum Fn { J = 0x0, LDLP = 0x1, LDNL = 0x3, LDC = 0x4, LDNLP = 0x5, LDL = 0x7, ADC = 0x8, CJ = 0xA, AJW = 0xB,
            STL = 0xD, STNL = 0xE, OPR = 0xF };
  enum Op { DIFF = 0x04, IN = 0x07, OUT = 0x0B, OUTBYTE = 0x0E, OUTWORD = 0x0F, STOPP = 0x15, SHL = 0x41,
            MINT = 0x42, OR = 0x4B };

  Program& fn(Fn f, std::int32_t operand) { return add({f, operand, ""}); }
  Program& op(Op o) { return add({OPR, o, ""}); }
  Program& jump(Fn f, const std::string& label) { return add({f, 0, label}); }
  Program& label(const std::string& name) {
    labels_[name] = items_.size();
    return *this;
  }

  std::vector<std::uint8_t> assemble() const {
    std::vector<std::size_t> size(items_.size(), 1);
    for (int pass = 0; pass < 16; ++pass) {
      std::vector<std::size_t> at(items_.size() + 1, 0);
      for (std::size_t i = 0; i < items_.size(); ++i) at[i + 1] = at[i] + size[i];
      std::vector<std::uint8_t> out;
      bool settled = true;
      for (std::size_t i = 0; i < items_.size(); ++i) {
        std::int32_t operand = items_[i].operand;
        if (!items_[i].label.empty())
          operand = std::int32_t(at[labels_.at(items_[i].label)]) - std::int32_t(at[i + 1]);
        std::vector<std::uint8_t> bytes = encode(items_[i].fn, operand);
        if (bytes.size() != size[i]) settled = false;
        size[i] = bytes.size();
        out.insert(out.end(), bytes.begin(), bytes.end());
      }
      if (settled) return out;
    }
    FAIL("prefix sizes did not settle");
    return {};
  }

 private:
  struct Item {
    int fn;
    std::int32_t operand;
    std::string label;
  };
  Program& add(Item i) {
    items_.push_back(std::move(i));
    return *this;
  }
  static std::vector<std::uint8_t> encode(int fn, std::int32_t v) {
    std::vector<std::uint8_t> out;
    if (v >= 0 && v < 16) {
      out.push_back(std::uint8_t(fn << 4 | v));
    } else if (v >= 16) {
      out = encode(0x2, v >> 4);  // pfix
      out.push_back(std::uint8_t(fn << 4 | (v & 15)));
    } else {
      out = encode(0x6, (~v) >> 4);  // nfix
      out.push_back(std::uint8_t(fn << 4 | (v & 15)));
    }
    return out;
  }
  std::vector<Item> items_;
  std::map<std::string, std::size_t> labels_;
};

constexpr std::uint32_t kMemStartT414 = 0x80000048;

// The program every node runs, loaded at MemStart by the boot-from-link loader. It reads R (how
// many nodes follow) from its boot link. If R > 0 it boots the next node down link 2 with its own
// code and R-1, and waits for that node's value on link 2; the last node starts from 0 (or, with
// `stuck`, waits for input on link 2, where nothing is connected). It adds 1 and sends the value up
// its boot link; node 0 (booted over link 0) sends SP_EXIT with the value instead.
// Workspace: W1 boot channel, W2 R, W3 value, W4-W5 the SP_EXIT packet.
std::vector<std::uint8_t> relay_program(bool stuck) {
  Program p;
  p.fn(Program::AJW, 32)  // move the workspace above the code
      .fn(Program::STL, 1).fn(Program::STL, 1).fn(Program::STL, 1)  // Creg (the boot channel) to W1
      .fn(Program::LDLP, 2).fn(Program::LDL, 1).fn(Program::LDC, 4).op(Program::IN)
      .fn(Program::LDL, 2).jump(Program::CJ, "last")
      // boot the next node: length byte, the code, then R-1
      .op(Program::MINT).fn(Program::ADC, 8).fn(Program::LDC, 0x55 /* patched */).op(Program::OUTBYTE)
      .fn(Program::LDC, std::int32_t(kMemStartT414)).op(Program::MINT).fn(Program::ADC, 8)
      .fn(Program::LDC, 0x55 /* patched */).op(Program::OUT)
      .op(Program::MINT).fn(Program::ADC, 8).fn(Program::LDL, 2).fn(Program::ADC, -1).op(Program::OUTWORD)
      .fn(Program::LDLP, 3).op(Program::MINT).fn(Program::ADC, 0x18).fn(Program::LDC, 4).op(Program::IN)
      .jump(Program::J, "join")
      .label("last");
  if (stuck)
    p.fn(Program::LDLP, 3).op(Program::MINT).fn(Program::ADC, 0x18).fn(Program::LDC, 4).op(Program::IN);
  else
    p.fn(Program::LDC, 0).fn(Program::STL, 3);
  p.label("join")
      .fn(Program::LDL, 3).fn(Program::ADC, 1).fn(Program::STL, 3)
      .fn(Program::LDL, 1).op(Program::MINT).fn(Program::ADC, 0x10).op(Program::DIFF).jump(Program::CJ, "root")
      .fn(Program::LDL, 1).fn(Program::ADC, -16).fn(Program::LDL, 3).op(Program::OUTWORD)  // up the boot link
      .op(Program::STOPP)
      .label("root")
      // SP_EXIT packet: length 6, tag 35, status = the value (low byte), padding
      .fn(Program::LDL, 3).fn(Program::LDC, 24).op(Program::SHL).fn(Program::LDC, 0x230006).op(Program::OR)
      .fn(Program::STL, 4).fn(Program::LDC, 0).fn(Program::STL, 5)
      .fn(Program::LDLP, 4).op(Program::MINT).fn(Program::LDC, 8).op(Program::OUT)
      .op(Program::STOPP);
  std::vector<std::uint8_t> code = p.assemble();
  // Patch the two "ldc length" operands (0x55 fits one byte: 0x45 ldc 5 with a pfix 5 before it).
  std::uint8_t len = std::uint8_t(code.size());
  REQUIRE(code.size() < 240);
  for (std::size_t i = 0; i + 1 < code.size(); ++i)
    if (code[i] == 0x25 && code[i + 1] == 0x45) {
      code[i] = std::uint8_t(0x20 | len >> 4);
      code[i + 1] = std::uint8_t(0x40 | (len & 15));
    }
  return code;
}

// A boot file for the relay: the bootstrap, then R for node 0.
std::string write_boot_file(int nodes, bool stuck) {
  std::vector<std::uint8_t> code = relay_program(stuck);
  std::string bytes;
  bytes += char(code.size());
  bytes.append(code.begin(), code.end());
  std::uint32_t r = std::uint32_t(nodes - 1);
  for (int i = 0; i < 4; ++i) bytes += char(r >> (8 * i));
  char name[] = "/tmp/transit-relay-XXXXXX";
  int fd = mkstemp(name);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, bytes.data(), bytes.size()) == ssize_t(bytes.size()));
  close(fd);
  return name;
}

NetworkRun run_relay(const std::string& topology, int nodes, bool stuck = false) {
  NetworkRunConfig cfg;
  cfg.boot_file = write_boot_file(nodes, stuck);
  cfg.topology = topology;
  cfg.node.chip = transit::emu::Chip::T414;
  cfg.node.memory_bytes = 64 << 10;
  cfg.max_cycles = 50'000'000;
  cfg.progress = false;
  NetworkRun r = run_network_boot(cfg);
  std::remove(cfg.boot_file.c_str());
  return r;
}

}  // namespace

TEST_CASE("the host boots a 2-node pipeline; node 1 boots from node 0's link 2") {
  NetworkRun r = run_relay("pipeline:2", 2);
  INFO(r.message);
  CHECK(r.result.outcome == Outcome::Finished);
  CHECK(r.status == 2);
  CHECK(r.result.nodes[1].bytes_in > 0);
  CHECK(r.result.nodes[1].instructions > 0);
}

TEST_CASE("a value passes through 16 nodes booted one from the next, the same every run") {
  NetworkRun a = run_relay("pipeline:16", 16);
  INFO(a.message);
  REQUIRE(a.result.outcome == Outcome::Finished);
  CHECK(a.status == 16);
  for (const NodeStats& s : a.result.nodes) CHECK(s.instructions > 0);
  NetworkRun b = run_relay("pipeline:16", 16);
  CHECK(b.status == 16);
  CHECK(a.result.end_cycle == b.result.end_cycle);
  for (std::size_t i = 0; i < a.result.nodes.size(); ++i) {
    CHECK(a.result.nodes[i].cycles == b.result.nodes[i].cycles);
    CHECK(a.result.nodes[i].instructions == b.result.nodes[i].instructions);
    CHECK(a.result.nodes[i].idle_cycles == b.result.nodes[i].idle_cycles);
  }
}

TEST_CASE("booting along a ring and a grid's first row") {
  NetworkRun ring = run_relay("ring:5", 5);
  INFO(ring.message);
  CHECK(ring.result.outcome == Outcome::Finished);
  CHECK(ring.status == 5);
  // In grid:4x1 link 1 goes right and link 3 left: the relay's link 2 is not connected, so node 0
  // waits for ever to boot node 1 and the network deadlocks.
  NetworkRun grid = run_relay("grid:4x1", 2);
  CHECK(grid.result.outcome == Outcome::Deadlock);
  CHECK(grid.status == kExitDeadlock);
}

TEST_CASE("a deadlocked network reports every node's waits and the chain across links") {
  NetworkRun r = run_relay("pipeline:3", 3, /*stuck=*/true);
  INFO(r.message);
  REQUIRE(r.result.outcome == Outcome::Deadlock);
  CHECK(r.status == kExitDeadlock);
  CHECK(r.message.find("deadlock at cycle ") == 0);
  CHECK(r.message.find("node 0:\n  process ") != std::string::npos);
  CHECK(r.message.find("waits to input on link 2 <- node 1 link 1\n") != std::string::npos);
  CHECK(r.message.find("node 2:\n  process ") != std::string::npos);
  CHECK(r.message.find("waits to input on link 2 (link not connected)\n") != std::string::npos);
  CHECK(r.message.find("node 0 link 2 -> node 1 link 1, node 1 link 2 -> node 2 link 1, node 2 link 2 -> (not connected)") !=
        std::string::npos);
}

TEST_CASE("a network left waiting to boot deadlocks with each node's state") {
  NetworkRun r = run_relay("pipeline:3", 2);  // R=1: node 2 is never booted
  INFO(r.message);
  // Node 1 is the last of the relay and answers; node 2 still waits to boot. The run ends when the
  // host sees SP_EXIT, whatever node 2 does.
  CHECK(r.result.outcome == Outcome::Finished);
  CHECK(r.status == 2);
}

TEST_CASE("bad topologies are reported with file:line:col and exit status 2") {
  NetworkRunConfig cfg;
  cfg.boot_file = "/nonexistent";
  cfg.topology = "grid:0x4";
  NetworkRun r = run_network_boot(cfg);
  CHECK(r.status == kExitBadInput);
  CHECK(r.message.find("--topology:1:6: grid needs WxH") == 0);
}
