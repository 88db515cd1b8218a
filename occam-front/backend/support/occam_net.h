// The main PROC's channels bound to the network (`transit run --connect NAME=HOST:PORT`, `--listen
// NAME=[HOST:]PORT`): each is a local channel the program uses as any other, and a bridge process
// (transit/net.h) that carries its values over one TCP link. The generated main() lists them;
// run_program opens the links before the run and stops the bridges when the main PROC ends.
#pragma once

#include <memory>
#include <string_view>

#include "transit/alt.h"
#include "transit/net.h"
#include "transit/proc.h"

#include "occam_packet.h"

namespace transit::net {
// A message of a sequential, counted or variant protocol crosses as its bytes; the receiving
// process checks them against its protocol as it reads them (occam_packet.h).
template <>
struct Codec<occ::Packet> {
  static void encode(const occ::Packet& p, std::string& out) {
    out.append(reinterpret_cast<const char*>(p.bytes().data()), p.bytes().size());
  }
  static bool decode(std::string_view in, occ::Packet& p) {
    p.assign_bytes(in.data(), in.size());
    return true;
  }
};
}  // namespace transit::net

namespace occ {

struct NetChannelBase {
  NetChannelBase(const char* name_, transit::net::Role role_, const char* protocol_) : name(name_), role(role_), protocol(protocol_) {}
  virtual ~NetChannelBase() = default;

  // The bridge between the channel and the link.
  virtual transit::Proc bridge() = 0;
  // Called by the main PROC's process once the main PROC has ended: stops the bridge.
  virtual transit::Proc finish(const transit::Site& site) = 0;

  const char* name;
  transit::net::Role role;  // sender: the main PROC outputs on it
  const char* protocol;     // occam notation: compared with the peer's at connect
  std::unique_ptr<transit::net::Link> link;
  transit::Channel<int> stop{"network.stop"};
  transit::Channel<int> done{"network.done"};
};

template <class Ch>
struct NetChannel final : NetChannelBase {
  using T = typename Ch::value_type;
  NetChannel(const char* name_, transit::net::Role role_, const char* protocol_) : NetChannelBase(name_, role_, protocol_), channel(name_) {}

  transit::Proc bridge() override {
    if (role == transit::net::Role::sender) return transit::net::send_over(*link, channel, stop);
    return transit::net::receive_over(*link, channel, done);
  }
  transit::Proc finish(const transit::Site& site) override {
    if (role == transit::net::Role::sender) {
      co_await stop.send(0, site);
      co_return;
    }
    link->stop();  // the bridge stops waiting; a value it still offers is taken here, unacknowledged
    for (;;) {
      T scratch{};
      int d = 0;
      transit::Alt alt;
      alt.input(channel, scratch).input(done, d);
      if (co_await alt.pri_select(site) == 1) break;
    }
  }

  Ch channel;
};

}  // namespace occ
