// The driver end to end: occam source -> executable through the system C++ compiler and the build
// cache, then run: output, run-time errors and deadlock reports with occam lines, cache hits.
// Compiles a handful of programs (a few seconds each, the first also builds the precompiled header).
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "transit/occam/driver/cache.h"
#include "transit/occam/driver/compile.h"

namespace fs = std::filesystem;
using namespace transit::occam;

namespace {

struct Ran {
  int status = -1;
  std::string output;  // stdout then stderr
};

// Writes `text` as NAME.occ in a scratch folder, compiles it and runs it.
Ran build_and_run(const std::string& name, const std::string& text, bool* from_cache = nullptr) {
  fs::path dir = fs::path(DRIVER_TEST_DIR) / "programs";
  fs::create_directories(dir);
  setenv("XDG_CACHE_HOME", (fs::path(DRIVER_TEST_DIR) / "cache").c_str(), 1);
  fs::path src = dir / (name + ".occ");
  std::ofstream(src) << text;
  auto r = driver::compile_occam(src.string(), {});
  Ran ran;
  if (auto* f = std::get_if<driver::Failure>(&r)) {
    ran.output = f->message;
    return ran;
  }
  if (from_cache) *from_cache = std::get<driver::Compiled>(r).from_cache;
  std::string cmd = std::get<driver::Compiled>(r).executable + " </dev/null 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) ran.output.append(buf, n);
  int st = pclose(p);
  ran.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return ran;
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a program with PAR, ALT, protocols and the library runs natively") {
  const char* text =
      "PROTOCOL PAIR IS INT; BYTE:\n"
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  CHAN PAIR c:\n"
      "  [2]CHAN INT d:\n"
      "  INT total:\n"
      "  SEQ\n"
      "    total := 0\n"
      "    PAR\n"
      "      SEQ i = 0 FOR 3\n"
      "        c ! i; BYTE ('a' + i)\n"
      "      SEQ i = 0 FOR 3\n"
      "        INT n:\n"
      "        BYTE b:\n"
      "        SEQ\n"
      "          c ? n; b\n"
      "          screen ! b\n"
      "      PAR i = 0 FOR 2\n"
      "        d[i] ! i + 10\n"
      "      SEQ k = 0 FOR 2\n"
      "        ALT j = 0 FOR 2\n"
      "          INT v:\n"
      "          d[j] ? v\n"
      "            total := total + v\n"
      "    INT hi, lo:\n"
      "    SEQ\n"
      "      hi, lo := LONGPROD (total, 2, 0)\n"
      "      screen ! BYTE lo\n"
      "      screen ! '*n'\n"
      ":\n";
  bool cached = true;
  Ran r = build_and_run("features", text, &cached);
  CHECK_MESSAGE(r.status == 0, r.output);
  CHECK(r.output == "abc*\n");  // total 21, 21 * 2 = 42 = '*'
  Ran again = build_and_run("features", text, &cached);
  CHECK(again.output == r.output);
  CHECK(cached);
}

TEST_CASE("a run-time error names the occam file, line and process") {
  Ran r = build_and_run("overflow",
                        "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
                        "  INT x:\n"
                        "  SEQ\n"
                        "    x := MOSTPOS INT\n"
                        "    x := x + 1\n"
                        "    screen ! 'Z'\n"
                        ":\n");
  CHECK(r.status == 4);
  CHECK_MESSAGE(has(r.output, "overflow.occ:5"), r.output);
  CHECK(has(r.output, "overflow"));
  CHECK(!has(r.output, "Z"));  // the error stopped the program first
}

TEST_CASE("a deadlock report names occam processes and lines") {
  Ran r = build_and_run("deadlock",
                        "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
                        "  CHAN INT a, b:\n"
                        "  INT x, y:\n"
                        "  PAR\n"
                        "    SEQ\n"
                        "      a ? x\n"
                        "      b ! 1\n"
                        "    SEQ\n"
                        "      b ? y\n"
                        "      a ! 2\n"
                        ":\n");
  CHECK(r.status == 3);
  CHECK_MESSAGE(has(r.output, "deadlock.occ:6"), r.output);
  CHECK(has(r.output, "deadlock.occ:9"));
  CHECK(has(r.output, "main.par1"));
  CHECK(has(r.output, "main.par2"));
}

TEST_CASE("errors in the occam source are reported, not compiled") {
  Ran r = build_and_run("broken", "PROC main (CHAN BYTE out!)\n  out ! undeclared\n:\n");
  CHECK(r.status == -1);
  CHECK(has(r.output, "broken.occ:2"));
}

TEST_CASE("the cache keeps recently used programs past its size, and prunes the old ones") {
  fs::path root = fs::path(DRIVER_TEST_DIR) / "prune-cache";
  fs::remove_all(root);
  fs::create_directories(root);
  const std::size_t n = driver::kMaxPrograms + 8;
  auto old = fs::file_time_type::clock::now() - std::chrono::hours(3);
  for (std::size_t i = 0; i < n; ++i) {
    fs::path d = root / ("p" + std::to_string(i));
    fs::create_directories(d);
    if (i < 3) fs::last_write_time(d, old);
  }
  driver::prune_cache(root.string());
  std::size_t left = 0;
  for (const auto& e : fs::directory_iterator(root)) (void)e, ++left;
  CHECK(left == n - 3);  // the three old ones go; the others are in use by some run
  CHECK(!fs::exists(root / "p0"));
  CHECK(fs::exists(root / "p3"));
}
