// The iserver's SP_ISATTY and SP_CORE, as the Inmos iserver answers them: a terminal stream is
// success and a non-zero byte, any other stream an error, an unknown stream id ER_BADID (135);
// SP_CORE serves the memory peeked before boot (peek_core), cut short at its end, and is an error
// when nothing was peeked or the offset is outside it. The terminal is a pseudo-terminal: where
// none can be opened (a container without /dev/pts), that case is skipped and, if every other case
// passed, the executable exits 77 (skipped) saying why.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "transit/emu/node/transputer.h"
#include "transit/emu/host/iserver.h"
#include "transit/emu/host/session.h"

namespace transit::emu {
namespace {

std::vector<std::uint8_t> isatty_request(std::uint32_t id) {
  return {kSpIsatty, std::uint8_t(id), std::uint8_t(id >> 8), std::uint8_t(id >> 16), std::uint8_t(id >> 24)};
}

std::vector<std::uint8_t> core_request(std::uint32_t offset, std::uint32_t length) {
  return {kSpCore,
          std::uint8_t(offset),
          std::uint8_t(offset >> 8),
          std::uint8_t(offset >> 16),
          std::uint8_t(offset >> 24),
          std::uint8_t(length),
          std::uint8_t(length >> 8)};
}

// Why a case was skipped (empty: none was); main() turns it into exit status 77.
std::string skipped_because;

// A pseudo-terminal's slave end as a FILE*, closed with its master; `error` says why there is none.
struct Terminal {
  int master = -1;
  std::FILE* slave = nullptr;
  std::string error;
  Terminal() {
    master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
      error = std::string("no pseudo-terminal can be opened (posix_openpt/grantpt/unlockpt: ") + std::strerror(errno) + ")";
      return;
    }
    int fd = open(ptsname(master), O_RDWR | O_NOCTTY);
    if (fd >= 0) slave = fdopen(fd, "r+");
    if (!slave) error = std::string("the pseudo-terminal's slave cannot be opened (") + std::strerror(errno) + ")";
  }
  ~Terminal() {
    if (slave) std::fclose(slave);
    if (master >= 0) close(master);
  }
};

TEST_CASE("SP_ISATTY: a terminal is success and a non-zero byte; a file or pipe is an error") {
  Terminal term;
  if (!term.slave) {
    skipped_because = "SP_ISATTY on a terminal: " + term.error;
    MESSAGE("skipped: " << skipped_because);
    return;
  }
  std::FILE* file = std::tmpfile();
  HostOptions o;
  o.in = term.slave;
  o.out = file;
  o.err = file;
  {
    IServer s(o);
    std::vector<std::uint8_t> r = s.serve(isatty_request(0));
    REQUIRE(r.size() >= kSpMinPacket);
    CHECK(r[0] == kSpSuccess);
    CHECK(r[1] != 0);
    CHECK(s.serve(isatty_request(1))[0] == kSpError);
    CHECK(s.serve(isatty_request(2))[0] == kSpError);
    CHECK(s.serve(isatty_request(3))[0] == kSpBadId);   // never opened
    CHECK(s.serve(isatty_request(~0u))[0] == kSpBadId);
    CHECK(s.serve(std::vector<std::uint8_t>{kSpIsatty, 0})[0] == kSpBadId);  // a short request
  }
  std::fclose(file);
}

TEST_CASE("SP_CORE without a peeked core is an error") {
  IServer s{HostOptions{}};
  std::vector<std::uint8_t> r = s.serve(core_request(0, 16));
  CHECK(r[0] == kSpError);
  CHECK(r.size() == kSpMinPacket);
}

TEST_CASE("SP_CORE serves the peeked core: offset, length, cut short at the end, errors outside") {
  std::vector<std::uint8_t> core(1000);
  for (std::size_t i = 0; i < core.size(); ++i) core[i] = std::uint8_t(i * 7 + 1);
  IServer s{HostOptions{}};
  s.set_core(core);

  std::vector<std::uint8_t> r = s.serve(core_request(10, 5));
  REQUIRE(r.size() >= 8);
  CHECK(r[0] == kSpSuccess);
  CHECK((r[1] | r[2] << 8) == 5);
  CHECK(std::vector<std::uint8_t>(r.begin() + 3, r.begin() + 8) ==
        std::vector<std::uint8_t>(core.begin() + 10, core.begin() + 15));

  r = s.serve(core_request(996, 100));  // past the end: the last 4 bytes
  CHECK(r[0] == kSpSuccess);
  CHECK((r[1] | r[2] << 8) == 4);
  CHECK(r[3] == core[996]);
  CHECK(r[6] == core[999]);

  r = s.serve(core_request(0, 900));  // more than one packet holds: the packet's worth
  CHECK(r[0] == kSpSuccess);
  CHECK(std::size_t(r[1] | r[2] << 8) == kSpMaxPacket - 3);
  CHECK(r.size() <= kSpMaxPacket);

  CHECK(s.serve(core_request(1000, 1))[0] == kSpError);         // offset at the end
  CHECK(s.serve(core_request(0x80000000u, 1))[0] == kSpError);  // a negative offset
  CHECK(s.serve(core_request(0, 0x8000))[0] == kSpError);       // a negative length
  r = s.serve(core_request(5, 0));
  CHECK(r[0] == kSpSuccess);
  CHECK((r[1] | r[2] << 8) == 0);
}

TEST_CASE("peek_core copies the memory from MOSTNEG, at most all of it") {
  Transputer t(NodeConfig{.chip = Chip::T414, .memory_bytes = 64 * 1024});
  t.cpu().store(0x80000100u, 0x11223344u);
  std::vector<std::uint8_t> core = peek_core(t, 0x104);
  REQUIRE(core.size() == 0x104);
  CHECK(core[0x100] == 0x44);
  CHECK(core[0x103] == 0x11);
  CHECK(peek_core(t, 1u << 30).size() == 64 * 1024);
}

}  // namespace
}  // namespace transit::emu

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  int status = context.run();
  if (status != 0 || context.shouldExit()) return status;
  if (!transit::emu::skipped_because.empty()) {
    std::printf("skipped: %s\n", transit::emu::skipped_because.c_str());
    return 77;
  }
  return 0;
}
