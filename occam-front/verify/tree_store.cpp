// TreeStore (tree_store.h): per level, a table of distinct keys with linear probing.
#include "verify/tree_store.h"

#include <algorithm>
#include <bit>
#include <cstring>

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

// The missing right child of an odd level's last node: 0 (its place says it is missing; a small
// number keeps the level's keys narrow).
constexpr std::uint32_t kPad = 0;

}  // namespace

std::uint64_t TreeStore::bytes() const {
  std::uint64_t n = ids_.capacity() * 4;
  for (const Table& t : levels_) n += t.bytes();
  return n;
}

std::uint64_t TreeStore::Keys::get(std::uint32_t id) const {
  std::uint64_t v = 0;
  std::memcpy(&v, packed_.data() + std::size_t(id) * std::size_t(size_), 8);
  if (bits_ == 32) return v;
  const std::uint64_t half = (std::uint64_t(1) << bits_) - 1;
  return ((v >> bits_ & half) << 32) | (v & half);
}

void TreeStore::Keys::widen(int bits) {
  std::vector<std::uint64_t> all(count_);
  for (std::uint32_t id = 0; id < count_; ++id) all[id] = get(id);
  bits_ = bits;
  size_ = (2 * bits + 7) / 8;
  packed_.clear();
  packed_.shrink_to_fit();
  packed_.reserve(std::size_t(count_) * std::size_t(size_) * 5 / 4 + 8);
  packed_.assign(8, 0);
  std::uint32_t n = count_;
  count_ = 0;
  for (std::uint32_t id = 0; id < n; ++id) push(all[id], 0, UINT64_MAX);
}

bool TreeStore::Keys::push(std::uint64_t key, std::uint64_t held, std::uint64_t limit) {
  if (packed_.empty()) packed_.assign(8, 0);
  std::uint64_t left = key >> 32, right = key & 0xffffffffu;
  if (bits_ < 32 && std::max(left, right) >> bits_) {
    int bits = bits_;
    while (bits < 32 && std::max(left, right) >> bits) ++bits;
    if (held + std::uint64_t(count_) * std::uint64_t((2 * bits + 7) / 8) * 5 / 4 > limit) return false;
    widen(bits);
  }
  std::uint64_t v = bits_ == 32 ? key : left << bits_ | right;
  std::size_t at = std::size_t(count_) * std::size_t(size_);
  if (at + std::size_t(size_) + 8 > packed_.capacity()) {  // grow by a quarter
    std::size_t more = std::max<std::size_t>(64 * std::size_t(size_), packed_.size() / 4);
    if (held + more > limit) return false;
    packed_.reserve(packed_.size() + more);
  }
  packed_.resize(at + std::size_t(size_) + 8);
  std::memcpy(packed_.data() + at, &v, std::size_t(size_));
  ++count_;
  return true;
}

void TreeStore::Slots::reset(std::size_t n, int bits) {
  n_ = n;
  bits_ = bits;
  mask_ = (std::uint64_t(1) << bits) - 1;
  packed_.clear();
  packed_.shrink_to_fit();
  packed_.assign(std::size_t(bytes_for(n, bits)), 0);
}

std::uint32_t TreeStore::Slots::get(std::size_t i) const {
  const std::size_t bit = i * std::size_t(bits_);
  std::uint64_t v;
  std::memcpy(&v, packed_.data() + bit / 8, 8);
  return std::uint32_t(v >> (bit % 8) & mask_);
}

void TreeStore::Slots::set(std::size_t i, std::uint32_t value) {
  const std::size_t bit = i * std::size_t(bits_);
  std::uint64_t v;
  std::memcpy(&v, packed_.data() + bit / 8, 8);
  v = (v & ~(mask_ << (bit % 8))) | std::uint64_t(value) << (bit % 8);
  std::memcpy(packed_.data() + bit / 8, &v, 8);
}

// The slots grow by half when three quarters full (so they are half to three quarters full), the keys
// by a quarter: memory follows the states closely instead of doubling. A slot takes the bits of the
// largest number + 1 the table holds before it grows again.
std::uint32_t TreeStore::intern(Table& t, std::uint64_t key, bool& added, std::uint64_t limit) {
  added = false;
  const std::uint32_t count = t.keys.count();
  if ((std::uint64_t(count) + 1) * 4 > t.slots.size() * 3) {
    std::size_t n = std::max<std::size_t>(64, t.slots.size() / 2 * 3);
    const int bits = std::bit_width(std::uint64_t(n) * 3 / 4 + 1);
    if (bytes() + Slots::bytes_for(n, bits) > limit) return kNoState;
    Slots slots;
    slots.reset(n, bits);
    for (std::uint32_t id = 0; id < count; ++id) {
      std::size_t h = slot_of(t.keys.get(id), n);
      while (slots.get(h)) h = h + 1 == n ? 0 : h + 1;
      slots.set(h, id + 1);
    }
    t.slots = std::move(slots);
  }
  const std::size_t n = t.slots.size();
  std::size_t h = slot_of(key, n);
  for (std::uint32_t at; (at = t.slots.get(h)) != 0; h = h + 1 == n ? 0 : h + 1)
    if (t.keys.get(at - 1) == key) return at - 1;
  if (count + 1 >= kNoState || !t.keys.push(key, bytes(), limit)) return kNoState;
  t.slots.set(h, count + 1);
  added = true;
  return count;
}

void TreeStore::set_up(std::size_t width) {
  width_ = width;
  std::size_t n = width_;
  levels_.push_back(Table{Keys(32), {}});  // the words
  src_.emplace_back(n);
  do {
    n = (n + 1) / 2;
    levels_.push_back(Table{Keys(1), {}});
    src_.emplace_back(n);
  } while (n > 1);
  cur_ = src_;
}

std::uint32_t TreeStore::insert(StateView s, bool& added, std::uint64_t limit) {
  if (order_.empty()) return insert_ordered(s, added, limit);
  ordered_.resize(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) ordered_[i] = s[order_[i]];
  return insert_ordered(ordered_, added, limit);
}

std::uint32_t TreeStore::insert_ordered(StateView s, bool& added, std::uint64_t limit) {
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
      std::uint64_t key = levels_[level].keys.get(src_[level][i]);
      below[2 * i] = std::uint32_t(key >> 32);
      if (2 * i + 1 < below.size()) below[2 * i + 1] = std::uint32_t(key);
    }
  }
  src_words_.resize(width_);
  for (std::size_t i = 0; i < width_; ++i) src_words_[i] = Word(levels_[0].keys.get(src_[0][i]));
  out.resize(width_);
  if (order_.empty()) out = src_words_;
  else
    for (std::size_t i = 0; i < width_; ++i) out[order_[i]] = src_words_[i];
}

}  // namespace transit::verify
