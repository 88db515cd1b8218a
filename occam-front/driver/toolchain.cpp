#include "transit/occam/driver/toolchain.h"

#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <sstream>
#include <vector>

#include "transit/occam/driver/cache.h"
#include "driver_config.h"
#include "source/install_layout.h"

extern char** environ;

namespace transit::occam::driver {

namespace fs = std::filesystem;

namespace {

bool exists(const std::string& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

std::string file_stamp(const std::string& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return "missing";
  return std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

// The stamps of every header (and .def table) below `dir`, in name order: generated code and the
// precompiled header depend on all of them, so editing any one (not only occam_support.h) must make a
// new toolchain stamp.
std::string headers_stamp(const fs::path& dir) {
  std::vector<std::string> headers;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".h" || it->path().extension() == ".def") headers.push_back(it->path().string());
  std::sort(headers.begin(), headers.end());
  std::string stamp;
  for (const auto& h : headers) stamp += h + "=" + file_stamp(h) + ";";
  return stamp;
}

}  // namespace

std::variant<Toolchain, std::string> find_toolchain() {
  Toolchain tc;
  if (auto installed = installed_layout()) {
    tc.runtime_include = installed->include;
    tc.support_include = installed->include;
    tc.lang_include = installed->include;
    tc.support_lib = installed->support_lib;
  } else {
    tc.runtime_include = TRANSIT_BUILD_RUNTIME_INCLUDE;
    tc.support_include = TRANSIT_BUILD_SUPPORT_INCLUDE;
    tc.lang_include = TRANSIT_BUILD_LANG_INCLUDE;
    tc.support_lib = TRANSIT_BUILD_SUPPORT_LIB;
  }
  if (!exists(tc.support_lib))
    return "the occam support library is missing (looked for " + tc.support_lib + "); build Transit fully (ninja) or reinstall it";
  if (!exists(tc.support_include + "/occam_support.h") || !exists(tc.runtime_include + "/transit/transit.h"))
    return "the runtime or occam support headers are missing (looked in " + tc.runtime_include + ")";

  const char* cxx = std::getenv("TRANSIT_CXX");
  tc.cxx = cxx && *cxx ? cxx : TRANSIT_DRIVER_CXX;
  // -O2: generated code is small and hot (channel loops); -w: warnings in generated code are ours,
  // not the user's; -fno-strict-aliasing: RETYPES views storage as another type.
  tc.flags = {"-std=c++20", "-O2", "-w", "-fno-strict-aliasing", "-pthread"};
  std::string sanitize = TRANSIT_DRIVER_SANITIZE;
  if (!sanitize.empty() && sanitize != "none") {
    tc.flags[1] = "-O1";  // as the sanitizer build itself: ASan's advice, and much faster to compile
    tc.flags.push_back("-fsanitize=" + sanitize);
    tc.flags.push_back("-fno-omit-frame-pointer");
  }
  if (const char* extra = std::getenv("TRANSIT_CXXFLAGS"); extra && *extra) {
    std::istringstream in(extra);
    for (std::string f; in >> f;) tc.flags.push_back(f);
  }
  std::string id = std::string(TRANSIT_DRIVER_VERSION) + "|" + tc.cxx + "|" + file_stamp(tc.support_lib) + "|" +
                   headers_stamp(tc.support_include) + "|" + tc.support_include + "|" + tc.runtime_include;
  if (tc.runtime_include != tc.support_include) id += "|" + headers_stamp(fs::path(tc.runtime_include) / "transit");
  if (tc.lang_include != tc.support_include) id += "|" + headers_stamp(tc.lang_include) + "|" + tc.lang_include;
  for (const auto& f : tc.flags) id += "|" + f;
  tc.stamp = hex(hash_bytes(id));
  return tc;
}

std::vector<std::string> cxx_command(const Toolchain& tc, const std::string& pch_dir, std::vector<std::string> rest) {
  std::vector<std::string> argv = {tc.cxx};
  argv.insert(argv.end(), tc.flags.begin(), tc.flags.end());
  if (!pch_dir.empty()) argv.push_back("-I" + pch_dir);
  argv.insert(argv.end(), {"-I" + tc.support_include, "-I" + tc.runtime_include});
  if (tc.lang_include != tc.support_include) argv.push_back("-I" + tc.lang_include);
  argv.insert(argv.end(), rest.begin(), rest.end());
  return argv;
}

int run_command(const std::vector<std::string>& argv, const std::string& output_path) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!output_path.empty()) {
    posix_spawn_file_actions_addopen(&actions, 1, output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
  }
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ensure_pch(const Toolchain& tc, const std::string& cache_root) {
  if (cache_root.empty()) return {};
  fs::path dir = fs::path(cache_root) / ("pch-" + tc.stamp);
  fs::path gch = dir / "occam_support.h.gch";
  std::error_code ec;
  if (exists(gch.string())) {
    fs::last_write_time(dir, fs::file_time_type::clock::now(), ec);  // in use: not pruned
    return dir.string();
  }
  fs::create_directories(dir, ec);
  if (ec) return {};
  std::string tmp = gch.string() + ".tmp" + std::to_string(::getpid());
  auto argv = cxx_command(tc, {}, {"-x", "c++-header", tc.support_include + "/occam_support.h", "-o", tmp});
  if (run_command(argv, (dir / "pch.log").string()) != 0) {
    fs::remove(tmp, ec);
    return {};
  }
  fs::rename(tmp, gch, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return exists(gch.string()) ? dir.string() : std::string();
  }
  return dir.string();
}

}  // namespace transit::occam::driver
