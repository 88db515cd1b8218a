// `transit run [OPTIONS] FILE.occ [ARGS...]`: compiles an occam program (the build cache makes a
// second run start at once) and runs it in place of this process, so its output, exit status and
// signals are the program's own. Options come before the file; what follows it is the program's.
// Exit statuses are the runtime's: 0 ok, 3 deadlock (report on stderr), 4 run-time error.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "transit/occam/driver/compile.h"
#include "occam_options.h"
#include "transit/viewer/process_picture.h"

namespace transit::cli {

namespace {
namespace drv = occam::driver;

struct RunArgs : drv::Options {
  std::optional<TargetChip> target;
  std::string snapshot;  // --snapshot OUT.png: the processes at the end as a picture (viewer/)
};

// The scheduler options reach the program through its environment (runtime/src/run.cpp).
bool set_env(const char* name, const char* digits) {
  for (const char* p = digits; *p; ++p)
    if (*p < '0' || *p > '9') return false;
  return *digits && ::setenv(name, digits, 1) == 0;
}

constexpr Option kOptions[] = {
    {"--threads", "N", "1: the deterministic scheduler (default), 0: one worker per core, N: N workers",
     on<RunArgs>([](RunArgs&, const char* v) { return set_env("TRANSIT_THREADS", v); })},
    {"--seed", "N", "random schedule N of the deterministic scheduler (replays exactly)",
     on<RunArgs>([](RunArgs&, const char* v) { return set_env("TRANSIT_SEED", v); })},
    {"--virtual-time", "", "timers on virtual time (timed programs run at once)",
     on<RunArgs>([](RunArgs&, const char*) { return ::setenv("TRANSIT_VIRTUAL_TIME", "1", 1) == 0; })},
    {"--no-attach", "", "do not listen for `transit attach PID` (the program listens by default)",
     on<RunArgs>([](RunArgs&, const char*) { return ::setenv("TRANSIT_NO_ATTACH", "1", 1) == 0; })},
    {"--snapshot", "OUT.png", "draw the processes left at the end (a deadlock's cycle in red) into a PNG",
     on<RunArgs>([](RunArgs& a, const char* v) { return !(a.snapshot = v).empty(); })},
    include_dir_option<RunArgs>(),
    verbose_option<RunArgs>(),
    no_units_option<RunArgs>(),
    target_option<RunArgs>(),
};

// --snapshot: runs the program as a child that writes its process records at the end, waits for
// it, and draws them. Returns the program's exit status (128 + N when signal N killed it).
int run_for_picture(const std::string& exe, std::vector<char*>& argv, const std::string& file, const std::string& png) {
  char records[] = "/tmp/transit-records-XXXXXX";
  int fd = ::mkstemp(records);
  if (fd < 0) {
    std::fprintf(stderr, "transit run: --snapshot: cannot make a temporary file: %s\n", std::strerror(errno));
    return kExitFailure;
  }
  ::close(fd);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("TRANSIT_STATE_FILE", records, 1);
    ::execv(exe.c_str(), argv.data());
    std::fprintf(stderr, "transit run: cannot start %s: %s\n", exe.c_str(), std::strerror(errno));
    ::_exit(kExitFailure);
  }
  int status = 0;
  while (pid > 0 && ::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  int code = pid < 0 ? kExitFailure : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::string error = viewer::draw_process_picture(records, png, file);
  ::unlink(records);
  if (!error.empty()) {
    std::fprintf(stderr, "transit run: --snapshot: %s\n", error.c_str());
    return code ? code : kExitFailure;
  }
  return code;
}

int run(Args args) {
  RunArgs options;
  Operands in;
  if (auto status = parse(run_command, args, &options, in)) return *status;
  if (in.operands.empty()) return usage_error(run_command, "no occam program given");
  const std::string file = in.operands[0];
  if (options.target)
    return run_on_target(file, *options.target, options, std::vector<std::string>(in.passed.begin(), in.passed.end()));
  auto r = drv::compile_occam(file, options);
  if (auto* f = std::get_if<drv::Failure>(&r)) {
    std::fputs(f->message.c_str(), stderr);
    return f->status;
  }
  std::fputs(std::get<drv::Compiled>(r).warnings.c_str(), stderr);
  const std::string& exe = std::get<drv::Compiled>(r).executable;
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(file.c_str()));
  for (const char* a : in.passed) argv.push_back(const_cast<char*>(a));
  argv.push_back(nullptr);
  std::fflush(stdout);
  if (!options.snapshot.empty()) return run_for_picture(exe, argv, file, options.snapshot);
  ::execv(exe.c_str(), argv.data());
  std::fprintf(stderr, "transit run: cannot start %s: %s\n", exe.c_str(), std::strerror(errno));
  return kExitFailure;
}

}  // namespace

const Command run_command{"run", "FILE.occ [ARGS...]", "compile and run an occam program", kOptions, run,
                          Rest::after_operand,
                          "Exit status: the program's (0 ok, 3 deadlock with its report, 4 run-time error);\n"
                          "1 when it does not compile, 2 for a bad command line."};

}  // namespace transit::cli
