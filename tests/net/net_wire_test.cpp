// The network channels' wire format (transit/net_wire.h): frames survive any split into chunks,
// bad frames are refused with a message before their payload is buffered, HELLOs round-trip and
// mismatches name both ends; the fuzzer's regression corpus and seeded random mutations replay.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "transit/net_wire.h"

using namespace transit::net;

namespace {

std::vector<Frame> decode_all(const std::string& bytes, std::size_t chunk, FrameDecoder& d, bool& ok) {
  std::vector<Frame> out;
  ok = true;
  for (std::size_t at = 0; at < bytes.size() && ok; at += chunk) {
    ok = d.feed(bytes.data() + at, std::min(chunk, bytes.size() - at));
    while (auto f = d.next()) out.push_back(std::move(*f));
  }
  return out;
}

std::string sample_stream() {
  Hello h{wire_version, Role::sender, "out", "INT"};
  return encode_frame(FrameKind::hello, encode_hello(h)) + encode_frame(FrameKind::data, std::string(8, '\x2a')) +
         encode_frame(FrameKind::ping, "") + encode_frame(FrameKind::ack, encode_count(1)) +
         encode_frame(FrameKind::data, std::string(3000, 'x')) + encode_frame(FrameKind::close, encode_count(2));
}

}  // namespace

TEST_CASE("frames come out whole and in order however the bytes are split") {
  const std::string bytes = sample_stream();
  for (std::size_t chunk : {std::size_t(1), std::size_t(2), std::size_t(7), std::size_t(64), bytes.size()}) {
    FrameDecoder d;
    bool ok = false;
    auto frames = decode_all(bytes, chunk, d, ok);
    REQUIRE(ok);
    REQUIRE(frames.size() == 6);
    CHECK(frames[0].kind == FrameKind::hello);
    CHECK(frames[1].payload == std::string(8, '\x2a'));
    CHECK(frames[2].kind == FrameKind::ping);
    CHECK(frames[4].payload.size() == 3000);
    std::string error;
    CHECK(decode_count(frames[5].payload, error) == std::optional<std::uint64_t>(2));
    auto h = decode_hello(frames[0].payload, error);
    REQUIRE(h);
    CHECK(h->channel == "out");
    CHECK(h->protocol == "INT");
    CHECK(h->role == Role::sender);
  }
}

TEST_CASE("a bad frame is refused with a message, and nothing more is taken") {
  FrameDecoder unknown;
  const char bad[] = {9, 0, 0, 0, 0};
  CHECK_FALSE(unknown.feed(bad, sizeof bad));
  CHECK(unknown.error() == "bad frame: unknown kind 9");
  CHECK_FALSE(unknown.feed(bad, 1));

  FrameDecoder huge(1000);  // refused on its header alone: no payload is waited for or buffered
  const std::string header = encode_frame(FrameKind::data, std::string(1001, 'x')).substr(0, frame_header_size);
  CHECK_FALSE(huge.feed(header.data(), header.size()));
  CHECK(huge.error() == "bad frame: a DATA of 1001 bytes is over the limit of 1000");

  FrameDecoder later;  // a bad header behind a good frame in the same chunk
  const std::string two = encode_frame(FrameKind::ping, "") + std::string(bad, sizeof bad);
  CHECK_FALSE(later.feed(two.data(), two.size()));
  CHECK_FALSE(later.next());
}

TEST_CASE("HELLO and count payloads are checked field by field") {
  std::string error;
  const std::string good = encode_hello({wire_version, Role::receiver, "in", "BYTE; INT"});
  CHECK(decode_hello(good, error));
  CHECK_FALSE(decode_hello(good.substr(0, good.size() - 1), error));
  CHECK(error.find("bad HELLO") == 0);
  CHECK_FALSE(decode_hello(good + "x", error));
  std::string bad_role = good;
  bad_role[4] = 7;
  CHECK_FALSE(decode_hello(bad_role, error));
  CHECK(error == "bad HELLO: unknown role 7");
  CHECK_FALSE(decode_count("1234567", error));
  CHECK(error == "bad count: 7 bytes, not 8");
}

TEST_CASE("a mismatch names both channels and, for protocols, both descriptions") {
  Hello out{wire_version, Role::sender, "out", "INT"};
  Hello in{wire_version, Role::receiver, "in", "BYTE; INT"};
  CHECK(hello_mismatch(out, in) ==
        "protocol mismatch: channel 'out' here and channel 'in' at the peer carry different protocols (here: INT; peer: BYTE; INT)");
  in.role = Role::sender;
  CHECK(hello_mismatch(out, in) == "channel 'out' here and channel 'in' at the peer both outputs values");
  in.version = 99;
  CHECK(hello_mismatch(out, in) == "the peer speaks wire version 99, this end 1");
  in = {wire_version, Role::receiver, "in", "INT"};
  CHECK(hello_mismatch(out, in).empty());
}

TEST_CASE("the fuzzer's corpus and seeded mutations decode or fail cleanly") {
  std::vector<std::string> inputs{sample_stream()};
  for (const auto& e : std::filesystem::directory_iterator(TRANSIT_WIRE_CORPUS)) {
    std::ifstream f(e.path(), std::ios::binary);
    inputs.emplace_back(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  CHECK(inputs.size() >= 4);
  std::mt19937_64 rng(13);
  const std::size_t seeds = inputs.size();
  for (int k = 0; k < 20000; ++k) {  // flip, insert and drop bytes of the seeds
    std::string s = inputs[rng() % seeds];
    for (int m = int(rng() % 4); m >= 0 && !s.empty(); --m) {
      const std::size_t at = rng() % s.size();
      switch (rng() % 3) {
        case 0: s[at] = char(rng()); break;
        case 1: s.insert(at, 1, char(rng())); break;
        default: s.erase(at, 1); break;
      }
    }
    inputs.push_back(std::move(s));
  }
  std::size_t refused = 0;
  for (const std::string& in : inputs) {
    FrameDecoder d(4096);
    bool ok = false;
    for (const Frame& f : decode_all(in, 1 + in.size() % 13, d, ok)) {
      REQUIRE(f.payload.size() <= 4096);
      std::string error;
      if (f.kind == FrameKind::hello) (void)decode_hello(f.payload, error);
    }
    if (!ok) {
      ++refused;
      CHECK(d.error().rfind("bad frame: ", 0) == 0);
    }
  }
  CHECK(refused > 0);
}
