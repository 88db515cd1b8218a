// PLACED PAR on a network of transputers: a program whose entry PROC's process is a PLACED PAR (after
// its declarations) becomes one program per processor. Processor k's entry runs its PROCESSOR k
// branch (a replicated PLACED PAR's index a constant there); each channel between two processors
// becomes a link channel on both, on a link that wires them together; the host's channels
// (keyboard, screen, error) belong to the processor the host is on. docs/transputer-backend.md,
// "Grids". Target facts only: the network comes as a plain description, not the emulator's types.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "transit/occam/backend/transputer/emit_transputer.h"
#include "transit/occam/ir/ir.h"

namespace transit::occam::backend {

struct NetworkShape {
  std::string name;  // "ring:16", for messages
  // links[p][l]: the processor and link wired to processor p's link l; {-1, -1}: none (or the host).
  std::vector<std::array<std::pair<int, int>, 4>> links;
  int host = 0;  // the processor whose link 0 the host is on
};

// The router processes that carry channels between processors that are not neighbours are named
// "(route CHANNEL)", "(route link L in)" or "(route link L out)": no occam name begins so, and the
// deadlock report leaves them out (a process waiting for one waits for the channel's other end).
inline constexpr const char* kRouterName = "(route ";

struct ProcessorProgram {
  ir::Module module;  // its entry PROC runs this processor's process (SKIP when it has none)
  NetworkRole role;   // host and link channels; the caller adds the neighbours it boots
  bool placed = false;  // a PROCESSOR of the program runs here (else it only boots others)
  std::string process_name;  // that PROCESSOR's process, named as the native run names it
  ir::Site spawned;          // where that process starts
};

// One program per processor of `net`, by number; nullopt when the entry has no PLACED PAR. A
// channel the network cannot carry is an error naming it and both processors.
std::optional<std::variant<std::vector<ProcessorProgram>, TransputerError>> place(const ir::Module& m,
                                                                                 const NetworkShape& net);

}  // namespace transit::occam::backend
