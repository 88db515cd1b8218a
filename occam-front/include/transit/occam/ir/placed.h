// PLACE name AT address: the words each placed name takes in the simulated address space of words
// both back ends give it (docs/ir.md), grouped into runs of overlapping placements, so that names
// placed over the same words share one block. Channels (a word each) and data are laid out apart.
#pragma once

#include <cstdint>
#include <vector>

#include "transit/occam/ir/ir.h"

namespace transit::occam::ir {

struct PlacedName {
  std::int64_t at = 0, words = 0;  // its first word address and how many words it takes
  VarId var = kNone;
};

// Names placed over overlapping words [start, end), sorted by address.
struct PlacedRun {
  std::int64_t start = 0, end = 0;
  std::vector<PlacedName> names;
};

struct PlacedLayout {
  std::vector<PlacedRun> data, chans;
  std::vector<VarId> no_words;  // empty arrays of channels: no words at all
};

// The bytes an element of a placed array of ports takes: its value's, in whole words.
std::int64_t placed_port_stride(const Module& m, TypeId port);

// Every PLACEd name of the module. A data name of run-time size is not placed (the checker refuses it).
PlacedLayout placed_layout(const Module& m);

}  // namespace transit::occam::ir
