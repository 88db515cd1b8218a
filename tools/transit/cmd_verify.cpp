// `transit verify FILE.occ`: explores every interleaving of an occam program and proves it free of
// deadlock (exit 0) or prints the shortest trace to a deadlock (exit 3) or run-time error (exit 4).
// docs/deadlock.md is the tutorial; occam-front/verify/ the checker.
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <string>
#include <thread>

#include "commands.h"
#include "transit/occam/driver/compile.h"
#include "occam_options.h"
#include "transit/occam/verify/compile.h"
#include "transit/occam/verify/machine.h"
#include "transit/occam/verify/search.h"
#include "verify_view.h"

namespace transit::cli {

namespace {

constexpr int kExitDeadlock = 3;
constexpr int kExitRuntimeError = 4;
constexpr int kExitLivelock = 5;

struct VerifyArgs : occam::driver::Options {
  std::uint64_t max_memory = 0;
  std::string max_memory_text;
  std::uint64_t max_depth = UINT64_MAX;
  std::optional<std::string> stdin_text;
  bool partial_order = true;
  bool tree_compression = true;
  bool symmetry = true;
  unsigned threads = 0;  // 0: one per core
  bool livelock = false;
  std::string trace_out;  // write a deadlock's or error's trace as ALT choices for transit run --replay
  bool view = false;     // --view: step through the counterexample in a window (viewer/)
  std::string snapshot;  // --snapshot OUT.png: the counterexample's end as a picture
};

// "512M", "2G", "100000": bytes (K, M, G, T are powers of 1024; a trailing B or iB is allowed).
std::optional<std::uint64_t> parse_bytes(std::string_view s) {
  std::uint64_t v = 0;
  std::size_t i = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (v > (UINT64_MAX - 9) / 10) return std::nullopt;
    v = v * 10 + std::uint64_t(s[i] - '0');
  }
  if (i == 0) return std::nullopt;
  std::string_view unit = s.substr(i);
  int shift = 0;
  if (!unit.empty()) {
    const std::string_view units = "KMGT";
    std::size_t k = units.find(char(unit[0] & ~0x20));
    if (k == std::string_view::npos) return unit == "B" ? std::optional(v) : std::nullopt;
    shift = int(k + 1) * 10;
    unit.remove_prefix(1);
    if (!unit.empty() && unit != "B" && unit != "iB") return std::nullopt;
  }
  if (shift && v > (UINT64_MAX >> shift)) return std::nullopt;
  return v << shift;
}

constexpr Option kOptions[] = {
    {"--max-memory", "SIZE", "stop cleanly when the search would need more (512M, 2G; default: 3/4 of the machine)",
     on<VerifyArgs>([](VerifyArgs& a, const char* v) {
       auto b = parse_bytes(v);
       a.max_memory = b ? *b : 0;
       a.max_memory_text = v;
       return a.max_memory > 0;
     })},
    {"--max-depth", "N", "explore only the states up to N transitions from the start",
     on<VerifyArgs>([](VerifyArgs& a, const char* v) {
       auto n = parse_u64(v);
       if (n) a.max_depth = *n;
       return n.has_value();
     })},
    {"--threads", "N", "expand each level's states on N threads, 1 to 256 (default one per core; the result is the same)",
     on<VerifyArgs>([](VerifyArgs& a, const char* v) { 
       auto n = parse_u64(v);
       if (n && *n >= 1 && *n <= 256) a.threads = unsigned(*n);
       return n && *n >= 1 && *n <= 256;
     })},
    {"--stdin", "TEXT", "the keyboard's input (without it, a program that reads the keyboard is refused)",
     on<VerifyArgs>([](VerifyArgs& a, const char* v) { return a.stdin_text = v, true; })},
    {"--no-partial-order", "", "explore every interleaving (no partial-order reduction)",
     on<VerifyArgs>([](VerifyArgs& a, const char*) { return !(a.partial_order = false); })},
    {"--no-tree-compression", "", "store each state whole, as varints (no sharing of common parts)",
     on<VerifyArgs>([](VerifyArgs& a, const char*) { return !(a.tree_compression = false); })},
    {"--no-symmetry", "", "count rotations of a replicated PAR's instances as different states",
     on<VerifyArgs>([](VerifyArgs& a, const char*) { return !(a.symmetry = false); })},
    {"--livelock", "", "also look for a livelock (turns symmetry reduction off)",
     on<VerifyArgs>([](VerifyArgs& a, const char*) { return a.livelock = true; })},
    {"--trace-out", "FILE", "write the trace to a deadlock or run-time error as FILE for transit run --replay FILE",
     on<VerifyArgs>([](VerifyArgs& a, const char* v) { return !(a.trace_out = v).empty(); })},
    {"--view", "", "step through the trace to a deadlock or run-time error in a window (keys: docs/viewer.md)",
     on<VerifyArgs>([](VerifyArgs& a, const char*) { return a.view = true; })},
    {"--snapshot", "OUT.png", "draw the state the trace ends in (blocked processes, the wait-for cycle in red) into a PNG",
     on<VerifyArgs>([](VerifyArgs& a, const char* v) { return !(a.snapshot = v).empty(); })},
    include_dir_option<VerifyArgs>(),
};

std::string mib(std::uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", double(bytes) / (1024.0 * 1024.0));
  return buf;
}

// Most of the machine: three quarters of its physical memory.
std::uint64_t default_memory() {
  long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || size <= 0) return std::uint64_t(4) << 30;
  return std::uint64_t(pages) * std::uint64_t(size) / 4 * 3;
}


