// The iserver SP protocol: request decoding, the file table, keyboard, and replies.
#include "transit/emu/host/iserver.h"

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>

namespace transit::emu {

// Reads the fields of a request; a short request reads as zeros and marks itself bad.
struct IServer::Reader {
  std::span<const std::uint8_t> data;
  std::size_t pos = 1;  // after the tag
  bool bad = false;
  std::uint8_t byte() {
    if (pos >= data.size()) {
      bad = true;
      return 0;
    }
    return data[pos++];
  }
  std::int32_t int16() {
    std::uint32_t lo = byte();
    std::uint32_t hi = byte();
    return std::int16_t(lo | hi << 8);
  }
  std::int32_t int32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= std::uint32_t(byte()) << (8 * i);
    return std::int32_t(v);
  }
  std::string slice() {
    std::int32_t n = int16();
    if (n < 0 || pos + std::size_t(n) > data.size()) {
      bad = true;
      return {};
    }
    std::string s(reinterpret_cast<const char*>(data.data() + pos), std::size_t(n));
    pos += std::size_t(n);
    return s;
  }
};

struct IServer::Writer {
  std::vector<std::uint8_t> out;
  void byte(std::uint32_t v) { out.push_back(std::uint8_t(v)); }
  void int16(std::uint32_t v) {
    byte(v);
    byte(v >> 8);
  }
  void int32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) byte(v >> (8 * i));
  }
  void slice(const void* p, std::size_t n) {
    int16(std::uint32_t(n));
    auto* b = static_cast<const std::uint8_t*>(p);
    out.insert(out.end(), b, b + n);
  }
};

IServer::IServer(HostOptions options) : opt_(std::move(options)) {
  files_ = {opt_.in, opt_.out, opt_.err};
  if (opt_.in == stdin) std::setvbuf(stdin, nullptr, _IONBF, 0);
}

IServer::~IServer() {
  for (std::size_t i = 3; i < files_.size(); ++i)
    if (files_[i]) std::fclose(files_[i]);
  if (raw_terminal_) {
    termios t;
    std::memcpy(&t, saved_termios_.data(), sizeof t);
    tcsetattr(fileno(opt_.in), TCSANOW, &t);
  }
  std::fflush(opt_.out);
}

std::FILE* IServer::stream(std::int32_t id) {
  if (id < 0 || std::size_t(id) >= files_.size()) return nullptr;
  return files_[std::size_t(id)];
}

bool IServer::allowed_path(const std::string& name) const {
  namespace fs = std::filesystem;
  if (name.empty() || name.find('\0') != std::string::npos) return false;
  fs::path p(name);
  if (p.is_absolute()) return false;
  for (const fs::path& part : p)
    if (part == "..") return false;
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (ec) return false;
  fs::path full = fs::weakly_canonical(cwd / p, ec);
  if (ec) return false;
  auto [end, _] = std::mismatch(cwd.begin(), cwd.end(), full.begin(), full.end());
  return end == cwd.end();
}

int IServer::read_key(bool wait) {
  if (stdin_eof_) return -1;
  int fd = fileno(opt_.in);
  if (fd >= 0 && isatty(fd) && !raw_terminal_) {
    termios t;
    if (tcgetattr(fd, &t) == 0) {
      saved_termios_.resize(sizeof t);
      std::memcpy(saved_termios_.data(), &t, sizeof t);
      t.c_lflag &= ~tcflag_t(ICANON | ECHO);
      t.c_cc[VMIN] = 1;
      t.c_cc[VTIME] = 0;
      tcsetattr(fd, TCSANOW, &t);
      raw_terminal_ = true;
    }
  }
  if (!wait && fd >= 0) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 0) <= 0) return -1;
  }
  int ch = std::getc(opt_.in);
  if (ch == EOF) {
    stdin_eof_ = true;
    return -1;
  }
  return ch;
}

