// The transputer's address map, as on the chips: signed addresses from MOSTNEG (0x80000000),
// on-chip RAM first, with the link channel words, the event channel and the microcode's save
// areas at its start, then the first free word MemStart. See docs/emulator.md.
#pragma once

#include "transit/emu/isa/types.h"

namespace transit::emu {

inline constexpr Word kMostNeg = 0x80000000u;
inline constexpr unsigned kLinks = 4;

inline constexpr Word link_out_channel(unsigned link) { return kMostNeg + 4 * link; }
inline constexpr Word link_in_channel(unsigned link) { return kMostNeg + 0x10 + 4 * link; }
inline constexpr Word kEventChannel = kMostNeg + 0x20;
// Timer queue heads, one per priority (0 high, 1 low).
inline constexpr Word timer_queue_head(unsigned pri) { return kMostNeg + 0x24 + 4 * pri; }
// Where a preempted low-priority process's state is saved.
inline constexpr Word kWdescIntSave = kMostNeg + 0x2C;
inline constexpr Word kIptrIntSave = kMostNeg + 0x30;
inline constexpr Word kAregIntSave = kMostNeg + 0x34;
inline constexpr Word kBregIntSave = kMostNeg + 0x38;
inline constexpr Word kCregIntSave = kMostNeg + 0x3C;
inline constexpr Word kStatusIntSave = kMostNeg + 0x40;
// T800: the FPU's save area follows (0x44..0x6C).
inline constexpr Word kMemStartT414 = kMostNeg + 0x48;
inline constexpr Word kMemStartT800 = kMostNeg + 0x70;

// True when addr is one of the 8 link channel words (0x80000000..0x8000001C).
inline constexpr bool is_link_channel(Word addr) { return addr - kMostNeg < 0x20u; }
inline constexpr bool is_link_input(Word addr) { return addr - kMostNeg - 0x10u < 0x10u; }
inline constexpr unsigned link_of_channel(Word addr) { return ((addr - kMostNeg) >> 2) & 3; }

// Process descriptors and the special values the microcode keeps in workspaces and channels.
inline constexpr Word kNotProcess = kMostNeg;      // empty channel, end of a queue
inline constexpr Word kEnabling = kMostNeg + 1;     // ALT state: enabling guards
inline constexpr Word kWaiting = kMostNeg + 2;      // ALT state: waiting (descheduled in altwt)
inline constexpr Word kReady = kMostNeg + 3;        // ALT state: a guard is ready
inline constexpr Word kTimeSet = kMostNeg + 1;      // ALT timer slot: a timeout was enabled
inline constexpr Word kTimeNotSet = kMostNeg + 2;   // ALT timer slot: no timeout enabled
inline constexpr Word kNoneSelected = 0xFFFFFFFFu;  // ALT W[0] before a guard is selected

// Workspace slots below Wptr, in words (W[-1] ... W[-5]).
inline constexpr int kSlotIptr = -1;
inline constexpr int kSlotLink = -2;
inline constexpr int kSlotState = -3;  // ALT state, or the message pointer of a waiting in/out
inline constexpr int kSlotTLink = -4;  // timer queue link (ALT: TimeSet/TimeNotSet)
inline constexpr int kSlotTime = -5;   // time waited for

}  // namespace transit::emu
