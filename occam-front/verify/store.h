// The visited set: states stored once each, numbered in the order they were first seen (a state's
// number is its index; the search keeps its parent by number). Two ways to compress them:
// VarintStore writes each word as a zigzag varint (the many small and zero words take a byte);
// TreeStore (tree_store.h) shares the parts states have in common.
#pragma once

#include <cstdint>
#include <vector>

#include "transit/occam/verify/model.h"

namespace transit::verify {

class StateStore {
 public:
  static constexpr std::uint32_t kNoState = 0xffffffffu;
  virtual ~StateStore() = default;

  // The number of `s`, adding it when new (`added` says which). kNoState when `limit` bytes would be exceeded.
  virtual std::uint32_t insert(StateView s, bool& added, std::uint64_t limit) = 0;
  virtual void get(std::uint32_t id, State& out) = 0;
  virtual std::uint32_t size() const = 0;
  virtual std::uint64_t bytes() const = 0;  // memory held
};

class VarintStore : public StateStore {
 public:
  std::uint32_t insert(StateView s, bool& added, std::uint64_t limit) override;
  void get(std::uint32_t id, State& out) override;
  std::uint32_t size() const override { return std::uint32_t(offsets_.size() - 1); }
  std::uint64_t bytes() const override;  // states, index and table

 private:
  std::vector<std::uint8_t> arena_;
  std::vector<std::uint64_t> offsets_{0};  // state i is arena_[offsets_[i], offsets_[i+1])
  std::vector<std::uint32_t> table_;       // open addressing: state number + 1, 0 empty
  std::vector<std::uint8_t> scratch_;

  static std::uint64_t hash(const std::uint8_t* p, std::size_t n);
  bool grow(std::uint64_t limit);
};

}  // namespace transit::verify
