// Networks booted through relays: chains, rings and trees of 3, 4, 8 and 16 transputers run the
// relay program (network_relay.s, read by the project's assembler): the host boots node 0, every
// node boots its children in the boot tree down its own links, then every round the work goes down
// the tree and the results come back up, and the root writes a letter per round through the
// iserver while the others work. Each run must print the letters and exit with the status a model of the program
// computes on the host, move exactly the link bytes the protocol needs, and give the same cycles,
// instructions, idle cycles, link bytes, kernel steps and batches on 1, 2 and 3 host threads, and
// the same per-node figures without chains (RunBatch).
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "transit/emu/asm/assembler.h"
#include "transit/emu/network/network_session.h"

using namespace transit::network;
using ChipKind = transit::emu::Chip;

namespace {

constexpr int kMaxNodes = 16;  // the boot tree has one word per node

struct Shape {
  std::string name;       // "chain:8", "ring:8", "tree:8"
  std::string topology;   // the topology text (docs/network.md, "Topology files")
  int nodes = 0;
  std::vector<std::array<int, 4>> children;  // per node, per link: the child booted there, or -1
};

// A chain: pipeline:N (node i link 2 - node i+1 link 1), booted along it.
Shape chain(int n) {
  Shape s{"chain:" + std::to_string(n), "shape pipeline:" + std::to_string(n) + "\n", n, {}};
  s.children.assign(std::size_t(n), {-1, -1, -1, -1});
  for (int i = 0; i + 1 < n; ++i) s.children[std::size_t(i)][2] = i + 1;
  return s;
}

// A ring: ring:N, booted both ways round from node 0 (down link 2 to node 1, down link 1 to node
// N-1), so the wrap-around edge carries boot code and work; the two branches meet in the middle.
Shape ring(int n) {
  Shape s{"ring:" + std::to_string(n), "shape ring:" + std::to_string(n) + "\n", n, {}};
  s.children.assign(std::size_t(n), {-1, -1, -1, -1});
  int half = n / 2;
  for (int i = 0; i < half; ++i) s.children[std::size_t(i)][2] = i + 1;  // 0 -> 1 -> ... -> half
  for (int i = 0, j = n - 1; j > half; i = j, --j) s.children[std::size_t(i)][1] = j;  // 0 -> n-1 -> ... -> half+1
  return s;
}

// A binary tree: node i's children 2i+1 on its link 1 and 2i+2 on its link 2, each child's link 0
// towards its parent (the host on node 0 link 0).
Shape tree(int n) {
  Shape s{"tree:" + std::to_string(n), "nodes " + std::to_string(n) + "\n", n, {}};
  s.children.assign(std::size_t(n), {-1, -1, -1, -1});
  for (int c = 1; c < n; ++c) {
    int parent = (c - 1) / 2, link = 1 + (c - 1) % 2;
    s.children[std::size_t(parent)][std::size_t(link)] = c;
    s.topology += std::to_string(parent) + "." + std::to_string(link) + " - " + std::to_string(c) + ".0\n";
  }
  return s;
}

struct Params {
  std::uint32_t rounds = 12;
  std::uint32_t steps = 40;  // LCG steps per node and round
};

// What the program must print and exit with: the same arithmetic on the host.
struct Expected {
  std::string letters;
  int status = 0;
};

std::uint32_t node_value(const Shape& s, int i, std::uint32_t work, std::uint32_t steps, std::uint32_t rounds_left) {
  std::uint32_t acc = work ^ std::uint32_t(i);
  for (std::uint32_t k = 0, n = steps * (1 + ((std::uint32_t(i) + rounds_left) & 3)); k < n; ++k) acc = acc * 245u + 1u;
  for (int link = 0; link < 4; ++link)
    if (int c = s.children[std::size_t(i)][std::size_t(link)]; c >= 0)
      acc += node_value(s, c, work, steps, rounds_left);
  return acc;
}

Expected expected(const Shape& s, const Params& p) {
  Expected e;
  std::uint32_t acc = 0;
  for (std::uint32_t r = 0; r < p.rounds; ++r) {
    e.letters += char('a' + (acc & 15));
    acc = node_value(s, 0, acc, p.steps, p.rounds - r);
  }
  e.status = int(acc & 255);
  return e;
}

transit::emu::Word mem_start(ChipKind chip) {
  return chip == ChipKind::T414 ? transit::emu::kMemStartT414 : transit::emu::kMemStartT800;
}

// The boot file: the bootstrap's length and code, node 0's 19 words (id, rounds, steps, tree), the
// reporter's code.
std::vector<std::uint8_t> boot_file(const Shape& s, const Params& p, ChipKind chip, std::size_t& code_bytes) {
  std::ifstream in(TRANSIT_RELAY_ASM);
  std::string source((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(!source.empty());
  transit::emu::AsmResult a = transit::emu::assemble(source, mem_start(chip), TRANSIT_RELAY_ASM);
  for (const std::string& e : a.errors) FAIL(e);
  // The bootstrap is the code up to `reporter`; the reporter's code follows the words.
  REQUIRE(a.labels.count("reporter"));
  std::size_t bootstrap = a.labels.find("reporter")->second - mem_start(chip);
  REQUIRE(bootstrap >= 2);
  REQUIRE(bootstrap <= 255);  // boot from link takes 2 to 255 bytes
  code_bytes = a.code.size();
  std::vector<std::uint32_t> words{0, p.rounds, p.steps};
  for (int i = 0; i < kMaxNodes; ++i) {
    std::uint32_t entry = 0;
    if (i < s.nodes)
      for (int link = 0; link < 4; ++link)
        if (int c = s.children[std::size_t(i)][std::size_t(link)]; c >= 0) entry |= std::uint32_t(c) << (8 * link);
    words.push_back(entry);
  }
  std::vector<std::uint8_t> boot;
  boot.reserve(1 + a.code.size() + 4 * words.size());
  boot.push_back(std::uint8_t(bootstrap));
  for (std::size_t i = 0; i < bootstrap; ++i) boot.push_back(a.code[i]);
  for (std::uint32_t w : words)
    for (int k = 0; k < 4; ++k) boot.push_back(std::uint8_t(w >> (8 * k)));
  for (std::size_t i = bootstrap; i < a.code.size(); ++i) boot.push_back(a.code[i]);
  return boot;
}

struct Run {
  NetworkRun run;
  std::string out;
};

Run run_relay(const Shape& s, const Params& p, ChipKind chip, unsigned threads, const std::string& topology_file,
              std::size_t& code_bytes, bool chains = true) {
  NetworkRunConfig cfg;
  cfg.boot_image = boot_file(s, p, chip, code_bytes);
  cfg.topology = topology_file;
  cfg.node.chip = chip;
  cfg.node.memory_bytes = 64 << 10;
  cfg.node.stop_on_error = true;
  cfg.max_cycles = 500'000'000;
  cfg.watchdog_seconds = 5;  // a livelock fails the test instead of hanging it
  cfg.threads = threads;
  cfg.chains = chains;
  std::FILE* out = std::tmpfile();
  REQUIRE(out);
  cfg.host.out = out;
  Run r{run_network_boot(cfg), {}};
  std::rewind(out);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, out)) > 0;) r.out.append(buf, n);
  std::fclose(out);
  return r;
}

