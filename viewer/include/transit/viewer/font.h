// The viewer's text font: DejaVu Sans from Debian's fonts-dejavu-core, found at its fixed Debian
// path or through fontconfig's fc-match; an error names the package when there is none.
#pragma once

#include <string>
#include <variant>

namespace transit::viewer {

struct FontError {
  std::string message;
};

// The path of a TrueType font file, or why there is none ($TRANSIT_VIEWER_FONT overrides).
std::variant<std::string, FontError> find_font();

}  // namespace transit::viewer
