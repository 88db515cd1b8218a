// Out-of-line parts of the channels: usage errors, state names and removal from a shared channel's queue.
#include <string>

#include "transit/channel.h"
#include "transit/error.h"
#include "transit/shared_channel.h"

namespace transit::detail {

void usage_error(const ChannelCore& channel, const char* what, SiteRef site) {
  std::string message = "channel '";
  message += shown_name(channel.name);
  message += "': ";
  message += what;
  throw RuntimeError(site.get(), message);
}

const char* channel_state_name(ChannelState s) noexcept {
  switch (s) {
    case ChannelState::empty: return "empty";
    case ChannelState::writer_waiting: return "writer waiting";
    case ChannelState::reader_waiting: return "reader waiting";
    case ChannelState::alt_waiting: return "ALT waiting";
  }
  return "?";
}

bool WaiterQueue::remove(Waiter* w) noexcept {
  Waiter* prev = nullptr;
  for (Waiter* q = head; q != nullptr; prev = q, q = q->next) {
    if (q != w) continue;
    if (prev) prev->next = q->next; else head = q->next;
    if (tail == q) tail = prev;
    return true;
  }
  return false;
}

}  // namespace transit::detail
