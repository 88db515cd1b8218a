// Boots and runs a network of emulated transputers with the iserver host (see network_session.h).
#include "transit/emu/network/network_session.h"

#include <cstdio>

#include "transit/emu/host/session.h"
#include "transit/emu/network/map_file.h"
#include "network/transputer_node.h"

namespace transit::network {

NetworkRun run_network_boot(const NetworkRunConfig& config) {
  NetworkRun run;
  auto fail = [&](int status, std::string message) {
    run.status = status;
    run.message = std::move(message);
    return std::move(run);
  };

  Topology topology;
  if (config.map_file) {
    auto parsed = load_map(*config.map_file);
    if (auto* e = std::get_if<ParseError>(&parsed)) return fail(kExitBadInput, e->to_string() + "\n");
    topology = std::get<MapNetwork>(std::move(parsed)).topology;
  } else {
    auto parsed = load_topology(config.topology.value_or("single"));
    if (auto* e = std::get_if<ParseError>(&parsed)) return fail(kExitBadInput, e->to_string() + "\n");
    topology = std::get<Topology>(std::move(parsed));
  }
  if (!topology.host) return fail(kExitBadInput, topology.name + ": no host connection: nothing could boot the network\n");

  std::optional<std::string> image;
  std::span<const std::uint8_t> boot = config.boot_image;
  if (boot.empty()) {
    image = read_text_file(config.boot_file);
    if (!image) return fail(kExitBadInput, config.boot_file + ": cannot read the boot file\n");
    boot = {reinterpret_cast<const std::uint8_t*>(image->data()), image->size()};
  }

  std::vector<std::unique_ptr<NetworkNode>> nodes;
  for (int i = 0; i < topology.nodes; ++i) {
    emu::NodeConfig nc = config.node;
    if (std::optional<Chip> chip = topology.chip(i)) nc.chip = *chip;
    auto node = std::make_unique<TransputerNode>(nc);
    if (config.trace) node->trace_to(i, config.trace_out);
    nodes.push_back(std::move(node));
  }
  if (config.rom_node) {
    int r = *config.rom_node < 0 ? topology.host->node : *config.rom_node;
    if (r < 0 || r >= topology.nodes)
      return fail(kExitBadInput, "--rom-node " + std::to_string(r) + ": " + topology.name + " has nodes 0 to " +
                                     std::to_string(topology.nodes - 1) + "\n");
    if (!static_cast<TransputerNode&>(*nodes[std::size_t(r)]).transputer().boot_from_rom(boot))
      return fail(kExitBadInput, config.boot_file + ": too large for a ROM\n");
    boot = {};  // the ROM node boots the others (or not); the host only serves
  }
  emu::IServer server(config.host);
  auto& root = static_cast<TransputerNode&>(*nodes[std::size_t(topology.host->node)]);
  if (config.core_bytes) server.set_core(emu::peek_core(root.transputer(), config.core_bytes));
  Cycle bit_cycles = root.transputer().links().bit_cycles();
  emu::HostLink host(server, bit_cycles, unsigned(topology.host->link));
  root.attach_host(host, unsigned(topology.host->link), boot);

  NetworkOptions opt;
  opt.max_cycles = config.max_cycles;
  opt.clock_hz = double(config.node.clock_mhz) * 1e6;
  opt.root = topology.host->node;
  opt.progress = config.progress;
  opt.progress_overwrite = config.progress_overwrite;
  opt.watchdog_seconds = config.watchdog_seconds;
  opt.run_ahead = config.run_ahead;
  opt.chains = config.chains;
  opt.threads = config.threads;
  opt.observer = config.observer;
  run.result = run_network(topology, nodes, opt);
  NodeStats& root_stats = run.result.nodes[std::size_t(opt.root)];
  root_stats.bytes_in += host.bytes_from_host();
  root_stats.bytes_out += host.bytes_to_host();

  std::optional<std::string> program_report;
  if (config.program_report && (run.result.outcome == Outcome::Failed || run.result.outcome == Outcome::Deadlock)) {
    std::vector<const emu::Transputer*> all;
    for (const auto& n : nodes) all.push_back(&static_cast<TransputerNode&>(*n).transputer());
    program_report = config.program_report(run.result.outcome == Outcome::Deadlock, all);
  }
  switch (run.result.outcome) {
    case Outcome::Finished:
      run.status = root.host_exited() ? host.exit_status() : 0;
      break;
    case Outcome::Failed:
      run.status = kExitHalted;
      run.message = program_report.value_or(run.result.report);
      break;
    case Outcome::Deadlock:
      run.status = kExitDeadlock;
      run.message = program_report.value_or(run.result.report);
      break;
    case Outcome::CycleLimit:
      run.status = kExitCycleLimit;
      // A node stops at the end of the instruction that reaches the limit, a few cycles past it.
      run.message = "stopped at cycle " + std::to_string(config.max_cycles) + " (--max-cycles)";
      if (run.result.end_cycle > config.max_cycles)
        run.message += ": the last node's last instruction ended at cycle " + std::to_string(run.result.end_cycle);
      run.message += "\n";
      break;
    case Outcome::Livelock:
      run.status = kExitLivelock;
      run.message = run.result.report;
      break;
    case Outcome::Stopped:
      run.status = kExitStopped;
      run.message = "stopped at cycle " + std::to_string(run.result.end_cycle) + ": the view was closed\n";
      break;
  }
  if (config.stats) run.message += format_stats(run.result, opt.clock_hz);
  return run;
}

int run_network_emulation(const NetworkRunConfig& config) {
  NetworkRun run = run_network_boot(config);
  std::fflush(stdout);
  if (!run.message.empty()) std::fputs(run.message.c_str(), stderr);
  return run.status;
}

}  // namespace transit::network
