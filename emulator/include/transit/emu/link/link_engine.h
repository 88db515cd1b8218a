// The four links of one transputer: the hardware that moves messages between a link channel and
// the wires, byte by byte, with the real packet timing (see link_signal.h), and the boot-from-link
// loader that listens on every link after reset.
//
// Simulator side: deliver() the signals arriving on this node's links (from the peer's emitted
// signals); after running the node, take the signals this node put on its wires from emitted().
// The node processes delivered signals when its clock reaches them, so a simulator must deliver
// every signal whose time is before the cycle it runs the node to.
#pragma once

#include <cstdint>
#include <deque>
#include <queue>
#include <vector>

#include "transit/emu/core/cpu.h"
#include "transit/emu/core/link_port.h"
#include "transit/emu/link/link_signal.h"

namespace transit::emu {

struct LinkStats {
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
};

class LinkEngine final : public LinkPort {
 public:
  // bit_cycles: processor cycles per bit (20 MHz clock: 1 at 20 Mbit/s, 2 at 10, 4 at 5).
  LinkEngine(Cpu& cpu, Cycle bit_cycles);

  // --- simulator side
  void deliver(const LinkSignal& s);
  std::vector<LinkSignal>& emitted() { return emitted_; }
  Cycle next_event() const { return events_.empty() ? kNever : events_.top().at; }
  // Handles every delivered signal whose time <= cpu.cycles and < `before`.
  void process_due(Cycle before = kNever);
  Cycle bit_cycles() const { return bit_cycles_; }

  // --- processor side (link channel instructions); wdesc is the process's descriptor
  void start_input(unsigned link, Word ptr, Word count, Word wdesc) override;
  void start_output(unsigned link, Word ptr, Word count, Word wdesc) override;
  bool enable_input(unsigned link, Word wdesc) override;  // ALT: true if a byte is already waiting
  bool disable_input(unsigned link) override;             // ALT: true if a byte is waiting
  Word reset_channel(Word channel) override;              // resetch: returns the waiting process or NotProcess

  // --- boot from link: the first byte to arrive on any link after reset starts the loader
  void reset();  // power-on: no message, nothing in flight, waiting to boot
  void cancel_boot() { booting_ = false; }
  bool booting() const { return booting_; }

  // --- state for reports and statistics
  const LinkStats& stats(unsigned link) const { return stats_[link]; }
  Word waiting_input(unsigned link) const { return in_[link].wdesc; }
  Word waiting_output(unsigned link) const { return out_[link].wdesc; }
  Word alt_enabled(unsigned link) const { return in_[link].alt; }  // the ALT that enabled the link
  // One link's transfers as they stand, for reports (a livelock report names what is in flight).
  struct Transfer {
    Word in_wdesc = kNotProcess, in_remaining = 0;  // a process inputting, and the bytes it still wants
    std::size_t buffered = 0;                       // bytes received, not yet taken
    bool arriving = false;                          // a data packet is on the wire towards this link
    Word out_wdesc = kNotProcess, out_remaining = 0;  // a process outputting, and the bytes left to send
    bool awaiting_ack = false;                        // the last byte sent waits for its acknowledge
  };
  Transfer transfer(unsigned link) const;
  // The last byte sent on `link` waits for its acknowledge (the network kernel asks at every step).
  bool awaiting_ack(unsigned link) const { return out_[link].awaiting_ack; }
  std::size_t pending_events() const { return events_.size(); }  // delivered signals not yet acted on
  // A signal arriving now could change what the processor does: a process waits on a link, an
  // ALT has enabled a link channel, an output waits for its acknowledge, or the node is booting.
  bool sensitive() const;

 private:
  enum class EventKind : std::uint8_t { DataHeader, DataEnd, AckEnd };
  struct Event {
    Cycle at;
    std::uint64_t seq;
    EventKind kind;
    std::uint8_t link;
    std::uint8_t byte;
    bool operator>(const Event& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };
  struct Input {
    std::deque<std::uint8_t> buffer;  // received, not yet taken
    std::deque<bool> acked;           // per buffered byte: acknowledge already sent
    bool inflight = false;            // a data packet is arriving
    bool inflight_acked = false;
    Word wdesc = kNotProcess, ptr = 0, remaining = 0;  // waiting input process
    Word alt = kNotProcess;                            // ALT enabled on this link
  };
  struct Output {
    Word wdesc = kNotProcess, ptr = 0, remaining = 0;
    bool awaiting_ack = false;
    bool boot_reply = false;  // sending a peek reply for the boot loader
    std::uint8_t reply[4] = {};
  };

  // `now`: the time of the event or instruction that causes the action, so a signal delivered
  // after the node ran ahead (see Transputer::run_until) acts exactly as at its own time.
  void emit(LinkSignal::Kind kind, unsigned link, std::uint8_t byte, Cycle now);
  void send_next(unsigned link, Cycle now);
  void take(unsigned link, Cycle now);
  void ack_taken(unsigned link, bool already_acked, Cycle now);
  void boot_byte(unsigned link, std::uint8_t byte, Cycle now);
  bool early_ack() const { return cpu_.chip != Chip::T414; }

  Cpu& cpu_;
  Cycle bit_cycles_;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events_;
  std::uint64_t seq_ = 0;
  std::vector<LinkSignal> emitted_;
  Cycle wire_free_[kLinks] = {};
  Input in_[kLinks];
  Output out_[kLinks];
  LinkStats stats_[kLinks];

  // Boot loader state.
  bool booting_ = false;
  int boot_link_ = -1;
  enum class BootStage : std::uint8_t { Control, Load, PokeAddress, PokeValue, PeekAddress };
  BootStage boot_stage_ = BootStage::Control;
  Word boot_count_ = 0, boot_done_ = 0, boot_addr_ = 0, boot_value_ = 0;
};

}  // namespace transit::emu
