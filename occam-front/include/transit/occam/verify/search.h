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
};

enum class Outcome {
  NoDeadlock,   // every reachable state explored: none deadlocks or fails
  Deadlock,     // `trace` ends in a state with no successors that is not the end
  Fault,        // `trace` ends in a state one of whose transitions is a run-time error (`fault`)
  TooLarge,     // max_memory reached first
  DepthLimit,   // every state up to max_depth explored, none deadlocks or fails; deeper ones exist
};

struct SearchResult {
  Outcome outcome = Outcome::NoDeadlock;
  std::uint64_t states = 0;
  std::uint64_t transitions = 0;
  std::uint64_t bytes = 0;        // memory held by the search at its end
  std::vector<State> trace;       // initial state first
  std::string fault;
};

SearchResult search(Model& model, const SearchOptions& options);

}  // namespace transit::verify
