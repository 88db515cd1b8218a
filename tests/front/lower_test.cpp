// Lowering from the checked AST: what each construct becomes in the IR.
#include <doctest/doctest.h>

#include "lower_test_util.h"

using namespace transit::occam;
using test::contains;
using test::lower_text;

TEST_CASE("constants fold into literals and checks are explicit") {
  auto l = lower_text(
      "VAL INT N IS 3:\n"
      "PROC main (CHAN BYTE out!)\n"
      "  [N]INT a:\n"
      "  INT i:\n"
      "  SEQ\n"
      "    i := 2\n"
      "    a[1] := N + 1\n"
      "    a[i] := a[1] + i\n"
      "    out ! BYTE a[i]\n"
      ":\n");
  REQUIRE_MESSAGE(l.module, l.diagnostics);
  CHECK(contains(l.ir, "a#1[1(INT)] := 4(INT)"));            // constant index in range: no check
  CHECK(contains(l.ir, "a#1[i#2]! := (a#1[1(INT)] +! i#2)"));  // run-time index and sum: checked
  CHECK(contains(l.ir, "(BYTE! a#1[i#2]!)"));
}

TEST_CASE("nested PROCs are lifted with the names they use") {
  auto l = lower_text(
      "PROC main (CHAN BYTE out!)\n"
      "  INT count:\n"
      "  PROC bump ()\n"
      "    count := count + 1\n"
      "  :\n"
      "  PROC twice ()\n"
      "    SEQ\n"
      "      bump ()\n"
      "      bump ()\n"
      "  :\n"
      "  SEQ\n"
      "    count := 0\n"
      "    twice ()\n"
      "    out ! BYTE count\n"
      ":\n");
  REQUIRE_MESSAGE(l.module, l.diagnostics);
  const ir::Module& m = *l.module;
  REQUIRE(m.procs.size() == 3);
  for (const ir::Proc& p : m.procs) {
    if (p.name == "main") CHECK(p.free_vars.empty());
    else CHECK(p.free_vars.size() == 1);  // count, also passed through twice to bump
  }
  CHECK(contains(l.ir, "PROC twice () free (INT count#"));
}

TEST_CASE("only routines reachable from the entry are lowered") {
  auto l = lower_text(
      "PROC unused (CHAN BYTE out!)\n"
      "  out ! 'u'\n"
      ":\n"
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  screen ! 'm'\n"
      ":\n");
  REQUIRE_MESSAGE(l.module, l.diagnostics);
  REQUIRE(l.module->procs.size() == 1);
  REQUIRE(l.module->entry);
  CHECK(l.module->procs[0].name == "main");
  CHECK(l.module->entry->params ==
        std::vector<ir::MainChannel>{ir::MainChannel::Keyboard, ir::MainChannel::Screen, ir::MainChannel::Error});
}

TEST_CASE("the old entry signature maps by name") {
  auto l = lower_text(
      "PROC main (CHAN OF BYTE keyb, scr, err)\n"
      "  scr ! 'x'\n"
      ":\n");
  REQUIRE_MESSAGE(l.module, l.diagnostics);
  CHECK(l.module->entry->params ==
        std::vector<ir::MainChannel>{ir::MainChannel::Keyboard, ir::MainChannel::Screen, ir::MainChannel::Error});
}

TEST_CASE("protocols: counted arrays are two items, variants carry their tag") {
  auto l = lower_text(
      "PROTOCOL MSG\n"
      "  CASE\n"
      "    stop\n"
      "    data; INT::[]BYTE\n"
      ":\n"
      "PROC main (CHAN BYTE out!)\n"
      "  CHAN MSG c:\n"
      "  [8]BYTE buf:\n"
      "  INT n:\n"
      "  PAR\n"
      "    SEQ\n"
      "      c ! data; 2::\"hi\"\n"
      "      c ! stop\n"
      "    SEQ i = 0 FOR 2\n"
      "      c ? CASE\n"
      "        data; n::buf\n"
      "          out ! buf[0]\n"
      "        stop\n"
      "          SKIP\n"
      ":\n");
  REQUIRE_MESSAGE(l.module, l.diagnostics);
  CHECK(contains(l.ir, "protocol P1 MSG = CASE 0:stop 1:data(INT::[]BYTE)"));
  CHECK(contains(l.ir, "OUTPUT c#1 ! tag 1; 2(INT), [104(BYTE), 105(BYTE)]"));
  CHECK(contains(l.ir, "ARM tag 1 n#3, buf#2"));
}