int run(Args args) {
  VerifyArgs o;
  Operands in;
  if (auto status = parse(verify_command, args, &o, in)) return *status;
  if (in.operands.size() != 1) return usage_error(verify_command, "give one occam file");
  if (o.view && !o.snapshot.empty()) return usage_error(verify_command, "give one of --view and --snapshot, not both");
  if ((o.view || !o.snapshot.empty()) && o.livelock)
    return usage_error(verify_command, "--view and --snapshot show deadlocks and run-time errors, not --livelock's cycles");
  const std::string file = in.operands[0];
  if (o.max_memory == 0) {
    o.max_memory = default_memory();
    o.max_memory_text = mib(o.max_memory);
  }

  auto ir = occam::driver::occam_to_ir(file, o);
  if (auto* f = std::get_if<occam::driver::Failure>(&ir)) {
    std::fputs(f->message.c_str(), stderr);
    return f->status;
  }
  auto compiled = occam::verify::compile(std::get<occam::ir::Module>(ir));
  if (auto* why = std::get_if<std::string>(&compiled)) {
    std::fprintf(stderr, "%s\n", why->c_str());
    return kExitFailure;
  }
  occam::verify::Machine machine(std::move(std::get<occam::verify::Program>(compiled)),
                                 occam::verify::MachineOptions{o.stdin_text, o.symmetry && !o.livelock});
  verify::SearchOptions so;
  so.max_memory = o.max_memory;
  so.max_depth = o.max_depth;
  so.partial_order = o.partial_order;
  so.livelock = o.livelock;
  so.tree_compression = o.tree_compression;
  so.threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  verify::SearchResult r;
  try {
    r = verify::search(machine, so);
  } catch (const occam::verify::Refused& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return kExitFailure;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Wall time, the CPU time of this process (they differ on a busy machine) and the search's memory.
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.2f s, %.2f s CPU, %s, %.1f bytes/state", seconds,
                double(std::clock() - cpu_start) / CLOCKS_PER_SEC, mib(r.bytes).c_str(),
                r.states ? double(r.bytes) / double(r.states) : 0.0);
  std::string cost = buf;
  // Each state stored stands for its rotations too.
  if (machine.symmetry() > 1) cost += "; symmetry: " + std::to_string(machine.symmetry()) + " rotations of " + machine.symmetric_in();

  switch (r.outcome) {
    case verify::Outcome::NoDeadlock:
      if (o.view || !o.snapshot.empty())
        std::fprintf(stderr, "transit verify: no deadlock: no trace for %s to show\n", o.view ? "--view" : "--snapshot");
      std::printf("no deadlock%s: %llu states, %llu transitions (%s)\n", o.livelock ? " and no livelock" : "",
                  (unsigned long long)r.states, (unsigned long long)r.transitions, cost.c_str());
      return kExitOk;
    case verify::Outcome::TooLarge:
      std::printf("state space too large for %s: %llu states explored, no deadlock found so far\n",
                  o.max_memory_text.c_str(), (unsigned long long)r.states);
      return kExitFailure;
    case verify::Outcome::DepthLimit:
      std::printf("no deadlock within depth %llu: %llu states, %llu transitions (%s); deeper states were not explored\n",
                  (unsigned long long)o.max_depth, (unsigned long long)r.states, (unsigned long long)r.transitions,
                  cost.c_str());
      return kExitFailure;
    case verify::Outcome::Deadlock:
    case verify::Outcome::Fault:
    case verify::Outcome::Livelock: break;
  }
  // The trace: one numbered line per communication; other steps (ALT choices, output) indented.
  int communications = 0;
  auto show = [&](const std::vector<std::string>& lines) {
    for (const std::string& l : lines) {
      if (!l.empty() && l[0] == '~') std::printf("      %s\n", l.c_str() + 1);
      else std::printf("%4d. %s\n", communications, l.c_str());
    }
  };
  viewer::Trace trace;  // --view, --snapshot: the states along the trace
  trace.title = file;
  bool want_trace = (o.view || !o.snapshot.empty()) && r.outcome != verify::Outcome::Livelock;
  show(machine.explain_start());
  if (want_trace) add_trace_step(trace, machine, r.trace[0], {});
  for (std::size_t k = 1; k < r.trace.size(); ++k) {
    std::vector<std::string> lines = machine.explain(r.trace[k - 1], r.trace[k], communications);
    show(lines);
    if (want_trace) add_trace_step(trace, machine, r.trace[k], lines);
  }
  if (!o.trace_out.empty() && r.outcome == verify::Outcome::Livelock) {
    std::fprintf(stderr, "transit verify: %s not written: a replay cannot show a livelock (it would choose freely past the trace)\n",
                 o.trace_out.c_str());
  } else if (!o.trace_out.empty()) {
    std::string problem;
    const bool fault = r.outcome == verify::Outcome::Fault && r.states > 0;
    if (!write_choice_file(o.trace_out, machine.alt_choices(r.trace, fault), true, problem)) {
      std::fprintf(stderr, "transit verify: cannot write %s: %s\n", o.trace_out.c_str(), problem.c_str());
      return kExitFailure;
    }
  }
  if (r.outcome == verify::Outcome::Fault) {
    if (r.states > 0) show(machine.explain(r.trace.back(), {}, communications));
    std::printf("%s\n", r.fault.c_str());
    std::printf("run-time error after %d communications (%llu states, %llu transitions explored, %s)\n", communications,
                (unsigned long long)r.states, (unsigned long long)r.transitions, cost.c_str());
    std::fflush(stdout);
    trace.outcome = "run-time error after " + std::to_string(communications) + " communications: " + r.fault;
    if (want_trace && !show_trace(trace, o.view, o.snapshot)) return kExitFailure;
    return kExitRuntimeError;
  }
  if (r.outcome == verify::Outcome::Livelock) {
    int before = communications;
    std::printf("livelock: from here the program can go round this cycle for ever, and can never leave it:\n");
    for (std::size_t k = 1; k < r.cycle.size(); ++k) show(machine.explain(r.cycle[k - 1], r.cycle[k], communications));
    std::printf("while these processes wait for ever:\n%s", r.starved.c_str());
    std::printf("livelock after %d communications, a cycle of %d (%llu states, %llu transitions explored, %s)\n", before,
                communications - before, (unsigned long long)r.states, (unsigned long long)r.transitions, cost.c_str());
    return kExitLivelock;
  }
  std::fputs(machine.blocked_report(r.trace.back()).c_str(), stdout);
  std::printf("deadlock after %d communications (%llu states, %llu transitions explored, %s)\n", communications,
              (unsigned long long)r.states, (unsigned long long)r.transitions, cost.c_str());
  std::fflush(stdout);
  trace.outcome = "deadlock after " + std::to_string(communications) + " communications";
  trace.deadlock = true;
  if (want_trace && !show_trace(trace, o.view, o.snapshot)) return kExitFailure;
  return kExitDeadlock;
}

}  // namespace

const Command verify_command{
    "verify", "FILE.occ", "prove an occam program deadlock-free, or show the shortest way to its deadlock", kOptions, run,
    Rest::none,
    "Exit status: 0 no deadlock (every state explored), 3 a deadlock (shortest trace and report),\n"
    "4 a run-time error (its trace), 5 a livelock (with --livelock: its trace and cycle), 1 refused or not\n"
    "finished (--max-memory, --max-depth), 2 bad command line. Closing --view's window ends the command\n"
    "with the verdict's status.\n"
    "docs/deadlock.md is the tutorial."};

}  // namespace transit::cli
