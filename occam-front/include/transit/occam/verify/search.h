// Breadth-first exploration of a Model (model.h): every reachable state once, so the first deadlock
// or run-time error found is one a shortest trace reaches. Knows nothing of occam.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "transit/occam/verify/model.h"

namespace transit::verify {

struct SearchOptions {
  std::uint64_t max_memory = 0;            // bytes for the visited set and trace links
  std::uint64_t max_depth = UINT64_MAX;    // transitions from the initial state
  bool partial_order = true;               // let the model reduce (Model::successors)
  bool tree_compression = true;            // TreeStore (tree_store.h); false: VarintStore
  unsigned threads = 1;                    // threads expanding each level's states (the result is the same for any)
  // After proving no deadlock, look for a livelock (a set of states the program cannot leave, in which
  // it communicates for ever while some process waits for ever), with or without partial_order.
  // Not with a model that has symmetry (ignored then).
  bool livelock = false;
};

enum class Outcome {
  NoDeadlock,   // every reachable state explored: none deadlocks or fails
  Deadlock,     // `trace` ends in a state with no successors that is not the end
  Fault,        // `trace` ends in a state one of whose transitions is a run-time error (`fault`)
  TooLarge,     // max_memory reached first
  DepthLimit,   // every state up to max_depth explored, none deadlocks or fails; deeper ones exist
  Livelock,     // `trace` ends where `cycle` begins: a cycle the program cannot leave, `starved` waiting for ever
};

struct SearchResult {
  Outcome outcome = Outcome::NoDeadlock;
  std::uint64_t states = 0;
  std::uint64_t transitions = 0;
  std::uint64_t bytes = 0;        // memory held by the search at its end
  std::vector<State> trace;       // initial state first
  std::string fault;
  std::vector<State> cycle;  // Livelock: from trace's last state round to it again
  std::string starved;       // Livelock: what the processes that wait for ever wait for
};

SearchResult search(Model& model, const SearchOptions& options);

}  // namespace transit::verify
