// The top level of a compiled occam program: the main PROC's keyboard, screen and error channels
// wired to stdin, stdout and stderr (KRoC's conventions: byte 255 on the screen flushes it), the
// scheduler options from the environment, and the exit status.
//
//   int main(int argc, char** argv) {
//     return occ::run_program(argc, argv, {.body = &body, .uses_keyboard = false});
//   }
#pragma once

#include "transit/channel.h"
#include "transit/ends.h"
#include "transit/error.h"
#include "transit/proc.h"

#include "occam_arith.h"
#include "occam_array.h"
#include "occam_net.h"

namespace occ {

// A channel end a PAR branch declares it holds (transit/ends.h): a channel, or the element of an
// array of channels at the given subscripts (fewer subscripts: every channel below them). An
// element out of range declares nothing (the branch would fail or not use it).
template <class T>
transit::ChannelEnd held(transit::Channel<T>& c, bool writer) {
  return writer ? transit::writer_end(c) : transit::reader_end(c);
}
template <class C, int R, class... I>
transit::ChannelEnd held(const View<C, R>& v, bool writer, I... subscripts) {
  static_assert(sizeof...(I) <= std::size_t(R));
  const std::int64_t subs[] = {std::int64_t(subscripts)..., 0};
  C* p = v.data;
  std::int64_t count = v.count();
  for (std::size_t k = 0; k < sizeof...(I); ++k) {
    if (subs[k] < 0 || subs[k] >= v.dim[k]) return transit::no_channel_end();
    count /= v.dim[k];
    p += subs[k] * count;
  }
  return transit::channel_ends(p, std::size_t(count), writer);
}

// A channel of a table of channels (occam_array.h); all of them is not one run of channels and
// declares nothing.
template <class C, INT N, class... I>
transit::ChannelEnd held(const ChanTable<C, N>& t, bool writer, I... subscripts) {
  static_assert(sizeof...(I) <= 1);
  if constexpr (sizeof...(I) == 0) {
    return transit::no_channel_end();
  } else {
    const std::int64_t k = std::int64_t(subscripts...);
    if (k < 0 || k >= N) return transit::no_channel_end();
    return held(*t.ch[k], writer);
  }
}

// A held end's subscript, evaluated where the branch starts. The branch itself may never evaluate
// it, so an error in it (overflow, division by zero) declares no end instead of stopping early.
template <class F>
std::int64_t quiet_subscript(F subscript) noexcept {
  try {
    return subscript();
  } catch (const transit::RuntimeError&) {
    return -1;
  }
}

struct Console {
  transit::Channel<BYTE> keyboard{"keyboard"};
  transit::Channel<BYTE> screen{"screen"};
  transit::Channel<BYTE> error{"error"};
};

struct ProgramEntry {
  transit::Proc (*body)(Console& console);  // calls the main PROC with the channels it takes
  bool uses_keyboard = false;                // false: stdin is never read
  const char* name = "program";              // the main PROC's occam name (reports name its process)
  NetChannelBase* const* network = nullptr;  // its channels bound to the network, null-terminated
};

// Runs the program. Environment: TRANSIT_THREADS (1 deterministic, 0 all cores, n workers),
// TRANSIT_SEED (random schedule of the deterministic scheduler), TRANSIT_RECORD / TRANSIT_REPLAY
// (file of the ALT choices to write / to replay on one thread), TRANSIT_VIRTUAL_TIME=1 (timers
// on virtual time), TRANSIT_NO_ATTACH=1 (no socket for `transit attach`), TRANSIT_NET (the network
// bindings, "NAME=connect:HOST:PORT,NAME=listen:HOST:PORT") and TRANSIT_NET_TIMEOUT_MS. Returns
// transit's exit statuses (0 ok, 2 a bad binding, 3 deadlock, 4 run-time error, 6 network fault).
int run_program(int argc, char** argv, const ProgramEntry& entry);

}  // namespace occ
