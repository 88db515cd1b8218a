// NodeTrace: `transit emu --trace` for one node of a network. The node's instructions are traced
// (emu::PrintTracer) into a buffer of its own, and the kernel hands the buffer on after each of the
// node's runs with every line prefixed "node N: ", so the trace reads the same however the nodes'
// runs are spread over host threads.
#pragma once

#include <cstdio>
#include <memory>

#include "transit/emu/core/trace.h"

namespace transit::network {

class NodeTrace : public emu::Tracer {
 public:
  NodeTrace(int node, std::FILE* out);
  ~NodeTrace() override;
  NodeTrace(const NodeTrace&) = delete;
  NodeTrace& operator=(const NodeTrace&) = delete;

  void instruction(const emu::Cpu& c, emu::Word iptr, unsigned function, emu::Word operand) override {
    printer_->instruction(c, iptr, function, operand);
  }
  // Writes the lines traced since the last call to `out`, each prefixed with the node.
  void flush();

 private:
  void open();

  int node_;
  std::FILE* out_;
  char* buf_ = nullptr;
  std::size_t size_ = 0;
  std::FILE* mem_ = nullptr;
  std::unique_ptr<emu::PrintTracer> printer_;  // on mem_, renewed with it
};

}  // namespace transit::network
