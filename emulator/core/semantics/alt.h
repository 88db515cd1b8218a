// Alternation: alt talt, the enable/disable pairs enbc/disc enbs/diss enbt/dist, altwt taltwt,
// altend. W[-3] holds the ALT state (Enabling, Waiting, Ready), W[-4] TimeSet/TimeNotSet and
// W[-5] the earliest timeout, W[0] the selected branch's offset.
#pragma once

#include "transit/emu/core/scheduler.h"
#include "core/semantics/stack.h"
#include "transit/emu/core/link_port.h"

namespace transit::emu {

inline void exec_alt(Cpu& c) { c.set_ws(c.wptr, kSlotState, kEnabling); }

inline void exec_talt(Cpu& c) {
  c.set_ws(c.wptr, kSlotState, kEnabling);
  c.set_ws(c.wptr, kSlotTLink, kTimeNotSet);
}

// Areg: guard, Breg: channel.
inline void exec_enbc(Cpu& c) {
  Word chan = c.breg;
  if (c.areg != 0) {
    bool ready;
    if (is_link_channel(chan)) {
        ready = c.links->enable_input(link_of_channel(chan), c.wdesc());
    } else {
      Word other = c.load(chan);
      if (other == kNotProcess) {
        c.store(chan, c.wdesc());
        c.mark_wait(chan, Cpu::kMarkChannel);
        ready = chan == kEventChannel && c.event_pending;
      } else {
        ready = other != c.wdesc();
      }
    }
    if (ready) {
      c.set_ws(c.wptr, kSlotState, kReady);
      c.cycles += 2;
    }
  }
  c.breg = c.creg;
}

inline void exec_enbs(Cpu& c) {
  if (c.areg != 0) c.set_ws(c.wptr, kSlotState, kReady);
}

// Areg: guard, Breg: time.
inline void exec_enbt(Cpu& c) {
  if (c.areg != 0) {
    Word flag = c.ws(c.wptr, kSlotTLink);
    if (flag == kTimeNotSet) {
      c.set_ws(c.wptr, kSlotTLink, kTimeSet);
      c.set_ws(c.wptr, kSlotTime, c.breg);
    } else if (after(c.ws(c.wptr, kSlotTime), c.breg)) {
      c.set_ws(c.wptr, kSlotTime, c.breg);
    }
  }
  c.breg = c.creg;
}

inline void exec_altwt(Cpu& c) {
  c.store(c.wptr, kNoneSelected);
  if (c.ws(c.wptr, kSlotState) != kReady) {
    c.cycles += 12;
    c.set_ws(c.wptr, kSlotState, kWaiting);
    c.mark_wait(c.wptr, std::uint8_t(Cpu::kMarkAltHigh << c.pri));
    deschedule(c);
  }
}

inline void exec_taltwt(Cpu& c) {
  c.store(c.wptr, kNoneSelected);
  if (c.ws(c.wptr, kSlotState) == kReady) return;
  if (c.ws(c.wptr, kSlotTLink) == kTimeSet) {
    Word t = c.ws(c.wptr, kSlotTime);
    if (after(c.clock(c.pri), t)) {
      c.set_ws(c.wptr, kSlotState, kReady);
      return;
    }
    c.set_ws(c.wptr, kSlotState, kWaiting);
    timer_insert(c, c.pri, c.wptr, t);
  } else {
    c.set_ws(c.wptr, kSlotState, kWaiting);
  }
  c.mark_wait(c.wptr, std::uint8_t(Cpu::kMarkAltHigh << c.pri));
  c.cycles += 3;
  deschedule(c);
}

// Select this branch (offset) if ready and none is selected yet; Areg <- whether selected.
inline void select_if(Cpu& c, bool ready, Word offset) {
  if (ready && c.load(c.wptr) == kNoneSelected) {
    c.store(c.wptr, offset);
    c.areg = 1;
  } else {
    c.areg = 0;
  }
}

// Areg: offset, Breg: guard, Creg: channel.
inline void exec_disc(Cpu& c) {
  Word chan = c.creg;
  bool ready = false;
  if (c.breg != 0) {
    if (is_link_channel(chan)) {
        ready = c.links->disable_input(link_of_channel(chan));
    } else {
      Word other = c.load(chan);
      if (other == c.wdesc()) {
        c.store(chan, kNotProcess);
        ready = chan == kEventChannel && c.event_pending;
      } else {
        ready = other != kNotProcess;
      }
    }
  }
  select_if(c, ready, c.areg);
}

// Areg: offset, Breg: guard.
inline void exec_diss(Cpu& c) { select_if(c, c.breg != 0, c.areg); }

// Areg: offset, Breg: guard, Creg: time.
inline void exec_dist(Cpu& c) {
  bool ready = false;
  if (c.breg != 0) {
    timer_remove(c, c.pri, c.wptr);
    ready = after(c.clock(c.pri), c.creg);
  }
  select_if(c, ready, c.areg);
}

inline void exec_altend(Cpu& c) { c.iptr += c.load(c.wptr); }

}  // namespace transit::emu
