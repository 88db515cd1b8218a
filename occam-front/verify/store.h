// The visited set: states stored once each, compressed (each word as a zigzag varint, so the many
// small and zero words take a byte), numbered in the order they were first seen. A state's number
// is its index; the search keeps its parent by number.
#pragma once

#include <cstdint>
#include <vector>

#include "verify/model.h"

namespace transit::verify {

class StateStore {
 public:
  static constexpr std::uint32_t kNoState = 0xffffffffu;

  // The number of `s`, adding it when new (`added` says which). kNoState when `limit` bytes would be exceeded.
  std::uint32_t insert(StateView s, bool& added, std::uint64_t limit);
  void get(std::uint32_t id, State& out) const;
  std::uint32_t size() const { return std::uint32_t(offsets_.size() - 1); }
  std::uint64_t bytes() const;  // memory held: states, index and table
  std::uint64_t state_bytes() const { return offsets_.back(); }

 private:
  std::vector<std::uint8_t> arena_;
  std::vector<std::uint64_t> offsets_{0};  // state i is arena_[offsets_[i], offsets_[i+1])
  std::vector<std::uint32_t> table_;       // open addressing: state number + 1, 0 empty
  std::vector<std::uint8_t> scratch_;

  static std::uint64_t hash(const std::uint8_t* p, std::size_t n);
  bool grow(std::uint64_t limit);
};

}  // namespace transit::verify
