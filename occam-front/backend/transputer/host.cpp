// The bootstrap, root process and host server, as assembly text. Link 0's output channel is at
// MOSTNEG (mint), its input channel four words above (mint; ldnlp 4). iserver packets are a 16-bit
// length, then the data; requests are padded to an even length of at least 8 (docs/emulator.md).
#include "backend/transputer/host.h"

#include <sstream>

namespace transit::occam::backend::tp {

namespace {

// Bytes the host buffers take after the image: a request and a reply packet.
constexpr int kPacketBytes = 528;
// Words below the host server's Wptr: its two nested calls (flush, reply) and their scheduling slots.
constexpr int kHostBelowWords = 24;
constexpr int kHostAboveWords = 4;
constexpr int kKeyboardWords = 16;
constexpr int kRootAboveWords = 4;
constexpr int kBootWords = 12;  // the boot process: its `in` and scheduling slots below, a word above

const char* channel_label(ir::MainChannel c) {
  switch (c) {
    case ir::MainChannel::Keyboard: return "kbd_chan";
    case ir::MainChannel::Screen: return "scr_chan";
    case ir::MainChannel::Error: return "err_chan";
    case ir::MainChannel::Network: break;  // refused before (emit_transputer.cpp)
  }
  return "scr_chan";
}

}  // namespace

std::string host_code(const HostPlan& plan) {
  std::ostringstream s;
  s << R"(-- bootstrap: the first boot_end - start bytes, sent as the boot block; it loads the rest from the
-- link it came from (Creg holds that link's input channel when a bootstrap starts)
start:
    stl 0           -- (on what the rest of the image overwrites) Creg to Areg
    stl 0
    ldc boot_ws
    gajw
    rev
    stl 0           -- boot_ws[0]: the boot link's input channel
    ldc 0           -- start both clocks at 0
    sttimer
    ldc boot_end
    ldl 0
    ldc image_end - boot_end
    in
boot_end:
)";
  // A processor of a network boots its neighbours in the boot tree: each their boot file, which
  // holds their own neighbours' (docs/transputer-backend.md, "Grids").
  for (const BootChild& c : plan.children)
    s << "    ldc " << c.label << "\n    mint\n    ldnlp " << c.link << "\n    ldc " << c.bytes << "\n    out\n";
  s << R"(-- boot process: run the root process at high priority (its timers count microseconds, as occam's
-- do natively, and the host server it starts is never preempted by the program), then stop
    ldc root_start - root_0
    ldpi
root_0:
    ldc root_ws
    stnl -1
    ldc root_ws
    runp
    stopp
-- root process: start the host processes, run the entry PROC, tell the host it ended
root_start:
)";
  if (plan.host)
    s << R"(    ldc hs_start - root_1
    ldc hs_ws
    startp
root_1:
)";
  if (plan.host && plan.keyboard)
    s << R"(    ldc kb_start - root_2
    ldc kb_ws
    startp
root_2:
)";
  for (std::size_t k = plan.params.size(); k-- > 0;) s << "    ldc " << channel_label(plan.params[k]) << "\n";
  s << "    call " << plan.main_label << "\n";
  // A processor without the host stops when its process ends (the host's ends the program).
  if (!plan.host) s << "    stopp\n";
  s << R"(    ldc 0
    stl 0
    ldlp 0
    ldc done_chan
    ldc 4
    out
    stopp
-- host server: W[0] ALT selection and stream, W[3] the byte; hs_count bytes buffered, hs_stream theirs
hs_start:
hs_loop:
    alt
    ldc scr_chan
    ldc 1
    enbc
    ldc err_chan
    ldc 1
    enbc
    ldc done_chan
    ldc 1
    enbc
)";
  if (plan.keyboard) s << "    ldc kreq_chan\n    ldc 1\n    enbc\n";
  s << R"(    altwt
    ldc scr_chan
    ldc 1
    ldc hs_scr - hs_sel
    disc
    ldc err_chan
    ldc 1
    ldc hs_err - hs_sel
    disc
    ldc done_chan
    ldc 1
    ldc hs_done - hs_sel
    disc
)";
  if (plan.keyboard) s << "    ldc kreq_chan\n    ldc 1\n    ldc hs_key - hs_sel\n    disc\n";
  s << R"(    altend
hs_sel:
hs_scr:
    ldc 0
    stl 3
    ldlp 3
    ldc scr_chan
    ldc 1
    in
    ldc 1
    j hs_byte
hs_err:
    ldc 0
    stl 3
    ldlp 3
    ldc err_chan
    ldc 1
    in
    ldc 2
hs_byte:
    stl 0
    ldl 0
    ldc hs_stream
    ldnl 0
    diff
    cj hs_same
    ldc hs_count
    ldnl 0
    cj hs_switch
    call hs_flush
hs_switch:
    ldl 0
    ldc hs_stream
    stnl 0
hs_same:
    ldl 3
    eqc 255
    cj hs_put
    ldc hs_count
    ldnl 0
    cj hs_loop
    call hs_flush
    j hs_loop
hs_put:
    ldl 3
    ldc hs_count
    ldnl 0
    ldc hs_req + 9
    bsub
    sb
    ldc hs_count
    ldnl 0
    adc 1
    ldc hs_count
    stnl 0
    ldl 3
    eqc 10
    cj hs_full
    call hs_flush
    j hs_loop
hs_full:
    ldc hs_count
    ldnl 0
    eqc 500
    cj hs_loop
    call hs_flush
    j hs_loop
