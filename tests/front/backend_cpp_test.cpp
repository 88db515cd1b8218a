// The C++ the back end generates: its shape (what becomes a coroutine, where sites go), checked on
// programs through the whole front end. Running generated code is the driver test's job.
#include <doctest/doctest.h>

#include "lower_test_util.h"

using namespace transit::occam;
using test::contains;
using test::cpp_of;

TEST_CASE("a PROC that waits is a coroutine, one that never waits a plain function") {
  std::string c = cpp_of(
      "PROC square (VAL INT x, INT y)\n"
      "  y := x * x\n"
      ":\n"
      "PROC main (CHAN BYTE out!)\n"
      "  INT r:\n"
      "  SEQ\n"
      "    square (4, r)\n"
      "    out ! BYTE r\n"
      ":\n");
  CHECK(contains(c, "void p1_square(occ::INT v2_x, occ::INT& v3_y)"));
  CHECK(contains(c, "transit::Proc p0_main(transit::Channel<occ::BYTE>& v0_out)"));
  CHECK(contains(c, "    p1_square(occ::INT(4), v1_r);"));  // called without co_await
  CHECK(contains(c, "occ::mul<occ::INT>(v2_x, v2_x, &S["));
}

TEST_CASE("blocking operations and checks carry the occam site and process") {
  std::string c = cpp_of(
      "PROC main (CHAN BYTE out!)\n"
      "  CHAN INT c:\n"
      "  INT x:\n"
      "  PAR\n"
      "    c ! 1\n"
      "    c ? x\n"
      ":\n");
  CHECK(contains(c, "{\"t.occ\", 5, 5, \"main.par1\"}"));
  CHECK(contains(c, "{\"t.occ\", 6, 5, \"main.par2\"}"));
  CHECK(contains(c, "co_await transit::par<transit::Proc, transit::Proc>("));
  CHECK(contains(c, ".named(\"main.par1\""));
}

TEST_CASE("a FUNCTION is a plain function returning its results") {
  std::string c = cpp_of(
      "INT, INT FUNCTION divmod (VAL INT a, VAL INT b) IS a / b, a \\ b:\n"
      "PROC main (CHAN BYTE out!)\n"
      "  INT q, r:\n"
      "  SEQ\n"
      "    q, r := divmod (7, 2)\n"
      "    out ! BYTE (q + r)\n"
      ":\n");
  CHECK(contains(c, "std::tuple<occ::INT, occ::INT> p1_divmod(occ::INT v"));
  CHECK(contains(c, "auto t_ = p1_divmod(occ::INT(7), occ::INT(2));"));
}

TEST_CASE("the entry reads stdin only when the program uses its keyboard") {
  std::string quiet = cpp_of("PROC main (CHAN BYTE keyboard?, screen!, error!)\n  screen ! 'x'\n:\n");
  CHECK(contains(quiet, "occ::ProgramEntry{&occam_entry, false, \"main\", occam_nets}"));
  CHECK(contains(quiet, "occam_nets[] = {nullptr};"));
  std::string echo = cpp_of(
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  BYTE b:\n"
      "  SEQ\n"
      "    keyboard ? b\n"
      "    screen ! b\n"
      ":\n");
  CHECK(contains(echo, "occ::ProgramEntry{&occam_entry, true, \"main\", occam_nets}"));
}

TEST_CASE("a main PROC channel of another protocol than BYTE is bound to the network") {
  std::string c = cpp_of(
      "PROTOCOL PAIR IS BYTE; INT:\n"
      "PROC main (CHAN BYTE screen!, CHAN INT out!, CHAN PAIR in?)\n"
      "  BYTE b:\n"
      "  INT x:\n"
      "  SEQ\n"
      "    in ? b; x\n"
      "    out ! x\n"
      ":\n");
  CHECK(contains(c, "static occ::NetChannel<transit::Channel<occ::INT>> occam_net1{\"out\", transit::net::Role::sender, \"INT\"};"));
  CHECK(contains(c, "static occ::NetChannel<transit::Channel<occ::Packet>> occam_net2{\"in\", transit::net::Role::receiver, \"BYTE; INT\"};"));
  CHECK(contains(c, "occam_nets[] = {&occam_net1, &occam_net2, nullptr};"));
  CHECK(contains(c, "(c.screen, occam_net1.channel, occam_net2.channel)"));
}

TEST_CASE("replicated ALT registers its guards in a loop") {
  std::string c = cpp_of(
      "PROC main (CHAN BYTE out!)\n"
      "  [3]CHAN BYTE c:\n"
      "  BYTE b:\n"
      "  PAR\n"
      "    c[1] ! 'x'\n"
      "    ALT i = 0 FOR 3\n"
      "      c[i] ? b\n"
      "        out ! b\n"
      ":\n");
  CHECK(contains(c, "transit::Alt alt_;"));
  CHECK(contains(c, "which_.push_back(0);"));
  CHECK(contains(c, "co_await alt_.select("));
}

TEST_CASE("RESCHEDULE makes its PROC a coroutine and yields (transit::yield)") {
  std::string c = cpp_of(
      "PROC pause ()\n"
      "  RESCHEDULE ()\n"
      ":\n"
      "PROC main (CHAN BYTE out!)\n"
      "  pause ()\n"
      ":\n");
  CHECK(contains(c, "transit::Proc p1_pause()"));
  CHECK(contains(c, "co_await transit::yield("));
}
