// Channels between processors that are not neighbours (placement.cpp): each is a virtual channel
// carried along a shortest path by router processes generated as IR beside the processor's own,
// multiplexing the links. On a link, a message is a tag naming the virtual channel (and its variant
// case) then its items; each message is acknowledged end to end, so at most one is on its way per
// virtual channel and no link is ever held waiting. docs/transputer-backend.md, "Routed channels".
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "transit/occam/ir/ir.h"

namespace transit::occam::backend::tp {

// One step of a route: from `node` out of its link `link`, into `peer` by its link `peer_link`.
struct Hop {
  int node = 0, link = 0, peer = 0, peer_link = 0;
};

// links[p][l]: the processor and link wired to p's link l ({-1, -1}: none); usable[p][l]: may carry routes.
std::optional<std::vector<Hop>> shortest_route(const std::vector<std::array<std::pair<int, int>, 4>>& links,
                                               const std::vector<std::array<bool, 4>>& usable, int from, int to);

struct RoutedChannel {
  std::string name;  // 'c[3]', for the router processes' names
  ir::ProtocolId protocol = ir::kNone;
  ir::Site site;
  std::vector<Hop> route;  // from the writer's processor to the reader's
};

// What processor `node` adds to run the routes through it: declarations (its link channels among
// them, `link_channels` giving their words from MOSTNEG), and the router processes, to run in
// parallel with its own. endpoint[v]: the channel this processor's program uses for routed channel v
// (an ordinary channel, or an element of an array of them; none when it is not an end of v). Empty
// when no route touches the processor.
struct Routers {
  std::vector<ir::Decl> decls;
  std::vector<ir::Process> processes;
  std::map<ir::VarId, int> link_channels;
};
Routers routers_for(ir::Module& m, const std::vector<RoutedChannel>& routed,
                    const std::vector<std::optional<ir::Expr>>& endpoint, int node);

// Routed channel `chan` seen as a CHAN INT, for the acknowledgement that ends the writer's output: the
// same channel word, written as a retyping so that it does not count as a use of the channel's ends
// (ir/chan_ends.h): the writer still holds only its writing end, the router its reading end.
ir::Expr acknowledgement_channel(ir::Module& m, const ir::Expr& chan);

// A counted array routed is buffered at each hop in an array of this many elements; a longer one is a
// run-time error on the router.
inline constexpr std::int64_t kRoutedCountedMax = 1024;

}  // namespace transit::occam::backend::tp
