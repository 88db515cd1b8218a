// The leak check itself (leak_check_main.cpp): this test case leaves one process frame live until
// the program exits, so the run must fail (meson: should_fail) although every assertion passes.
#include <doctest/doctest.h>

#include "transit/transit.h"

namespace {

transit::Proc idle() { co_return; }

}  // namespace

// Holds the frame past the test case. It stays reachable (a global of external linkage, so the
// store is kept), so LeakSanitizer, which reports only unreachable memory, does not fail the run
// in the sanitizer build: the leak check must.
transit::Proc::Handle kept_frame;

TEST_CASE("a process frame still live when its test case ends fails the run") {
  kept_frame = idle().release();
  CHECK(transit::detail::live_frames() >= 1);
}
