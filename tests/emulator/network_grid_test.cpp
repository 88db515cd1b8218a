// The grid program (bench/network/grid.tasm, assembled by the emulator's assembler) on grid:4x4:
// tree boot from node 0 through links 1 and 2, rounds of compute and exchange, the right checksum,
// the same cycles every run, and the same cycles whether nodes run ahead or stop at every horizon.
#include <doctest/doctest.h>

#include "../../bench/network/grid_program.h"
#include "transit/emu/network/network_session.h"

using namespace transit::network;

namespace {

NetworkRun run_grid(const grid::Params& p, bool run_ahead, Cycle max_cycles = 100'000'000) {
  auto source = read_text_file(TRANSIT_GRID_TASM);
  REQUIRE(source.has_value());
  std::string error;
  NetworkRunConfig cfg;
  cfg.boot_image = grid::boot_file(*source, TRANSIT_GRID_TASM, p, error);
  INFO(error);
  REQUIRE(!cfg.boot_image.empty());
  cfg.topology = "grid:" + std::to_string(p.width) + "x" + std::to_string(p.height);
  cfg.node.chip = transit::emu::Chip::T414;
  cfg.node.memory_bytes = 64 << 10;
  cfg.node.stop_on_error = true;
  cfg.max_cycles = max_cycles;
  cfg.progress = false;
  cfg.run_ahead = run_ahead;
  return run_network_boot(cfg);
}

}  // namespace

TEST_CASE("grid:4x4 boots as a tree and computes the checksum") {
  grid::Params p{4, 4, 3, 200};
  NetworkRun r = run_grid(p, true);
  INFO(r.message);
  REQUIRE(r.result.outcome == Outcome::Finished);
  CHECK(r.status == grid::expected_status(p));
  for (const NodeStats& s : r.result.nodes) {
    CHECK(s.instructions > 3 * 200 * 10);  // every node booted and ran its rounds
    CHECK(s.bytes_in > 0);
    CHECK(s.bytes_out > 0);
  }
}

TEST_CASE("grid runs are exact: identical whether nodes run ahead or stop at every horizon") {
  grid::Params p{4, 2, 4, 150};
  NetworkRun ahead = run_grid(p, true);
  NetworkRun again = run_grid(p, true);
  NetworkRun lockstep = run_grid(p, false);
  REQUIRE(ahead.result.outcome == Outcome::Finished);
  REQUIRE(lockstep.result.outcome == Outcome::Finished);
  CHECK(ahead.status == grid::expected_status(p));
  CHECK(lockstep.status == ahead.status);
  CHECK(lockstep.result.steps > ahead.result.steps);  // running ahead saves synchronisation
  // The run ends at node 0's SP_EXIT, where the others are is a matter of scheduling: compare node 0.
  for (const NetworkRun* other : {&again, &lockstep}) {
    CHECK(other->result.nodes[0].cycles == ahead.result.nodes[0].cycles);
    CHECK(other->result.nodes[0].instructions == ahead.result.nodes[0].instructions);
    CHECK(other->result.nodes[0].idle_cycles == ahead.result.nodes[0].idle_cycles);
  }
  // Cut in the middle of the run: every node has executed the same instructions in both modes.
  Cycle cut = ahead.result.nodes[0].cycles / 2;
  NetworkRun ahead_cut = run_grid(p, true, cut);
  NetworkRun lockstep_cut = run_grid(p, false, cut);
  REQUIRE(ahead_cut.result.outcome == Outcome::CycleLimit);
  REQUIRE(lockstep_cut.result.outcome == Outcome::CycleLimit);
  for (std::size_t i = 0; i < ahead.result.nodes.size(); ++i) {
    CAPTURE(i);
    CHECK(lockstep_cut.result.nodes[i].instructions == ahead_cut.result.nodes[i].instructions);
    CHECK(lockstep_cut.result.nodes[i].bytes_in == ahead_cut.result.nodes[i].bytes_in);
    CHECK(lockstep_cut.result.nodes[i].bytes_out == ahead_cut.result.nodes[i].bytes_out);
  }
}

TEST_CASE("the grid on other link speeds and sizes") {
  grid::Params p{3, 3, 2, 100};
  NetworkRun r = run_grid(p, true);
  CHECK(r.status == grid::expected_status(p));
  grid::Params row{5, 1, 2, 100};
  NetworkRun r2 = run_grid(row, true);
  CHECK(r2.status == grid::expected_status(row));
}
