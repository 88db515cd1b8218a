// transit's commands against their option tables (tools/transit/option_table.h): for every command
// that `transit help` lists, `--help` and `-h` exit 0 and print the help made from the table, which
// names every option the parser accepts; the parser accepts each of them; an unknown option is an
// error with status 2 that names it and points at --help; docs/cli.md holds each command's help as
// printed. The commands are run as a user runs them (the built transit, TRANSIT_EXE).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "commands.h"

namespace {

using namespace transit::cli;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  REQUIRE_MESSAGE(v, std::string(name) << " is not set (meson test sets it)");
  return v;
}

std::string read_file(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

struct Ran {
  int status = -1;
  std::string out, err;
};

// Runs the built transit with `args` (no shell), capturing stdout and stderr.
Ran run_transit(const std::vector<std::string>& args) {
  static const std::string exe = env("TRANSIT_EXE");
  char out_path[] = "/tmp/transit-cli-out-XXXXXX", err_path[] = "/tmp/transit-cli-err-XXXXXX";
  int out_fd = mkstemp(out_path), err_fd = mkstemp(err_path);
  REQUIRE((out_fd >= 0 && err_fd >= 0));
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    std::vector<char*> argv{const_cast<char*>(exe.c_str())};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(exe.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  close(out_fd);
  close(err_fd);
  Ran r{WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), read_file(out_path), read_file(err_path)};
  unlink(out_path);
  unlink(err_path);
  return r;
}

// The command names `transit help` lists (the lines under "commands:").
std::vector<std::string> listed_commands() {
  Ran r = run_transit({"help"});
  REQUIRE(r.status == 0);
  std::vector<std::string> names;
  std::istringstream lines(r.out.substr(r.out.find("commands:\n") + 10));
  for (std::string line; std::getline(lines, line) && line.rfind("  ", 0) == 0;)
    names.push_back(line.substr(2, line.find(' ', 2) - 2));
  return names;
}

std::string words(const Option& o) {
  return std::string(o.name) + (o.value.empty() ? "" : " " + std::string(o.value));
}

}  // namespace

TEST_CASE("transit help lists every command of the table, in its order") {
  std::vector<std::string> table;
  for (const Command* c : all_commands()) table.push_back(std::string(c->name));
  CHECK(listed_commands() == table);
}

TEST_CASE("COMMAND --help and -h print the command's help from its table: every option, described") {
  for (const std::string& name : listed_commands()) {
    CAPTURE(name);
    const Command* c = find_command(name);
    REQUIRE(c);
    const std::string help = help_text(*c);
    for (const char* flag : {"--help", "-h"}) {
      Ran r = run_transit({name, flag});
      CHECK(r.status == 0);
      CHECK(r.err.empty());
      CHECK(r.out == help);
    }
    Ran r = run_transit({"help", name});
    CHECK(r.status == 0);
    CHECK(r.out == help);
    for (const Option& o : c->options) {
      CAPTURE(o.name);
      CHECK(help.find("\n  " + words(o) + " ") != std::string::npos);  // its row
      CHECK(help.find(std::string(o.help) + "\n") != std::string::npos);
      CHECK(help.substr(0, help.find("\n" + std::string(c->summary))).find(words(o)) != std::string::npos);  // usage
    }
  }
}

TEST_CASE("the parser accepts every option of the table, and only those") {
  for (const std::string& name : listed_commands()) {
    const Command* c = find_command(name);
    REQUIRE(c);
    for (const Option& o : c->options) {
      CAPTURE(name);
      CAPTURE(o.name);
      // A value that may be bad for the option: the option is still known (status 2 says "bad value").
      std::vector<std::string> args{name, std::string(o.name)};
      if (!o.value.empty()) args.push_back("1");
      args.push_back("--help");
      Ran r = run_transit(args);
      CHECK(r.err.find("unknown option") == std::string::npos);
      CHECK((r.status == 0 || (r.status == 2 && r.err.find("bad value '1' for " + words(o)) != std::string::npos)));
    }
    CAPTURE(name);
    Ran r = run_transit({name, "--no-such-option", "x"});
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "transit " + name + ": unknown option '--no-such-option'; see 'transit " + name + " --help'\n");
  }
}

TEST_CASE("a one-letter option with a value takes it joined; a missing value or needed option is an error") {
  CHECK(run_transit({"check", "-I/nowhere", "--help"}).status == 0);
  Ran r = run_transit({"build", "x.occ", "-o"});
  CHECK(r.status == 2);
  CHECK(r.err.find("-o needs a value: OUT") != std::string::npos);
  r = run_transit({"asm", "x.s"});
  CHECK(r.status == 2);
  CHECK(r.err.find("-o OUT is needed") != std::string::npos);
  r = run_transit({"dump", "x.occ"});
  CHECK(r.status == 2);
  CHECK(r.err.find("one of --tokens | --ast | --ir | --asm is needed") != std::string::npos);
}

TEST_CASE("docs/cli.md shows each command's help as transit prints it") {
  const std::string doc = read_file(env("TRANSIT_SOURCE_ROOT") + "/docs/cli.md");
  REQUIRE(!doc.empty());
  for (const Command* c : all_commands()) {
    const std::string help = help_text(*c);
    CHECK_MESSAGE(doc.find("```\n$ transit " + std::string(c->name) + " --help\n" + help + "```\n") != std::string::npos,
                  "docs/cli.md lacks (or has an old) block for '" << c->name << "'; it should read:\n```\n$ transit "
                                                                 << c->name << " --help\n" << help << "```");
  }
}
