// The Inmos icollect ".map" network description: the "Memory map for ... processor N T800" headers
// give each node's chip, "Boot processor ..." the boot path and "Connect ..." the wiring, so a
// multi-node boot file from the Inmos toolset boots on the same network it was configured for.
#pragma once

#include <string_view>
#include <vector>

#include "transit/emu/network/topology.h"

namespace transit::network {

// One "Boot processor B down link L from processor P link Q" (or "from HOST") line.
struct BootStep {
  int node = 0;
  int link = 0;           // the link of `node` the boot code arrives on
  std::optional<LinkEnd> from;  // nothing: from the host
};

struct MapNetwork {
  Topology topology;
  std::vector<BootStep> boot_path;
};

// Lines other than the memory-map headers and the Boot/Connect lines are listing text and are
// ignored; a Boot or Connect line that does not parse is an error at its line and column.
Parsed<MapNetwork> parse_map(std::string_view text, std::string_view file);

Parsed<MapNetwork> load_map(const std::string& path);

}  // namespace transit::network
