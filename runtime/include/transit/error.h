// RuntimeError: a process failing with an error stops the whole program (like KRoC's
// "STOP/error in process at file:line"): transit::run prints the message and site and returns
// exit_runtime_error. Other exceptions travel up through the enclosing PAR instead (see par.h).
//
//   if (i >= n) throw transit::RuntimeError("index out of range", transit::Site{"a.occ", 7, 3, "main"});
#pragma once

#include <stdexcept>
#include <string>

#include "transit/site.h"

namespace transit {

class RuntimeError : public std::runtime_error {
 public:
  RuntimeError(Site site, const std::string& message) : std::runtime_error(message), site_(site) {}
  explicit RuntimeError(const std::string& message, Site site = Site::current())
      : std::runtime_error(message), site_(site) {}

  const Site& site() const noexcept { return site_; }

 private:
  Site site_;
};

}  // namespace transit
