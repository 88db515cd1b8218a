// The frame codec of network channels: transit/net_wire.h.
#include "transit/net_wire.h"

#include <cstring>

namespace transit::net {
namespace {

void put32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(char((v >> (8 * i)) & 0xff));
}
void put64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(char((v >> (8 * i)) & 0xff));
}
std::uint64_t get_le(std::string_view in, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= std::uint64_t(static_cast<unsigned char>(in[at + std::size_t(i)])) << (8 * i);
  return v;
}

// Reads the fields of a payload in order; any read past the end fails.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool u8(std::uint8_t& v) {
    if (in_.size() - at_ < 1) return false;
    v = static_cast<std::uint8_t>(in_[at_++]);
    return true;
  }
  bool u32(std::uint32_t& v) {
    if (in_.size() - at_ < 4) return false;
    v = std::uint32_t(get_le(in_, at_, 4));
    at_ += 4;
    return true;
  }
  bool text(std::string& v) {
    std::uint32_t n = 0;
    if (!u32(n) || in_.size() - at_ < n) return false;
    v.assign(in_.substr(at_, n));
    at_ += n;
    return true;
  }
  bool done() const { return at_ == in_.size(); }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
};

bool known_kind(std::uint8_t k) { return k >= std::uint8_t(FrameKind::hello) && k <= std::uint8_t(FrameKind::ping); }

}  // namespace

const char* frame_kind_name(FrameKind kind) noexcept {
  switch (kind) {
    case FrameKind::hello: return "HELLO";
    case FrameKind::data: return "DATA";
    case FrameKind::ack: return "ACK";
    case FrameKind::close: return "CLOSE";
    case FrameKind::ping: return "PING";
  }
  return "?";
}

const char* role_name(Role role) noexcept { return role == Role::sender ? "outputs" : "inputs"; }

std::string encode_frame(FrameKind kind, std::string_view payload) {
  std::string out;
  out.reserve(frame_header_size + payload.size());
  out.push_back(char(kind));
  put32(out, std::uint32_t(payload.size()));
  out.append(payload);
  return out;
}

bool FrameDecoder::check_header(std::size_t at) {
  const auto kind = static_cast<std::uint8_t>(buffer_[at]);
  if (!known_kind(kind)) {
    error_ = "bad frame: unknown kind " + std::to_string(kind);
    return false;
  }
  const std::uint64_t length = get_le(buffer_, at + 1, 4);
  if (length > limit_) {
    error_ = "bad frame: a " + std::string(frame_kind_name(FrameKind(kind))) + " of " + std::to_string(length) +
             " bytes is over the limit of " + std::to_string(limit_);
    return false;
  }
  return true;
}

bool FrameDecoder::feed(const char* data, std::size_t n) {
  if (!error_.empty()) return false;
  if (read_ > 0 && read_ == buffer_.size()) {
    buffer_.clear();
    read_ = 0;
  }
  buffer_.append(data, n);
  // Check every complete header now, so a bad frame is refused before its payload arrives.
  std::size_t at = read_;
  while (buffer_.size() - at >= frame_header_size) {
    if (!check_header(at)) return false;
    at += frame_header_size + std::size_t(get_le(buffer_, at + 1, 4));
    if (at > buffer_.size()) break;
  }
  return true;
}

std::optional<Frame> FrameDecoder::next() {
  if (!error_.empty() || buffer_.size() - read_ < frame_header_size) return std::nullopt;
  const std::size_t length = std::size_t(get_le(buffer_, read_ + 1, 4));
  if (buffer_.size() - read_ - frame_header_size < length) return std::nullopt;
  Frame f;
  f.kind = FrameKind(static_cast<std::uint8_t>(buffer_[read_]));
  f.payload.assign(buffer_, read_ + frame_header_size, length);
  read_ += frame_header_size + length;
  if (read_ == buffer_.size()) {
    buffer_.clear();
    read_ = 0;
  }
  return f;
}

std::string encode_hello(const Hello& hello) {
  std::string out;
  put32(out, hello.version);
  out.push_back(char(hello.role));
  put32(out, std::uint32_t(hello.channel.size()));
  out += hello.channel;
  put32(out, std::uint32_t(hello.protocol.size()));
  out += hello.protocol;
  return out;
}

std::optional<Hello> decode_hello(std::string_view payload, std::string& error) {
  Reader r(payload);
  Hello h;
  std::uint8_t role = 0;
  if (!r.u32(h.version) || !r.u8(role) || !r.text(h.channel) || !r.text(h.protocol) || !r.done()) {
    error = "bad HELLO: its fields do not fill its " + std::to_string(payload.size()) + " bytes";
    return std::nullopt;
  }
  if (role > std::uint8_t(Role::receiver)) {
    error = "bad HELLO: unknown role " + std::to_string(role);
    return std::nullopt;
  }
  h.role = Role(role);
  return h;
}

std::string hello_mismatch(const Hello& mine, const Hello& theirs) {
  if (theirs.version != mine.version)
    return "the peer speaks wire version " + std::to_string(theirs.version) + ", this end " + std::to_string(mine.version);
  const std::string both = "channel '" + mine.channel + "' here and channel '" + theirs.channel + "' at the peer";
  if (theirs.role == mine.role) return both + " both " + role_name(mine.role) + " values";
  if (theirs.protocol != mine.protocol)
    return "protocol mismatch: " + both + " carry different protocols (here: " + mine.protocol + "; peer: " + theirs.protocol + ")";
  return "";
}

std::string encode_count(std::uint64_t count) {
  std::string out;
  put64(out, count);
  return out;
}

std::optional<std::uint64_t> decode_count(std::string_view payload, std::string& error) {
  if (payload.size() != 8) {
    error = "bad count: " + std::to_string(payload.size()) + " bytes, not 8";
    return std::nullopt;
  }
  return get_le(payload, 0, 8);
}

}  // namespace transit::net
