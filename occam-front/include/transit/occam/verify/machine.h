// The occam side of the model checker: runs a compiled Program (program.h) as a verify::Model. A
// transition is one communication (or an ALT's choice of a SKIP or timeout guard); each process's
// local steps up to its next wait run inside the transition that woke it, since no other process
// can see them (occam: point-to-point channels, no shared variables).
#pragma once

#include <deque>
#include <optional>
#include <stdexcept>
#include <string>

#include "transit/choice_file.h"
#include "transit/inspect.h"
#include "transit/occam/verify/eval.h"
#include "transit/occam/verify/model.h"
#include "transit/occam/verify/program.h"
#include "transit/occam/verify/symmetry.h"

namespace transit::occam::verify {

// The model cannot go on (keyboard input without --stdin): a clear message, not a verdict.
struct Refused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct MachineOptions {
  std::optional<std::string> stdin_text;  // the keyboard's bytes; none: reading the keyboard is refused
  bool symmetry = true;                    // rotations of replicated PARs when the program allows (symmetry.h)
};

class Machine : public transit::verify::Model {
 public:
  Machine(Program program, MachineOptions options);
  std::size_t width() const override;
  bool initial(transit::verify::State& out, std::string& fault) override;
  bool successors(transit::verify::StateView s, transit::verify::Successors& out, bool reduce) override;
  bool terminated(transit::verify::StateView s) const override;
  std::size_t symmetry() const override { return symmetry_ ? symmetry_->order() : 1; }
  void canonicalize(transit::verify::State& s) override {
    if (symmetry_) symmetry_->canonicalize(s);
  }
  std::vector<std::uint32_t> store_order() const override;
  std::unique_ptr<transit::verify::Model> clone() const override { return std::make_unique<Machine>(*this); }
  std::vector<std::string> explain(transit::verify::StateView from, transit::verify::StateView to,
                                   int& communications) override;
  std::vector<std::string> explain_start() override;
  std::string blocked_report(transit::verify::StateView s) override;
  std::vector<Activity> activity(transit::verify::StateView s) override;
  std::string starved_report(transit::verify::StateView s, const std::vector<bool>& starved) override;

  // The ALT choices along a trace (each state one of the previous one's successors; with `fault`, the
  // last state's faulting transition too), keyed as a native run keys its processes, for
  // `transit run --replay` (transit/choice_file.h).
  std::vector<RecordedChoice> alt_choices(const std::vector<transit::verify::State>& trace, bool fault);
  // The viewer's hooks (transit verify --view): the live processes of a state as blocked_report lists
  // them (ids: thread + 1), and the two processes (0: none; a keyboard's writer) and the channel of
  // the step explain() described last.
  std::vector<transit::ProcessInfo> processes(transit::verify::StateView s);
  struct Explained {
    std::uint64_t writer = 0, reader = 0;
    std::string channel;
  };
  const Explained& explained() const { return explained_; }

  const Program& program() const { return p_; }
  // The replicated PARs whose rotations are one state ("philosopher, fork"), or "" (after initial).
  std::string symmetric_in() const { return symmetry_ ? symmetry_->what() : ""; }

 private:
  // What one transition did, kept when explaining a trace.
  struct Label {
    enum Kind { Comm, Keyboard, Choice, Waiting } kind = Comm;
    std::int32_t writer = -1, reader = -1;
    ir::Site writer_site, reader_site;
    Word chan = 0;
    std::string value;
    std::string printed;  // output to the screen during the transition: lines "NAME prints ..."
    std::int32_t guard = -1;  // the reader's ALT guard taken (its index among the ALT's guards), or -1
  };

  Program p_;
  MachineOptions options_;
  std::optional<Symmetry> symmetry_;
  bool symmetry_sought_ = false;
  std::int32_t threads_;
  std::vector<Word> buf_;                  // values of an assignment or message
  std::vector<std::size_t> ends_;          // where each item's values end in buf_
  std::vector<std::int32_t> writer_of_;    // per channel: the thread waiting to output on it, or -1
  std::vector<std::int32_t> ready_;        // threads to run to their next wait
  std::vector<Word> used_;                 // channels with an entry in writer_of_
  transit::verify::State next_;            // the successor being made
  Label* capture_ = nullptr;               // explaining: fill in the transition's label
  Label label_;
  std::int32_t alt_guard_ = -1;            // the ALT guard whose transition is being made, or -1
  std::deque<std::string> strings_;        // text the report's Sites point at
  Explained explained_;                    // the last step explain() described

  void read_items(const std::vector<Item>& items, const Word* mem, std::int32_t thread);
  void write_items(const std::vector<Item>& items, Word* mem, std::int32_t thread, const ir::Site& site,
                   std::size_t first_item);
  std::size_t span_words(const Span& s, const Word* mem, std::int32_t thread) const;
  bool expand(transit::verify::StateView s, transit::verify::Successors& out, bool reduce);
  void settle(Word* s);
  template <class Change>
  void step(transit::verify::Successors& out, Change change);
  void run_thread(Word* s, std::int32_t t);
  void print(std::int32_t t, const std::vector<Item>& items, const Word* mem);
  void communicate(const Word* s, std::int32_t writer, std::int32_t reader, std::int32_t next_pc,
                   const std::vector<Item>* targets, const std::vector<Arm>* arms, std::int32_t tag,
                   const ir::Site& reader_site, transit::verify::Successors& out);
  void choose(const Word* s, std::int32_t t, std::int32_t next_pc, transit::verify::Successors& out);
  void keyboard(const Word* s, std::int32_t t, std::int32_t next_pc, const std::vector<Item>* targets,
                transit::verify::Successors& out);
  bool keyboard_ready(const Word* s) const;
  std::optional<Label> label_of(transit::verify::StateView from, transit::verify::StateView to);
  std::uint64_t native_key(std::int32_t thread) const;
  static void printed_lines(const std::string& printed, std::vector<std::string>& lines);
  std::string fault_text(const RunError& e) const;
  const char* keep(std::string s);
};

}  // namespace transit::occam::verify
