// The steps every driver command shares (compile.cpp: build and run; unit.cpp: separately compiled
// units): the preprocessor options of a build, the toolchain and cache folder it uses, and the C++
// of a module, each with the failure to report.
#pragma once

#include <string>
#include <variant>

#include "transit/occam/driver/compile.h"
#include "transit/occam/ir/ir.h"
#include "transit/occam/pre/preprocessor.h"
#include "transit/occam/driver/toolchain.h"

namespace transit::occam::driver {

// The -I folders, the bundled library folder and the stamp a compiled unit must carry (unit.h).
PreprocessOptions preprocess_options(const Options& options, const std::string& unit_stamp);

struct Workspace {
  Toolchain tc;
  std::string cache_root;
};
// The toolchain and build cache, or why there are none.
std::variant<Workspace, Failure> find_workspace();

// The native back end's C++ for a module; `what` names it in an internal error.
std::variant<std::string, Failure> cpp_source(const ir::Module& m, const std::string& what);

}  // namespace transit::occam::driver
