#include "steps.h"

#include "transit/occam/backend/cpp/emit_cpp.h"
#include "transit/occam/driver/cache.h"

namespace transit::occam::driver {

PreprocessOptions preprocess_options(const Options& options, const std::string& unit_stamp) {
  PreprocessOptions pre;
  pre.include_dirs = options.include_dirs;
  pre.library_dir = default_library_dir();
  pre.unit_stamp = unit_stamp;
  return pre;
}

std::variant<Workspace, Failure> find_workspace() {
  auto found = find_toolchain();
  if (auto* err = std::get_if<std::string>(&found)) return Failure{kExitInternal, "transit: " + *err + "\n"};
  Workspace w{std::move(std::get<Toolchain>(found)), cache_root()};
  if (w.cache_root.empty()) return Failure{1, "transit: no cache folder (set HOME or XDG_CACHE_HOME)\n"};
  return w;
}

std::variant<std::string, Failure> cpp_source(const ir::Module& m, const std::string& what) {
  auto cpp = backend::emit_cpp(m);
  if (auto* e = std::get_if<backend::CppError>(&cpp))
    return Failure{kExitInternal, "transit: internal error: the C++ back end cannot translate " + what + ": " + e->message + "\n"};
  return std::move(std::get<backend::CppUnit>(cpp).source);
}

}  // namespace transit::occam::driver
