// The host end of a link: streams a boot file into the transputer, then serves the iserver SP
// protocol (2-byte little-endian length, then the data) over the same wire, with the link packet
// timing of a T414-style receiver (acknowledge after each byte has arrived).
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <vector>

#include "transit/emu/host/iserver.h"
#include "transit/emu/link/link_signal.h"

namespace transit::emu {

class HostLink {
 public:
  // node_link: the transputer's link the host is wired to (0 on a B004).
  HostLink(IServer& server, Cycle bit_cycles, unsigned node_link = 0);

  void send(std::span<const std::uint8_t> bytes, Cycle now);  // queue bytes (the boot file)
  void receive(const LinkSignal& s);                           // a signal from the transputer
  std::vector<LinkSignal>& emitted() { return emitted_; }      // signals to the transputer
  bool exited() const { return server_.exited(); }
  int exit_status() const { return server_.exit_status(); }
  bool idle() const { return tx_.empty() && !awaiting_ack_; }
  std::uint64_t bytes_to_host() const { return bytes_in_; }
  std::uint64_t bytes_from_host() const { return bytes_out_; }

 private:
  void emit(LinkSignal::Kind kind, std::uint8_t byte, Cycle now);
  void try_send(Cycle now);

  IServer& server_;
  Cycle bit_cycles_;
  unsigned link_;
  Cycle wire_free_ = 0;
  std::deque<std::uint8_t> tx_;
  bool awaiting_ack_ = false;
  std::vector<std::uint8_t> request_;
  std::vector<LinkSignal> emitted_;
  std::uint64_t bytes_in_ = 0, bytes_out_ = 0;
};

}  // namespace transit::emu
