// PLACE name AT address on the target: natively a process-wide simulated address space of words
// (backend/cpp's place_storage), here the same words as data in the image: one zeroed block per run
// of overlapping placements (so names placed over the same words alias), channels apart, one word
// each, empty at boot. A placed name's storage is at placed_[v]; a channel and data never share words
// (the checker's rule), so the two kinds of runs are laid out independently.
#include <algorithm>

#include "backend/transputer/gen.h"

namespace transit::occam::backend::tp {

void Gen::placed_storage() {
  struct Item {
    std::int64_t at, words;
    VarId v;
  };
  std::vector<Item> data, chans;
  for (std::size_t i = 0; i < m_.vars.size(); ++i) {
    const Var& x = m_.vars[i];
    if (!x.placed_at) continue;
    TypeId leaf = x.type;
    std::int64_t count = 1;
    for (; type(leaf).kind == TypeKind::Array; leaf = type(leaf).elem) count *= type(leaf).length;
    if (type(leaf).kind == TypeKind::Chan) {
      if (count > 0)
        chans.push_back(Item{*x.placed_at, count, VarId(i)});
      else
        placed_[VarId(i)] = "0";  // no channels, no words
      continue;
    }
    std::int64_t b = bytes(x.type);
    if (b == kNone) unsupported("PLACE of a value of run-time size", x.site);
    data.push_back(Item{*x.placed_at, b <= 0 ? 1 : (b + 3) / 4, VarId(i)});
  }
  auto by_address = [](const Item& a, const Item& b) { return a.at < b.at; };
  auto lay_out = [&](std::vector<Item>& items, const char* stem, bool channels) {
    std::stable_sort(items.begin(), items.end(), by_address);
    for (std::size_t i = 0; i < items.size();) {
      std::size_t j = i + 1;
      std::int64_t start = items[i].at, end = items[i].at + items[i].words;
      while (j < items.size() && items[j].at < end) end = std::max(end, items[j].at + items[j].words), ++j;
      std::string block = stem + std::to_string(i);
      data_ << "    .align 4\n" << block << ":  -- PLACEd words " << start << " to " << end - 1 << "\n";
      if (channels) {
        for (std::int64_t w = start; w < end; ++w) data_ << ((w - start) % 8 ? ", " : w > start ? "\n    .word " : "    .word ") << "#80000000";
        data_ << "\n";
      } else {
        data_ << "    .space " << (end - start) * 4 << "\n";
      }
      for (std::size_t k = i; k < j; ++k) placed_[items[k].v] = block + " + " + std::to_string((items[k].at - start) * 4);
      i = j;
    }
  };
  lay_out(data, "placed_data", false);
  lay_out(chans, "placed_chans", true);
}

}  // namespace transit::occam::backend::tp
