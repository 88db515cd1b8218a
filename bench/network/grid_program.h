// The grid program (grid.tasm) as a boot file, and what it must answer: shared by the grid
// benchmark (grid_bench.cpp) and its test (tests/emulator/network_grid_test.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "transit/emu/asm/assembler.h"
#include "transit/emu/network/topology.h"

namespace transit::network::grid {

inline constexpr std::uint32_t kMemStartT414 = 0x80000048;  // where the boot loader puts the code

struct Params {
  int width = 4, height = 4;
  std::uint32_t rounds = 10;
  std::uint32_t steps = 1000;  // LCG steps per round on every node
};

// The boot file: the assembled bootstrap (length byte first), then node 0's three words.
// Errors (assembly, a bootstrap over 255 bytes) come back in `error`.
inline std::vector<std::uint8_t> boot_file(const std::string& source, const std::string& name, const Params& p,
                                           std::string& error) {
  emu::AsmResult a = emu::assemble(source, kMemStartT414, name);
  if (!a.ok()) {
    for (const std::string& e : a.errors) error += e + "\n";
    return {};
  }
  if (a.code.size() < 2 || a.code.size() > 255) {
    error = name + ": the bootstrap is " + std::to_string(a.code.size()) + " bytes; boot from link takes 2 to 255";
    return {};
  }
  std::vector<std::uint8_t> boot;
  boot.push_back(std::uint8_t(a.code.size()));
  boot.insert(boot.end(), a.code.begin(), a.code.end());
  std::uint32_t words[3] = {std::uint32_t(p.width) << 16 | std::uint32_t(p.height) << 24, p.rounds, p.steps};
  for (std::uint32_t w : words)
    for (int i = 0; i < 4; ++i) boot.push_back(std::uint8_t(w >> (8 * i)));
  return boot;
}

// The exit status node 0 reports: the same computation as the program, on the host.
inline int expected_status(const Params& p) {
  int n = p.width * p.height;
  std::size_t count = std::size_t(n);
  std::vector<std::uint32_t> id(count), acc(count);
  for (int y = 0; y < p.height; ++y)
    for (int x = 0; x < p.width; ++x) {
      std::size_t v = std::size_t(y * p.width + x);
      id[v] = std::uint32_t(x) | std::uint32_t(y) << 8 | std::uint32_t(p.width) << 16 | std::uint32_t(p.height) << 24;
      acc[v] = id[v];
    }
  // The boot tree: the top row's nodes have a right child, every node but the bottom row one below.
  auto value = [&](auto& self, int x, int y) -> std::uint32_t {
    std::uint32_t a = acc[std::size_t(y * p.width + x)];
    if (y == 0 && x + 1 < p.width) a ^= self(self, x + 1, y);
    if (y + 1 < p.height) a ^= self(self, x, y + 1);
    return a;
  };
  for (std::uint32_t r = 0; r < p.rounds; ++r) {
    for (int v = 0; v < n; ++v) {
      std::uint32_t a = acc[std::size_t(v)] ^ id[std::size_t(v)];
      for (std::uint32_t s = 0; s < p.steps; ++s) a = a * 69069u + 1u;
      acc[std::size_t(v)] = a;
    }
    std::uint32_t global = value(value, 0, 0);
    for (auto& a : acc) a = global;
  }
  return int(acc[0] & 255);
}

}  // namespace transit::network::grid
