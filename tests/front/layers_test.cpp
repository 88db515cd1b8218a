// The layering of occam-front/ is one-way: each stage (its folder, and its public headers in
// include/transit/occam/<stage>/) includes only itself and the stages listed before it in
// occam-front/meson.build (occam_front_stages, passed in as OCCAM_FRONT_STAGES), and every folder
// with sources is a listed stage or the face, include/. Includes of other parts (transit/channel.h,
// ...) are not stages and are left alone.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::vector<std::string> stages() {
  std::vector<std::string> out;
  std::istringstream in(OCCAM_FRONT_STAGES);
  for (std::string s; std::getline(in, s, ',');) out.push_back(s);
  return out;
}

constexpr std::string_view kFace = "transit/occam/";

// The stage folder an #include "name" written in a file of `folder` reaches (resolved as the
// compiler does: beside the file first, then from occam-front/ and its face).
std::string stage_of(const std::string& folder, const fs::path& file, std::string name) {
  if (name.starts_with(kFace)) name = name.substr(kFace.size());
  if (name.starts_with("../")) return name.substr(3, name.find('/', 3) - 3);
  if (fs::exists(file.parent_path() / name)) return folder;
  return name.find('/') == std::string::npos ? folder : name.substr(0, name.find('/'));
}

bool is_source(const fs::path& p) { return p.extension() == ".h" || p.extension() == ".cpp" || p.extension() == ".def"; }

}  // namespace

TEST_CASE("every stage includes only the stages below it") {
  const std::vector<std::string> order = stages();
  REQUIRE(order.size() > 5);
  std::size_t includes = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const fs::path dir = fs::path(OCCAM_FRONT_DIR) / order[i];
    const fs::path face = fs::path(OCCAM_FRONT_DIR) / "include" / kFace / order[i];
    REQUIRE(fs::is_directory(dir));
    std::vector<fs::path> files;
    for (const auto& root : {dir, face})
      if (fs::is_directory(root))
        for (const auto& entry : fs::recursive_directory_iterator(root)) files.push_back(entry.path());
    for (const fs::path& path : files) {
      if (!fs::is_regular_file(path) || !is_source(path)) continue;
      std::ifstream in(path);
      int number = 0;
      for (std::string line; std::getline(in, line);) {
        ++number;
        if (!line.starts_with("#include \"")) continue;
        std::string name = line.substr(10, line.find('"', 10) - 10);
        std::string target = stage_of(order[i], path, name);
        auto at = std::find(order.begin(), order.end(), target);
        if (at == order.end()) continue;  // another part of Transit (the runtime's transit/...)
        ++includes;
        INFO(path.string() << ":" << number << " includes \"" << name << "\"");
        CHECK_MESSAGE(std::size_t(at - order.begin()) <= i, "stage '" << order[i] << "' reaches up to '" << target << "'");
      }
    }
  }
  CHECK(includes > 100);
}

TEST_CASE("every folder of occam-front with sources is a listed stage") {
  const std::vector<std::string> order = stages();
  for (const auto& entry : fs::directory_iterator(OCCAM_FRONT_DIR)) {
    if (!entry.is_directory() || entry.path().filename() == "include") continue;
    bool sources = false;
    for (const auto& f : fs::recursive_directory_iterator(entry.path())) sources = sources || (f.is_regular_file() && is_source(f.path()));
    INFO(entry.path().string());
    CHECK((!sources || std::find(order.begin(), order.end(), entry.path().filename().string()) != order.end()));
  }
}

TEST_CASE("every folder of the face include/transit/occam/ is a listed stage") {
  const std::vector<std::string> order = stages();
  const fs::path face = fs::path(OCCAM_FRONT_DIR) / "include" / kFace;
  REQUIRE(fs::is_directory(face));
  for (const auto& entry : fs::directory_iterator(face)) {
    INFO(entry.path().string());
    CHECK((entry.is_directory() && std::find(order.begin(), order.end(), entry.path().filename().string()) != order.end()));
  }
}
