// Reports of an occam program on an emulated transputer in occam terms: the check or waiting
// instruction at an Iptr (the back end's line table), and the deadlock report in the runtime's
// format (transit/inspect.h: the live processes, their calls and PARs, the wait-for cycles), found
// from the chip's memory with the back end's process table.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "transit/occam/backend/transputer/emit_transputer.h"
#include "transit/emu/node/transputer.h"

namespace transit::cli {

// What the reports need of a compiled program: its line and process tables, the assembler's label
// addresses and the source files the sites index.
struct TargetSymbols {
  const occam::backend::TransputerAsm& text;
  const std::map<std::string, emu::Word, std::less<>>& labels;
  const std::vector<std::string>& files;
};

// The check (or, with `wait`, the waiting instruction) whose label is the last at or before iptr.
const occam::backend::CheckSite* site_at(const TargetSymbols& s, emu::Word iptr, bool wait);
// "file:line:column" of a site.
std::string where(const TargetSymbols& s, const occam::ir::Site& site);
// "file:line:column" of the last check or waiting instruction at or before iptr (the nearest line the
// table knows, for the viewer's node panel); "" before the first.
std::string line_near(const TargetSymbols& s, emu::Word iptr);

// The deadlock report of a chip where no process can run: "transit: deadlock: ..." and the lines
// after it, as the native run prints them. `chip` names the emulated chip ("T800").
std::string target_deadlock_report(const emu::Transputer& node, const TargetSymbols& s, const std::string& chip);

// What `transit attach PID` prints of a program running on the chip: its processes as the deadlock
// report finds them, under a headline with the pid and the cycle.
std::string target_attach_report(const emu::Transputer& node, const TargetSymbols& s, const std::string& chip, long pid);

// One processor of a network, for the network's reports: its chip and program, and where its links go
// (the processor and link at the far end of each; -1 for none).
struct ProcessorView {
  const emu::Transputer* node;
  TargetSymbols symbols;
  int processor;
  std::array<std::pair<int, int>, 4> links;
  std::map<emu::Word, std::string> link_channels;  // the occam channel on each link channel word
  std::string process_name;                        // its PROCESSOR's process (empty: the entry PROC's name)
  occam::ir::Site spawned;                         // where that process starts
};
// The deadlock report of a network, as the native run's: every processor's processes (named "NAME on
// processor P"), a channel between processors waiting for the process at its other end.
std::string network_deadlock_report(const std::vector<ProcessorView>& processors, const std::string& chip);
// The run-time error that halted a processor, in occam terms; nothing when none is known.
std::optional<std::string> network_error_report(const std::vector<ProcessorView>& processors, const std::string& chip);

}  // namespace transit::cli
