// `transit run [OPTIONS] FILE.occ [ARGS...]`: compiles an occam program (the build cache makes a
// second run start at once) and runs it in place of this process, so its output, exit status and
// signals are the program's own. Options come before the file; what follows it is the program's.
// Exit statuses are the runtime's: 0 ok, 3 deadlock (report on stderr), 4 run-time error, 6 network;
// 130 when the user closed --view's window while the program ran (as Ctrl-C).
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
#include "transit/net.h"
#include "transit/viewer/live_process_view.h"
#include "transit/viewer/process_picture.h"

namespace transit::cli {

namespace {
namespace drv = occam::driver;

struct RunArgs : drv::Options {
  std::optional<TargetChip> target;
  TargetNetwork network;
  std::string snapshot;  // --snapshot OUT.png: the processes at the end as a picture (viewer/)
  bool view = false;     // --view: a live window on the program
};

// The scheduler options reach the program through its environment (runtime/src/run.cpp).
bool set_env(const char* name, const char* digits) {
  for (const char* p = digits; *p; ++p)
    if (*p < '0' || *p > '9') return false;
  return *digits && ::setenv(name, digits, 1) == 0;
}

// --connect/--listen NAME=ENDPOINT: checked here, handed to the program as TRANSIT_NET
// ("NAME=connect:HOST:PORT,..."; occam_main.cpp opens the links).
bool bind_channel(const char* value, bool listen) {
  const std::string_view v = value;
  const std::size_t eq = v.find('=');
  if (eq == 0 || eq == std::string_view::npos) return false;
  std::string error;
  auto at = net::parse_endpoint(v.substr(eq + 1), listen, error);
  if (!at) {
    std::fprintf(stderr, "transit run: %s\n", error.c_str());
    return false;
  }
  const char* before = std::getenv("TRANSIT_NET");
  std::string all = before && *before ? std::string(before) + "," : "";
  all += std::string(v.substr(0, eq)) + (listen ? "=listen:" : "=connect:") + net::endpoint_text(*at);
  return ::setenv("TRANSIT_NET", all.c_str(), 1) == 0;
}

constexpr Option kOptions[] = {
    {"--threads", "N", "1: the deterministic scheduler (default), 0: one worker per core, N: N workers (with --topology: host threads)",
     on<RunArgs>([](RunArgs& r, const char* v) {
       r.network.threads = unsigned(std::strtoul(v, nullptr, 10));
       return set_env("TRANSIT_THREADS", v);
     })},
    {"--seed", "N", "random schedule N on one thread (replays exactly); on several, seeds their choices",
     on<RunArgs>([](RunArgs&, const char* v) { return set_env("TRANSIT_SEED", v); })},
    {"--record", "FILE", "write the run's choices (ALTs, shared-channel partners, TIMER readings) to FILE (any scheduler)",
     on<RunArgs>([](RunArgs&, const char* v) { return *v && ::setenv("TRANSIT_RECORD", v, 1) == 0; })},
    {"--replay", "FILE", "run on one thread, taking the choices FILE recorded (by --record or transit verify --trace-out)",
     on<RunArgs>([](RunArgs&, const char* v) { return *v && ::setenv("TRANSIT_REPLAY", v, 1) == 0; })},
    {"--virtual-time", "", "timers on virtual time (timed programs run at once)",
     on<RunArgs>([](RunArgs&, const char*) { return ::setenv("TRANSIT_VIRTUAL_TIME", "1", 1) == 0; })},
    {"--no-attach", "", "do not listen for `transit attach PID` (the program listens by default)",
     on<RunArgs>([](RunArgs&, const char*) { return ::setenv("TRANSIT_NO_ATTACH", "1", 1) == 0; })},
    {"--connect", "NAME=HOST:PORT", "bind the main PROC's channel NAME to a program listening at HOST:PORT",
     on<RunArgs>([](RunArgs&, const char* v) { return bind_channel(v, false); }), Times::repeatable},
    {"--listen", "NAME=[HOST:]PORT", "bind channel NAME to the program that connects to PORT (on 127.0.0.1 unless HOST)",
     on<RunArgs>([](RunArgs&, const char* v) { return bind_channel(v, true); }), Times::repeatable},
    {"--net-timeout", "MS", "network channels: connecting, accepting, and the longest silence of a live peer (default 10000)",
     on<RunArgs>([](RunArgs&, const char* v) { return set_env("TRANSIT_NET_TIMEOUT_MS", v); })},
    {"--snapshot", "OUT.png", "draw the processes left at the end (a deadlock's cycle in red), with --target the chips, into a PNG",
     on<RunArgs>([](RunArgs& a, const char* v) { return !(a.snapshot = v).empty(); })},
    {"--view", "", "show the program's processes (with --target: its chips) live in a window (keys: docs/viewer.md)",
     on<RunArgs>([](RunArgs& a, const char*) { return a.view = true; })},
    include_dir_option<RunArgs>(),
    verbose_option<RunArgs>(),
    no_units_option<RunArgs>(),
    target_option<RunArgs>(),
    topology_option<RunArgs>(),
    network_stats_option<RunArgs>(),
};

// The program as a child process that writes its process records at its end ($TRANSIT_STATE_FILE),
// for --snapshot and --view; its output, input and exit status stay the program's.
struct Child {
  pid_t pid = -1;
  char records[32] = "/tmp/transit-records-XXXXXX";
  ~Child() { ::unlink(records); }
};

// Starts the child; false (and why on stderr) when it cannot.
bool start_child(Child& child, const std::string& exe, std::vector<char*>& argv, const char* option) {
  int fd = ::mkstemp(child.records);
  if (fd < 0) {
    std::fprintf(stderr, "transit run: %s: cannot make a temporary file: %s\n", option, std::strerror(errno));
    return false;
  }
  ::close(fd);
  child.pid = ::fork();
  if (child.pid == 0) {
    ::setenv("TRANSIT_STATE_FILE", child.records, 1);
    ::execv(exe.c_str(), argv.data());
    std::fprintf(stderr, "transit run: cannot start %s: %s\n", exe.c_str(), std::strerror(errno));
    ::_exit(kExitFailure);
  }
  if (child.pid < 0) std::fprintf(stderr, "transit run: %s: cannot start the program: %s\n", option, std::strerror(errno));
  return child.pid > 0;
}

// Waits for the child; its exit status (128 + N when signal N ended it).
int wait_child(const Child& child) {
  int status = 0;
  while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int run_for_picture(const std::string& exe, std::vector<char*>& argv, const std::string& file, const std::string& png) {
  Child child;
  if (!start_child(child, exe, argv, "--snapshot")) return kExitFailure;
  int code = wait_child(child);
  std::string error = viewer::draw_process_picture(child.records, png, file);
  if (!error.empty()) {
    std::fprintf(stderr, "transit run: --snapshot: %s\n", error.c_str());
    return code ? code : kExitFailure;
  }
  return code;
}

// --view: a live window on the program, open until it is closed after the program ends.
int run_with_view(const std::string& exe, std::vector<char*>& argv, const std::string& file) {
  viewer::LiveProcessView view(file);
  if (std::string error = view.open(); !error.empty()) {
    std::fprintf(stderr, "transit run: --view: %s\n", error.c_str());
    return kExitFailure;
  }
  Child child;
  if (!start_child(child, exe, argv, "--view")) return kExitFailure;
  view.watch(child.pid);
  int code = wait_child(child);
  bool closed_early = view.state().quit;  // the window's q ended the program (SIGTERM)
  auto last = viewer::read_records_file(child.records);
  const char* how = code == 0 ? "finished" : code == 3 ? "deadlock" : "ended";
  view.ended(std::get_if<ProcessRecords>(&last) ? std::optional(std::get<ProcessRecords>(last)) : std::nullopt,
             std::string(how) + " (exit status " + std::to_string(code) + ")");
  view.wait_closed();
  return closed_early ? kExitStoppedByUser : code;
}

int run(Args args) {
  RunArgs options;
  Operands in;
  ::unsetenv("TRANSIT_NET");  // only what this command line binds
  if (auto status = parse(run_command, args, &options, in)) return *status;
  if (in.operands.empty()) return usage_error(run_command, "no occam program given");
  const std::string file = in.operands[0];
  if (options.target && std::getenv("TRANSIT_NET"))
    return usage_error(run_command, "--connect and --listen work with the native target only");
  if ((!options.network.topology.empty() || options.network.stats) && !options.target)
    return usage_error(run_command, "--topology and --stats are for --target");
  if (options.network.stats && options.network.topology.empty())
    return usage_error(run_command, "--stats is for a network: give --topology");
  if (options.view && !options.snapshot.empty()) return usage_error(run_command, "give one of --view and --snapshot, not both");
  if (options.target && (!options.network.topology.empty() || options.view || !options.snapshot.empty())) {
    TargetNetwork net = options.network;
    if (net.topology.empty()) net.topology = "single";  // a picture is of a network: the one chip alone
    net.view = options.view;
    net.snapshot = options.snapshot;
    return run_on_network(file, *options.target, options, std::vector<std::string>(in.passed.begin(), in.passed.end()),
                          net);
  }
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
  if (options.view) return run_with_view(exe, argv, file);
  ::execv(exe.c_str(), argv.data());
  std::fprintf(stderr, "transit run: cannot start %s: %s\n", exe.c_str(), std::strerror(errno));
  return kExitFailure;
}

}  // namespace

const Command run_command{"run", "FILE.occ [ARGS...]", "compile and run an occam program", kOptions, run,
                          Rest::after_operand,
                          "Exit status: the program's (0 ok, 3 deadlock with its report, 4 run-time error,\n"
                          "6 a network channel failed); 1 when it does not compile, 2 for a bad command line,\n"
                          "130 when --view's window was closed while the program ran."};

}  // namespace transit::cli
