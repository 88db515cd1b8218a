// NetworkNode: what the network kernel needs from one transputer. The emulator's Transputer sits
// behind it (transputer_node.h); tests use scripted nodes. Time is in processor cycles, the same
// clock for every node.
//
// The contract that makes a run exact (docs/network.md, "Synchronisation"):
//  - A signal sent at the sender's cycle s has no effect in the receiver before s + lookahead().
//  - The kernel calls run(until, safe) only when every signal with an effect before safe has been
//    delivered; after receive() the node's next_event() tells when the signal takes effect.
//  - While the node's behaviour could change on a signal (a process waits on a link, an output waits
//    for its acknowledge), it does not execute an instruction at a cycle >= safe. Otherwise it may run
//    on, but stops before any instruction that looks at a link (in, out, alt enables on a link
//    channel) at a cycle >= safe. A signal delivered with an effect in the node's past then only
//    latches in the link engine, exactly as it would have at its own time.
//  - Where run() stops does not change what the node computes: same signals, same results.
//  - After sending a signal at cycle s, the node stops at s + 2 * lookahead() at the latest: an
//    answer to that signal could arrive then.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "transit/emu/link/link_signal.h"

namespace transit::network {

using emu::Cycle;
using emu::kNever;
// A packet on a wire (a data byte or an acknowledge, with its start and end cycles); `link` is the
// sender's link when sent and is rewritten to the receiver's link on delivery.
using emu::LinkSignal;

enum class Activity : std::uint8_t {
  Running,  // has a process to run
  Waiting,  // nothing to run: waits for a link signal or a timer
  Stopped,  // halted (error, halt on error) or finished (host exit)
};

// One process a deadlocked node is stuck in, for the report.
struct BlockedProcess {
  std::uint32_t wdesc = 0;  // workspace descriptor (priority in bit 0)
  std::uint32_t iptr = 0;
  int link = -1;            // the link it waits on, or -1 for an internal channel
  bool input = true;        // waits to input (else to output)
  std::string what;         // e.g. "in on link 2 input", "out on channel #80000040"
};

class NetworkNode {
 public:
  virtual ~NetworkNode() = default;

  virtual Cycle now() const = 0;
  virtual void run(Cycle until, Cycle safe) = 0;
  virtual Activity activity() const = 0;
  // The earliest cycle at which something already pending happens inside the node: now() while it
  // can run, a timer, or a delivered signal (before now() for one delivered after the node ran
  // ahead; the node handles it at its own time). kNever when nothing is pending.
  virtual Cycle next_event() const = 0;

  // Signals this node sent since the last call, in sending order.
  virtual void take_sent(std::vector<LinkSignal>& out) = 0;
  virtual void receive(const LinkSignal& s) = 0;
  virtual Cycle lookahead() const = 0;
  // What a data packet from this node takes to act on the receiver's processor: a byte is taken,
  // and a process or an ALT woken, only when its packet has fully arrived (the early acknowledge
  // sent after its first two bits is the link engine's, which acts at its own time). At least
  // lookahead(); by default no more.
  virtual Cycle data_lookahead() const { return lookahead(); }
  // Whether the node waits for an acknowledge on `link`: only then can the neighbour there send it
  // a signal that acts on its processor within lookahead() (an acknowledge answers data); otherwise
  // only its data can, after data_lookahead(). By default always (the plainest bound).
  virtual bool awaits_ack(int link) const { return (void)link, true; }
  // run() with a separate horizon for link instructions (in, out, ALT enables on a link), which
  // act on the link engine at once: `link_safe` <= `safe`. By default both are the earlier.
  virtual void run(Cycle until, Cycle safe, Cycle link_safe) { run(until, std::min(safe, link_safe)); }
  // If nothing more is delivered to it, the node puts no signal on a wire before this cycle
  // (at least now() while it runs). The larger, the further its neighbours may run ahead.
  virtual Cycle earliest_emission() const = 0;
  // The fewest cycles from a signal acting on the node to a signal the node sends on another link
  // because of it (a process woken must run an instruction first). A running node whose
  // earliest_emission() is at most now() plus this needs no look at what others may send it.
  virtual Cycle reaction() const { return 0; }

  // For the whole-network deadlock report.
  virtual std::vector<BlockedProcess> blocked() const = 0;
  // Why a Stopped node stopped ("exit 0", "halted: error flag at #80001234"); empty when not stopped.
  virtual std::string stop_reason() const = 0;
  virtual bool failed() const = 0;  // stopped by an error (halt on error, bad access), not an exit
  // The node's state for a livelock report, one line each starting with two spaces: what runs,
  // what is queued, what is in flight on the links. By default the processes of blocked().
  virtual std::string state_report() const {
    std::string s;
    for (const BlockedProcess& p : blocked()) s += "  " + p.what + "\n";
    return s;
  }

  // False when the last run stopped only because it reached `until` (the node computes and can go
  // on without knowing more); true when it stopped at the safe horizon (before a link instruction,
  // or while a signal could change what it does) or ran out of work. The kernel may run a node
  // that can go on together with the nodes that are due (docs/network.md, "Parallel runs").
  virtual bool at_horizon() const { return true; }

  // Hands on what the node traced during its last run (--trace); called by the kernel after each run,
  // one node at a time in a fixed order.
  virtual void flush_trace() {}

  // For the viewer's samples (network_observer.h), cheap (no walk of memory): the running
  // process's priority (0 high, 1 low; -1 none or not known) and whether a process waits on a link.
  virtual int running_priority() const { return -1; }
  virtual std::uint32_t iptr() const { return 0; }  // the instruction pointer now
  virtual bool waits_on_link() const { return false; }

  // For --stats.
  virtual std::uint64_t instructions() const = 0;
  virtual Cycle idle_cycles() const = 0;
};

}  // namespace transit::network
