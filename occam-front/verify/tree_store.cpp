// TreeStore (tree_store.h): per level, a table of distinct keys with linear probing.
#include "verify/tree_store.h"

#include <algorithm>

namespace transit::verify {

namespace {

std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

// A slot of n for key: its hash scaled to 0..n-1 (n need not be a power of two).
std::size_t slot_of(std::uint64_t key, std::size_t n) {
  return std::size_t((static_cast<unsigned __int128>(mix(key)) * n) >> 64);
}

constexpr std::uint32_t kPad = 0xffffffffu;  // the missing right child of an odd level's last node

}  // namespace

std::uint64_t TreeStore::bytes() const {
  std::uint64_t n = ids_.capacity() * 4;
  for (const Table& t : levels_) n += t.bytes();
  return n;
}

// The slots grow by half when three quarters full (so they are half to three quarters full), the keys
// by a quarter: memory follows the states closely instead of doubling.
std::uint32_t TreeStore::intern(Table& t, std::uint64_t key, bool& added, std::uint64_t limit) {
  added = false;
  if ((t.keys.size() + 1) * 4 > t.slots.size() * 3) {
    std::size_t n = std::max<std::size_t>(64, t.slots.size() / 2 * 3);
    if (bytes() + n * 4 > limit) return kNoState;
    std::vector<std::uint32_t> slots(n, 0);
    for (std::uint32_t id = 0; id < t.keys.size(); ++id) {
      std::size_t h = slot_of(t.keys[id], n);
      while (slots[h]) h = h + 1 == n ? 0 : h + 1;
      slots[h] = id + 1;
    }
    t.slots.swap(slots);
  }
  const std::size_t n = t.slots.size();
  std::size_t h = slot_of(key, n);
  for (; t.slots[h]; h = h + 1 == n ? 0 : h + 1)
    if (t.keys[t.slots[h] - 1] == key) return t.slots[h] - 1;
  if (t.keys.size() + 1 >= kNoState) return kNoState;
  if (t.keys.size() == t.keys.capacity()) {
    std::size_t more = std::max<std::size_t>(64, t.keys.size() / 4);
    if (bytes() + more * 8 > limit) return kNoState;
    t.keys.reserve(t.keys.size() + more);
  }
  t.keys.push_back(key);
  t.slots[h] = std::uint32_t(t.keys.size());
  added = true;
  return std::uint32_t(t.keys.size() - 1);
}

void TreeStore::set_up(std::size_t width) {
  width_ = width;
  std::size_t n = width_;
  levels_.emplace_back();  // the words
  src_.emplace_back(n);
  do {
    n = (n + 1) / 2;
    levels_.emplace_back();
    src_.emplace_back(n);
  } while (n > 1);
  cur_ = src_;
}

std::uint32_t TreeStore::insert(StateView s, bool& added, std::uint64_t limit) {
  if (levels_.empty()) set_up(s.size());
  if (!src_words_.empty()) return insert_changed(s, added, limit);
  ids_.resize(width_);
  for (std::size_t i = 0; i < width_; ++i) {
    ids_[i] = intern(levels_[0], std::uint64_t(s[i]), added, limit);
    if (ids_[i] == kNoState) return kNoState;
  }
  std::size_t n = width_;
  for (std::size_t level = 1; level < levels_.size(); ++level) {
    std::size_t half = (n + 1) / 2;
    for (std::size_t i = 0; i < half; ++i) {
      std::uint32_t right = 2 * i + 1 < n ? ids_[2 * i + 1] : kPad;
      ids_[i] = intern(levels_[level], (std::uint64_t(ids_[2 * i]) << 32) | right, added, limit);
      if (ids_[i] == kNoState) return kNoState;
    }
    n = half;
  }
  return ids_[0];  // a root is new exactly when its state is: roots are numbered as states
}

// Only the words that differ from the state last read, and the nodes above them, are interned.
std::uint32_t TreeStore::insert_changed(StateView s, bool& added, std::uint64_t limit) {
  added = false;
  dirty_.clear();
  for (std::size_t i = 0; i < width_; ++i) {
    cur_[0][i] = src_[0][i];
    if (s[i] == src_words_[i]) continue;
    cur_[0][i] = intern(levels_[0], std::uint64_t(s[i]), added, limit);
    if (cur_[0][i] == kNoState) return kNoState;
    dirty_.push_back(i);
  }
  std::size_t n = width_;
  for (std::size_t level = 1; level < levels_.size(); ++level) {
    std::vector<std::uint32_t>& up = cur_[level];
    up = src_[level];
    next_dirty_.clear();
    for (std::size_t i : dirty_) {
      std::size_t parent = i / 2;
      if (!next_dirty_.empty() && next_dirty_.back() == parent) continue;
      std::uint32_t right = 2 * parent + 1 < n ? cur_[level - 1][2 * parent + 1] : kPad;
      up[parent] = intern(levels_[level], (std::uint64_t(cur_[level - 1][2 * parent]) << 32) | right, added, limit);
      if (up[parent] == kNoState) return kNoState;
      next_dirty_.push_back(parent);
    }
    dirty_.swap(next_dirty_);
    n = (n + 1) / 2;
  }
  return cur_.back()[0];
}

void TreeStore::get(std::uint32_t id, State& out) {
  std::size_t top = levels_.size() - 1;
  src_[top][0] = id;
  for (std::size_t level = top; level > 0; --level) {
    std::vector<std::uint32_t>& below = src_[level - 1];
    for (std::size_t i = 0; i < src_[level].size(); ++i) {
      std::uint64_t key = levels_[level].keys[src_[level][i]];
      below[2 * i] = std::uint32_t(key >> 32);
      if (2 * i + 1 < below.size()) below[2 * i + 1] = std::uint32_t(key);
    }
  }
  out.resize(width_);
  for (std::size_t i = 0; i < width_; ++i) out[i] = Word(levels_[0].keys[src_[0][i]]);
  src_words_ = out;
}

}  // namespace transit::verify
