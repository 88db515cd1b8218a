// The transputer back end: an IR module to transputer assembly in the syntax `transit asm` reads
// (emulator/include/transit/emu/asm/assembler.h), so every instruction's encoding and cycles come from the one
// instruction table. The output is one image for one chip, booted from link 0 by a small
// bootstrap, with the iserver host processes for the entry PROC's keyboard, screen and error.
// docs/transputer-backend.md describes the design.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "transit/occam/backend/transputer/process_table.h"
#include "transit/occam/ir/ir.h"

namespace transit::occam::backend {

enum class Chip : std::uint8_t { T414, T800 };

// A check the program can fail: the assembly label just before the checking instruction, where in
// the occam source it is, and what it checks (for the run-time error message).
struct CheckSite {
  std::string label;
  ir::Site site;
  std::string process;  // the PROC it is in
  std::string what;     // "arithmetic overflow in +", "subscript out of range", ...
  bool wait = false;    // not a check: an instruction that waits (in, out, altwt, tin, endp, stopp)
};

struct TransputerAsm {
  std::string text;              // the assembly, origin = the chip's MemStart
  std::string boot_end_label;    // the bootstrap is the bytes before this label
  std::string image_end_label;   // the image (what is loaded) ends here
  std::uint32_t after_image = 0; // bytes of memory the program uses past the image's end
  std::vector<CheckSite> checks; // the line table of the checks, in code order
  ProcessTable processes;        // where the processes are, for the deadlock report
};

// What the back end cannot translate yet: the occam construct and where it is.
struct TransputerError {
  std::string message;  // "FILE:LINE:COL: not supported on the transputer target yet: WHAT"
};

// One processor of a network (docs/transputer-backend.md, "Grids"): whether the host is on its
// link 0, and the boot files of the neighbours it boots (each holding their own neighbours').
struct NetworkRole {
  bool host = true;
  struct Child {
    int link = 0;
    std::vector<std::uint8_t> boot;
  };
  std::vector<Child> children;
  // Channels of the program that are link channels: the word number from MOSTNEG (0-3 the output
  // channels of links 0-3, 4-7 their inputs).
  std::map<ir::VarId, int> link_channels;
  // The entry's process as the native run names it (a PROCESSOR's PAR branch); empty: the entry's name.
  std::string entry_process;
  // A CHAN OF INT whose one message tells the host the program has ended (the host's processor of a
  // network whose routers run for ever beside the program, placement.h); kNone: the entry's return.
  ir::VarId end_channel = ir::kNone;
};

std::variant<TransputerAsm, TransputerError> emit_transputer(const ir::Module& module, Chip chip,
                                                              const NetworkRole& role = {});

}  // namespace transit::occam::backend
