// How long the running process surely computes before it can do anything another node could see:
// the fewest cycles, over every path through its code, before an instruction that may use a link,
// wait, schedule or switch processes, or jump where the code does not say. It lets a node's
// neighbours run that far ahead of it (docs/network.md, "Quiet code").
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "transit/emu/core/cpu.h"

namespace transit::network {

class QuietCode {
 public:
  // `enough`: cycles beyond which nothing is looked for; `budget`: instructions decoded at most
  // per piece of code searched (the answer is then the least distance still unexplored).
  QuietCode(emu::Cycle enough, int budget);
  ~QuietCode();

  // The fewest cycles before the process running on `c` can start such an instruction, at most
  // `enough`. 0 when no process runs, a block move is in progress or a high-priority process is
  // queued. `slices`: a j or a looping lend may switch to another low-priority process (they are
  // then such instructions). Sets the range of code `c` watches (Cpu::code_watch_lo).
  emu::Cycle cycles(emu::Cpu& c, bool slices);

  // What is known of the code from one address on. Searched once and kept while no block copy,
  // link input or boot writes into the code searched (Cpu::code_writes); a process that stores
  // into its own code a word at a time is not seen (docs/network.md, "Quiet code").
  struct Summary {
    emu::Cycle to_stop = emu::kNever;  // to such an instruction
    // To the end of each `ret` reached, by the workspace offset (bytes from Wptr at the start)
    // its return address is read from.
    std::vector<std::pair<std::int32_t, emu::Cycle>> rets;
    bool searching = false;  // being searched: a recursive call
  };

 private:
  const Summary& summary(emu::Cpu& c, emu::Word start, bool slices);
  Summary search(emu::Cpu& c, emu::Word start, bool slices);
  emu::Cycle from(emu::Cpu& c, emu::Word iptr, std::int32_t wofs, emu::Cycle base, int depth, bool slices);

  emu::Cycle enough_;
  int budget_;
  std::uint64_t writes_seen_ = 0;
  std::unordered_map<emu::Word, Summary> known_[2];  // by start address; [slices]
  struct Scratch;
  std::vector<std::unique_ptr<Scratch>> scratch_;  // one per depth of calls being searched
  std::size_t depth_ = 0;
};

}  // namespace transit::network
