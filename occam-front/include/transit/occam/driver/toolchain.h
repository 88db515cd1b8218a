// What compiling generated C++ needs: the system C++ compiler, the flags (the same for the
// precompiled header and every program), the runtime and support headers and the support library
// (which holds the runtime), found in the build tree or in the installed layout.
#pragma once

#include <string>
#include <variant>
#include <vector>

namespace transit::occam::driver {

struct Toolchain {
  std::string cxx;
  std::vector<std::string> flags;   // compile and link flags of generated code
  std::string runtime_include;      // holds transit/*.h
  std::string support_include;      // holds occam_support.h
  std::string lang_include;         // holds builtins.def, which occam_lib.h declares from (installed: support_include)
  std::string support_lib;          // libtransit_occam_support.a
  std::string stamp;                // changes whenever the library or compiler setup changes
};

// Finds the toolchain, or says what is missing. TRANSIT_CXX overrides the compiler,
// TRANSIT_CXXFLAGS adds flags (e.g. -O0 for quicker builds while debugging generated code).
std::variant<Toolchain, std::string> find_toolchain();

// The command that compiles generated C++: the compiler, its flags, the precompiled header's folder
// (when not empty), the support and runtime header folders, then `rest` (files, -c, -o ...).
std::vector<std::string> cxx_command(const Toolchain& tc, const std::string& pch_dir, std::vector<std::string> rest);

// Runs argv; its stdout and stderr go to `output_path` (or are inherited when empty).
// Returns the exit status, or -1 when it could not be started / died by a signal.
int run_command(const std::vector<std::string>& argv, const std::string& output_path);

// The precompiled header's folder for this toolchain (built on first use): pass it as -I before
// the support folder. Empty when it could not be built (compiling works without it, slower).
std::string ensure_pch(const Toolchain& tc, const std::string& cache_root);

}  // namespace transit::occam::driver
