// `transit verify --view / --snapshot`: the counterexample trace the search found, as the viewer's
// steps (viewer/trace_view.h): each state's processes from the checker's hook (Machine::processes)
// and each step's two processes and channel (Machine::explained).
#pragma once

#include <string>
#include <vector>

#include "transit/occam/verify/machine.h"
#include "transit/viewer/trace_view.h"

namespace transit::cli {

// Adds state `s` to the trace, reached by the step the machine explained last as `lines` (none: the start).
void add_trace_step(viewer::Trace& trace, occam::verify::Machine& machine, transit::verify::StateView s,
                    const std::vector<std::string>& lines);

// Shows the trace in a window until it is closed (`view`), or draws its end into the PNG `snapshot`;
// an error on stderr and false when it cannot.
bool show_trace(const viewer::Trace& trace, bool view, const std::string& snapshot);

}  // namespace transit::cli
