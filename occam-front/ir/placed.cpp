// PLACEd names grouped into runs of overlapping words (transit/occam/ir/placed.h).
#include "transit/occam/ir/placed.h"

#include <algorithm>

namespace transit::occam::ir {

std::int64_t placed_port_stride(const Module& m, TypeId port) {
  std::int64_t bytes = bytes_of(m, m.types[std::size_t(port)].elem);
  return (bytes <= 0 ? 1 : (bytes + 3) / 4) * 4;
}

PlacedLayout placed_layout(const Module& m) {
  PlacedLayout out;
  std::vector<PlacedName> data, chans;
  for (std::size_t i = 0; i < m.vars.size(); ++i) {
    const Var& x = m.vars[i];
    if (!x.placed_at) continue;
    TypeId leaf = x.type;
    std::int64_t count = 1;
    for (; m.types[std::size_t(leaf)].kind == TypeKind::Array; leaf = m.types[std::size_t(leaf)].elem)
      count *= m.types[std::size_t(leaf)].length;
    TypeKind k = m.types[std::size_t(leaf)].kind;
    if (k == TypeKind::Chan) {
      if (count > 0)
        chans.push_back(PlacedName{*x.placed_at, count, VarId(i)});
      else
        out.no_words.push_back(VarId(i));
      continue;
    }
    std::int64_t bytes = k == TypeKind::Port ? count * placed_port_stride(m, leaf) : bytes_of(m, x.type);
    data.push_back(PlacedName{*x.placed_at, bytes <= 0 ? 1 : (bytes + 3) / 4, VarId(i)});
  }
  auto runs = [](std::vector<PlacedName>& names, std::vector<PlacedRun>& into) {
    std::stable_sort(names.begin(), names.end(), [](const PlacedName& a, const PlacedName& b) { return a.at < b.at; });
    for (const PlacedName& n : names) {
      if (into.empty() || n.at >= into.back().end) into.push_back(PlacedRun{n.at, n.at, {}});
      into.back().end = std::max(into.back().end, n.at + n.words);
      into.back().names.push_back(n);
    }
  };
  runs(data, out.data);
  runs(chans, out.chans);
  return out;
}

}  // namespace transit::occam::ir
