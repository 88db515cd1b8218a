// Finds the viewer's font file (font.h).
#include "transit/viewer/font.h"

#include <cstdio>
#include <cstdlib>
#include <sys/stat.h>

namespace transit::viewer {

namespace {

bool is_file(const std::string& path) {
  struct stat st{};
  return !path.empty() && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// fc-match's answer for a sans font, or "" when fontconfig is not there or has none.
std::string ask_fontconfig() {
  std::FILE* p = ::popen("fc-match -f '%{file}' 'DejaVu Sans:style=Book' 2>/dev/null", "r");
  if (!p) return "";
  char buf[4096];
  std::string out;
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  return out;
}

}  // namespace

std::variant<std::string, FontError> find_font() {
  if (const char* env = std::getenv("TRANSIT_VIEWER_FONT"); env && *env) {
    if (is_file(env)) return std::string(env);
    return FontError{std::string("TRANSIT_VIEWER_FONT=") + env + ": no such font file"};
  }
  for (const char* path : {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                           "/usr/share/fonts/TTF/DejaVuSans.ttf"})
    if (is_file(path)) return std::string(path);
  if (std::string fc = ask_fontconfig(); is_file(fc)) return fc;
  return FontError{"no font for the viewer: install Debian's fonts-dejavu-core "
                   "(/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf), or set TRANSIT_VIEWER_FONT to a .ttf file"};
}

}  // namespace transit::viewer
