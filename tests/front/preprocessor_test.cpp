// The preprocessor: conditionals, #DEFINE, #INCLUDE re-indentation, #USE resolution.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "front_test.h"
#include "transit/occam/pre/preprocessor.h"

using namespace transit::occam;
namespace fs = std::filesystem;

namespace {

std::string kept(const std::string& text, Diagnostics* out = nullptr) {
  SourceSet sources;
  Diagnostics diags;
  std::uint32_t id = sources.add("t.occ", text);
  Preprocessed p = preprocess(sources, id, PreprocessOptions{}, diags);
  std::string s;
  for (const SourceLine& l : p.lines) s += std::string(l.text) + "|";
  if (out) *out = diags;
  return s;
}

// A scratch folder removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("transit-front-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& name, const std::string& text) const {
    fs::create_directories((path / name).parent_path());
    std::ofstream(path / name) << text;
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

}  // namespace

TEST_CASE("#IF / #ELIF / #ELSE / #ENDIF keep one branch") {
  CHECK(kept("#IF TRUE\na\n#ELSE\nb\n#ENDIF\n") == "a|");
  CHECK(kept("#IF FALSE\na\n#ELIF TRUE\nb\n#ELSE\nc\n#ENDIF\n") == "b|");
  CHECK(kept("#IF FALSE\na\n#ELIF FALSE\nb\n#ELSE\nc\n#ENDIF\n") == "c|");
  CHECK(kept("#IF FALSE\n#IF TRUE\na\n#ENDIF\n#ELSE\nb\n#ENDIF\n") == "b|");
}

TEST_CASE("#DEFINE, DEFINED and TARGET.BITS.PER.WORD") {
  CHECK(kept("#DEFINE FOO\n#IF DEFINED (FOO)\na\n#ENDIF\n") == "a|");
  CHECK(kept("#IF DEFINED (FOO)\na\n#ENDIF\n") == "");
  CHECK(kept("#IF TARGET.BITS.PER.WORD = 32\na\n#ENDIF\n") == "a|");
  CHECK(kept("#DEFINE N 3\n#IF (N > 2) AND NOT DEFINED (M)\na\n#ENDIF\n") == "a|");
  CHECK(kept("#DEFINE FOO\n#UNDEF FOO\n#IF DEFINED (FOO)\na\n#ENDIF\n") == "");
}

TEST_CASE("malformed conditionals are diagnosed") {
  Diagnostics d;
  kept("#IF TRUE\na\n", &d);
  CHECK(d.has_errors());
  kept("#ENDIF\n", &d);
  CHECK(d.has_errors());
  kept("#IF UNDEFINED.NAME\n#ENDIF\n", &d);
  CHECK(d.has_errors());
  kept("#FROB\n", &d);
  CHECK(d.has_errors());
}

TEST_CASE("#PRAGMA, #COMMENT and #OPTION are accepted and dropped") {
  Diagnostics d;
  CHECK(kept("#PRAGMA SHARED x\n#COMMENT \"hi\"\n#OPTION \"E\"\na\n", &d) == "a|");
  CHECK(!d.has_errors());
}

TEST_CASE("#PRAGMA PERMITALIASES and SHARED collect their names; EXTERNAL is warned about") {
  SourceSet sources;
  Diagnostics diags;
  std::uint32_t id = sources.add("t.occ", "#PRAGMA PERMITALIASES a, b.c\n#PRAGMA PERMITALIASES d\n#PRAGMA SHARED x\n"
                                          "#PRAGMA EXTERNAL \"PROC C.f () = 0\"\n");
  Preprocessed p = preprocess(sources, id, PreprocessOptions{}, diags);
  CHECK(p.permit_aliases == std::vector<std::string>{"a", "b.c", "d"});
  CHECK(p.shared == std::vector<std::string>{"x"});
  CHECK(!diags.has_errors());
  REQUIRE(diags.all().size() == 1);
  CHECK(diags.all()[0].severity == Severity::Warning);
  CHECK(diags.all()[0].pos.line == 4);
}

