// The SystemC network kernel with scripted nodes: exact delivery times through a pipeline,
// determinism, the end of a run, and the whole-network deadlock report.
#include <doctest/doctest.h>

#include <queue>

#include "transit/emu/network/network.h"

using namespace transit::network;
using transit::emu::LinkSignal;

namespace {

// A node that follows a script: compute for n cycles, send a byte and wait for its acknowledge,
// receive a byte (acknowledging it). A data packet takes 11 cycles, an acknowledge 2, so nothing a
// node sends has an effect before 2 cycles later. It stops at `safe` (it never runs ahead).
struct Op {
  enum Kind { Compute, Send, Recv } kind;
  int arg = 0;  // cycles, or the link
};

class ScriptNode : public NetworkNode {
 public:
  explicit ScriptNode(std::vector<Op> script, int first_value = 0) : script_(std::move(script)), value_(first_value) {}

  Cycle now() const override { return now_; }
  Activity activity() const override {
    if (pc_ >= script_.size()) return Activity::Stopped;
    return stuck() && !due_at(now_) ? Activity::Waiting : Activity::Running;
  }
  Cycle next_event() const override {
    if (activity() == Activity::Running) return now_;
    return events_.empty() ? kNever : events_.top().at;
  }
  void take_sent(std::vector<LinkSignal>& out) override {
    out.insert(out.end(), sent_.begin(), sent_.end());
    sent_.clear();
  }
  void receive(const LinkSignal& s) override { events_.push({s.end, s.kind == LinkSignal::Kind::Ack, s.link, s.byte}); }
  Cycle lookahead() const override { return 2; }
  Cycle earliest_emission() const override { return now_; }
  std::vector<BlockedProcess> blocked() const override {
    std::vector<BlockedProcess> v;
    if (pc_ < script_.size() && script_[pc_].kind != Op::Compute) {
      bool in = script_[pc_].kind == Op::Recv;
      v.push_back({0x80000101u, 0x80001000u + unsigned(pc_), script_[pc_].arg, in,
                   std::string(in ? "in on link " : "out on link ") + std::to_string(script_[pc_].arg)});
    }
    return v;
  }
  std::string stop_reason() const override { return "script done"; }
  bool failed() const override { return false; }
  std::uint64_t instructions() const override { return instructions_; }
  Cycle idle_cycles() const override { return idle_; }

  void run(Cycle until, Cycle safe) override {
    Cycle limit = std::min(until, safe);
    for (;;) {
      apply_due();
      if (pc_ >= script_.size() || now_ >= limit) return;
      const Op& op = script_[pc_];
      switch (op.kind) {
        case Op::Compute: {
          Cycle step = std::min<Cycle>(Cycle(op.arg) - done_, limit - now_);
          now_ += step;
          done_ += step;
          instructions_ += step;
          if (done_ == Cycle(op.arg)) next();
          continue;
        }
        case Op::Send:
          if (!sending_) {
            emit(LinkSignal::Kind::Data, op.arg, std::uint8_t(value_ + 1), 11);
            limit = std::min(limit, now_ + 2 * lookahead());
            sending_ = true;
            ++now_;
            continue;
          }
          if (acked_) {
            acked_ = false;
            sending_ = false;
            next();
            continue;
          }
          break;
        case Op::Recv:
          if (!latched_.empty()) {
            value_ = latched_.front();
            latched_.pop();
            received.push_back({now_, value_});
            emit(LinkSignal::Kind::Ack, op.arg, 0, 2);
            limit = std::min(limit, now_ + 2 * lookahead());
            ++now_;
            next();
            continue;
          }
          break;
      }
      // Blocked: sleep to the next event, or return until one is delivered.
      if (events_.empty()) return;
      Cycle to = std::min(events_.top().at, limit);
      if (to > now_) {
        idle_ += to - now_;
        now_ = to;
      }
    }
  }

  std::vector<std::pair<Cycle, int>> received;  // (cycle, value) of each byte taken

 private:
  struct Event {
    Cycle at;
    bool ack;
    std::uint8_t link, byte;
    bool operator>(const Event& o) const { return at > o.at; }
  };
  bool stuck() const {
    if (pc_ >= script_.size()) return false;
    const Op& op = script_[pc_];
    return (op.kind == Op::Send && sending_ && !acked_) || (op.kind == Op::Recv && latched_.empty());
  }
  bool due_at(Cycle t) const { return !events_.empty() && events_.top().at <= t; }
  void apply_due() {
    while (due_at(now_)) {
      Event e = events_.top();
      events_.pop();
      if (e.ack) acked_ = true;
      else latched_.push(e.byte);
    }
  }
  void next() {
    ++pc_;
    done_ = 0;
  }
  void emit(LinkSignal::Kind kind, int link, std::uint8_t byte, Cycle bits) {
    LinkSignal s;
    s.kind = kind;
    s.link = std::uint8_t(link);
    s.byte = byte;
    s.start = now_;
    s.end = now_ + bits;
    sent_.push_back(s);
  }

