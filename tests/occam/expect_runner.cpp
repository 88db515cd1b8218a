// Expectation test driver for the occam corpus (Wren style): each tests/occam/<construct>/*.occ program
// carries its expected behaviour in comments, and this driver runs the built `transit` executable on it
// as a subprocess and compares. It knows nothing of the compiler's internals.
//
//   -- expect: TEXT             the next line the program writes to stdout (in order, exact)
//   -- expect prefix: TEXT      the next stdout line starts with TEXT (for timings and the like)
//   -- expect error: TEXT       a compile error is reported for THIS line, its message containing TEXT
//                               (compared ignoring case)
//   -- expect runtime error: T  the program stops with a run-time error (status 4), stderr containing T
//                               (any case)
//   -- expect deadlock          the program deadlocks: status 3, stderr mentions "deadlock"
//   -- expect stderr: TEXT      stderr contains TEXT (e.g. a line of the deadlock report)
//   -- stdin: TEXT              TEXT and a newline are fed to the program's keyboard
//   -- transit: ARGS            extra arguments for `transit run`/`check` before the file (split at
//                               spaces; $DIR stands for the program's folder), e.g. --threads 2
//
// Compile-error programs run `transit check FILE`; the others `transit run FILE`. Every expected error
// must be reported, and every error reported must be on a line that expects one.
//
// tests/occam/PENDING lists programs known to fail today ("path  reason" per line, '#' comments): they
// still run; a failure is reported as XFAIL, an unexpected pass is an error (so the list stays true).
//
// usage: expect_runner TRANSIT SOURCE_ROOT PENDING_FILE [--timeout SECONDS]
//                      [--target t800|t414 TARGET_PENDING_FILE] PATH...
//   PATH is a folder (every *.occ in it) or a single .occ file, relative to SOURCE_ROOT or absolute.
//
// --target runs every program that is expected to compile with `transit run --target CHIP` (the
// transputer back end on the emulator) against the same expectations; programs expecting compile
// errors are left out (the front end is the same for every target). TARGET_PENDING_FILE lists, in
// the PENDING format, the programs the target does not run yet with the reason; the last line
// printed counts what passes on the target, which can only grow (an unexpected pass is an error).

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;

// Exit statuses of programs run by `transit run` (the runtime's, documented in docs/occam.md): anything
// else (a compiler failure, a crash) never counts as the expected deadlock or run-time error.
constexpr int kExitDeadlock = 3;
constexpr int kExitRuntimeError = 4;

// Default wall-clock limit for one `transit` invocation: compiling a program with the system C++
// compiler under a sanitizer build on a busy 2-core machine can take tens of seconds.
constexpr int kDefaultTimeoutSeconds = 120;

struct ExpectedError {
  int line;
  std::string text;
};

struct ExpectedLine {
  std::string text;
  bool prefix_only = false;
};

struct Expectations {
  std::vector<ExpectedLine> stdout_lines;
  std::vector<ExpectedError> compile_errors;
  std::optional<std::string> runtime_error;
  bool deadlock = false;
  std::vector<std::string> stderr_contains;
  std::string stdin_text;
  std::vector<std::string> transit_args;
};

std::string trim_right(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

// Text after `marker` in `line`, if the line holds the marker; one space after the colon is dropped.
std::optional<std::string> after(const std::string& line, const std::string& marker) {
  size_t at = line.find(marker);
  if (at == std::string::npos) return std::nullopt;
  std::string rest = line.substr(at + marker.size());
  if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
  return trim_right(rest);
}

Expectations parse_expectations(const fs::path& file) {
  Expectations e;
  std::ifstream in(file);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (auto t = after(line, "-- expect runtime error:")) {
      e.runtime_error = *t;
    } else if (auto t2 = after(line, "-- expect error:")) {
      e.compile_errors.push_back({number, *t2});
    } else if (auto t3 = after(line, "-- expect stderr:")) {
      e.stderr_contains.push_back(*t3);
    } else if (line.find("-- expect deadlock") != std::string::npos) {
      e.deadlock = true;
    } else if (auto t4 = after(line, "-- expect:")) {
      e.stdout_lines.push_back({*t4, false});
    } else if (auto t6 = after(line, "-- expect prefix:")) {
      e.stdout_lines.push_back({*t6, true});
    } else if (auto t5 = after(line, "-- stdin:")) {
      e.stdin_text += *t5 + "\n";
    } else if (auto t7 = after(line, "-- transit:")) {
      std::istringstream words(*t7);
      for (std::string w; words >> w;) {
        if (size_t at = w.find("$DIR"); at != std::string::npos) w.replace(at, 4, file.parent_path().string());
        e.transit_args.push_back(w);
      }
    }
  }
  return e;
}

