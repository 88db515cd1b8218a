// Channel ends a process holds, declared when it starts, so that a deadlock report knows who is at
// the other end of a channel even before that end has been used (the wait-for graph otherwise only
// knows the last process seen at each end). A declaration is a list in storage that outlives the
// process (its own frame, or its parent's), terminated by a default ChannelEnd{} (null `first`):
//
//   const transit::ChannelEnd ends[] = {transit::reader_end(in), transit::writer_end(out), {}};
//   transit::hold(ends);                               // inside the process, or:
//   co_await transit::par(worker(in, out).holding(ends), ...);   // given when spawning it
//
// A channel end may be declared by several live processes (a PAR branch and the branches of a PAR
// nested in it): the report takes the innermost one. Declaring costs one store when a process
// starts and nothing when it communicates.
#pragma once

#include <cstddef>
#include <cstdint>

#include "transit/channel.h"
#include "transit/process.h"

namespace transit {

struct ChannelEnd {
  const void* first = nullptr;  // the ChannelCore of the channel, or of the first of `count` channels; null ends a list
  std::uint32_t count = 0;      // channels declared (0: an entry that declares nothing)
  std::uint32_t stride = 0;     // bytes from one channel's core to the next (arrays of channels)
  bool writer = false;          // the writing end (else the reading end)
};

namespace detail {
inline constexpr char no_channel = 0;
}
// An entry that declares nothing (an array element out of range, an empty array).
inline ChannelEnd no_channel_end() noexcept { return {&detail::no_channel, 0, 0, false}; }

template <class T>
ChannelEnd reader_end(Channel<T>& c) noexcept { return {&c.core(), 1, 0, false}; }
template <class T>
ChannelEnd writer_end(Channel<T>& c) noexcept { return {&c.core(), 1, 0, true}; }
// `n` channels stored contiguously from `first` (an array of channels, or a part of one).
template <class T>
ChannelEnd channel_ends(Channel<T>* first, std::size_t n, bool writer) noexcept {
  if (first == nullptr || n == 0) return no_channel_end();
  return {&first->core(), static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(sizeof(Channel<T>)), writer};
}

// Declares the ends the running process holds (replacing any earlier declaration of it).
inline void hold(const ChannelEnd* ends) noexcept { detail::current()->held = ends; }

}  // namespace transit
