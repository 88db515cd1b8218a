// Parallel network runs are exact: the grid program on grid:4x4 and on ring:8 (an 8x1 grid program,
// whose row boots round the ring) gives the same exit status, the same per-node cycles,
// instructions, idle cycles and link bytes, the same kernel steps and batches, and a byte-identical
// instruction trace of every node (grid:2x2), whether the nodes run on 1, 2 or 3 host threads.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "../../bench/network/grid_program.h"
#include "transit/emu/network/network_session.h"

using namespace transit::network;

namespace {

struct Run {
  NetworkRun run;
  std::string trace;
};

Run run_grid(const std::string& topology, const grid::Params& p, unsigned threads, bool trace) {
  auto source = read_text_file(TRANSIT_GRID_TASM);
  REQUIRE(source.has_value());
  std::string error;
  NetworkRunConfig cfg;
  cfg.boot_image = grid::boot_file(*source, TRANSIT_GRID_TASM, p, error);
  INFO(error);
  REQUIRE(!cfg.boot_image.empty());
  cfg.topology = topology;
  cfg.node.chip = transit::emu::Chip::T414;
  cfg.node.memory_bytes = 64 << 10;
  cfg.node.stop_on_error = true;
  cfg.max_cycles = 200'000'000;
  cfg.progress = false;
  cfg.threads = threads;
  std::FILE* out = trace ? std::tmpfile() : nullptr;
  REQUIRE((out || !trace));
  cfg.trace = trace;
  cfg.trace_out = out;
  Run r{run_network_boot(cfg), {}};
  if (out) {
    std::rewind(out);
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, out)) > 0;) r.trace.append(buf, n);
    std::fclose(out);
  }
  return r;
}

void check_same(const Run& a, const Run& b) {
  REQUIRE(a.run.result.outcome == Outcome::Finished);
  REQUIRE(b.run.result.outcome == Outcome::Finished);
  CHECK(a.run.status == b.run.status);
  CHECK(a.run.result.end_cycle == b.run.result.end_cycle);
  CHECK(a.run.result.steps == b.run.result.steps);
  CHECK(a.run.result.batches == b.run.result.batches);
  CHECK(a.run.result.shared_runs == b.run.result.shared_runs);
  REQUIRE(a.run.result.nodes.size() == b.run.result.nodes.size());
  for (std::size_t i = 0; i < a.run.result.nodes.size(); ++i) {
    CAPTURE(i);
    const NodeStats &x = a.run.result.nodes[i], &y = b.run.result.nodes[i];
    CHECK(x.cycles == y.cycles);
    CHECK(x.instructions == y.instructions);
    CHECK(x.idle_cycles == y.idle_cycles);
    CHECK(x.bytes_in == y.bytes_in);
    CHECK(x.bytes_out == y.bytes_out);
  }
  CHECK(a.trace.size() == b.trace.size());
  CHECK(a.trace == b.trace);
}

}  // namespace

TEST_CASE("grid:4x4 on 1, 2 and 3 host threads: the same run, cycle for cycle") {
  grid::Params p{4, 4, 4, 20000};  // rounds that compute long enough for batches of every node
  Run one = run_grid("grid:4x4", p, 1, false);
  CHECK(one.run.status == grid::expected_status(p));
  CHECK(one.run.result.shared_runs > 200);  // the parallel path was taken (printed below)
  MESSAGE(one.run.result.shared_runs << " of " << one.run.result.steps << " node runs shared");
  check_same(one, run_grid("grid:4x4", p, 2, false));
  check_same(one, run_grid("grid:4x4", p, 3, false));
}

TEST_CASE("ring:8 on 1 and 2 host threads: the same run, cycle for cycle") {
  grid::Params p{8, 1, 4, 20000};
  Run one = run_grid("ring:8", p, 1, false);  // the row boots the other way round the ring
  CHECK(one.run.status == grid::expected_status(p));
  CHECK(one.run.result.shared_runs > 50);
  check_same(one, run_grid("ring:8", p, 2, false));
}

TEST_CASE("the instruction traces of every node are byte-identical on 1 and 2 threads") {
  grid::Params p{2, 2, 2, 2000};
  Run one = run_grid("grid:2x2", p, 1, true);
  Run two = run_grid("grid:2x2", p, 2, true);
  CHECK(one.run.result.shared_runs > 0);
  CHECK(one.trace.find("node 3: ") != std::string::npos);
  check_same(one, two);
}
