// Where an installed Transit keeps the files the occam compiler needs at run time (bundled occam
// libraries, runtime and support headers, the support archive). They are found relative to the running
// `transit`, so an installed tree can be moved (`meson install --destdir` included); a `transit` in the
// build tree has no such tree beside it and uses the source and build folders instead.
#pragma once

#include <optional>
#include <string>

namespace transit::occam {

struct InstallLayout {
  std::string prefix;        // the folder holding bin/
  std::string occam_lib;     // bundled occam libraries (course.module, ...)
  std::string include;       // runtime and occam support headers
  std::string support_lib;   // libtransit_occam_support.a
};

// The installed layout around the running executable, if it is complete; nullopt in the build tree.
std::optional<InstallLayout> installed_layout();

}  // namespace transit::occam
