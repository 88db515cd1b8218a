// The narrow interface between a language and the state-space search (in the spirit of LTSmin's PINS):
// a model gives its initial state, the successors of a state, and words to explain a trace. States
// are vectors of words of a fixed width; the search stores and compares them and knows nothing else.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace transit::verify {

using Word = std::int64_t;
using State = std::vector<Word>;
using StateView = std::span<const Word>;

// Receives the transitions out of one state: each ends in a state or in a run-time error.
class Successors {
 public:
  virtual ~Successors() = default;
  virtual void state(StateView next) = 0;
  // A transition whose step stops the program with a run-time error (message names file:line and process).
  virtual void fault(const std::string& message) = 0;
};

// A state with no successors is either the program's end (terminated) or a deadlock.
class Model {
 public:
  virtual ~Model() = default;
  virtual std::size_t width() const = 0;
  // The initial state; false (with `fault` set) when the program fails before its first wait.
  virtual bool initial(State& out, std::string& fault) = 0;
  // The transitions out of s. With `reduce`, the model may give only a persistent subset (one that no
  // transition outside it can interfere with before it is taken: partial-order reduction); it
  // returns whether it did, so the search can ask again for all of them (the cycle proviso).
  virtual bool successors(StateView s, Successors& out, bool reduce) = 0;
  virtual bool terminated(StateView s) const = 0;
  // Symmetry reduction: how many states the model cannot tell apart at most (1: no symmetry), and
  // `s` made the one representative of them (each has the same successors, renamed).
  virtual std::size_t symmetry() const { return 1; }
  virtual void canonicalize(State&) {}
  // Livelock: for each process (by number) in s, kMoves when it takes part in a transition out of s,
  // kWaits when it waits on a channel and cannot, else kIdle (ended, waiting for its PAR's branches,
  // stopped); and what the processes marked `starved` wait for in s (lines). Empty: no processes.
  enum Activity : std::uint8_t { kIdle, kWaits, kMoves };
  virtual std::vector<Activity> activity(StateView) { return {}; }
  virtual std::string starved_report(StateView, const std::vector<bool>&) { return {}; }
  // An order of the state's words (a permutation of 0..width-1) that puts words which change
  // together side by side, so that tree compression shares more of the states; empty: as they are.
  virtual std::vector<std::uint32_t> store_order() const { return {}; }
  // A copy to run on another thread (successors only), or null when the model cannot be copied.
  virtual std::unique_ptr<Model> clone() const { return nullptr; }

  // Explaining a trace: the lines describing the step from `from` to `to` (one of its successors,
  // or its faulting transition when `to` is empty), and how many communications the step makes.
  virtual std::vector<std::string> explain(StateView from, StateView to, int& communications) = 0;
  // What the program does before it first waits (lines as explain's).
  virtual std::vector<std::string> explain_start() = 0;
  // The report of a state with no successors that is not the end: what each process waits for.
  virtual std::string blocked_report(StateView s) = 0;
};

}  // namespace transit::verify
