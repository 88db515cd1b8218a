// The process model's slower paths: choosing the next process, preemption, timeslicing, timers.
#include "transit/emu/core/scheduler.h"

namespace transit::emu {
namespace {

Cycle timeslice_deadline(const Cpu& c) {
  Cycle period = kTimesliceTicks * c.tick_cycles[0];
  return (c.cycles / period + 2) * period;
}

void start_from_queue(Cpu& c, unsigned p) {
  Word w = c.fptr[p];
  if (w == c.bptr[p])
    c.fptr[p] = kNotProcess;
  else
    c.fptr[p] = c.ws(w, kSlotLink);
  c.wptr = w;
  c.pri = p;
  c.iptr = c.ws(w, kSlotIptr);
  c.running = true;
  c.timeslice_end = p == 1 ? timeslice_deadline(c) : kNever;
}

void restore_interrupted(Cpu& c) {
  Word wdesc = c.load(kWdescIntSave);
  c.wptr = wdesc & ~3u;
  c.pri = 1;
  c.iptr = c.load(kIptrIntSave);
  c.areg = c.load(kAregIntSave);
  c.breg = c.load(kBregIntSave);
  c.creg = c.load(kCregIntSave);
  Word status = c.load(kStatusIntSave);
  c.error = status & 1;
  c.halt_on_error = status & 2;
  if (c.has_fpu()) c.fpu = c.fpu_saved;
  if (c.block_move_saved.active()) {
    // It was preempted in the middle of a block copy: the run loop continues the copy before the
    // process's next instruction (leave the dispatch loop for that).
    c.block_move = c.block_move_saved;
    c.block_move_saved = {};
    c.request_stop();
  }
  c.low_interrupted = false;
  c.running = true;
  c.store(kWdescIntSave, kNotProcess);
  c.timeslice_end = c.interrupted_timeslice_end;
}

Cycle wake_cycle(const Cpu& c, unsigned p, Word head_time) {
  if (!c.timers_running || !c.timer_enabled[p]) return kNever;
  std::int32_t d = std::int32_t(head_time + 1 - c.clock(p));
  if (d <= 0) return c.cycles;
  Cycle elapsed = (c.cycles - c.timer_base_cycle[p]) / c.tick_cycles[p];
  return c.timer_base_cycle[p] + (elapsed + Cycle(d)) * c.tick_cycles[p];
}

}  // namespace

void run_next(Cpu& c) {
  if (c.fptr[0] != kNotProcess) {
    start_from_queue(c, 0);
  } else if (c.low_interrupted) {
    restore_interrupted(c);
  } else if (c.fptr[1] != kNotProcess) {
    start_from_queue(c, 1);
  } else {
    c.running = false;
    c.request_stop();
  }
}

void timeslice(Cpu& c) {
  if (c.pri != 1) return;  // high priority is never timesliced (timeslice_end is kNever there)
  if (c.fptr[1] == kNotProcess) {
    // Nothing else to run at low priority: the same process goes on.
    c.timeslice_end = timeslice_deadline(c);
    return;
  }
  c.set_ws(c.wptr, kSlotIptr, c.iptr);
  schedule(c, c.wptr | 1);
  start_from_queue(c, 1);
}

void preempt(Cpu& c) {
  c.store(kWdescIntSave, c.wptr | 1);
  c.store(kIptrIntSave, c.iptr);
  c.store(kAregIntSave, c.areg);
  c.store(kBregIntSave, c.breg);
  c.store(kCregIntSave, c.creg);
  c.store(kStatusIntSave, Word(c.error) | Word(c.halt_on_error) << 1);
  if (c.has_fpu()) c.fpu_saved = c.fpu;
  c.block_move_saved = c.block_move;
  c.block_move = {};
  c.low_interrupted = true;
  c.interrupted_timeslice_end = c.timeslice_end;
  c.cycles += kPreemptCycles;
  start_from_queue(c, 0);
}

void timer_insert(Cpu& c, unsigned p, Word w, Word time) {
  Word prev_slot = timer_queue_head(p);
  Word cur = c.load(prev_slot);
  while (cur != kNotProcess && !after(c.ws(cur, kSlotTime), time)) {
    prev_slot = cur + Word(kSlotTLink * 4);
    cur = c.load(prev_slot);
  }
  c.set_ws(w, kSlotTime, time);
  c.set_ws(w, kSlotTLink, cur);
  c.store(prev_slot, w);
  timer_recompute(c);
}

bool timer_remove(Cpu& c, unsigned p, Word w) {
  Word prev_slot = timer_queue_head(p);
  Word cur = c.load(prev_slot);
  while (cur != kNotProcess && c.halt == HaltReason::None) {
    if (cur == w) {
      c.store(prev_slot, c.ws(w, kSlotTLink));
      timer_recompute(c);
      return true;
    }
    prev_slot = cur + Word(kSlotTLink * 4);
    cur = c.load(prev_slot);
  }
  return false;
}

void timer_fire(Cpu& c) {
  for (unsigned p = 0; p < 2; ++p) {
    Word now = c.clock(p);
    for (;;) {
      Word head = c.load(timer_queue_head(p));
      if (head == kNotProcess || c.halt != HaltReason::None) break;
      if (!after(now, c.ws(head, kSlotTime))) break;
      c.store(timer_queue_head(p), c.ws(head, kSlotTLink));
      c.set_ws(head, kSlotTLink, kTimeSet);
      // A process waiting in tin or taltwt is marked Waiting; an ALT already made ready by a
      // channel is on a run queue and stays there.
      if (c.ws(head, kSlotState) == kWaiting) {
        c.set_ws(head, kSlotState, kReady);
        schedule(c, head | p);
      }
    }
  }
  timer_recompute(c);
}

void timer_recompute(Cpu& c) {
  for (unsigned p = 0; p < 2; ++p) {
    Word head = c.load(timer_queue_head(p));
    c.timer_wake[p] = head == kNotProcess ? kNever : wake_cycle(c, p, c.ws(head, kSlotTime));
  }
  c.request_stop();
}

void set_timer_enabled(Cpu& c, unsigned p, bool on) {
  if (c.timer_enabled[p] == on) return;
  if (!on) {
    c.timer_base[p] = c.clock(p);  // frozen at its value now
  } else {
    c.timer_base_cycle[p] = c.cycles;  // counts on from there, a full tick to the next value
  }
  c.timer_enabled[p] = on;
  timer_recompute(c);
}

void signal_event(Cpu& c) {
  Word w = c.load(kEventChannel);
  if (w == kNotProcess) {
    c.event_pending = true;  // taken by the next input on the event channel
    return;
  }
  Word state = c.ws(w & ~3u, kSlotState);
  if (state == kEnabling || state == kWaiting || state == kReady) {
    // An ALT has enabled the event channel: it becomes ready; its input takes the event.
    c.event_pending = true;
    c.set_ws(w & ~3u, kSlotState, kReady);
    if (state == kWaiting) schedule(c, w);
    return;
  }
  c.store(kEventChannel, kNotProcess);  // a process waits in `in`: it goes on
  schedule(c, w);
}

}  // namespace transit::emu
