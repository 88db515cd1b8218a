// The one check of an attach directory or socket, made by the program before it listens and by
// the inspector before it connects.
#pragma once

#include <string>

namespace transit::detail {

// "" when `path` is a directory (or socket) owned by this user with no group or other bits set;
// else what is wrong with it, naming the path.
std::string private_path_problem(const std::string& path, bool directory);

}  // namespace transit::detail
