// ProcessModel: what the picture of a native program shows, from its process records: the
// processes as boxes grouped by the PAR they are branches of (the branches of a replicated PAR
// that share a name, but for their index, and a spawn site collapse into one box with their count
// when there are many),
// the channels they wait on as arrows from the waiting process to the one it waits for, and the
// deadlock's wait-for cycles (their arrows red, their processes named with their occam lines).
#pragma once

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "transit/viewer/palette.h"
#include "transit/process_records.h"

namespace transit::viewer {

inline constexpr int kProcessStates = 6;  // Ready, Input, Output, Alt, Timer, Other
inline constexpr std::size_t kCollapseAbove = 6;  // more branches than this of one name and site: one box

// A record's state ("input", "alt", ...) as the picture colours it.
NodeState process_state(const std::string& state);

struct ProcessBox {
  std::string label;              // the process's name (a collapsed box: their name; ids.size() of them)
  std::string site;               // where it waits (one process) or was spawned (a collapsed box)
  std::vector<std::uint64_t> ids;  // the processes it stands for
  NodeState state = NodeState::Ready;  // the one process's, or the most common
  std::array<int, kProcessStates> counts{};  // a collapsed box: how many are in each state (Ready first)
  bool in_cycle = false;
  int group = 0;
  std::vector<std::string> details;  // per process: "#7 input on channel 'c' at f.occ:5:7"
  // Branches of a replicated PAR (more than collapse_above of one name and spawn site): their kind
  // (process_kind), whether collapsed into this box or expanded into a box each; "" for others.
  std::string kind;
};

struct ProcessGroup {
  std::string label;  // "main: PAR at f.occ:4:3" (the PAR's process and line), or "program"
  std::vector<int> boxes;
};

struct ProcessArrow {
  int from = 0, to = 0;  // boxes: the waiting one, the one it waits for
  NodeState kind = NodeState::Input;
  int count = 1;         // waits merged into this arrow (collapsed boxes)
  bool in_cycle = false;
  std::string channel;   // the channel of one wait ("'c'")
};

struct ProcessModel {
  std::string headline;
  std::size_t processes = 0;
  std::vector<ProcessBox> boxes;
  std::vector<ProcessGroup> groups;
  std::vector<ProcessArrow> arrows;
  std::vector<std::string> cycles;  // each cycle in a line: "a (input at f.occ:5:7) -> b (...) -> a"
};

// The kind of a process that a collapsed box stands for: its name without a replicator index
// ("worker[17]" -> "worker") and its spawn site.
std::string process_kind(const ProcessRecord& p);

// `expanded`: kinds shown as a box per process however many there are (the user expanded them).
ProcessModel process_model(const ProcessRecords& records, std::size_t collapse_above = kCollapseAbove,
                           const std::set<std::string>& expanded = {});

}  // namespace transit::viewer
