// `transit run|build --target CHIP --topology SPEC`: a PLACED PAR program on a network of emulated
// transputers. Each processor's program (backend/transputer/placement.h) is compiled with the boot
// files of the neighbours it boots inside it, leaves of the boot tree first (a breadth-first tree
// from the host's processor), so the host boots the root, and each processor its neighbours down
// its links, as the Inmos network loaders did. The network runs on the SystemC simulator
// (emulator/network) as `transit emu --topology` runs it.
#include <algorithm>
#include <cstdio>
#include <deque>
#include <fstream>
#include <map>

#include "transit/occam/backend/transputer/placement.h"
#include "commands.h"
#include "transit/emu/network/network_session.h"
#include "transit/emu/network/topology.h"
#include "target.h"
#include "target_report.h"
#include "transit/viewer/live_network_view.h"
#include "transit/viewer/network_picture.h"

namespace transit::cli {

namespace {

namespace drv = occam::driver;
namespace be = occam::backend;

constexpr std::uint32_t kBoardBytes = 4u << 20;

// The occam channel on each link channel word of a processor (the names the reports give them).
std::map<emu::Word, std::string> link_channel_names(const be::ProcessorProgram& p) {
  std::map<emu::Word, std::string> names;
  for (const auto& [var, word] : p.role.link_channels)
    names[emu::kMostNeg + emu::Word(4 * word)] = p.module.vars[std::size_t(var)].name;
  return names;
}

struct NetworkBoot {
  std::vector<std::uint8_t> root;  // the host's processor's boot file, holding every other's
  network::Topology topology;
  be::NetworkShape shape;
  NetworkSymbols symbols;  // each booted processor's, for the reports
  int processors_booted = 0;
};

NetworkProcessorSymbols symbols_of(const TargetImage& t, TargetChip chip, const std::array<std::pair<int, int>, 4>& links) {
  NetworkProcessorSymbols s;
  s.table = {t.text, t.labels, t.files, chip == TargetChip::T800 ? "T800" : "T414"};
  s.table.tables.text.clear();
  s.links = links;
  return s;
}

TargetChip chip_of(const network::Topology& t, int node, TargetChip fallback) {
  std::optional<emu::Chip> c = t.chip(node);
  if (!c) return fallback;
  return *c == emu::Chip::T800 || *c == emu::Chip::T805 ? TargetChip::T800 : TargetChip::T414;
}

std::variant<NetworkBoot, drv::Failure> network_boot(const std::string& file, TargetChip chip,
                                                     const drv::Options& options, const std::string& spec) {
  NetworkBoot nb;
  auto parsed = network::load_topology(spec);
  if (auto* e = std::get_if<network::ParseError>(&parsed)) return drv::Failure{2, e->to_string() + "\n"};
  nb.topology = std::get<network::Topology>(std::move(parsed));
  const network::Topology& topo = nb.topology;
  if (!topo.host || topo.host->link != 0)
    return drv::Failure{1, topo.name + ": the host must be on link 0 of a processor (it boots the network there)\n"};

  be::NetworkShape& shape = nb.shape;
  shape.name = topo.name;
  shape.host = topo.host->node;
  shape.links.assign(std::size_t(topo.nodes), {{{-1, -1}, {-1, -1}, {-1, -1}, {-1, -1}}});
  for (const network::Edge& e : topo.edges) {
    shape.links[std::size_t(e.a.node)][std::size_t(e.a.link)] = {e.b.node, e.b.link};
    shape.links[std::size_t(e.b.node)][std::size_t(e.b.link)] = {e.a.node, e.a.link};
  }

  auto m = target_front_end(file, options);
  if (auto* f = std::get_if<drv::Failure>(&m)) return std::move(*f);
  const occam::ir::Module& module = std::get<occam::ir::Module>(m);
  auto placed = be::place(module, shape);
  if (placed && std::holds_alternative<be::TransputerError>(*placed))
    return drv::Failure{1, std::get<be::TransputerError>(*placed).message + "\n"};
  if (!placed) {  // not a PLACED PAR: the program runs on the host's processor alone
    TargetChip c = chip_of(topo, shape.host, chip);
    auto img = target_image(module, c, {}, file);
    if (auto* f = std::get_if<drv::Failure>(&img)) return std::move(*f);
    nb.symbols.resize(std::size_t(topo.nodes));
    nb.root = std::get<TargetImage>(img).boot;
    nb.symbols[std::size_t(shape.host)] = symbols_of(std::get<TargetImage>(img), c, shape.links[std::size_t(shape.host)]);
    nb.processors_booted = 1;
    return nb;
  }
  std::vector<be::ProcessorProgram>& programs = std::get<std::vector<be::ProcessorProgram>>(*placed);

  // The boot tree: breadth first from the host's processor, links in order.
  std::vector<int> order{shape.host};
  std::vector<std::vector<std::pair<int, int>>> children(std::size_t(topo.nodes));  // (link, child)
  std::vector<bool> reached(std::size_t(topo.nodes), false);
  reached[std::size_t(shape.host)] = true;
  for (std::size_t i = 0; i < order.size(); ++i)
    for (int l = 0; l < 4; ++l) {
      int peer = shape.links[std::size_t(order[i])][std::size_t(l)].first;
      if (peer < 0 || reached[std::size_t(peer)]) continue;
      reached[std::size_t(peer)] = true;
      children[std::size_t(order[i])].push_back({l, peer});
      order.push_back(peer);
    }
  for (int p = 0; p < topo.nodes; ++p)
    if (!reached[std::size_t(p)] && programs[std::size_t(p)].placed)
      return drv::Failure{1, file + ": PROCESSOR " + std::to_string(p) + " cannot be booted: " + topo.name +
                                 " does not connect it to processor " + std::to_string(shape.host) + ", the host's\n"};

  std::vector<std::vector<std::uint8_t>> boot(std::size_t(topo.nodes));
  nb.symbols.resize(std::size_t(topo.nodes));
  for (std::size_t i = order.size(); i-- > 0;) {
    int p = order[i];
    be::NetworkRole role = programs[std::size_t(p)].role;
    for (auto [link, child] : children[std::size_t(p)]) role.children.push_back({link, std::move(boot[std::size_t(child)])});
    TargetChip c = chip_of(topo, p, chip);
    auto img = target_image(programs[std::size_t(p)].module, c, role, file);
    if (auto* f = std::get_if<drv::Failure>(&img)) return std::move(*f);
    TargetImage& t = std::get<TargetImage>(img);
    if (t.memory_bytes > kBoardBytes)
      return drv::Failure{1, file + ": processor " + std::to_string(p) + " needs " + std::to_string(t.memory_bytes) +
                                 " bytes of memory (its program and the boot files it passes on), more than the " +
                                 std::to_string(kBoardBytes) + " of an emulated board\n"};
    boot[std::size_t(p)] = t.boot;
    NetworkProcessorSymbols& s = nb.symbols[std::size_t(p)].emplace(symbols_of(t, c, shape.links[std::size_t(p)]));
    s.link_channels = link_channel_names(programs[std::size_t(p)]);
    s.process_name = programs[std::size_t(p)].process_name;
    s.spawned = programs[std::size_t(p)].spawned;
  }
  nb.root = std::move(boot[std::size_t(shape.host)]);
  nb.processors_booted = int(order.size());
  return nb;
}

// --stats after the network's table: how busy each processor was, and the data bytes each link between
// processors carried each way (the host's are in the table's bytes in and out).
std::string utilisation_and_traffic(const network::NetworkResult& r, const network::Topology& topo) {
  std::string s = "processor  busy\n";
  char line[96];
  for (std::size_t p = 0; p < r.nodes.size(); ++p) {
    const network::NodeStats& n = r.nodes[p];
    double busy = n.cycles ? 100.0 * double(n.cycles - std::min(n.idle_cycles, n.cycles)) / double(n.cycles) : 0.0;
    std::snprintf(line, sizeof line, "%-10zu %5.1f%%\n", p, busy);
    s += line;
  }
  s += "link          data bytes\n";
  auto add = [&](network::LinkEnd from, const std::string& to) {
    if (std::size_t(from.node) >= r.nodes.size()) return;
    std::snprintf(line, sizeof line, "%d.%d -> %-6s %10llu\n", from.node, from.link, to.c_str(),
                  (unsigned long long)r.nodes[std::size_t(from.node)].link_bytes_out[std::size_t(from.link)]);
    s += line;
  };
  for (const network::Edge& e : topo.edges) {
    add(e.a, std::to_string(e.b.node) + "." + std::to_string(e.b.link));
    add(e.b, std::to_string(e.a.node) + "." + std::to_string(e.a.link));
  }
  return s;
}

// The occam line near a processor's Iptr (target_report.h's line_near); "" for a processor with no program.
std::string occam_line_at(const NetworkBoot& b, int node, emu::Word iptr) {
  if (std::size_t(node) >= b.symbols.size() || !b.symbols[std::size_t(node)]) return "";
  const LineTable& t = b.symbols[std::size_t(node)]->table;
  return line_near({t.tables, t.labels, t.files}, iptr);
}

// The run with a live window (--view) or a picture of its end (--snapshot), or neither.
network::NetworkRun run_watched(network::NetworkRunConfig& cfg, const NetworkBoot& b, const std::string& file,
                                const TargetNetwork& net, int& view_error) {
  const emu::NodeConfig& node = cfg.node;
  if (net.view) {
    viewer::LiveOptions live;
    live.title = "transit run " + file;
    live.link_mbits = node.link_mbits;
    live.frame_cycles = network::Cycle(node.clock_mhz) * 1000;
    live.iptr_line = [&b](int n, std::uint32_t iptr) { return occam_line_at(b, n, iptr); };
    viewer::LiveNetworkView view(live);
    if (std::string error = view.open(); !error.empty()) {
      std::fprintf(stderr, "transit run: --view: %s\n", error.c_str());
      view_error = kExitFailure;
      return {};
    }
    cfg.observer = &view;
    network::NetworkRun run = network::run_network_boot(cfg);
    std::fflush(stdout);
    std::fputs(run.message.c_str(), stderr);
    run.message.clear();
    view.wait_closed();
    return run;
  }
  if (!net.snapshot.empty()) {
    viewer::PictureOptions picture;
    picture.path = net.snapshot;
    picture.link_mbits = node.link_mbits;
    viewer::NetworkPicture watcher(picture);
    cfg.observer = &watcher;
    network::NetworkRun run = network::run_network_boot(cfg);
    if (!watcher.error().empty()) {
      std::fflush(stdout);
      std::fprintf(stderr, "transit run: --snapshot: %s\n", watcher.error().c_str());
      if (run.status == kExitOk) view_error = kExitFailure;
    }
    return run;
  }
  return network::run_network_boot(cfg);
}

}  // namespace

int run_on_network(const std::string& file, TargetChip chip, const drv::Options& options,
                   const std::vector<std::string>& args, const TargetNetwork& net) {
  auto nb = network_boot(file, chip, options, net.topology);
  if (auto* f = std::get_if<drv::Failure>(&nb)) {
    std::fputs(f->message.c_str(), stderr);
    return f->status;
  }
  NetworkBoot& b = std::get<NetworkBoot>(nb);
  network::NetworkRunConfig cfg;
  cfg.boot_image = b.root;
  cfg.program_report = network_program_report(b.symbols);
  cfg.topology = net.topology;
  cfg.node.chip = chip == TargetChip::T800 ? emu::Chip::T800 : emu::Chip::T414;
  cfg.node.memory_bytes = kBoardBytes;
  cfg.node.stop_on_error = true;
  cfg.host.program = file;
  cfg.host.args = args;
  cfg.host.board_size = kBoardBytes;
  cfg.threads = net.threads;
  cfg.stats = net.stats;
  int view_error = 0;
  network::NetworkRun run = run_watched(cfg, b, file, net, view_error);
  if (view_error && run.status == kExitOk) return view_error;
  std::fflush(stdout);
  std::fputs(run.message.c_str(), stderr);
  if (net.stats) std::fputs(utilisation_and_traffic(run.result, b.topology).c_str(), stderr);
  // A halted processor is a run-time error, as natively (4).
  return run.status == network::kExitHalted ? 4 : run.status;
}

int build_for_network(const std::string& file, TargetChip chip, const drv::Options& options, const std::string& out,
                      const TargetNetwork& net) {
  auto nb = network_boot(file, chip, options, net.topology);
  if (auto* f = std::get_if<drv::Failure>(&nb)) {
    std::fputs(f->message.c_str(), stderr);
    return f->status;
  }
  const NetworkBoot& b = std::get<NetworkBoot>(nb);
  std::ofstream o(out, std::ios::binary);
  o.write(reinterpret_cast<const char*>(b.root.data()), std::streamsize(b.root.size()));
  // The network, as a topology file `transit emu --topology` reads (docs/network.md).
  std::string top = network_topology_path(out);
  std::ofstream t(top);
  t << "# " << b.topology.name << ", for " << out << " (written by transit build --target --topology)\n"
    << "nodes " << b.topology.nodes << "\nchip " << (chip == TargetChip::T800 ? "t800" : "t414") << "\n"
    << "host " << b.topology.host->node << "." << b.topology.host->link << "\n";
  for (int p = 0; p < b.topology.nodes; ++p)
    if (auto c = b.topology.chip(p)) t << "chip " << p << " " << (*c == emu::Chip::T800 || *c == emu::Chip::T805 ? "t800" : "t414") << "\n";
  for (const network::Edge& e : b.topology.edges)
    t << e.a.node << "." << e.a.link << " - " << e.b.node << "." << e.b.link << "\n";
  // The line table of every processor, so that transit emu reports in occam terms (target_network_lines.cpp).
  std::ofstream l(line_table_path(out), std::ios::binary);
  l << write_network_line_table(b.symbols);
  if (!o || !t || !l) {
    std::fprintf(stderr, "transit build: cannot write '%s'\n", (!o ? out : !t ? top : line_table_path(out)).c_str());
    return kExitFailure;
  }
  return kExitOk;
}

std::string network_topology_path(const std::string& boot) { return boot + ".top"; }

}  // namespace transit::cli