  std::vector<Op> script_;
  std::size_t pc_ = 0;
  Cycle done_ = 0;
  Cycle now_ = 0;
  Cycle idle_ = 0;
  std::uint64_t instructions_ = 0;
  int value_;
  bool sending_ = false, acked_ = false;
  std::queue<int> latched_;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events_;
  std::vector<LinkSignal> sent_;
};

Topology shorthand(const char* spec) { return std::get<Topology>(*parse_shorthand(spec)); }

// A pipeline: node 0 computes C cycles and sends 1; every other node receives on link 1,
// computes C cycles and sends the value plus one on link 2.
std::vector<std::unique_ptr<NetworkNode>> pipeline_nodes(int n, int c) {
  std::vector<std::unique_ptr<NetworkNode>> nodes;
  nodes.push_back(std::make_unique<ScriptNode>(std::vector<Op>{{Op::Compute, c}, {Op::Send, 2}}));
  for (int i = 1; i < n; ++i) {
    std::vector<Op> s{{Op::Recv, 1}, {Op::Compute, c}};
    if (i + 1 < n) s.push_back({Op::Send, 2});
    nodes.push_back(std::make_unique<ScriptNode>(s));
  }
  return nodes;
}

}  // namespace

TEST_CASE("a value passes through a 16-node pipeline with exact link timing") {
  const int n = 16, c = 1000;
  auto nodes = pipeline_nodes(n, c);
  NetworkOptions opt;
  opt.root = n - 1;
  NetworkResult r = run_network(shorthand("pipeline:16"), nodes, opt);
  CHECK(r.outcome == Outcome::Finished);
  for (int k = 1; k < n; ++k) {
    auto& node = static_cast<ScriptNode&>(*nodes[std::size_t(k)]);
    REQUIRE(node.received.size() == 1);
    // Node k takes its byte at k*(C+12)-1: C computing, 11 on the wire, 1 to take it; the ack is 2.
    CHECK(node.received[0].first == Cycle(k) * (c + 12) - 1);
    CHECK(node.received[0].second == k);
  }
  CHECK(r.nodes[0].bytes_out == 1);
  CHECK(r.nodes[15].bytes_in == 1);
  CHECK(r.end_cycle == Cycle(n - 1) * (c + 12) - 1 + 1 + c);
}

TEST_CASE("two runs of a ring of busy nodes give the same cycles, values and steps") {
  auto ring = [] {
    std::vector<std::unique_ptr<NetworkNode>> nodes;
    for (int i = 0; i < 4; ++i) {
      std::vector<Op> s;
      for (int round = 0; round < 50; ++round) {
        if (i == 0) s.insert(s.end(), {{Op::Compute, 300 + 7 * round}, {Op::Send, 2}, {Op::Recv, 1}});
        else s.insert(s.end(), {{Op::Recv, 1}, {Op::Compute, 100 * i + round}, {Op::Send, 2}});
      }
      nodes.push_back(std::make_unique<ScriptNode>(s));
    }
    NetworkOptions opt;
    NetworkResult r = run_network(shorthand("ring:4"), nodes, opt);
    auto& root = static_cast<ScriptNode&>(*nodes[0]);
    return std::make_tuple(r.end_cycle, r.steps, root.received, int(r.outcome));
  };
  auto a = ring();
  auto b = ring();
  CHECK(std::get<3>(a) == int(Outcome::Finished));
  CHECK(std::get<0>(a) == std::get<0>(b));
  CHECK(std::get<1>(a) == std::get<1>(b));
  CHECK(std::get<2>(a) == std::get<2>(b));
  REQUIRE(std::get<2>(a).size() == 50);
  CHECK(std::get<2>(a).back().second == 4 * 50);  // each round adds one per node
}

TEST_CASE("a cycle limit ends the run") {
  auto nodes = pipeline_nodes(4, 100000);
  NetworkOptions opt;
  opt.root = 3;
  opt.max_cycles = 150000;
  NetworkResult r = run_network(shorthand("pipeline:4"), nodes, opt);
  CHECK(r.outcome == Outcome::CycleLimit);
  CHECK(r.end_cycle <= 150000);
}

TEST_CASE("a ring where every node waits to input is a deadlock, reported per node with chains") {
  std::vector<std::unique_ptr<NetworkNode>> nodes;
  for (int i = 0; i < 3; ++i)
    nodes.push_back(std::make_unique<ScriptNode>(std::vector<Op>{{Op::Compute, 50 * (i + 1)}, {Op::Recv, 1}}));
  NetworkResult r = run_network(shorthand("ring:3"), nodes, {});
  REQUIRE(r.outcome == Outcome::Deadlock);
  CHECK(r.end_cycle == 150);
  CHECK(r.report.find("deadlock at cycle 150") == 0);
  CHECK(r.report.find("node 1:\n  process #80000100 (low) at Iptr #80001001: in on link 1 <- node 0 link 2\n") !=
        std::string::npos);
  CHECK(r.report.find("chains:\n  node 0 link 1 -> node 2 link 2, node 2 link 1 -> node 1 link 2, node 1 link 1 -> "
                      "node 0 link 2 (back to node 0: a cycle)\n") != std::string::npos);
  CHECK(r.report.find("node 1 link 1 -> node 0") == r.report.rfind("node 1 link 1 -> node 0"));  // one chain per cycle
}

TEST_CASE("networks run one after another in one process") {
  for (int i = 0; i < 3; ++i) {
    auto nodes = pipeline_nodes(2, 10);
    NetworkOptions opt;
    opt.root = 1;
    CHECK(run_network(shorthand("pipeline:2"), nodes, opt).outcome == Outcome::Finished);
  }
}
