// PLACE name AT address on the target: natively a process-wide simulated address space of words
// (backend/cpp's place_storage), here the same words as data in the image: one zeroed block per run
// of overlapping placements (transit/occam/ir/placed.h), so names placed over the same words alias;
// channels, one word each, empty at boot. A placed name's storage is at placed_[v].
#include "backend/transputer/gen.h"
#include "transit/occam/ir/placed.h"

namespace transit::occam::backend::tp {

void Gen::placed_storage() {
  PlacedLayout layout = placed_layout(m_);
  for (VarId v : layout.no_words) placed_[v] = "0";
  auto lay_out = [&](const std::vector<PlacedRun>& runs, const char* stem, bool channels) {
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const PlacedRun& run = runs[r];
      std::string block = stem + std::to_string(r);
      data_ << "    .align 4\n" << block << ":  -- PLACEd words " << run.start << " to " << run.end - 1 << "\n";
      if (channels) {
        for (std::int64_t w = run.start; w < run.end; ++w)
          data_ << ((w - run.start) % 8 ? ", " : w > run.start ? "\n    .word " : "    .word ") << "#80000000";
        data_ << "\n";
      } else {
        data_ << "    .space " << (run.end - run.start) * 4 << "\n";
      }
      for (const PlacedName& n : run.names) placed_[n.var] = block + " + " + std::to_string((n.at - run.start) * 4);
    }
  };
  lay_out(layout.data, "placed_data", false);
  lay_out(layout.chans, "placed_chans", true);
}

}  // namespace transit::occam::backend::tp
