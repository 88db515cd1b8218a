// Symmetry reduction for replicated PARs: when rotating the instances of replicated PARs (instance k
// becomes instance k+1 mod N, with the channels and words each uses) maps the program onto itself,
// the states that are rotations of each other are one state for the search. The rotation is proved
// on the compiled code (program.h), never assumed: found only when every thread's code matches its
// image's, instruction by instruction, under one consistent renaming of pcs, words and channels.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "transit/occam/verify/model.h"
#include "transit/occam/verify/program.h"

namespace transit::occam::verify {

class Symmetry {
 public:
  // A renaming of states: word i goes to word dest[i]; a thread's word (a pc) is renamed through pc.
  struct Renaming {
    std::vector<std::int32_t> dest;
    std::vector<std::int32_t> pc;
    std::vector<std::int32_t> source;  // the inverse of dest: word i comes from word source[i]
  };

  // The rotation group of the program (`initial` is its settled initial state), or none when no
  // rotation maps the program and its initial state onto themselves.
  static std::optional<Symmetry> find(const Program& p, transit::verify::StateView initial);

  // s becomes the least (lexicographically) of its images under the group.
  void canonicalize(transit::verify::State& s);
  std::size_t order() const { return renamings_.size() + 1; }
  const std::string& what() const { return what_; }  // "philosopher, fork"

 private:
  std::int32_t threads_ = 0;
  std::vector<Renaming> renamings_;  // every element of the group but the identity
  std::string what_;
  transit::verify::State image_, original_;

  const transit::verify::State& rename(const Renaming& r, const transit::verify::State& s);  // into image_
  // Whether r's image of original_ is less than `best`, comparing word by word until they differ.
  bool image_less(const Renaming& r, const transit::verify::State& best) const;
};

}  // namespace transit::occam::verify
