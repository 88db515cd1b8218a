// libFuzzer target: the network channels' frame decoder and the HELLO and count decoders
// (transit/net_wire.h) on hostile bytes. The first input byte picks the chunk size the bytes are
// fed in, as a socket splits them. Checks: no crash, no buffer held beyond one frame of the limit,
// and every frame returned was encodable (re-encoding it gives the bytes it came from).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "transit/net_wire.h"

using namespace transit::net;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = std::size_t(data[0] % 64) + 1;
  const char* bytes = reinterpret_cast<const char*>(data + 1);
  const std::size_t n = size - 1;
  constexpr std::size_t limit = 4096;
  FrameDecoder decoder(limit);
  std::string seen;
  for (std::size_t at = 0; at < n; at += chunk) {
    if (!decoder.feed(bytes + at, std::min(chunk, n - at))) break;
    while (auto f = decoder.next()) {
      if (f->payload.size() > limit) std::abort();
      seen += encode_frame(f->kind, f->payload);
      std::string error;
      if (f->kind == FrameKind::hello) {
        if (auto h = decode_hello(f->payload, error)) {
          if (encode_hello(*h) != f->payload) std::abort();
          (void)hello_mismatch(*h, *h);
        }
      } else if (f->kind == FrameKind::ack || f->kind == FrameKind::close) {
        (void)decode_count(f->payload, error);
      }
    }
  }
  if (seen != std::string(bytes, seen.size())) std::abort();  // frames come out as they went in
  return 0;
}
