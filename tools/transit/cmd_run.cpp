// `transit run [--threads N] [--seed N] [--virtual-time] [--target t800|t414] [-I DIR]... [--no-units] [-v] FILE.occ [ARGS...]`:
// compiles an occam program (the build cache makes a second run start at once) and runs it in
// place of this process, so its output, exit status and signals are the program's own.
// Exit statuses are the runtime's: 0 ok, 3 deadlock (report on stderr), 4 run-time error.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "driver/compile.h"
#include "target.h"

namespace transit::cli {

namespace {
namespace drv = occam::driver;

int usage() {
  std::fprintf(stderr,
               "usage: transit run [--threads N] [--seed N] [--virtual-time] [-I DIR]... [--no-units] [-v] FILE.occ [ARGS...]\n"
               "  --threads N     1: deterministic scheduler (default), 0: all cores, N: N workers\n"
               "  --seed N        random schedule N of the deterministic scheduler (replays exactly)\n"
               "  --virtual-time  timers on virtual time (timed programs run instantly)\n"
               "  --target CHIP   t800 or t414: compile for the transputer and run on one emulated chip\n"
               "  --no-units      compile #USEd libraries into the program instead of linking them as units\n");
  return kExitUsage;
}

bool number(const char* s) {
  if (!s || !*s) return false;
  for (const char* p = s; *p; ++p)
    if (*p < '0' || *p > '9') return false;
  return true;
}
}  // namespace

int cmd_run(Args args) {
  drv::Options options;
  std::string file;
  std::optional<TargetChip> target;
  std::size_t i = 0;
  for (; i < args.size() && file.empty(); ++i) {
    std::string_view a = args[i];
    if ((a == "--threads" || a == "--seed") && i + 1 < args.size()) {
      if (!number(args[i + 1])) {
        std::fprintf(stderr, "transit run: %s takes a number, not '%s'\n", args[i], args[i + 1]);
        return kExitUsage;
      }
      ::setenv(a == "--threads" ? "TRANSIT_THREADS" : "TRANSIT_SEED", args[++i], 1);
    } else if (a == "--virtual-time") {
      ::setenv("TRANSIT_VIRTUAL_TIME", "1", 1);
    } else if (a == "-I" && i + 1 < args.size()) {
      options.include_dirs.push_back(args[++i]);
    } else if (a.size() > 2 && a.substr(0, 2) == "-I") {
      options.include_dirs.emplace_back(a.substr(2));
    } else if (a == "--target" && i + 1 < args.size()) {
      if (!(target = parse_target(args[++i]))) {
        std::fprintf(stderr, "transit run: --target is t800 or t414, not '%s'\n", args[i]);
        return kExitUsage;
      }
    } else if (a == "-v") {
      options.verbose = true;
    } else if (a == "--no-units") {
      options.units = false;
    } else if (!a.empty() && a[0] != '-') {
      file = a;
    } else {
      std::fprintf(stderr, "transit run: unexpected argument '%s'\n", args[i]);
      return usage();
    }
  }
  if (file.empty()) return usage();
  if (target) return run_on_target(file, *target, options, std::vector<std::string>(args.begin() + long(i), args.end()));
  auto r = drv::compile_occam(file, options);
  if (auto* f = std::get_if<drv::Failure>(&r)) {
    std::fputs(f->message.c_str(), stderr);
    return f->status;
  }
  std::fputs(std::get<drv::Compiled>(r).warnings.c_str(), stderr);
  const std::string& exe = std::get<drv::Compiled>(r).executable;
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(file.c_str()));
  for (; i < args.size(); ++i) argv.push_back(args[i]);
  argv.push_back(nullptr);
  std::fflush(stdout);
  ::execv(exe.c_str(), argv.data());
  std::fprintf(stderr, "transit run: cannot start %s: %s\n", exe.c_str(), std::strerror(errno));
  return kExitFailure;
}

}  // namespace transit::cli