// Two runs of one network gave every node the same cycles, instructions, idle cycles and link bytes.
void check_same_nodes(const NetworkResult& a, const NetworkResult& b) {
  REQUIRE(a.nodes.size() == b.nodes.size());
  for (std::size_t i = 0; i < a.nodes.size(); ++i) {
    CAPTURE(i);
    CHECK(a.nodes[i].cycles == b.nodes[i].cycles);
    CHECK(a.nodes[i].instructions == b.nodes[i].instructions);
    CHECK(a.nodes[i].idle_cycles == b.nodes[i].idle_cycles);
    CHECK(a.nodes[i].bytes_in == b.nodes[i].bytes_in);
    CHECK(a.nodes[i].bytes_out == b.nodes[i].bytes_out);
  }
}

// Runs the shape on 1, 2 and 3 host threads; `parallel`: some node runs must be spread over threads.
void check_shape(const Shape& s, const Params& p, ChipKind chip, bool parallel = false) {
  namespace fs = std::filesystem;
  fs::path file = fs::temp_directory_path() / ("transit-relay-" + std::to_string(::getpid()) + ".top");
  {
    std::ofstream t(file);
    t << "# " << s.name << "\n" << s.topology;
  }
  Expected want = expected(s, p);
  std::vector<Run> runs;
  std::size_t code_bytes = 0;
  for (unsigned threads : {1u, 2u, 3u}) {
    CAPTURE(threads);
    runs.push_back(run_relay(s, p, chip, threads, file.string(), code_bytes));
    const Run& r = runs.back();
    INFO(r.run.message);
    REQUIRE(r.run.result.outcome == Outcome::Finished);
    CHECK(r.run.status == want.status);
    if (parallel) CHECK(r.run.result.shared_runs > 0);
    CHECK(r.out == want.letters);
    REQUIRE(r.run.result.nodes.size() == std::size_t(s.nodes));
    // Bytes over links, exactly as the protocol moves them: boot code and words down each boot
    // link, then per round a word down to each child and one up to the parent.
    std::uint64_t boot_bytes = 1 + code_bytes + 4 * 19;
    for (int i = 0; i < s.nodes; ++i) {
      CAPTURE(i);
      std::uint64_t children = 0;
      for (int c : s.children[std::size_t(i)]) children += c >= 0;
      const NodeStats& st = r.run.result.nodes[std::size_t(i)];
      std::uint64_t out_bytes = children * boot_bytes + p.rounds * 4 * children;
      if (i == 0) {
        CHECK(st.bytes_out == out_bytes + p.rounds * 10 + 8);  // SP_WRITE per round, SP_EXIT
      } else {
        CHECK(st.bytes_out == out_bytes + p.rounds * 4);
        CHECK(st.bytes_in == boot_bytes + p.rounds * (4 + 4 * children));
      }
    }
    if (runs.size() > 1) {
      const NetworkResult &a = runs.front().run.result, &b = r.run.result;
      CHECK(a.end_cycle == b.end_cycle);
      CHECK(a.steps == b.steps);
      CHECK(a.batches == b.batches);
      CHECK(a.shared_runs == b.shared_runs);
      check_same_nodes(a, b);
    }
  }
  // Without chains (every activation through SystemC's scheduler): the same run, node for node.
  CHECK(runs.front().run.result.chained > 0);
  Run plain = run_relay(s, p, chip, 1, file.string(), code_bytes, false);
  CHECK(plain.run.result.chained == 0);
  CHECK(plain.out == runs.front().out);
  check_same_nodes(runs.front().run.result, plain.run.result);
  fs::remove(file);
}

// Every size, on a T414 and a T800 network (the T800 acknowledges early).
void check_sizes(Shape (*shape)(int)) {
  for (int n : {3, 4, 8, 16})
    for (ChipKind chip : {ChipKind::T414, ChipKind::T800}) {
      Shape s = shape(n);
      CAPTURE(s.name);
      CAPTURE(int(chip));
      check_shape(s, {}, chip);
    }
}

}  // namespace

TEST_CASE("chains booted through relays, work and results both ways, on 1, 2 and 3 host threads") { check_sizes(chain); }

TEST_CASE("rings booted both ways round, on 1, 2 and 3 host threads") { check_sizes(ring); }

TEST_CASE("binary trees booted level by level, on 1, 2 and 3 host threads") { check_sizes(tree); }

TEST_CASE("nodes that compute between exchanges run in parallel batches, the same run on every thread count") {
  // 4000 LCG steps per round (some 100000 cycles): long enough for batches spread over threads.
  Params p{4, 4000};
  for (const Shape& s : {chain(8), ring(16), tree(16)}) {
    CAPTURE(s.name);
    check_shape(s, p, ChipKind::T800, /*parallel=*/true);
  }
}
