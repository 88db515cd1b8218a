// Per-node instruction traces, prefixed with the node (see node_trace.h).
#include "network/node_trace.h"

#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace transit::network {

NodeTrace::NodeTrace(int node, std::FILE* out) : node_(node), out_(out) { open(); }

NodeTrace::~NodeTrace() {
  flush();
  std::fclose(mem_);
  std::free(buf_);
}

void NodeTrace::open() {
  mem_ = open_memstream(&buf_, &size_);
  if (!mem_) throw std::runtime_error("--trace: open_memstream failed");
  printer_ = std::make_unique<emu::PrintTracer>(mem_);
}

void NodeTrace::flush() {
  std::fflush(mem_);
  if (size_ == 0) return;
  std::fclose(mem_);  // the buffer stays ours; a fresh stream takes the next lines
  std::string_view text(buf_, size_);
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end == std::string_view::npos ? text.size() : end + 1);
    std::fprintf(out_, "node %d: %.*s", node_, int(line.size()), line.data());
    text.remove_prefix(line.size());
  }
  std::free(buf_);
  buf_ = nullptr;
  size_ = 0;
  open();
}

}  // namespace transit::network
