// Replays the fuzzing regression corpus (tests/front/fuzz-corpus/) through the whole front end.
// Each input once crashed, hung or tripped a sanitizer, or is a seed program; the front end must
// return diagnostics (or success) for every one of them.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "front_test.h"

#ifndef FUZZ_CORPUS_DIR
#error "FUZZ_CORPUS_DIR must name tests/front/fuzz-corpus"
#endif

using namespace transit::occam;

TEST_CASE("every fuzz corpus input goes through the front end without crashing") {
  namespace fs = std::filesystem;
  std::size_t n = 0;
  for (const auto& entry : fs::directory_iterator(FUZZ_CORPUS_DIR)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    INFO("input: " << entry.path().filename().string());
    FrontEnd fe;
    PreprocessOptions options;
    options.sandboxed = true;  // as in the fuzzer: #INCLUDE/#USE read no files
    fe.run_text((fs::path(FUZZ_CORPUS_DIR) / "input.occ").string(), ss.str(), options);
    (void)render(fe.sources, fe.diags);
    ++n;
  }
  CHECK(n > 0);
}

TEST_CASE("a 1000-line program checks quickly") {
  std::string src = "PROC main (CHAN BYTE keyboard?, screen!, error!)\n  [100]INT a:\n  INT x:\n  SEQ\n    x := 0\n";
  for (int i = 0; i < 1000; ++i)
    src += "    a[" + std::to_string(i % 100) + "] := (x + " + std::to_string(i) + ") * 2\n";
  src += ":\n";
  auto start = std::chrono::steady_clock::now();
  auto r = test::front(src);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  CHECK(r.ok);
  MESSAGE("1000-line program: " << ms << " ms");
}
