// VarintStore (store.h): varint-compressed states in one arena, a linear-probing hash table of numbers.
#include "verify/store.h"

#include <cstring>

namespace transit::verify {

namespace {

void encode(StateView s, std::vector<std::uint8_t>& out) {
  out.clear();
  for (Word w : s) {
    std::uint64_t z = (std::uint64_t(w) << 1) ^ std::uint64_t(w >> 63);
    while (z >= 0x80) {
      out.push_back(std::uint8_t(z | 0x80));
      z >>= 7;
    }
    out.push_back(std::uint8_t(z));
  }
}

}  // namespace

std::uint64_t VarintStore::hash(const std::uint8_t* p, std::size_t n) {
  std::uint64_t h = 0xcbf29ce484222325ull ^ n;  // 8 bytes at a time, then a final mix
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ w) * 0x9e3779b97f4a7c15ull;
    h ^= h >> 29;
  }
  for (; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ull;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

std::uint64_t VarintStore::bytes() const {
  return arena_.capacity() + offsets_.capacity() * sizeof(std::uint64_t) + table_.capacity() * sizeof(std::uint32_t);
}

bool VarintStore::grow(std::uint64_t limit) {
  std::size_t n = table_.empty() ? 1024 : table_.size() * 2;
  if (bytes() + n * sizeof(std::uint32_t) > limit) return false;
  std::vector<std::uint32_t> t(n, 0);
  for (std::uint32_t id = 0; id < size(); ++id) {
    const std::uint8_t* p = arena_.data() + offsets_[id];
    std::size_t len = offsets_[id + 1] - offsets_[id];
    std::size_t h = hash(p, len) & (n - 1);
    while (t[h]) h = (h + 1) & (n - 1);
    t[h] = id + 1;
  }
  table_.swap(t);
  return true;
}

std::uint32_t VarintStore::insert(StateView s, bool& added, std::uint64_t limit) {
  added = false;
  if ((size() + 1) * 2 > table_.size() && !grow(limit)) return kNoState;
  encode(s, scratch_);
  const std::size_t mask = table_.size() - 1;
  std::size_t h = hash(scratch_.data(), scratch_.size()) & mask;
  for (;; h = (h + 1) & mask) {
    std::uint32_t e = table_[h];
    if (e == 0) break;
    std::uint32_t id = e - 1;
    std::size_t len = offsets_[id + 1] - offsets_[id];
    if (len == scratch_.size() && std::memcmp(arena_.data() + offsets_[id], scratch_.data(), len) == 0) return id;
  }
  if (size() + 1 == kNoState) return kNoState;
  // Growing the arena or the index by doubling must stay inside the limit.
  auto grows = [](const auto& v, std::size_t more) { return v.size() + more > v.capacity(); };
  if (grows(arena_, scratch_.size()) || grows(offsets_, 1)) {
    std::uint64_t extra = 0;
    if (grows(arena_, scratch_.size())) extra += std::max<std::uint64_t>(arena_.capacity(), scratch_.size());
    if (grows(offsets_, 1)) extra += offsets_.capacity() * sizeof(std::uint64_t);
    if (bytes() + extra > limit) return kNoState;
  }
  arena_.insert(arena_.end(), scratch_.begin(), scratch_.end());
  offsets_.push_back(arena_.size());
  std::uint32_t id = size() - 1;
  table_[h] = id + 1;
  added = true;
  return id;
}

void VarintStore::get(std::uint32_t id, State& out) {
  out.clear();
  const std::uint8_t* p = arena_.data() + offsets_[id];
  const std::uint8_t* end = arena_.data() + offsets_[id + 1];
  while (p < end) {
    std::uint64_t z = 0;
    int shift = 0;
    while (*p & 0x80) {
      z |= std::uint64_t(*p++ & 0x7f) << shift;
      shift += 7;
    }
    z |= std::uint64_t(*p++) << shift;
    out.push_back(Word(z >> 1) ^ -Word(z & 1));
  }
}

}  // namespace transit::verify
