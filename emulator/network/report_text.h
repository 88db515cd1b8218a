// Text pieces shared by the network's reports (deadlock, livelock): a word as the Inmos tools
// print it, "#8000012C".
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace transit::network {

inline std::string hex_word(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "#%08X", v);
  return buf;
}

}  // namespace transit::network
