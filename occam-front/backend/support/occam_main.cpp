// The top level of a compiled occam program (occam_main.h). Processes beside the main PROC:
//   screen and error writers: copy bytes to stdout/stderr (255 flushes) until the main PROC ends;
//   keyboard reader (only when the program reads the keyboard): reads stdin on a helper thread,
//     polling so that it notices the end of the program and stops.
// When the main PROC ends it tells the writers to stop, and drains the keyboard until its reader
// has stopped, so the run ends without waiting for input nobody asked for.
// At the end of stdin the keyboard delivers END.OF.FILE (255) on every read, as KRoC's keyboard
// process does: the course library's readers and KRoC programs stop on it.
// Channels bound to the network (occam_net.h) get their links before the run, in the order of the
// main PROC's parameters, and their bridges run beside the main PROC; it stops them when it ends.
#include "occam_main.h"

#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "transit/alt.h"
#include "transit/blocking.h"
#include "transit/error.h"
#include "transit/par.h"
#include "transit/process_records.h"
#include "transit/run.h"

namespace occ {

void fail(const char* what, const transit::Site* site) {
  throw transit::RuntimeError(site ? *site : transit::Site{}, what);
}

namespace {

constexpr BYTE kFlush = 255;
constexpr BYTE kEndOfFile = 255;  // KRoC's END.OF.FILE (consts.inc)
constexpr int kEndOfProgram = -2;

struct Shared {
  Console console;
  transit::Channel<INT> screen_done{"screen.done"};
  transit::Channel<INT> error_done{"error.done"};
  transit::Channel<INT> keyboard_done{"keyboard.done"};
};

// Set when the main PROC has ended: the keyboard reader's helper thread polls it. A global, so it
// outlives the run (the helper thread may still be polling when run_program returns) and so the
// blocking call's function captures nothing (g++ 12 mishandles lambdas with non-trivial captures
// as temporaries of a co_await).
std::atomic<bool> program_ended{false};

void write_byte(BYTE b, std::FILE* out) {
  if (b == kFlush) {
    std::fflush(out);
  } else {
    std::putc(b, out);
    if (out == stderr && b == '\n') std::fflush(out);
  }
}

// A byte the writer has taken from its channel but not yet written when a run-time error ends the
// run (the sender went on and failed first): written as the writer's frame is torn down, so every
// byte output before an error appears.
struct TakenByte {
  const transit::Alt& alt;
  const BYTE& b;
  std::FILE* out;
  ~TakenByte() {
    if (alt.taken_not_resumed() == 0) write_byte(b, out);
  }
};

transit::Proc writer(transit::Channel<BYTE>& in, transit::Channel<INT>& done, std::FILE* out) {
  const transit::ChannelEnd ends[] = {transit::reader_end(in), {}};
  transit::hold(ends);
  BYTE b = 0;
  INT stop = 0;
  for (;;) {
    transit::Alt alt;
    alt.input(in, b).input(done, stop);
    TakenByte taken{alt, b, out};
    if (co_await alt.pri_select(transit::Site{"<console>", 0, 0, "console"}) == 1) break;
    write_byte(b, out);
  }
  std::fflush(out);
}

// One byte from stdin, or EOF, or kEndOfProgram once the program has ended.
int read_byte() {
  std::fflush(stdout);
  for (;;) {
    if (program_ended.load()) return kEndOfProgram;
    pollfd p{0, POLLIN, 0};
    int r = ::poll(&p, 1, 50);
    if (r > 0) {
      unsigned char c;
      ssize_t n = ::read(0, &c, 1);
      return n == 1 ? int(c) : EOF;
    }
    if (r < 0 && errno != EINTR) return EOF;
  }
}

transit::Proc keyboard(Shared& s) {
  const transit::Site site{"<console>", 0, 0, "keyboard"};
  const transit::ChannelEnd ends[] = {transit::writer_end(s.console.keyboard), {}};
  transit::hold(ends);
  int c = 0;
  for (;;) {
    c = co_await transit::blocking(read_byte, site);
    if (c < 0) break;  // end of input, or of the program
    co_await s.console.keyboard.send(BYTE(c), site);
  }
  // After the end of stdin, END.OF.FILE for every read until the program ends (the main branch
  // takes what is offered until keyboard_done comes).
  while (c == EOF && !program_ended.load()) co_await s.console.keyboard.send(kEndOfFile, site);
  co_await s.keyboard_done.send(0, site);
}

transit::Proc main_branch(Shared& s, const ProgramEntry& entry) {
  const transit::Site site{"<console>", 0, 0, "console"};
  // The main PROC holds the keyboard's reading end and the screen's and error's writing ends.
  const transit::ChannelEnd ends[] = {transit::writer_end(s.console.screen), transit::writer_end(s.console.error),
                                      entry.uses_keyboard ? transit::reader_end(s.console.keyboard) : transit::ChannelEnd{}, {}};
  transit::hold(ends);
  co_await entry.body(s.console);
  program_ended.store(true);
  for (NetChannelBase* const* n = entry.network; n && *n; ++n) co_await (*n)->finish(site);
  co_await s.screen_done.send(0, site);
  co_await s.error_done.send(0, site);
  if (entry.uses_keyboard) {
    for (;;) {  // take any byte the reader still offers until it says it has stopped
      BYTE b = 0;
      INT d = 0;
      transit::Alt alt;
      alt.input(s.console.keyboard, b).input(s.keyboard_done, d);
      if (co_await alt.pri_select(site) == 1) break;
    }
  }
}

const transit::Site kConsole{"<console>", 0, 0, "console"};

transit::Proc network(const ProgramEntry& entry) {
  std::vector<transit::Proc> bridges;
  for (NetChannelBase* const* n = entry.network; *n; ++n) bridges.push_back((*n)->bridge().named((*n)->name, kConsole));
  co_await transit::par_list(std::move(bridges), kConsole);
}

transit::Proc top(Shared& s, const ProgramEntry& entry) {
  const transit::Site& c = kConsole;
  const bool net = entry.network && *entry.network;
  if (entry.uses_keyboard && net) {
    co_await transit::par<transit::Proc, transit::Proc, transit::Proc, transit::Proc, transit::Proc>(
        main_branch(s, entry).named(entry.name, c), writer(s.console.screen, s.screen_done, stdout).named("screen", c),
        writer(s.console.error, s.error_done, stderr).named("error", c), keyboard(s).named("keyboard", c),
        network(entry).named("network", c), c);
  } else if (entry.uses_keyboard) {
    co_await transit::par<transit::Proc, transit::Proc, transit::Proc, transit::Proc>(
        main_branch(s, entry).named(entry.name, c), writer(s.console.screen, s.screen_done, stdout).named("screen", c),
        writer(s.console.error, s.error_done, stderr).named("error", c), keyboard(s).named("keyboard", c), c);
  } else if (net) {
    co_await transit::par<transit::Proc, transit::Proc, transit::Proc, transit::Proc>(
        main_branch(s, entry).named(entry.name, c), writer(s.console.screen, s.screen_done, stdout).named("screen", c),
        writer(s.console.error, s.error_done, stderr).named("error", c), network(entry).named("network", c), c);
  } else {
    co_await transit::par<transit::Proc, transit::Proc, transit::Proc>(
        main_branch(s, entry).named(entry.name, c), writer(s.console.screen, s.screen_done, stdout).named("screen", c),
        writer(s.console.error, s.error_done, stderr).named("error", c), c);
  }
}

bool env_number(const char* name, unsigned long long& out) {
  const char* v = std::getenv(name);
  if (!v || !*v) return false;
  char* end = nullptr;
  out = std::strtoull(v, &end, 10);
  return end && *end == 0;
}

// What stopped the network channels from opening: a bad binding (status 2) or a failed link.
struct NetworkProblem {
  int status = 0;  // 0: every link is open
  std::string message;
};

NetworkProblem bad_binding(std::string message) { return {2, std::move(message)}; }

// Binds each network channel to its endpoint from TRANSIT_NET and opens the links.
NetworkProblem open_network(const ProgramEntry& entry) {
  if (!entry.network || !*entry.network) return {};
  std::vector<std::pair<std::string, std::string>> bindings;  // name, "connect:..." or "listen:..."
  const char* text = std::getenv("TRANSIT_NET");
  for (std::string_view rest = text ? text : ""; !rest.empty();) {
    const std::size_t comma = rest.find(',');
    const std::string_view one = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const std::size_t eq = one.find('=');
    if (eq == std::string_view::npos) return bad_binding("bad network binding '" + std::string(one) + "'");
    bindings.emplace_back(std::string(one.substr(0, eq)), std::string(one.substr(eq + 1)));
  }
  transit::net::LinkOptions options;
  unsigned long long ms = 0;
  if (env_number("TRANSIT_NET_TIMEOUT_MS", ms) && ms > 0) options.timeout = std::chrono::milliseconds(ms);
  std::string names;
  for (NetChannelBase* const* n = entry.network; *n; ++n) names += std::string(names.empty() ? "" : ", ") + (*n)->name;
  for (const auto& [name, where] : bindings) {
    bool known = false;
    for (NetChannelBase* const* n = entry.network; *n; ++n) known = known || name == (*n)->name;
    if (!known) return bad_binding("the main PROC has no network channel '" + name + "' (it has: " + names + ")");
  }
  for (NetChannelBase* const* n = entry.network; *n; ++n) {
    const std::string name = (*n)->name;
    const std::string* where = nullptr;
    for (const auto& b : bindings)
      if (b.first == name) where = &b.second;
    if (!where)
      return bad_binding("the main PROC's channel '" + name + "' is not bound: run it with --connect " + name +
                         "=HOST:PORT or --listen " + name + "=PORT");
    const bool listen = where->rfind("listen:", 0) == 0;
    if (!listen && where->rfind("connect:", 0) != 0) return bad_binding("bad network binding '" + name + "=" + *where + "'");
    std::string error;
    auto at = transit::net::parse_endpoint(std::string_view(*where).substr(listen ? 7 : 8), listen, error);
    if (!at) return bad_binding("channel '" + name + "': " + error);
    (*n)->link = transit::net::Link::open(*at, transit::net::Hello{transit::net::wire_version, (*n)->role, name, (*n)->protocol}, options, error);
    if (!(*n)->link) return {transit::net::exit_network_error, error};
  }
  return {};
}

// For `transit run --snapshot/--view` (viewer/): the processes left at the end, as records.
void write_state_file(const transit::RunResult& result) {
  const char* path = std::getenv("TRANSIT_STATE_FILE");
  if (!path || !*path) return;
  const char* how = result.status == transit::exit_ok ? "finished"
                    : result.status == transit::exit_deadlock ? "deadlock"
                                                              : "run-time error";
  std::ofstream(path) << transit::records_text(result.blocked, result.cycles, how);
}

}  // namespace

int run_program(int, char**, const ProgramEntry& entry) {
  transit::RunOptions options;
  unsigned long long n = 0;
  if (env_number("TRANSIT_THREADS", n)) options.threads = unsigned(n);
  if (env_number("TRANSIT_SEED", n)) options.seed = n;
  if (const char* record = std::getenv("TRANSIT_RECORD")) options.record = record;
  if (const char* replay = std::getenv("TRANSIT_REPLAY")) options.replay = replay;
  const char* virt = std::getenv("TRANSIT_VIRTUAL_TIME");
  options.real_time = !(virt && *virt == '1');
  const char* no_attach = std::getenv("TRANSIT_NO_ATTACH");
  options.attach = !(no_attach && *no_attach == '1');
  std::ostringstream report;
  options.report = &report;

  if (NetworkProblem problem = open_network(entry); problem.status != 0) {
    std::cerr << "transit: " << problem.message << "\n";
    return problem.status;
  }
  auto shared = std::make_unique<Shared>();
  transit::RunResult result = transit::run_detailed(top(*shared, entry).named("occam", kConsole), options);
  program_ended.store(true);  // a keyboard reader still polling stdin stops
  std::fflush(stdout);
  std::fflush(stderr);
  if (!report.str().empty()) std::cerr << report.str() << std::flush;
  write_state_file(result);
  return result.status;
}

}  // namespace occ