hs_done:
    ldlp 3
    ldc done_chan
    ldc 4
    in
    ldc hs_count
    ldnl 0
    cj hs_exit
    call hs_flush
hs_exit:
    ldl 3
    eqc 0
    cj hs_status
    ldc 999999999
    stl 3
hs_status:
    ldc 6
    ldc hs_req
    sb
    ldc 0
    ldc hs_req + 1
    sb
    ldc 35
    ldc hs_req + 2
    sb
    ldl 3
    ldc hs_req + 3
    sb
    ldl 3
    ldc 8
    shr
    ldc hs_req + 4
    sb
    ldl 3
    ldc 16
    shr
    ldc hs_req + 5
    sb
    ldl 3
    ldc 24
    shr
    ldc hs_req + 6
    sb
    ldc hs_req
    mint
    ldc 8
    out
    stopp
)";
  if (plan.keyboard)
    s << R"(hs_key:
    ldlp 3
    ldc kreq_chan
    ldc 4
    in
    ldc hs_count
    ldnl 0
    cj hs_key_get
    call hs_flush
hs_key_get:
    ldc 6
    ldc hs_req
    sb
    ldc 0
    ldc hs_req + 1
    sb
    ldc 30
    ldc hs_req + 2
    sb
    ldc hs_sent
    ldnl 0
    adc 8
    ldc hs_sent
    stnl 0
    ldc hs_req
    mint
    ldc 8
    out
    call hs_reply
    ldc hs_rep + 4
    lb
    cj hs_key_ok
    ldc 255
    j hs_key_send
hs_key_ok:
    ldc hs_rep + 5
    lb
hs_key_send:
    stl 3
    ldlp 3
    ldc krep_chan
    ldc 4
    out
    j hs_loop
-- keyboard process: asks the host server for a key, passes it on (255 at the end of input)
kb_start:
    ldlp 0
    ldc kreq_chan
    ldc 4
    out
    ldlp 0
    ldc krep_chan
    ldc 4
    in
    ldlp 0
    ldc kbd_chan
    ldc 1
    out
    j kb_start
)";
  s << R"(-- SP_WRITE of the buffered bytes: W[0] the packet length. hs_sent counts the bytes handed to link 0;
-- hs_count is 0 from then on, so what a halted chip leaves is either this packet or later bytes.
hs_flush:
    ajw -2
    ldc hs_count
    ldnl 0
    adc 8
    ldc -2
    and
    stl 0
    ldl 0
    ldc hs_req
    sb
    ldl 0
    ldc 8
    shr
    ldc hs_req + 1
    sb
    ldc 13
    ldc hs_req + 2
    sb
    ldc hs_stream
    ldnl 0
    ldc hs_req + 3
    sb
    ldc 0
    ldc hs_req + 4
    sb
    ldc 0
    ldc hs_req + 5
    sb
    ldc 0
    ldc hs_req + 6
    sb
    ldc hs_count
    ldnl 0
    ldc hs_req + 7
    sb
    ldc hs_count
    ldnl 0
    ldc 8
    shr
    ldc hs_req + 8
    sb
    ldc hs_sent
    ldnl 0
    ldl 0
    adc 2
    sum
    ldc hs_sent
    stnl 0
    ldc 0
    ldc hs_count
    stnl 0
    ldc hs_req
    mint
    ldl 0
    adc 2
    out
    call hs_reply
    ajw 2
    ret
-- one reply packet: its length to hs_rep, its data to hs_rep + 4
hs_reply:
    ajw -1
    ldc hs_rep
    mint
    ldnlp 4
    ldc 2
    in
    ldc hs_rep
    lb
    ldc hs_rep + 1
    lb
    ldc 8
    shl
    or
    stl 0
    ldc hs_rep + 4
    mint
    ldnlp 4
    ldl 0
    in
    ajw 1
    ret
-- the host channels, empty (NotProcess.p)
    .align 4
scr_chan: .word #80000000
err_chan: .word #80000000
kbd_chan: .word #80000000
done_chan: .word #80000000
kreq_chan: .word #80000000
krep_chan: .word #80000000
hs_count: .word 0
hs_stream: .word 1
hs_sent: .word 0
last_stop: .word -1
last_stop_wptr: .word 0
)";
  return s.str();
}

int host_memory_bytes(const HostPlan& plan) {
  return 2 * kPacketBytes + 4 * (kHostBelowWords + kHostAboveWords + kKeyboardWords + kHostAboveWords +
                                 plan.root_below_words + kRootAboveWords + kBootWords);
}

std::string host_memory(const HostPlan& plan) {
  std::ostringstream s;
  int hs_ws = 2 * kPacketBytes + 4 * kHostBelowWords;
  int kb_ws = hs_ws + 4 * (kHostAboveWords + kKeyboardWords);
  int root_ws = kb_ws + 4 * (kHostAboveWords + plan.root_below_words);
  s << "-- after the image: host packets, then the host, keyboard and root workspaces\n"
    << "hs_req = image_end\n"
    << "hs_rep = image_end + " << kPacketBytes << "\n"
    << "hs_ws = image_end + " << hs_ws << "\n"
    << "kb_ws = image_end + " << kb_ws << "\n"
    << "root_ws = image_end + " << root_ws << "\n"
    << "boot_ws = image_end + " << root_ws + 4 * (kRootAboveWords + kBootWords - 1) << "\n";
  return s.str();
}

}  // namespace transit::occam::backend::tp
