// Link engine: the byte protocol of the four links, and the boot-from-link loader.
#include "transit/emu/link/link_engine.h"

#include <algorithm>

#include "transit/emu/core/scheduler.h"

namespace transit::emu {

LinkEngine::LinkEngine(Cpu& cpu, Cycle bit_cycles) : cpu_(cpu), bit_cycles_(bit_cycles) {}

void LinkEngine::deliver(const LinkSignal& s) {
  unsigned link = s.link & 3;
  if (s.kind == LinkSignal::Kind::Data) {
    Cycle header = s.start + (s.end - s.start) * kDataHeaderBits / kDataPacketBits;
    events_.push({header, seq_++, EventKind::DataHeader, std::uint8_t(link), s.byte});
    events_.push({s.end, seq_++, EventKind::DataEnd, std::uint8_t(link), s.byte});
  } else {
    events_.push({s.end, seq_++, EventKind::AckEnd, std::uint8_t(link), 0});
  }
  cpu_.request_stop();
}

bool LinkEngine::sensitive() const {
  if (booting_) return true;
  for (unsigned l = 0; l < kLinks; ++l)
    if (in_[l].wdesc != kNotProcess || in_[l].alt != kNotProcess || out_[l].wdesc != kNotProcess ||
        out_[l].awaiting_ack)
      return true;
  return false;
}

LinkEngine::Transfer LinkEngine::transfer(unsigned link) const {
  const Input& in = in_[link];
  const Output& out = out_[link];
  Transfer t;
  t.in_wdesc = in.wdesc;
  t.in_remaining = in.wdesc != kNotProcess ? in.remaining : 0;
  t.buffered = in.buffer.size();
  t.arriving = in.inflight;
  t.out_wdesc = out.wdesc;
  t.out_remaining = out.remaining;
  t.awaiting_ack = out.awaiting_ack;
  return t;
}

void LinkEngine::reset() {
  events_ = {};
  emitted_.clear();
  for (unsigned l = 0; l < kLinks; ++l) {
    wire_free_[l] = 0;
    in_[l] = Input{};
    out_[l] = Output{};
    stats_[l] = LinkStats{};
  }
  booting_ = true;
  boot_link_ = -1;
  boot_stage_ = BootStage::Control;
}

void LinkEngine::emit(LinkSignal::Kind kind, unsigned link, std::uint8_t byte, Cycle now) {
  Cycle bits = kind == LinkSignal::Kind::Data ? kDataPacketBits : kAckPacketBits;
  LinkSignal s;
  s.kind = kind;
  s.link = std::uint8_t(link);
  s.byte = byte;
  s.start = std::max(now, wire_free_[link]);
  s.end = s.start + bits * bit_cycles_;
  wire_free_[link] = s.end;
  emitted_.push_back(s);
  cpu_.request_stop();
}

void LinkEngine::process_due(Cycle before) {
  while (!events_.empty() && events_.top().at <= cpu_.cycles && events_.top().at < before) {
    Event e = events_.top();
    events_.pop();
    Input& in = in_[e.link];
    switch (e.kind) {
      case EventKind::DataHeader:
        in.inflight = true;
        in.inflight_acked = early_ack() && in.buffer.empty();
        if (in.inflight_acked) emit(LinkSignal::Kind::Ack, e.link, 0, e.at);
        break;
      case EventKind::DataEnd:
        in.inflight = false;
        in.buffer.push_back(e.byte);
        in.acked.push_back(in.inflight_acked);
        in.inflight_acked = false;
        ++stats_[e.link].bytes_in;
        take(e.link, e.at);
        break;
      case EventKind::AckEnd: {
        Output& out = out_[e.link];
        if (!out.awaiting_ack) break;  // stray acknowledge (after a reset): ignored
        out.awaiting_ack = false;
        ++stats_[e.link].bytes_out;
        ++out.ptr;
        --out.remaining;
        if (out.remaining > 0) {
          send_next(e.link, e.at);
        } else if (out.boot_reply) {
          out.boot_reply = false;
        } else if (out.wdesc != kNotProcess) {
          Word w = out.wdesc;
          out.wdesc = kNotProcess;
          cpu_.store(link_out_channel(e.link), kNotProcess);
          schedule(cpu_, w);
        }
        break;
      }
    }
  }
}

void LinkEngine::send_next(unsigned link, Cycle now) {
  Output& out = out_[link];
  std::uint8_t byte = out.boot_reply ? out.reply[4 - out.remaining] : cpu_.load_byte(out.ptr);
  out.awaiting_ack = true;
  emit(LinkSignal::Kind::Data, link, byte, now);
}

void LinkEngine::ack_taken(unsigned link, bool already_acked, Cycle now) {
  Input& in = in_[link];
  if (!already_acked) emit(LinkSignal::Kind::Ack, link, 0, now);
  // With early acknowledge, a packet that arrived while the buffer was full is acknowledged
  // as soon as the buffer empties.
  if (early_ack() && in.inflight && !in.inflight_acked && in.buffer.empty()) {
    in.inflight_acked = true;
    emit(LinkSignal::Kind::Ack, link, 0, now);
  }
}

void LinkEngine::take(unsigned link, Cycle now) {
  Input& in = in_[link];
  while (!in.buffer.empty()) {
    if (in.wdesc != kNotProcess && in.remaining > 0) {
      std::uint8_t byte = in.buffer.front();
      bool acked = in.acked.front();
      in.buffer.pop_front();
      in.acked.pop_front();
      cpu_.watch_write(in.ptr, 1);
      cpu_.store_byte(in.ptr++, byte);
      ack_taken(link, acked, now);
      if (--in.remaining == 0) {
        Word w = in.wdesc;
        in.wdesc = kNotProcess;
        cpu_.store(link_in_channel(link), kNotProcess);
        schedule(cpu_, w);
      }
    } else if (booting_ && (boot_link_ < 0 || boot_link_ == int(link))) {
      std::uint8_t byte = in.buffer.front();
      bool acked = in.acked.front();
      in.buffer.pop_front();
      in.acked.pop_front();
      ack_taken(link, acked, now);
      boot_byte(link, byte, now);
    } else {
      if (in.alt != kNotProcess) {
        Word w = in.alt;
        in.alt = kNotProcess;
        Word ws = w & ~3u;
        Word state = cpu_.ws(ws, kSlotState);
        if (state == kEnabling) {
          cpu_.set_ws(ws, kSlotState, kReady);
        } else if (state == kWaiting) {
          cpu_.set_ws(ws, kSlotState, kReady);
          schedule(cpu_, w);
        }
      }
      return;
    }
  }
}

void LinkEngine::start_input(unsigned link, Word ptr, Word count, Word wdesc) {
  Input& in = in_[link];
  if (count == 0) {
    cpu_.store(link_in_channel(link), kNotProcess);
    schedule(cpu_, wdesc);
    return;
  }
  in.wdesc = wdesc;
  in.ptr = ptr;
  in.remaining = count;
  cpu_.request_stop();  // now sensitive to signals: the run loop narrows its limit
  take(link, cpu_.cycles);
}

void LinkEngine::start_output(unsigned link, Word ptr, Word count, Word wdesc) {
  Output& out = out_[link];
  if (count == 0) {
    cpu_.store(link_out_channel(link), kNotProcess);
    schedule(cpu_, wdesc);
    return;
  }
  out.wdesc = wdesc;
  out.ptr = ptr;
  out.remaining = count;
  out.boot_reply = false;
  send_next(link, cpu_.cycles);
}

bool LinkEngine::enable_input(unsigned link, Word wdesc) {
  Input& in = in_[link];
  if (!in.buffer.empty()) return true;
  in.alt = wdesc;
  cpu_.request_stop();
  return false;
}

bool LinkEngine::disable_input(unsigned link) {
  Input& in = in_[link];
  in.alt = kNotProcess;
  return !in.buffer.empty();
}

Word LinkEngine::reset_channel(Word channel) {
  unsigned link = link_of_channel(channel);
  Word old;
  if (is_link_input(channel)) {
    Input& in = in_[link];
    old = in.wdesc;
    in.wdesc = kNotProcess;
    in.remaining = 0;
    in.alt = kNotProcess;
    in.buffer.clear();
    in.acked.clear();
  } else {
    Output& out = out_[link];
    old = out.wdesc;
    out.wdesc = kNotProcess;
    out.remaining = 0;
    out.awaiting_ack = false;
  }
  cpu_.store(channel, kNotProcess);
  return old;
}

void LinkEngine::boot_byte(unsigned link, std::uint8_t byte, Cycle now) {
  boot_link_ = int(link);
  switch (boot_stage_) {
    case BootStage::Control:
      boot_done_ = 0;
      boot_addr_ = 0;
      boot_value_ = 0;
      if (byte == 0) {
        boot_stage_ = BootStage::PokeAddress;
      } else if (byte == 1) {
        boot_stage_ = BootStage::PeekAddress;
      } else {
        boot_count_ = byte;
        boot_stage_ = BootStage::Load;
      }
      return;
    case BootStage::PokeAddress:
      boot_addr_ |= Word(byte) << (8 * boot_done_);
      if (++boot_done_ == 4) {
        boot_done_ = 0;
        boot_stage_ = BootStage::PokeValue;
      }
      return;
    case BootStage::PokeValue:
      boot_value_ |= Word(byte) << (8 * boot_done_);
      if (++boot_done_ == 4) {
        cpu_.watch_write(boot_addr_, 4);
        cpu_.store(boot_addr_, boot_value_);
        boot_stage_ = BootStage::Control;
        boot_link_ = -1;
      }
      return;
    case BootStage::PeekAddress: {
      boot_addr_ |= Word(byte) << (8 * boot_done_);
      if (++boot_done_ < 4) return;
      Word v = cpu_.load(boot_addr_);
      Output& out = out_[link];
      for (int i = 0; i < 4; ++i) out.reply[i] = std::uint8_t(v >> (8 * i));
      out.boot_reply = true;
      out.remaining = 4;
      send_next(link, now);
      boot_stage_ = BootStage::Control;
      boot_link_ = -1;
      return;
    }
    case BootStage::Load: {
      Word start = cpu_.memstart();
      cpu_.watch_write(start + boot_done_, 1);
      cpu_.store_byte(start + boot_done_, byte);
      if (++boot_done_ < boot_count_) return;
      // The bootstrap runs as a low-priority process: Iptr at MemStart, workspace after the
      // code, Creg the input channel of the boot link.
      booting_ = false;
      boot_stage_ = BootStage::Control;
      cpu_.iptr = start;
      cpu_.wptr = (start + boot_count_ + 3) & ~3u;
      cpu_.pri = 1;
      cpu_.areg = 0;
      cpu_.breg = 0;
      cpu_.creg = link_in_channel(link);
      cpu_.running = true;
      cpu_.cycles = std::max(cpu_.cycles, now);
      cpu_.timeslice_end = cpu_.cycles + 2 * kTimesliceTicks * cpu_.tick_cycles[0];
      cpu_.request_stop();
      return;
    }
  }
}

}  // namespace transit::emu
