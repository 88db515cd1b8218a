// TreeStore: tree (collapse) compression of the visited set, after LTSmin's tree database. A state's
// words are interned as leaves, pairs of leaves as nodes of the level above, and so on up to one
// root per state, each level a table of its distinct pairs. States that differ in a few words share
// every other subtree, so a large state space costs a few bytes per state beyond its root. Inserting
// a successor of the state last read (get) re-interns only the paths above the words that changed.
#pragma once

#include <cstdint>
#include <vector>

#include "verify/store.h"

namespace transit::verify {

class TreeStore : public StateStore {
 public:
  std::uint32_t insert(StateView s, bool& added, std::uint64_t limit) override;
  void get(std::uint32_t id, State& out) override;
  std::uint32_t size() const override { return levels_.empty() ? 0 : levels_.back().keys.count(); }
  std::uint64_t bytes() const override;

 private:
  // The keys of one level, numbered in order: a leaf's word, or a node's two child numbers (left in
  // the high half). A node's key is stored in as few bytes as its children's numbers need so far
  // (2 x `bits` bits, widened and repacked as the level below grows); a leaf's in 8.
  class Keys {
   public:
    explicit Keys(int bits) : bits_(bits), size_((2 * bits + 7) / 8) {}
    std::uint32_t count() const { return count_; }
    std::uint64_t get(std::uint32_t id) const;
    // Appends a key; false when the memory it needs would pass `limit` (bytes already held: `held`).
    bool push(std::uint64_t key, std::uint64_t held, std::uint64_t limit);
    std::uint64_t bytes() const { return packed_.capacity(); }

   private:
    int bits_, size_;  // bits per child number, bytes per key
    std::uint32_t count_ = 0;
    std::vector<std::uint8_t> packed_;  // count_ keys, then 8 bytes so that every key reads as a word
    void widen(int bits);
  };
  struct Table {
    Keys keys;
    std::vector<std::uint32_t> slots;  // open addressing: number + 1, 0 empty
    std::uint64_t bytes() const { return keys.bytes() + slots.capacity() * 4; }
  };
  std::vector<Table> levels_;  // 0: the words; last: the roots, one per state
  std::size_t width_ = 0;
  std::vector<std::uint32_t> ids_;
  // The state last read and its node numbers per level, and the same being built for an insert.
  State src_words_;
  std::vector<std::vector<std::uint32_t>> src_, cur_;
  std::vector<std::size_t> dirty_, next_dirty_;

  // The number of `key` in table t (added when new); kNoState when growing would pass the limit.
  std::uint32_t intern(Table& t, std::uint64_t key, bool& added, std::uint64_t limit);
  std::uint32_t insert_changed(StateView s, bool& added, std::uint64_t limit);
  void set_up(std::size_t width);
};

}  // namespace transit::verify
