// The top level of a compiled occam program: the main PROC's keyboard, screen and error channels
// wired to stdin, stdout and stderr (KRoC's conventions: byte 255 on the screen flushes it), the
// scheduler options from the environment, and the exit status.
//
//   int main(int argc, char** argv) {
//     return occ::run_program(argc, argv, {.body = &body, .uses_keyboard = false});
//   }
#pragma once

#include "transit/channel.h"
#include "transit/proc.h"

#include "occam_arith.h"

namespace occ {

struct Console {
  transit::Channel<BYTE> keyboard{"keyboard"};
  transit::Channel<BYTE> screen{"screen"};
  transit::Channel<BYTE> error{"error"};
};

struct ProgramEntry {
  transit::Proc (*body)(Console& console);  // calls the main PROC with the channels it takes
  bool uses_keyboard = false;                // false: stdin is never read
};

// Runs the program. Environment: TRANSIT_THREADS (1 deterministic, 0 all cores, n workers),
// TRANSIT_SEED (random schedule of the deterministic scheduler), TRANSIT_VIRTUAL_TIME=1 (timers
// on virtual time). Returns transit's exit statuses (0 ok, 3 deadlock, 4 run-time error).
int run_program(int argc, char** argv, const ProgramEntry& entry);

}  // namespace occ
