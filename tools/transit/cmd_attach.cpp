// `transit attach PID`: prints a consistent snapshot of a running program's live processes (name,
// state, what each waits on, occam file:line) and its wait-for graph, in the deadlock report's
// format, then exits; the program goes on. The protocol and the checks are the runtime's
// (transit/attach.h).
#include <cstdio>
#include <optional>
#include <string>
#include <variant>

#include "cmd_attach_common.h"
#include "commands.h"
#include "transit/attach.h"

namespace transit::cli {

namespace {

struct AttachArgs {
  const char* trace = nullptr;
};

constexpr Option kOptions[] = {
    {"--trace", "NAME", "print communications on channel NAME, or by process NAME, until Ctrl-C",
     on<AttachArgs>([](AttachArgs& a, const char* v) {
       a.trace = v;
       return *v != 0;
     })},
};


// Prints the trace as it comes until Ctrl-C (exit 0) or the program's end.
int trace(long pid, const char* name) {
  catch_interrupts();
  auto error = transit::attach_trace(
      pid, name,
      [](std::string_view text) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
      },
      [] { return interrupted.load(); });
  if (error) {
    std::fprintf(stderr, "transit attach: %s\n", error->message.c_str());
    return kExitFailure;
  }
  return kExitOk;
}

int run(Args args) {
  Operands in;
  AttachArgs a;
  if (auto status = parse(attach_command, args, &a, in)) return *status;
  int status = kExitUsage;
  const std::optional<long> pid = pid_operand(attach_command, in, status);
  if (!pid) return status;
  if (a.trace) return trace(*pid, a.trace);
  auto answer = transit::attach_snapshot(*pid);
  if (auto* error = std::get_if<transit::AttachError>(&answer)) {
    std::fprintf(stderr, "transit attach: %s\n", error->message.c_str());
    return kExitFailure;
  }
  std::fputs(std::get<std::string>(answer).c_str(), stdout);
  return kExitOk;
}

}  // namespace

const Command attach_command{"attach", "PID", "print a running program's live processes and wait-for graph", kOptions,
                             run, Rest::none,
                             "The program must be this user's and listening (transit run does so unless\n"
                             "--no-attach; C++ programs with RunOptions::attach). Exit status 1 when it\n"
                             "cannot be reached (no such process, another user's, not listening, no answer).\n"
                             "--trace prints one line per communication, the value in occam notation:\n"
                             "  clock 120345: ticks ! 41  (#5 main.par2 at f.occ:24:11 -> #6 main.par3 at f.occ:27:7)\n"
                             "NAME is a channel's name or a process's (sleeper[1]; sleeper: every branch).\n"
                             "Ctrl-C ends the trace with exit status 0; the program goes on."};

}  // namespace transit::cli
