// A fresh SystemC context per network run (see sim_context.h).
#include "sim_context.h"

#include <systemc>

#include <cstdio>
#include <cstdlib>

namespace transit::network {

SimulationContext::SimulationContext() {
  // Keep stdout for the emulated program: no SystemC banner.
  ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "DISABLE", 0);
  previous_ = sc_core::sc_get_curr_simcontext();  // creates the default context if needed
  mine_ = new sc_core::sc_simcontext;
  sc_core::sc_curr_simcontext = mine_;
  sc_core::sc_default_global_context = mine_;
  // sc_stop() ends every run that finishes: no "Info: Simulation stopped by user" line on stdout.
  sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
}

SimulationContext::~SimulationContext() {
  sc_core::sc_curr_simcontext = previous_;
  sc_core::sc_default_global_context = previous_;
  delete mine_;
}

}  // namespace transit::network

// libsystemc's own main() calls sc_main; Transit's programs have their own main and drive SystemC
// through run_network, so this is only reached if a program forgets its main.
int sc_main(int, char*[]) {
  std::fputs("transit: sc_main called: this program drives SystemC from its own main\n", stderr);
  return 70;
}
