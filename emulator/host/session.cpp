// The single-node run loop: the transputer and the host exchange link signals; the transputer
// stops whenever it puts a signal on a wire, so the host answers before the node runs past it.
#include "transit/emu/host/session.h"

#include <algorithm>

namespace transit::emu {

std::vector<std::uint8_t> peek_core(const Transputer& node, std::uint32_t bytes) {
  std::uint32_t n = std::min(bytes, node.config().memory_bytes);
  const std::uint8_t* mem = node.cpu().mem;
  return std::vector<std::uint8_t>(mem, mem + n);
}

SessionOutcome run_session(Transputer& node, HostLink& host, std::span<const std::uint8_t> boot_file,
                           Cycle max_cycles, const Progress& progress, Cycle progress_cycles) {
  host.send(boot_file, node.now());
  Cycle next_progress = node.now() + progress_cycles;
  for (;;) {
    for (const LinkSignal& s : host.emitted()) node.deliver(s);
    host.emitted().clear();
    Cycle limit = std::min(max_cycles, progress ? next_progress : kNever);
    RunResult r = node.run_until(limit);
    for (const LinkSignal& s : node.emitted())
      if (s.link == 0) host.receive(s);  // nothing is wired to links 1-3
    node.emitted().clear();
    if (host.exited()) return {SessionOutcome::Kind::Exited, host.exit_status(), ""};
    switch (r.reason) {
      case StopReason::Halted:
        return {SessionOutcome::Kind::Halted, 1, node.halt_report()};
      case StopReason::CycleLimit:
        if (r.cycle >= max_cycles)
          return {SessionOutcome::Kind::CycleLimit, 1,
                  "stopped after " + std::to_string(r.cycle) + " cycles (--max-cycles)"};
        progress(node);
        next_progress = r.cycle + progress_cycles;
        break;
      case StopReason::Idle:
        if (host.emitted().empty())
          return {SessionOutcome::Kind::Deadlock, 1,
                  "deadlock: no process can run and the host waits for a request\n" +
                      node.waiting_report()};
        break;
      case StopReason::Emitted:
        break;
    }
  }
}

}  // namespace transit::emu
