// The Inmos iserver's SP protocol, host side: one request packet in, one reply packet out.
// File access is confined to the working directory (a binary is untrusted input): names must be
// relative, without "..", and must resolve inside it. SP_SYSTEM is refused unless allowed.
// Keyboard input (SP_GETKEY/SP_POLLKEY) is read from stdin one byte per key, terminal or not;
// at the end of stdin they answer with an error, never a junk key. SP_CORE answers from the root's
// memory as captured before boot (`iserver -sa`: set_core), and with an error when none was.
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

namespace transit::emu {

struct HostOptions {
  std::string program;              // the boot file name (SP_COMMAND with "all")
  std::vector<std::string> args;    // program arguments (after `--`)
  bool allow_system = false;        // SP_SYSTEM runs commands only if set
  std::uint32_t board_size = 0;     // IBOARDSIZE when the environment has none (the board's RAM)
  std::FILE* in = stdin;            // keyboard and stream 0
  std::FILE* out = stdout;
  std::FILE* err = stderr;
};

// SP tags and results (iserver protocol).
enum SpTag : std::uint8_t {
  kSpOpen = 10, kSpClose = 11, kSpRead = 12, kSpWrite = 13, kSpGets = 14, kSpPuts = 15,
  kSpFlush = 16, kSpSeek = 17, kSpTell = 18, kSpEof = 19, kSpFerror = 20, kSpRemove = 21,
  kSpRename = 22, kSpGetBlock = 23, kSpPutBlock = 24, kSpIsatty = 25,
  kSpGetKey = 30, kSpPollKey = 31, kSpGetEnv = 32, kSpTime = 33, kSpSystem = 34, kSpExit = 35,
  kSpCommand = 40, kSpCore = 41, kSpId = 42,
};
inline constexpr std::uint8_t kSpSuccess = 0, kSpUnimplemented = 1, kSpError = 129, kSpBadId = 135;
inline constexpr std::size_t kSpMaxPacket = 510;  // data bytes in one packet
inline constexpr std::size_t kSpMinPacket = 6;
// SP_EXIT statuses meaning success and failure.
inline constexpr std::int32_t kSpExitSuccess = 999999999, kSpExitFailure = -999999999;

class IServer {
 public:
  explicit IServer(HostOptions options);
  ~IServer();
  IServer(const IServer&) = delete;
  IServer& operator=(const IServer&) = delete;

  // Serves one request (the packet's data bytes, without the length) and returns the reply's data.
  std::vector<std::uint8_t> serve(std::span<const std::uint8_t> request);

  // The root transputer's memory from MOSTNEG as peeked before boot, for SP_CORE.
  void set_core(std::vector<std::uint8_t> core) {
    core_ = std::move(core);
    has_core_ = true;
  }

  bool exited() const { return exited_; }
  int exit_status() const { return exit_status_; }  // process exit status for the host

 private:
  struct Reader;
  struct Writer;
  std::FILE* stream(std::int32_t id);
  bool allowed_path(const std::string& name) const;
  int read_key(bool wait);  // -1: no key (poll) or end of input

  HostOptions opt_;
  std::vector<std::FILE*> files_;  // index = stream id; 0 stdin, 1 stdout, 2 stderr
  bool exited_ = false;
  int exit_status_ = 0;
  bool stdin_eof_ = false;
  bool raw_terminal_ = false;
  std::vector<unsigned char> saved_termios_;
  std::vector<std::uint8_t> core_;
  bool has_core_ = false;
};

}  // namespace transit::emu
