// `transit attach PID`: prints a consistent snapshot of a running program's live processes (name,
// state, what each waits on, occam file:line) and its wait-for graph, in the deadlock report's
// format, then exits; the program goes on. The protocol and the checks are the runtime's
// (transit/attach.h).
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <variant>

#include "commands.h"
#include "transit/attach.h"

namespace transit::cli {

namespace {

int run(Args args) {
  Operands in;
  if (auto status = parse(attach_command, args, nullptr, in)) return *status;
  if (in.operands.size() != 1) return usage_error(attach_command, "give one PID");
  char* end = nullptr;
  errno = 0;
  const long pid = std::strtol(in.operands[0], &end, 10);
  if (errno != 0 || end == in.operands[0] || *end != 0 || pid <= 0)
    return usage_error(attach_command, "'" + std::string(in.operands[0]) + "' is not a process id");
  auto answer = transit::attach_snapshot(pid);
  if (auto* error = std::get_if<transit::AttachError>(&answer)) {
    std::fprintf(stderr, "transit attach: %s\n", error->message.c_str());
    return kExitFailure;
  }
  std::fputs(std::get<std::string>(answer).c_str(), stdout);
  return kExitOk;
}

}  // namespace

const Command attach_command{"attach", "PID", "print a running program's live processes and wait-for graph", {}, run,
                             Rest::none,
                             "The program must be this user's and listening (transit run does so unless\n"
                             "--no-attach; C++ programs with RunOptions::attach). Exit status 1 when it\n"
                             "cannot be reached (no such process, another user's, not listening, no answer)."};

}  // namespace transit::cli
