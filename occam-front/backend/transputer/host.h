// The fixed parts of a transputer program: the bootstrap that loads the image down link 0, the root
// process that starts the host processes and calls the entry PROC, and the host server that turns
// the entry's screen, error and keyboard channels into iserver requests (SP_WRITE, SP_GETKEY,
// SP_EXIT), as the Inmos host-library processes did.
#pragma once

#include <string>
#include <vector>

#include "transit/occam/ir/ir.h"

namespace transit::occam::backend::tp {

inline constexpr const char* kBootEnd = "boot_end";
inline constexpr const char* kImageEnd = "image_end";

// A neighbour this processor boots: down link `link`, its boot file, `bytes` long at `label`.
struct BootChild {
  int link = 0;
  std::string label;
  std::size_t bytes = 0;
};

struct HostPlan {
  std::string main_label;                  // the entry PROC's code
  std::vector<ir::MainChannel> params;     // its parameters, in order
  bool keyboard = false;                   // the program reads its keyboard channel
  int root_below_words = 0;                // words the root's call of the entry needs below it
  bool host = true;                        // the iserver is on link 0 (else: no host processes)
  std::vector<BootChild> children;         // a network: the neighbours it boots, in order
};

// The bootstrap, root process, host server and keyboard process, and their channel words.
std::string host_code(const HostPlan& plan);
// After the image: where the host buffers and the workspaces are (`name = value` lines).
std::string host_memory(const HostPlan& plan);
// Bytes of memory the program needs after the end of its image.
int host_memory_bytes(const HostPlan& plan);

}  // namespace transit::occam::backend::tp