std::vector<std::uint8_t> IServer::serve(std::span<const std::uint8_t> request) {
  Reader in{request};
  Writer out;
  std::uint8_t tag = request.empty() ? 0 : request[0];
  auto result = [&](bool ok) { out.byte(ok ? kSpSuccess : kSpError); };
  switch (tag) {
    case kSpOpen: {
      std::string name = in.slice();
      std::uint8_t type = in.byte(), mode = in.byte();
      static const char* const kModes[] = {"rb", "wb", "ab", "r+b", "w+b", "a+b"};
      std::FILE* f = nullptr;
      if (!in.bad && mode >= 1 && mode <= 6 && (type == 1 || type == 2) && allowed_path(name))
        f = std::fopen(name.c_str(), kModes[mode - 1]);
      result(f != nullptr);
      std::int32_t id = -1;
      if (f) {
        id = std::int32_t(files_.size());
        files_.push_back(f);
      }
      out.int32(std::uint32_t(id));
      break;
    }
    case kSpClose: {
      std::int32_t id = in.int32();
      std::FILE* f = stream(id);
      bool ok = f != nullptr;
      if (f && id > 2) {
        ok = std::fclose(f) == 0;
        files_[std::size_t(id)] = nullptr;
      }
      result(ok);
      break;
    }
    case kSpRead:
    case kSpGetBlock: {
      std::FILE* f = stream(in.int32());
      std::int32_t n = in.int16();
      std::vector<std::uint8_t> buf;
      if (f && n > 0) {
        buf.resize(std::min<std::size_t>(std::size_t(n), kSpMaxPacket - 3));
        buf.resize(std::fread(buf.data(), 1, buf.size(), f));
      }
      result(f != nullptr);
      out.slice(buf.data(), buf.size());
      break;
    }
    case kSpWrite:
    case kSpPutBlock: {
      std::FILE* f = stream(in.int32());
      std::string data = in.slice();
      std::size_t n = f && !in.bad ? std::fwrite(data.data(), 1, data.size(), f) : 0;
      if (f == opt_.out || f == opt_.err) std::fflush(f);
      result(f != nullptr && !in.bad);
      out.int16(std::uint32_t(n));
      break;
    }
    case kSpGets: {
      std::FILE* f = stream(in.int32());
      std::int32_t limit = in.int16();
      std::string line;
      bool ok = false;
      if (f && limit > 0) {
        int ch;
        while (line.size() < std::size_t(limit) && (ch = std::getc(f)) != EOF) {
          ok = true;
          if (ch == '\n') break;
          line.push_back(char(ch));
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
      }
      result(ok);
      out.slice(line.data(), std::min(line.size(), kSpMaxPacket - 3));
      break;
    }
    case kSpPuts: {
      std::FILE* f = stream(in.int32());
      std::string data = in.slice();
      bool ok = f && !in.bad && std::fwrite(data.data(), 1, data.size(), f) == data.size() &&
                std::fputc('\n', f) != EOF;
      if (f == opt_.out || f == opt_.err) std::fflush(f);
      result(ok);
      break;
    }
    case kSpFlush: {
      std::FILE* f = stream(in.int32());
      result(f && std::fflush(f) == 0);
      break;
    }
    case kSpSeek: {
      std::FILE* f = stream(in.int32());
      std::int32_t offset = in.int32(), origin = in.int32();
      int whence = origin == 1 ? SEEK_SET : origin == 2 ? SEEK_CUR : SEEK_END;
      result(f && origin >= 1 && origin <= 3 && std::fseek(f, offset, whence) == 0);
      break;
    }
    case kSpTell: {
      std::FILE* f = stream(in.int32());
      long pos = f ? std::ftell(f) : -1;
      result(pos >= 0);
      out.int32(std::uint32_t(pos));
      break;
    }
    case kSpEof: {
      std::FILE* f = stream(in.int32());
      result(f && std::feof(f));
      break;
    }
    case kSpFerror: {
      std::FILE* f = stream(in.int32());
      bool err = f && std::ferror(f);
      result(err);
      out.int32(err ? std::uint32_t(errno) : 0);
      const char* msg = err ? std::strerror(errno) : "";
      out.slice(msg, std::strlen(msg));
      break;
    }
    case kSpRemove: {
      std::string name = in.slice();
      result(!in.bad && allowed_path(name) && std::remove(name.c_str()) == 0);
      break;
    }
    case kSpRename: {
      std::string from = in.slice(), to = in.slice();
      result(!in.bad && allowed_path(from) && allowed_path(to) &&
             std::rename(from.c_str(), to.c_str()) == 0);
      break;
    }
    case kSpGetKey:
    case kSpPollKey: {
      std::fflush(opt_.out);
      int key = read_key(tag == kSpGetKey);
      result(key >= 0);
      out.byte(key >= 0 ? std::uint32_t(key) : 0);
      break;
    }
    case kSpGetEnv: {
      std::string name = in.slice();
      const char* v = in.bad ? nullptr : std::getenv(name.c_str());
      // The C and occam libraries size their heap from IBOARDSIZE: default to the board's RAM.
      char size[16];
      if (!v && name == "IBOARDSIZE" && opt_.board_size) {
        std::snprintf(size, sizeof size, "#%X", opt_.board_size);
        v = size;
      }
      result(v != nullptr);
      std::size_t n = v ? std::min(std::strlen(v), kSpMaxPacket - 3) : 0;
      out.slice(v ? v : "", n);
      break;
    }
    case kSpTime: {
      std::time_t now = std::time(nullptr);
      std::tm local{};
      localtime_r(&now, &local);
      result(true);
      out.int32(std::uint32_t(now + local.tm_gmtoff));
      out.int32(std::uint32_t(now));
      break;
    }
    case kSpSystem: {
      std::string cmd = in.slice();
      bool run = opt_.allow_system && !in.bad;
      int status = 0;
      if (run) {
        std::fflush(opt_.out);
        status = cmd.empty() ? 1 : std::system(cmd.c_str());
      }
      result(run);
      out.int32(std::uint32_t(status));
      break;
    }
    case kSpExit: {
      std::int32_t status = in.int32();
      exited_ = true;
      exit_status_ = status == kSpExitSuccess ? 0 : status == kSpExitFailure ? 1 : int(status & 0xFF);
      result(true);
      break;
    }
    case kSpCommand: {
      bool all = in.byte() != 0;
      std::string line = all ? opt_.program : std::string();
      for (const std::string& a : opt_.args) {
        if (!line.empty()) line += ' ';
        line += a;
      }
      result(true);
      out.slice(line.data(), std::min(line.size(), kSpMaxPacket - 3));
      break;
    }
    case kSpId:
      result(true);
      out.byte(20);  // server version 2.0
      out.byte(6);   // host: Sun-4 class
      out.byte(4);   // OS: SunOS (Unix)
      out.byte(1);   // board: B004
      break;
    case kSpIsatty: {
      // As the Inmos iserver: a terminal is success and a non-zero byte, anything else an error.
      std::FILE* f = stream(in.int32());
      if (!f || in.bad) {
        out.byte(kSpBadId);
      } else if (isatty(fileno(f))) {
        result(true);
        out.byte(1);
      } else {
        result(false);
      }
      break;
    }
    case kSpCore: {
      // Offset and length into the memory peeked before boot; a read past its end is cut short.
      // Without a peeked core (no --core), or out of range, the answer is an error.
      std::int32_t offset = in.int32(), length = in.int16();
      if (!has_core_ || in.bad || offset < 0 || std::size_t(offset) >= core_.size() || length < 0) {
        result(false);
        break;
      }
      std::size_t n = std::min({std::size_t(length), core_.size() - std::size_t(offset), kSpMaxPacket - 3});
      result(true);
      out.slice(core_.data() + offset, n);
      break;
    }
    default:
      out.byte(kSpUnimplemented);
      break;
  }
  while (out.out.size() < kSpMinPacket || out.out.size() % 2) out.out.push_back(0);
  return std::move(out.out);
}

}  // namespace transit::emu
