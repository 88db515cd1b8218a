// SimulationContext: a fresh SystemC simulation context for one network run, so a process (a test,
// `transit emu`) can build and run several networks one after the other. SystemC itself allows one
// elaboration per context; the default context is kept for SystemC's own static objects.
#pragma once

namespace sc_core {
class sc_simcontext;
}

namespace transit::network {

class SimulationContext {
 public:
  SimulationContext();
  ~SimulationContext();
  SimulationContext(const SimulationContext&) = delete;
  SimulationContext& operator=(const SimulationContext&) = delete;

 private:
  sc_core::sc_simcontext* previous_;
  sc_core::sc_simcontext* mine_;
};

}  // namespace transit::network
