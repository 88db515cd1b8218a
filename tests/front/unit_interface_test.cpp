// A compiled unit's interface (driver/unit.h): PROC and FUNCTION headings whose body is an
// EXTERNAL descriptor. The parser reads it; the checker's usage rules and the lowering (channel
// ends, coroutines) take from it what the body would have told them.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "front_test.h"
#include "transit/occam/ir/chan_ends.h"
#include "transit/occam/lower/lower.h"

namespace fs = std::filesystem;
using namespace transit::occam;

namespace {

// An interface file `iface.lib` in a scratch folder, removed at the end of the test.
struct Interface {
  fs::path dir;
  explicit Interface(const std::string& text) {
    static int n = 0;
    dir = fs::temp_directory_path() / ("transit-iface-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::create_directories(dir);
    std::ofstream(dir / "iface.lib") << text;
  }
  ~Interface() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  test::Result use(const std::string& program) const { return test::front("#USE \"iface\"\n" + program, dir.string()); }
};

const char* kInterface =
    "VAL []INT table IS [1, 2, 3]:\n"
    "PROC put (VAL INT x, CHAN INT c!)\n"
    "  EXTERNAL \"waits r ! |\"\n"
    ":\n"
    "PROC get (CHAN INT c?, INT x)\n"
    "  EXTERNAL \"waits ? w | table:r\"\n"
    ":\n"
    "INT, INT FUNCTION pair (VAL INT a)\n"
    "  EXTERNAL \"nowait r | table:r\"\n"
    ":\n";

}  // namespace

TEST_CASE("the usage rules read what a unit's PROC does from its EXTERNAL descriptor") {
  Interface iface(kInterface);
  auto r = iface.use(
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  CHAN INT c:\n"
      "  INT x, y:\n"
      "  PAR\n"
      "    put (1, c!)\n"
      "    put (2, c!)\n"
      "    get (c?, x)\n"
      ":\n");
  CHECK(test::has_error(r, 7, "channel 'c' is written in two branches of a PAR"));
  r = iface.use(
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  CHAN INT c:\n"
      "  INT x, y:\n"
      "  PAR\n"
      "    get (c?, x)\n"
      "    put (1, c!)\n"
      "    get (c?, y)\n"
      ":\n");
  CHECK(test::has_error(r, 8, "channel 'c' is read in two branches of a PAR"));
  r = iface.use(
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  CHAN INT c:\n"
      "  INT x, y:\n"
      "  SEQ\n"
      "    PAR\n"
      "      put (1, c!)\n"
      "      get (c?, x)\n"
      "    x, y := pair (x)\n"
      ":\n");
  CHECK_MESSAGE(r.ok, r.diagnostics);
}

TEST_CASE("a unit's routine is lowered external, with its channel uses, coroutine and free names") {
  Interface iface(kInterface);
  FrontEnd fe;
  REQUIRE(fe.run_text((iface.dir / "t.occ").string(),
                      "#USE \"iface\"\n"
                      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
                      "  CHAN INT c:\n"
                      "  INT x:\n"
                      "  PAR\n"
                      "    put (1, c!)\n"
                      "    get (c?, x)\n"
                      ":\n",
                      PreprocessOptions{}));
  auto m = lower(fe.program, fe.sources, fe.diags);
  REQUIRE(m);
  const ir::Proc* get = nullptr;
  ir::ProcId get_id = ir::kNone;
  for (std::size_t i = 0; i < m->procs.size(); ++i)
    if (m->procs[i].name == "get") get = &m->procs[i], get_id = ir::ProcId(i);
  REQUIRE(get);
  CHECK(get->external);
  CHECK(get->free_vars.empty());  // table is a top-level VAL: substituted where it is used, not passed
  CHECK(ir::procs_that_wait(*m)[std::size_t(get_id)]);
  ir::ChanEnds ends(*m);
  const auto& use = ends.summary(get_id);
  REQUIRE(use.count(get->params[0]));
  CHECK(use.at(get->params[0]).reads);
  CHECK(!use.at(get->params[0]).writes);
  CHECK(!use.count(get->params[1]));
}

TEST_CASE("EXTERNAL bodies: only in a unit, well formed, matching the heading, naming declared names") {
  auto r = test::front("PROC p (CHAN INT c!)\n  EXTERNAL \"waits ! |\"\n:\nPROC main (CHAN BYTE keyboard?, screen!, error!)\n  SKIP\n:\n");
  CHECK(test::has_error(r, 2, "an EXTERNAL body belongs in a compiled unit's interface"));
  Interface bad("PROC p (CHAN INT c!)\n  EXTERNAL \"sometimes ! |\"\n:\n");
  r = bad.use("PROC main (CHAN BYTE keyboard?, screen!, error!)\n  SKIP\n:\n");
  CHECK(test::has_error(r, 2, "malformed EXTERNAL descriptor"));
  Interface count("PROC p (CHAN INT c!)\n  EXTERNAL \"waits ! ? |\"\n:\n");
  r = count.use("PROC main (CHAN BYTE keyboard?, screen!, error!)\n  SKIP\n:\n");
  CHECK(test::has_error(r, 2, "does not match its parameters"));
  Interface free("PROC p (CHAN INT c!)\n  EXTERNAL \"waits ! | nothing:r\"\n:\n");
  r = free.use("PROC main (CHAN BYTE keyboard?, screen!, error!)\n  SKIP\n:\n");
  CHECK(test::has_error(r, 2, "names 'nothing', which is not declared"));
}
