#include "transit/occam/driver/cache.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <utility>
#include <vector>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace transit::occam::driver {

namespace fs = std::filesystem;

std::uint64_t hash_bytes(std::string_view data, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string hex(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string cache_root() {
  fs::path root;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) root = fs::path(x) / "transit";
  else if (const char* h = std::getenv("HOME"); h && *h) root = fs::path(h) / ".cache" / "transit";
  else return {};
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) return {};
  return root.string();
}

void prune_cache(const std::string& root) {
  std::error_code ec;
  std::vector<std::pair<fs::file_time_type, fs::path>> programs;
  auto now = fs::file_time_type::clock::now();
  for (const auto& e : fs::directory_iterator(root, ec)) {
    std::error_code ec2;
    auto t = fs::last_write_time(e.path(), ec2);
    if (ec2) continue;
    std::string name = e.path().filename().string();
    if (name.rfind("pch-", 0) == 0) {
      if (now - t > std::chrono::hours(24 * kPchDays)) fs::remove_all(e.path(), ec2);
    } else {
      programs.emplace_back(t, e.path());
    }
  }
  if (programs.size() <= kMaxPrograms) return;
  std::sort(programs.begin(), programs.end());
  for (std::size_t i = 0; i + kMaxPrograms < programs.size(); ++i) {
    if (now - programs[i].first < std::chrono::minutes(kKeepMinutes)) break;  // recently used, and all after it
    std::error_code ec2;
    fs::remove_all(programs[i].second, ec2);
  }
}

bool write_file_atomic(const std::string& path, std::string_view data) {
  std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) return false;
    out.write(data.data(), std::streamsize(data.size()));
    if (!out) return false;
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
  return !ec;
}

}  // namespace transit::occam::driver
