// Multi-node boot and links on emulated transputers: the host boots node 0 over link 0, every
// node forwards the same boot code down link 2 to the next one, a value passes back up through
// all of them, and node 0 ends the run with SP_EXIT; also determinism and a deadlocked network.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

#include "transit/emu/asm/assembler.h"
#include "transit/emu/network/network_session.h"

using namespace transit::network;

namespace {

// The program every node runs, loaded at MemStart by the boot-from-link loader. It reads R (how
// many nodes follow) from its boot link. If R > 0 it boots the next node down link 2 with its own
// code and R-1, and waits for that node's value on link 2; the last node starts from 0 (or, with
// `stuck`, waits for input on link 2, where nothing is connected). It adds 1 and sends the value up
// its boot link; node 0 (booted over link 0) sends SP_EXIT with the value instead.
// Workspace: W1 boot channel, W2 R, W3 value, W4-W5 the SP_EXIT packet.
std::vector<std::uint8_t> relay_program(bool stuck) {
  std::string source = R"(
  start:  ajw 32                ; move the workspace above the code
          stl 1
          stl 1
          stl 1                 ; Creg (the boot channel) to W1
          ldlp 2
          ldl 1
          ldc 4
          in                    ; R
          ldl 2
          cj last
          mint                  ; boot the next node: length byte, the code, then R-1
          adc 8
          ldc end - start
          outbyte
          ldc start
          mint
          adc 8
          ldc end - start
          out
          mint
          adc 8
          ldl 2
          adc -1
          outword
          ldlp 3                ; the next node's value, from link 2
          mint
          adc #18
          ldc 4
          in
          j join
  last:
)";
  source += stuck ? R"(
          ldlp 3                ; wait on link 2, where nothing is connected
          mint
          adc #18
          ldc 4
          in
)"
                  : R"(
          ldc 0
          stl 3
)";
  source += R"(
  join:   ldl 3
          adc 1
          stl 3
          ldl 1
          mint
          adc #10
          diff
          cj root               ; booted over link 0: node 0
          ldl 1
          adc -16
          ldl 3
          outword               ; up the boot link
          stopp
  root:   ldl 3                 ; SP_EXIT packet: length 6, tag 35, status = the value (low byte), padding
          ldc 24
          shl
          ldc #230006
          or
          stl 4
          ldc 0
          stl 5
          ldlp 4
          mint
          ldc 8
          out
          stopp
  end:
)";
  transit::emu::AsmResult code = transit::emu::assemble(source, transit::emu::kMemStartT414, "relay.s");
  for (const std::string& e : code.errors) FAIL_CHECK(e);
  REQUIRE(code.ok());
  REQUIRE(code.code.size() < 256);  // the boot length is one byte
  return code.code;
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
