// The wire format of a network channel (transit/net.h), kept apart from the sockets so that it
// can be tested and fuzzed alone. A frame is a kind byte, the payload's length (32 bits, little
// endian) and the payload. The decoder takes bytes as they arrive and rejects a bad frame with a
// message; it never holds more than one frame of at most its limit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace transit::net {

enum class FrameKind : std::uint8_t {
  hello = 1,  // at connect: version, role, channel name, protocol description
  data = 2,   // one value, encoded by the channel's protocol
  ack = 3,    // the receiving process has taken the value: count of values taken so far
  close = 4,  // the sending end has ended: count of values sent
  ping = 5,   // nothing to say (keeps a quiet link from looking stalled)
};
const char* frame_kind_name(FrameKind kind) noexcept;

inline constexpr std::uint32_t wire_version = 1;
inline constexpr std::size_t frame_header_size = 5;
inline constexpr std::size_t default_frame_limit = std::size_t(16) << 20;  // 16 MiB of payload

struct Frame {
  FrameKind kind = FrameKind::ping;
  std::string payload;
};

// The frame's bytes: header then payload.
std::string encode_frame(FrameKind kind, std::string_view payload);

class FrameDecoder {
 public:
  explicit FrameDecoder(std::size_t limit = default_frame_limit) : limit_(limit) {}
  // Takes the next bytes; false (and error() says why) once a frame is bad. A failed decoder
  // takes nothing more.
  bool feed(const char* data, std::size_t n);
  // The next complete frame, in order, or nothing yet.
  std::optional<Frame> next();
  const std::string& error() const noexcept { return error_; }

 private:
  bool check_header(std::size_t at);  // the header at buffer_[at] is one we take

  std::size_t limit_;
  std::string buffer_;
  std::size_t read_ = 0;  // bytes of buffer_ already returned
  std::string error_;
};

// Which way values go from this end.
enum class Role : std::uint8_t { sender = 0, receiver = 1 };
const char* role_name(Role role) noexcept;

struct Hello {
  std::uint32_t version = wire_version;
  Role role = Role::sender;
  std::string channel;   // this end's name for it
  std::string protocol;  // the channel's protocol, described (occam notation for occam programs)
};
std::string encode_hello(const Hello& hello);
// The HELLO in a payload, or nothing with `error` set.
std::optional<Hello> decode_hello(std::string_view payload, std::string& error);
// "" when the two ends can talk; else why not, naming both channels and protocols.
std::string hello_mismatch(const Hello& mine, const Hello& theirs);

// The 64-bit count of an ACK or CLOSE.
std::string encode_count(std::uint64_t count);
std::optional<std::uint64_t> decode_count(std::string_view payload, std::string& error);

}  // namespace transit::net
