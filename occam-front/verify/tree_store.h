// TreeStore: tree (collapse) compression of the visited set, after LTSmin's tree database. A state's
// words are interned as leaves, pairs of leaves as nodes of the level above, and so on up to one
// root per state, each level a table of its distinct pairs. States that differ in a few words share
// every other subtree, so a large state space costs a few bytes per state beyond its root. Inserting
// a successor of the state last read (get) re-interns only the paths above the words that changed.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "verify/store.h"

namespace transit::verify {

class TreeStore : public StateStore {
 public:
  // `order`: the words stored in this order (Model::store_order); empty: as given.
  explicit TreeStore(std::vector<std::uint32_t> order = {}) : order_(std::move(order)) {}
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
  // The slots of a level's open-addressing table: number + 1, 0 empty, each in as few bits as the
  // numbers the table can hold before it grows again need.
  class Slots {
   public:
    void reset(std::size_t n, int bits);
    std::size_t size() const { return n_; }
    std::uint32_t get(std::size_t i) const;
    void set(std::size_t i, std::uint32_t v);
    std::uint64_t bytes() const { return packed_.capacity(); }
    static std::uint64_t bytes_for(std::size_t n, int bits) { return (std::uint64_t(n) * unsigned(bits) + 7) / 8 + 8; }

   private:
    std::size_t n_ = 0;
    int bits_ = 1;
    std::uint64_t mask_ = 1;
    std::vector<std::uint8_t> packed_;  // n_ slots, then 8 bytes so that every slot reads as a word
  };
  struct Table {
    Keys keys;
    Slots slots;
    std::uint64_t bytes() const { return keys.bytes() + slots.bytes(); }
  };
  std::vector<Table> levels_;  // 0: the words; last: the roots, one per state
  std::vector<std::uint32_t> order_;
  State ordered_;             // a state being inserted, its words in order_
  std::size_t width_ = 0;
  std::vector<std::uint32_t> ids_;
  // The state last read and its node numbers per level, and the same being built for an insert.
  State src_words_;
  std::vector<std::vector<std::uint32_t>> src_, cur_;
  std::vector<std::size_t> dirty_, next_dirty_;

  // The number of `key` in table t (added when new); kNoState when growing would pass the limit.
  std::uint32_t intern(Table& t, std::uint64_t key, bool& added, std::uint64_t limit);
  std::uint32_t insert_ordered(StateView s, bool& added, std::uint64_t limit);
  std::uint32_t insert_changed(StateView s, bool& added, std::uint64_t limit);
  void set_up(std::size_t width);
};

}  // namespace transit::verify
