#include "source/install_layout.h"

#include <filesystem>

namespace transit::occam {

namespace fs = std::filesystem;

std::optional<InstallLayout> installed_layout() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  fs::path prefix = exe.parent_path().parent_path();
  InstallLayout l;
  l.prefix = prefix.string();
  l.occam_lib = (prefix / TRANSIT_INSTALL_OCCAM_LIB_DIR).string();
  l.include = (prefix / TRANSIT_INSTALL_INCLUDE_DIR).string();
  l.support_lib = (prefix / TRANSIT_INSTALL_SUPPORT_LIB_DIR / "libtransit_occam_support.a").string();
  if (!fs::is_regular_file(fs::path(l.include) / "occam_support.h", ec) || !fs::is_regular_file(l.support_lib, ec) ||
      !fs::is_directory(l.occam_lib, ec))
    return std::nullopt;
  return l;
}

}  // namespace transit::occam
