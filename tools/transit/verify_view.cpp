// The verifier's trace as the viewer's steps (verify_view.h).
#include "verify_view.h"

#include <cstdio>

#include "transit/inspect.h"
#include "transit/process_records.h"

namespace transit::cli {

void add_trace_step(viewer::Trace& trace, occam::verify::Machine& machine, transit::verify::StateView s,
                    const std::vector<std::string>& lines) {
  viewer::TraceStep step;
  for (const std::string& l : lines) {
    if (!step.text.empty()) break;
    step.text = !l.empty() && l[0] == '~' ? l.substr(1) : l;
  }
  if (!lines.empty()) {
    step.writer = machine.explained().writer;
    step.reader = machine.explained().reader;
    step.channel = machine.explained().channel;
  }
  std::vector<ProcessInfo> live = machine.processes(s);
  if (auto records = parse_records(records_text(live, wait_for_cycles(live), "")))
    step.records = std::move(*records);
  trace.steps.push_back(std::move(step));
}

bool show_trace(const viewer::Trace& trace, bool view, const std::string& snapshot) {
  if (!snapshot.empty()) {
    std::string error = viewer::write_trace_png(trace, snapshot);
    if (!error.empty()) std::fprintf(stderr, "transit verify: --snapshot: %s\n", error.c_str());
    return error.empty();
  }
  if (!view) return true;
  viewer::LiveTraceView window(trace);
  if (std::string error = window.open(); !error.empty()) {
    std::fprintf(stderr, "transit verify: --view: %s\n", error.c_str());
    return false;
  }
  window.wait_closed();
  return true;
}

}  // namespace transit::cli
