// The top level of a compiled occam program (occam_main.h). Processes beside the main PROC:
//   screen and error writers: copy bytes to stdout/stderr (255 flushes) until the main PROC ends;
//   keyboard reader (only when the program reads the keyboard): reads stdin on a helper thread,
//     polling so that it notices the end of the program and stops.
// When the main PROC ends it tells the writers to stop, and drains the keyboard until its reader
// has stopped, so the run ends without waiting for input nobody asked for.
// At the end of stdin the keyboard delivers END.OF.FILE (255) on every read, as KRoC's keyboard
// process does: the course library's readers and KRoC programs stop on it.
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

transit::Proc top(Shared& s, const ProgramEntry& entry) {
  const transit::Site& c = kConsole;
  if (entry.uses_keyboard) {
    co_await transit::par<transit::Proc, transit::Proc, transit::Proc, transit::Proc>(
        main_branch(s, entry).named(entry.name, c), writer(s.console.screen, s.screen_done, stdout).named("screen", c),
        writer(s.console.error, s.error_done, stderr).named("error", c), keyboard(s).named("keyboard", c), c);
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
  const char* virt = std::getenv("TRANSIT_VIRTUAL_TIME");
  options.real_time = !(virt && *virt == '1');
  const char* no_attach = std::getenv("TRANSIT_NO_ATTACH");
  options.attach = !(no_attach && *no_attach == '1');
  std::ostringstream report;
  options.report = &report;

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