struct RunResult {
  int status = -1;  // exit status, or 128 + signal
  bool timed_out = false;
  std::string out, err;
};

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string temp_file(const std::string& contents) {
  const char* dir = std::getenv("TMPDIR");
  std::string name = std::string(dir && *dir ? dir : "/tmp") + "/occam-expect-XXXXXX";
  std::vector<char> buf(name.begin(), name.end());
  buf.push_back('\0');
  int fd = mkstemp(buf.data());
  if (fd < 0) {
    std::perror("mkstemp");
    std::exit(2);
  }
  if (!contents.empty() && write(fd, contents.data(), contents.size()) != ssize_t(contents.size())) {
    std::perror("write");
    std::exit(2);
  }
  close(fd);
  return buf.data();
}

// Runs argv with stdin from `input`, capturing stdout and stderr, killing its process group after
// `timeout_seconds`.
RunResult run(const std::vector<std::string>& argv, const std::string& input, int timeout_seconds) {
  std::string in_path = temp_file(input), out_path = temp_file(""), err_path = temp_file("");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_TRUNC, 0);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_TRUNC, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);

  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  RunResult r;
  pid_t pid = 0;
  int rc = posix_spawn(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    r.err = std::string("cannot start ") + argv[0] + ": " + std::strerror(rc);
  } else {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
    int wstatus = 0;
    auto pause = std::chrono::milliseconds(1);
    for (;;) {
      pid_t done = waitpid(pid, &wstatus, WNOHANG);
      if (done == pid) break;
      if (std::chrono::steady_clock::now() > deadline) {
        kill(-pid, SIGKILL);
        waitpid(pid, &wstatus, 0);
        r.timed_out = true;
        break;
      }
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::milliseconds(50));
    }
    if (WIFEXITED(wstatus)) r.status = WEXITSTATUS(wstatus);
    else if (WIFSIGNALED(wstatus)) r.status = 128 + WTERMSIG(wstatus);
    r.out = read_all(out_path);
    r.err = read_all(err_path);
  }
  std::remove(in_path.c_str());
  std::remove(out_path.c_str());
  std::remove(err_path.c_str());
  return r;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string cur;
  for (char c : text) {
    if (c == '\n') {
      lines.push_back(trim_right(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) lines.push_back(trim_right(cur));
  return lines;
}

bool matches(const ExpectedLine& want, const std::string& got) {
  return want.prefix_only ? got.compare(0, want.text.size(), want.text) == 0 : got == want.text;
}

// Empty when `got` matches `want`, else a line-by-line comparison that marks the first difference.
std::string diff(const std::vector<ExpectedLine>& want, const std::vector<std::string>& got) {
  std::ostringstream s;
  size_t n = std::max(want.size(), got.size());
  bool marked = false;
  for (size_t i = 0; i < n; ++i) {
    bool same = i < want.size() && i < got.size() && matches(want[i], got[i]);
    if (same) {
      s << "      " << got[i] << "\n";
      continue;
    }
    if (!marked) s << "    ---- first difference at output line " << i + 1 << "\n";
    marked = true;
    if (i < want.size()) s << "    - " << want[i].text << (want[i].prefix_only ? "..." : "") << "\n";
    else s << "    - (no more lines expected)\n";
    if (i < got.size()) s << "    + " << got[i] << "\n";
    else s << "    + (no more lines written)\n";
  }
  return marked ? s.str() : std::string();
}

bool contains_ignoring_case(const std::string& text, const std::string& part) {
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  };
  return lower(text).find(lower(part)) != std::string::npos;
}

struct Diagnostic {
  int line;
  std::string text;
};

// Error diagnostics `PATH:LINE:COL: error: ...` that name this file (by its file name).
std::vector<Diagnostic> error_diagnostics(const std::string& err, const std::string& file_name) {
  std::vector<Diagnostic> found;
  for (const std::string& l : split_lines(err)) {
    size_t at = l.find(file_name + ":");
    if (at == std::string::npos || (at > 0 && l[at - 1] != '/')) continue;
    size_t p = at + file_name.size() + 1;
    size_t digits = p;
    while (digits < l.size() && std::isdigit(static_cast<unsigned char>(l[digits]))) ++digits;
    if (digits == p) continue;
    if (l.find(": error:", digits) == std::string::npos) continue;
    found.push_back({std::atoi(l.substr(p, digits - p).c_str()), l});
  }
  return found;
}

std::string indent(const std::string& text, size_t limit = 4000) {
  std::string t = text.size() > limit ? text.substr(0, limit) + "\n...(cut)" : text;
  std::string s = "    | ";
  for (char c : t) {
    s += c;
    if (c == '\n') s += "    | ";
  }
  return s + "\n";
}

// Returns an empty string when the program behaves as expected, else an explanation.
// The target `transit run` compiles for: empty for native, else "t800" or "t414".
std::string g_target;

std::string check_program(const std::string& transit, const fs::path& file, int timeout) {
  Expectations e = parse_expectations(file);
  std::ostringstream why;
  if (!e.compile_errors.empty()) {
    std::vector<std::string> argv{transit, "check"};
    argv.insert(argv.end(), e.transit_args.begin(), e.transit_args.end());
    argv.push_back(file.string());
    RunResult r = run(argv, "", timeout);
    if (r.timed_out) return "`transit check` did not finish in " + std::to_string(timeout) + " s\n";
    if (r.status == 0) why << "  `transit check` succeeded, but compile errors were expected\n";
    std::vector<Diagnostic> got = error_diagnostics(r.err, file.filename().string());
    // A line with an expectation may report more than one error (e.g. two bad arguments).
    std::vector<bool> used(got.size(), false);
    for (size_t i = 0; i < got.size(); ++i)
      for (const ExpectedError& want : e.compile_errors) used[i] = used[i] || got[i].line == want.line;
    for (const ExpectedError& want : e.compile_errors) {
      bool ok = false;
      for (size_t i = 0; i < got.size() && !ok; ++i)
        ok = got[i].line == want.line && contains_ignoring_case(got[i].text, want.text);
      if (!ok) why << "  expected an error at line " << want.line << " containing \"" << want.text << "\"\n";
    }
    for (size_t i = 0; i < got.size(); ++i)
      if (!used[i]) why << "  unexpected error: " << got[i].text << "\n";
    if (!why.str().empty()) why << "  stderr of `transit check`:\n" << indent(r.err);
    return why.str();
  }

  std::vector<std::string> argv{transit, "run"};
  if (!g_target.empty()) argv.insert(argv.end(), {"--target", g_target});
  argv.insert(argv.end(), e.transit_args.begin(), e.transit_args.end());
  argv.push_back(file.string());
  RunResult r = run(argv, e.stdin_text, timeout);
  if (r.timed_out) {
    why << "  `transit run` did not finish in " << timeout << " s\n";
    return why.str();
  }
  int want_status = e.deadlock ? kExitDeadlock : e.runtime_error ? kExitRuntimeError : 0;
  if (r.status != want_status)
    why << "  exit status " << r.status << " (expected " << want_status << ")\n";
  if (e.runtime_error && !contains_ignoring_case(r.err, *e.runtime_error))
    why << "  stderr lacks the expected run-time error \"" << *e.runtime_error << "\"\n";
  if (e.deadlock) {
    if (!contains_ignoring_case(r.err, "deadlock")) why << "  stderr does not report a deadlock\n";
  }
  for (const std::string& s : e.stderr_contains)
    if (r.err.find(s) == std::string::npos) why << "  stderr lacks \"" << s << "\"\n";
  std::vector<std::string> got = split_lines(r.out);
  std::string d = diff(e.stdout_lines, got);
  if (!d.empty()) why << "  stdout differs (- expected, + actual):\n" << d;
  if (!why.str().empty() && !r.err.empty()) why << "  stderr:\n" << indent(r.err);
  return why.str();
}

std::map<std::string, std::string> read_pending(const fs::path& path) {
  std::map<std::string, std::string> pending;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    line = trim_right(line);
    if (line.empty() || line[0] == '#') continue;
    size_t space = line.find_first_of(" \t");
    std::string file = line.substr(0, space);
    std::string reason = space == std::string::npos ? "" : line.substr(line.find_first_not_of(" \t", space));
    pending[file] = reason;
  }
  return pending;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: expect_runner TRANSIT SOURCE_ROOT PENDING_FILE [--timeout S] PATH...\n");
    return 2;
  }
  std::string transit = argv[1];
  fs::path root = argv[2];
  std::map<std::string, std::string> pending = read_pending(argv[3]);
  int timeout = kDefaultTimeoutSeconds;
  std::vector<fs::path> programs;
  for (int i = 4; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--timeout" && i + 1 < argc) {
      timeout = std::atoi(argv[++i]);
      continue;
    }
    if (a == "--target" && i + 2 < argc) {
      g_target = argv[++i];
      pending = read_pending(argv[++i]);
      continue;
    }
    fs::path p = fs::path(a).is_absolute() ? fs::path(a) : root / a;
    if (fs::is_directory(p)) {
      std::vector<fs::path> found;
      for (const auto& entry : fs::directory_iterator(p))
        if (entry.is_regular_file() && entry.path().extension() == ".occ") found.push_back(entry.path());
      std::sort(found.begin(), found.end());
      if (found.empty()) std::fprintf(stderr, "warning: no .occ programs in %s\n", p.c_str());
      programs.insert(programs.end(), found.begin(), found.end());
    } else if (fs::exists(p)) {
      programs.push_back(p);
    } else {
      std::fprintf(stderr, "error: %s does not exist\n", p.c_str());
      return 2;
    }
  }

  int passed = 0, failed = 0, xfailed = 0, xpassed = 0;
  int skipped = 0;
  for (const fs::path& file : programs) {
    std::string key = fs::relative(file, root).generic_string();
    if (!g_target.empty() && !parse_expectations(file).compile_errors.empty()) {
      ++skipped;  // compile errors: the front end's, the same on every target
      continue;
    }
    auto pend = pending.find(key);
    std::string why = check_program(transit, file, timeout);
    if (pend == pending.end()) {
      if (why.empty()) {
        ++passed;
        std::printf("PASS   %s\n", key.c_str());
      } else {
        ++failed;
        std::printf("FAIL   %s\n%s", key.c_str(), why.c_str());
      }
    } else if (why.empty()) {
      ++xpassed;
      std::printf("XPASS  %s (listed in PENDING: %s) -- remove it from tests/occam/PENDING\n", key.c_str(),
                  pend->second.c_str());
    } else {
      ++xfailed;
      std::printf("XFAIL  %s (%s)\n", key.c_str(), pend->second.c_str());
    }
    std::fflush(stdout);
  }
  if (!g_target.empty())
    std::printf("on %s: %d of %d programs pass (%d not run yet, listed with their reasons; %d compile-error programs left out)\n",
                g_target.c_str(), passed, passed + failed + xfailed + xpassed, xfailed, skipped);
  std::printf("%d passed, %d failed, %d xfail, %d xpass\n", passed, failed, xfailed, xpassed);
  return failed + xpassed == 0 ? 0 : 1;
}
