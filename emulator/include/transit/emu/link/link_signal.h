// What travels on a transputer link wire, with its timing: the unit of exchange between two nodes,
// or a node and the host. A simulator carries each signal a node emits to the peer's link, where
// it is delivered unchanged (with `link` rewritten to the receiving link number).
//
// Protocol (IMS T414/T800 datasheets): a data packet is 11 bits (start bit 1, flag 1, eight data
// bits, stop bit 0); an acknowledge is 2 bits (1, 0). Each wire carries the data packets of its
// direction and the acknowledges for the opposite direction, one after the other. A sender waits
// for the acknowledge of a byte before sending the next. The T414 acknowledges a byte after it has
// been received and taken; the T800 (and T425/T805) sends the acknowledge as soon as a data
// packet starts arriving if it has room for the byte, so bytes can flow back to back.
#pragma once

#include <cstdint>

#include "transit/emu/isa/types.h"

namespace transit::emu {

struct LinkSignal {
  enum class Kind : std::uint8_t { Data, Ack };
  Kind kind = Kind::Data;
  std::uint8_t link = 0;  // emitter: its output link; receiver: its input link
  std::uint8_t byte = 0;  // Data only
  Cycle start = 0;        // first bit leaves the sender (>= the sender's clock when emitted)
  Cycle end = 0;          // last bit has arrived at the receiver (start + 11 or 2 bit times)
};

// Bit times in processor cycles, e.g. 2 cycles per bit at 10 Mbit/s with a 20 MHz clock.
inline constexpr Cycle kDataPacketBits = 11;
inline constexpr Cycle kAckPacketBits = 2;
// A receiver knows a packet is data (not an acknowledge) after its first two bits.
inline constexpr Cycle kDataHeaderBits = 2;

}  // namespace transit::emu
