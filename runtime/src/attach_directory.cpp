// Where attach sockets live, and the check both ends make before trusting one: the directory and
// the socket must belong to this user and be closed to everyone else.
#include "attach_directory.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "transit/attach.h"

namespace transit {

std::string attach_directory() {
  const char* xdg = std::getenv("XDG_RUNTIME_DIR");
  if (xdg && *xdg) return std::string(xdg) + "/transit";
  return "/tmp/transit-" + std::to_string(::geteuid());
}

std::string attach_socket_path(long pid) { return attach_directory() + "/" + std::to_string(pid); }

namespace detail {

std::string private_path_problem(const std::string& path, bool directory) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return path + ": " + std::strerror(errno);
  const bool right_kind = directory ? S_ISDIR(st.st_mode) : S_ISSOCK(st.st_mode);
  if (!right_kind) return path + " is not a " + (directory ? "directory" : "socket");
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", unsigned(st.st_mode & 07777));
  if (st.st_uid != ::geteuid())
    return path + " belongs to user " + std::to_string(st.st_uid) + ", not to you (" + std::to_string(::geteuid()) + ")";
  if ((st.st_mode & 077) != 0)
    return path + " has mode " + mode + ": others could use it (it must be " + (directory ? "0700" : "0600") + ")";
  return {};
}

}  // namespace detail
}  // namespace transit
