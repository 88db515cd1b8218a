// A single transputer with the iserver on link 0, as `iserver -se -sb FILE` runs it on a B004:
// boots the file down the link and serves the program until SP_EXIT, a halt, a deadlock or a
// cycle limit.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "transit/emu/node/transputer.h"
#include "transit/emu/host/host_link.h"
#include "transit/emu/host/iserver.h"

namespace transit::emu {

struct SessionOutcome {
  enum class Kind : std::uint8_t { Exited, Halted, Deadlock, CycleLimit };
  Kind kind;
  int exit_status;      // for Exited: the program's status (0 success)
  std::string message;  // for the others: what happened
};

// The first `bytes` of the transputer's memory from MOSTNEG (at most all of it), as `iserver -sa`
// peeks a board before booting it: the image SP_CORE serves (IServer::set_core).
std::vector<std::uint8_t> peek_core(const Transputer& node, std::uint32_t bytes);

// Progress callback, called about every `progress_cycles` simulated cycles.
using Progress = std::function<void(const Transputer&)>;

SessionOutcome run_session(Transputer& node, HostLink& host, std::span<const std::uint8_t> boot_file,
                           Cycle max_cycles, const Progress& progress = {},
                           Cycle progress_cycles = Cycle(1) << 28);

}  // namespace transit::emu
