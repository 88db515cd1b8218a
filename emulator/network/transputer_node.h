// TransputerNode: one emulated transputer (emu::Transputer) as a network node; the root node also
// carries the iserver host on its host link, exactly as run_session wires it for a single node.
#pragma once

#include <memory>

#include "transit/emu/node/transputer.h"
#include "transit/emu/host/host_link.h"
#include "transit/emu/network/network_node.h"
#include "network/node_trace.h"
#include "transit/emu/network/quiet_code.h"

namespace transit::network {

class TransputerNode : public NetworkNode {
 public:
  explicit TransputerNode(const emu::NodeConfig& config);

  // Makes this the root: `host` (owned by the caller) is wired to `link`, and the boot file is
  // queued on it at the node's current cycle.
  void attach_host(emu::HostLink& host, unsigned link, std::span<const std::uint8_t> boot_file);

  Cycle now() const override { return t_.now(); }
  void run(Cycle until, Cycle safe) override { run(until, safe, safe); }
  void run(Cycle until, Cycle safe, Cycle link_safe) override;
  bool at_horizon() const override { return at_horizon_; }
  Activity activity() const override;
  Cycle next_event() const override;
  void take_sent(std::vector<LinkSignal>& out) override;
  void receive(const LinkSignal& s) override { t_.deliver(s); }
  Cycle lookahead() const override;
  Cycle data_lookahead() const override;
  bool awaits_ack(int link) const override;
  Cycle earliest_emission() const override;
  Cycle reaction() const override { return link_instruction_cycles_; }
  std::vector<BlockedProcess> blocked() const override;
  std::string stop_reason() const override;
  std::string state_report() const override;
  bool failed() const override { return t_.halted(); }
  int running_priority() const override;
  std::uint32_t iptr() const override { return t_.cpu().iptr; }
  bool waits_on_link() const override;
  std::uint64_t instructions() const override { return t_.cpu().instructions; }
  Cycle idle_cycles() const override { return t_.idle_cycles(); }

  // Traces every instruction (--trace), lines prefixed with `node` (see NodeTrace).
  void trace_to(int node, std::FILE* out) {
    trace_ = std::make_unique<NodeTrace>(node, out);
    t_.set_tracer(trace_.get());
  }
  void flush_trace() override {
    if (trace_) trace_->flush();
  }

  emu::Transputer& transputer() { return t_; }
  bool host_exited() const { return host_ && host_->exited(); }

 private:
  std::unique_ptr<NodeTrace> trace_;  // before t_, which points to it: destroyed after it
  emu::Transputer t_;
  emu::HostLink* host_ = nullptr;
  unsigned host_link_ = 0;
  std::vector<LinkSignal> sent_;
  bool at_horizon_ = true;
  Cycle link_instruction_cycles_;  // the fewest cycles before in/out/outbyte/outword touch a link
  mutable QuietCode quiet_;         // how long the running process surely only computes (a cache)
};

}  // namespace transit::network
