// The processor's view of its four links: what the link channel instructions (in, out, outbyte,
// outword, enbc, disc, resetch on a link channel word) ask of the link hardware. Declared in the
// core so that the core includes nothing above it; the link engine (link/link_engine.h)
// implements it, and the node (node/transputer.h) plugs one into Cpu::links.
#pragma once

#include "transit/emu/isa/types.h"

namespace transit::emu {

class LinkPort {
 public:
  // A process (descriptor wdesc) inputs or outputs `count` bytes at `ptr` on link `link`; it is
  // descheduled by the caller and scheduled again by the link hardware when the message is done.
  virtual void start_input(unsigned link, Word ptr, Word count, Word wdesc) = 0;
  virtual void start_output(unsigned link, Word ptr, Word count, Word wdesc) = 0;
  virtual bool enable_input(unsigned link, Word wdesc) = 0;  // ALT: true if a byte is already waiting
  virtual bool disable_input(unsigned link) = 0;             // ALT: true if a byte is waiting
  virtual Word reset_channel(Word channel) = 0;              // resetch: the waiting process or NotProcess

 protected:
  ~LinkPort() = default;
};

}  // namespace transit::emu
