// The iserver SP protocol: files confined to the working directory, keyboard from stdin one byte
// per key with end of input reported as an error, the command line, exit statuses, SP_SYSTEM off.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "transit/emu/host/iserver.h"

namespace transit::emu {
namespace {

struct Request {
  std::vector<std::uint8_t> b;
  explicit Request(std::uint8_t tag) { b.push_back(tag); }
  Request& byte(std::uint8_t v) {
    b.push_back(v);
    return *this;
  }
  Request& i16(std::uint32_t v) { return byte(std::uint8_t(v)).byte(std::uint8_t(v >> 8)); }
  Request& i32(std::uint32_t v) { return i16(v & 0xFFFF).i16(v >> 16); }
  Request& str(const std::string& s) {
    i16(std::uint32_t(s.size()));
    b.insert(b.end(), s.begin(), s.end());
    return *this;
  }
};

HostOptions options(std::FILE* in, std::FILE* out) {
  HostOptions o;
  o.in = in;
  o.out = out;
  return o;
}

std::uint32_t i32_at(const std::vector<std::uint8_t>& r, std::size_t at) {
  return r[at] | r[at + 1] << 8 | r[at + 2] << 16 | std::uint32_t(r[at + 3]) << 24;
}

// Runs each test in a fresh temporary working directory.
struct TempDir {
  TempDir() {
    old = std::filesystem::current_path();
    dir = std::filesystem::temp_directory_path() / ("transit-iserver-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir / "sub");
    std::filesystem::current_path(dir);
  }
  ~TempDir() {
    std::filesystem::current_path(old);
    std::filesystem::remove_all(dir);
  }
  std::filesystem::path old, dir;
};

TEST_CASE("open, write, close, reopen and read a file; replies are padded to an even size >= 6") {
  TempDir tmp;
  std::FILE* out = std::tmpfile();
  IServer s(options(stdin, out));
  auto r = s.serve(Request(kSpOpen).str("sub/data.txt").byte(1).byte(2).b);
  REQUIRE(r[0] == kSpSuccess);
  CHECK(r.size() == 6);
  std::uint32_t id = i32_at(r, 1);
  r = s.serve(Request(kSpWrite).i32(id).str("hello").b);
  CHECK(r[0] == kSpSuccess);
  CHECK((r[1] | r[2] << 8) == 5);
  CHECK(s.serve(Request(kSpClose).i32(id).b)[0] == kSpSuccess);

  r = s.serve(Request(kSpOpen).str("sub/data.txt").byte(1).byte(1).b);
  REQUIRE(r[0] == kSpSuccess);
  id = i32_at(r, 1);
  r = s.serve(Request(kSpRead).i32(id).i16(100).b);
  CHECK(r[0] == kSpSuccess);
  REQUIRE((r[1] | r[2] << 8) == 5);
  CHECK(std::string(r.begin() + 3, r.begin() + 8) == "hello");
  CHECK(r.size() % 2 == 0);
  CHECK(s.serve(Request(kSpEof).i32(id).b)[0] == kSpSuccess);
  std::fclose(out);
}

TEST_CASE("file names outside the working directory are refused") {
  TempDir tmp;
  IServer s(HostOptions{});
  CHECK(s.serve(Request(kSpOpen).str("../escape.txt").byte(1).byte(2).b)[0] == kSpError);
  CHECK(s.serve(Request(kSpOpen).str("/etc/passwd").byte(1).byte(1).b)[0] == kSpError);
  CHECK(s.serve(Request(kSpOpen).str("sub/../../x").byte(1).byte(2).b)[0] == kSpError);
  CHECK(s.serve(Request(kSpRemove).str("/tmp/x").b)[0] == kSpError);
  CHECK(!std::filesystem::exists(tmp.dir.parent_path() / "escape.txt"));
}

TEST_CASE("puts and write to stdout pass bytes unchanged, CR included") {
  std::FILE* out = std::tmpfile();
  IServer s(options(stdin, out));
  CHECK(s.serve(Request(kSpWrite).i32(1).str("a\r\nb").b)[0] == kSpSuccess);
  CHECK(s.serve(Request(kSpPuts).i32(1).str("line").b)[0] == kSpSuccess);
  std::rewind(out);
  char buf[32] = {};
  std::size_t n = std::fread(buf, 1, sizeof buf, out);
  CHECK(std::string(buf, n) == "a\r\nbline\n");
  std::fclose(out);
}

TEST_CASE("getkey reads stdin one byte per key and reports end of input as an error") {
  std::FILE* in = std::tmpfile();
  std::fputs("4\r", in);
  std::rewind(in);
  IServer s(options(in, stdout));
  auto r = s.serve(Request(kSpGetKey).b);
  CHECK(r[0] == kSpSuccess);
  CHECK(r[1] == '4');
  r = s.serve(Request(kSpPollKey).b);
  CHECK(r[0] == kSpSuccess);
  CHECK(r[1] == '\r');
  CHECK(s.serve(Request(kSpGetKey).b)[0] == kSpError);
  CHECK(s.serve(Request(kSpPollKey).b)[0] == kSpError);
  std::fclose(in);
}

TEST_CASE("command line, environment, system, id, exit") {
  HostOptions o;
  o.program = "prog.btl";
  o.args = {"-x", "7"};
  o.board_size = 0x200000;
  IServer s(o);
  auto r = s.serve(Request(kSpCommand).byte(0).b);
  CHECK(r[0] == kSpSuccess);
  CHECK(std::string(r.begin() + 3, r.begin() + 3 + (r[1] | r[2] << 8)) == "-x 7");
  r = s.serve(Request(kSpCommand).byte(1).b);
  CHECK(std::string(r.begin() + 3, r.begin() + 3 + (r[1] | r[2] << 8)) == "prog.btl -x 7");
  if (!std::getenv("IBOARDSIZE")) {
    r = s.serve(Request(kSpGetEnv).str("IBOARDSIZE").b);
    CHECK(r[0] == kSpSuccess);
    CHECK(std::string(r.begin() + 3, r.begin() + 3 + (r[1] | r[2] << 8)) == "#200000");
  }
  CHECK(s.serve(Request(kSpGetEnv).str("TRANSIT_SURELY_UNSET_VARIABLE").b)[0] == kSpError);
  CHECK(s.serve(Request(kSpSystem).str("true").b)[0] == kSpError);
  CHECK(s.serve(Request(kSpId).b)[0] == kSpSuccess);
  CHECK(s.serve(Request(200).b)[0] == kSpUnimplemented);
  CHECK(!s.exited());
  s.serve(Request(kSpExit).i32(std::uint32_t(kSpExitSuccess)).b);
  CHECK(s.exited());
  CHECK(s.exit_status() == 0);
  IServer f(HostOptions{});
  f.serve(Request(kSpExit).i32(std::uint32_t(kSpExitFailure)).b);
  CHECK(f.exit_status() == 1);
}

TEST_CASE("a short or malformed request is answered, never crashes") {
  IServer s(HostOptions{});
  CHECK(s.serve(Request(kSpOpen).i16(400).b)[0] == kSpError);
  CHECK(s.serve(Request(kSpWrite).i32(99).str("x").b)[0] == kSpError);
  CHECK(s.serve(std::vector<std::uint8_t>{}).size() >= kSpMinPacket);
}

}  // namespace
}  // namespace transit::emu
