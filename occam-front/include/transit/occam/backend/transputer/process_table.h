// The process table the transputer back end writes beside the code: what a deadlock report needs to
// find the occam processes in an emulated chip's memory. Each frame's code (so an Iptr names its
// frame and PROC), how a frame reaches its caller (the return Iptr at W[L]) or its PAR (the branch's
// Wptr B words into the parent's frame, or a static link), the call sites, and the channel ends each
// PAR branch holds (ir/chan_ends.h), as the native back end declares them to the runtime.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "transit/occam/ir/ir.h"

namespace transit::occam::backend {

// A word computed at report time from the frames' workspaces: a stack program (a fixed subscript or
// an array's length).
struct WordOp {
  enum class Kind : std::uint8_t { Const, Load, Add, Sub, Mul, Div, Rem };
  Kind kind = Kind::Const;
  std::int64_t value = 0;  // Const: the value; Load: the word offset from frame's Wptr
  int frame = -1;          // Load: the frame
  std::string symbolic;    // Load, while the back end writes: `value` as an assembler expression (Cn_A+k)
};
using WordProgram = std::vector<WordOp>;

// A channel end a PAR branch holds: a channel, or `count` channels of an array, in names valid where
// the branch starts.
struct HeldEnd {
  std::string name;                     // the channel or array as the source names it
  int frame = -1;                       // the frame whose Wptr locates it
  int slot = 0;                         // its word offset from that Wptr
  bool pointer = false;                 // the slot holds its address
  std::vector<WordProgram> subscripts;  // fixed subscripts, outer first
  std::vector<WordProgram> dims;        // the array's dimension lengths, outer first (none: a channel)
  bool writer = false;
  std::string symbolic;                 // while the back end writes: `slot` as an assembler expression
};

struct FrameInfo {
  // Proc: a PROC body; Function: a FUNCTION's (a closed run natively); Branch: a process of a PAR;
  // Inline: the one branch of a PAR of one process, which natively runs in its parent's process.
  enum class Kind : std::uint8_t { Proc, Function, Branch, Inline };
  Kind kind = Kind::Proc;
  std::string code_label;  // its code starts here and runs to the next frame's
  std::string name;        // the PROC, or the branch's process name (as the native report names it)
  std::string proc;        // Proc, Function: the PROC; Branch, Inline: the process of the PAR (its sites' names)
  ir::Site site;           // Proc, Function: the PROC's; Branch: where the process starts
  int L = 0;               // Proc, Function: the return Iptr is at W[L], the caller's Wptr W + 4 * (L + 4)
  int parent = -1;         // Branch, Inline: the frame of the PAR
  int B = 0;               // not linked: Wptr = the parent's Wptr + 4 * B
  int link_slot = -1;      // a replicated PAR's instance: the parent's Wptr is at W[link_slot], its
                           // replicator index at W[link_slot + 1] (reports name it name[index])
  ir::Site par_site;       // Branch, Inline: the PAR
  int par_branches = 0;    // the processes the PAR starts
  bool call_branch = false; // Branch: one PROC call (natively the PROC's own process: the call is not shown)
  std::vector<HeldEnd> ends;
};

// A PROC or FUNCTION call: the code after the `call` (the return Iptr) and where it is in occam.
struct CallSite {
  std::string return_label;
  ir::Site site;
  std::string proc;  // the process the call is in, as the native report names it
};

struct ProcessTable {
  std::vector<FrameInfo> frames;  // indexed by frame number
  std::vector<CallSite> calls;
  std::string code_end_label;     // the frames' code ends here
  int entry_frame = -1;           // the entry PROC's
  std::string last_stop_wptr;     // label of the word holding the Wptr of the last process that ran STOP
};

}  // namespace transit::occam::backend
