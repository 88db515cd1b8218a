// Host end of link 0: boot stream and SP packets, byte by byte with acknowledges.
#include "transit/emu/host/host_link.h"

#include <algorithm>

namespace transit::emu {

HostLink::HostLink(IServer& server, Cycle bit_cycles, unsigned node_link)
    : server_(server), bit_cycles_(bit_cycles), link_(node_link) {}

void HostLink::emit(LinkSignal::Kind kind, std::uint8_t byte, Cycle now) {
  LinkSignal s;
  s.kind = kind;
  s.link = std::uint8_t(link_);
  s.byte = byte;
  s.start = std::max(now, wire_free_);
  s.end = s.start + (kind == LinkSignal::Kind::Data ? kDataPacketBits : kAckPacketBits) * bit_cycles_;
  wire_free_ = s.end;
  emitted_.push_back(s);
}

void HostLink::try_send(Cycle now) {
  if (awaiting_ack_ || tx_.empty()) return;
  awaiting_ack_ = true;
  emit(LinkSignal::Kind::Data, tx_.front(), now);
}

void HostLink::send(std::span<const std::uint8_t> bytes, Cycle now) {
  tx_.insert(tx_.end(), bytes.begin(), bytes.end());
  try_send(now);
}

void HostLink::receive(const LinkSignal& s) {
  if (s.kind == LinkSignal::Kind::Ack) {
    if (!awaiting_ack_) return;
    awaiting_ack_ = false;
    tx_.pop_front();
    ++bytes_out_;
    try_send(s.end);
    return;
  }
  ++bytes_in_;
  emit(LinkSignal::Kind::Ack, 0, s.end);
  if (server_.exited()) return;
  request_.push_back(s.byte);
  if (request_.size() < 2) return;
  std::size_t length = std::size_t(request_[0]) | std::size_t(request_[1]) << 8;
  if (request_.size() < 2 + length) return;
  std::vector<std::uint8_t> reply =
      server_.serve(std::span<const std::uint8_t>(request_).subspan(2));
  request_.clear();
  if (server_.exited()) return;  // the real iserver stops after SP_EXIT's reply; nothing waits for it
  std::uint8_t header[2] = {std::uint8_t(reply.size()), std::uint8_t(reply.size() >> 8)};
  tx_.insert(tx_.end(), header, header + 2);
  tx_.insert(tx_.end(), reply.begin(), reply.end());
  try_send(s.end);
}

}  // namespace transit::emu
