// The doctest main of the runtime tests: every test case runs under a leak check of process
// frames. A test case that ends with more (or fewer) live coroutine frames than it started with
// (transit::detail::live_frames) is reported by name, and the run fails even if its assertions passed.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>

#include "transit/proc.h"

namespace {

bool leaked = false;

struct FrameLeakCheck : doctest::IReporter {
  explicit FrameLeakCheck(const doctest::ContextOptions&) {}

  void test_case_start(const doctest::TestCaseData& test) override {
    test_ = &test;
    before_ = transit::detail::live_frames();
  }
  void test_case_end(const doctest::CurrentTestCaseStats&) override {
    std::int64_t left = transit::detail::live_frames() - before_;
    if (left == 0) return;
    leaked = true;
    std::fprintf(stderr, "LEAK: test case '%s' (%s:%u) ends with %+" PRId64 " live process frames\n", test_->m_name,
                 test_->m_file.c_str(), test_->m_line, left);
  }

  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats&) override {}
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}

 private:
  const doctest::TestCaseData* test_ = nullptr;
  std::int64_t before_ = 0;
};

}  // namespace

DOCTEST_REGISTER_LISTENER("frame-leak-check", 1, FrameLeakCheck);

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  int status = context.run();
  if (context.shouldExit() || status != 0) return status;
  return leaked ? 1 : 0;
}
