// Channel ends of PAR branches: for a branch, which channels its body reads and writes (through
// the PROCs it calls too), expressed in names valid where the branch starts, so a back end can
// declare them when the branch starts and the runtime's deadlock report knows who is at the
// other end of a channel before it is used (transit/ends.h). Target independent: an end is a
// root variable (a channel or an array of channels) and subscripts fixed for the whole branch.
#pragma once

#include <map>
#include <vector>

#include "transit/occam/ir/ir.h"

namespace transit::occam::ir {

struct ChanEnd {
  VarId root = kNone;                   // a channel, or an array of channels
  std::vector<const Expr*> subscripts;  // outer dimensions first, each fixed while the branch runs;
                                        // fewer than root's dimensions: every channel of the rest
  bool writer = false;                  // the writing end (else the reading end)
};

class ChanEnds {
 public:
  explicit ChanEnds(const Module& module);

  // The ends `branch` (a process started as one PAR branch) uses. Subscripts are fixed when they
  // depend only on constants, replicator indices, VAL parameters and VAL abbreviations declared
  // outside the branch; an element chosen any other way declares the whole array (or the rest
  // of it). Channels of a PROC's parameters and free variables count as the PROC uses them.
  std::vector<ChanEnd> of(const Process& branch) const;

  // What a PROC does to each channel (or channel array) parameter and free variable.
  struct Use {
    bool reads = false;
    bool writes = false;
  };
  const std::map<VarId, Use>& summary(ProcId proc) const;

 private:
  const Module& m_;
  mutable std::map<ProcId, std::map<VarId, Use>> summaries_;
  mutable std::vector<ProcId> computing_;
};

}  // namespace transit::occam::ir