TEST_CASE("#INCLUDE inserts a file re-indented to the directive's column") {
  TempDir dir;
  dir.write("body.inc", "SEQ\n  x := 1\n  x := 2\n");
  auto r = test::front(
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  INT x:\n"
      "  #INCLUDE \"body.inc\"\n"
      ":\n",
      dir.path.string());
  CHECK(r.ok);
  CHECK(r.ast.find("Seq @1:1") != std::string::npos);  // positions stay in the included file
  CHECK(r.ast.find("Assign x@2 := 2") != std::string::npos);
}

TEST_CASE("a missing #INCLUDE file is reported at the directive") {
  auto r = test::front("#INCLUDE \"nowhere.inc\"\nPROC main ()\n  SKIP\n:\n");
  CHECK(!r.ok);
  CHECK(test::has_error(r, 1, "cannot find include file"));
}

TEST_CASE("#USE finds name, name.lib as name.module, on the search path") {
  TempDir dir;
  dir.write("lib/util.module", "PROC twice (INT x)\n  x := x * 2\n:\n");
  auto r = test::front(
      "#USE \"util.lib\"\n"
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  INT y:\n"
      "  SEQ\n"
      "    y := 3\n"
      "    twice (y)\n"
      ":\n",
      dir.path.string(), {(dir.path / "lib").string()});
  CHECK(r.ok);
  CHECK(r.ast.find("library ") != std::string::npos);
  CHECK(find_source("util.lib", (dir.path / "t.occ").string(), PreprocessOptions{{(dir.path / "lib").string()}, {}, {}}, true) ==
        (dir.path / "lib" / "util.module").lexically_normal().string());
}

TEST_CASE("a source that cannot be read says why; a folder is not taken for an #INCLUDE file") {
  TempDir dir;
  dir.write("parts.inc/x", "");
  auto r = test::front("#INCLUDE \"parts.inc\"\nPROC main ()\n  SKIP\n:\n", dir.path.string());
  CHECK(test::has_error(r, 1, "cannot find include file"));
  SourceSet sources;
  std::string why;
  CHECK(!sources.load((dir.path / "absent.occ").string(), &why));
  CHECK(why == "No such file or directory");
  CHECK(!sources.load(dir.path.string(), &why));
  CHECK(why == "it is a directory");
}

TEST_CASE("a #USE that cannot be found is an error") {
  auto r = test::front("#USE \"no.such.lib\"\nPROC main ()\n  SKIP\n:\n");
  CHECK(test::has_error(r, 1, "cannot find library"));
}

TEST_CASE("an #INCLUDE cycle stops at the depth limit") {
  TempDir dir;
  dir.write("self.inc", "#INCLUDE \"self.inc\"\n");
  auto r = test::front("#INCLUDE \"self.inc\"\n", dir.path.string());
  CHECK(!r.ok);
  CHECK(r.diagnostics.find("nested more than") != std::string::npos);
}

TEST_CASE("a tab before #INCLUDE advances to a multiple of 8 columns of its own line, as the lexer counts") {
  TempDir dir;
  // outer.inc is included at column 2; its tab-indented directive is at 2 + 8 = 10, under the
  // SEQ at 2 + 6 (a tab counted from the shifted column would give 8, that SEQ's own level).
  dir.write("outer.inc", "SEQ\n  SEQ\n    SEQ\n      SEQ\n\t#INCLUDE \"inner.inc\"\n");
  dir.write("inner.inc", "x := 1\n");
  auto r = test::front(
      "PROC main (CHAN BYTE keyboard?, screen!, error!)\n"
      "  INT x:\n"
      "  #INCLUDE \"outer.inc\"\n"
      ":\n",
      dir.path.string());
  INFO(r.diagnostics);
  CHECK(r.ok);
  CHECK(r.list.empty());  // (an empty SEQ would be warned about)
}
