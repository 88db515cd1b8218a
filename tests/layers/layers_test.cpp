// The parts of Transit and their public faces (docs/architecture.md): a file outside a part includes
// only the part's face (its include/ folder), a part includes only itself and the parts below it, a
// face header includes no private header, and the emulator's layer folders (EMULATOR_LAYERS, from
// emulator/meson.build) include only themselves and the layers before them. Every #include "..." of
// every source file in the tree is resolved as the compiler would find it and checked.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;

namespace {

// A part: its private root (where its own files include from) and its face folders; lowest first.
// A part without a face is the top: only the tests reach into it.
struct Part {
  std::string name;
  std::string root;
  std::vector<std::string> faces;
};

const std::vector<Part> kParts = {
    {"runtime", "runtime/src", {"runtime/include"}},
    {"emulator", "emulator", {"emulator/include"}},
    // backend/support is the face of the library that generated C++ programs include (installed flat).
    {"occam-front", "occam-front", {"occam-front/include", "occam-front/backend/support"}},
    {"viewer", "viewer", {"viewer/include"}},
    {"tools", "tools/transit", {}},
};
constexpr std::string_view kEmulatorFace = "emulator/include/transit/emu/";

bool is_source(const fs::path& p) {
  const auto e = p.extension();
  return e == ".h" || e == ".hpp" || e == ".cpp" || e == ".cc" || e == ".def";
}

bool under(const std::string& path, const std::string& folder) { return path.starts_with(folder + "/"); }

// The part a path of the tree belongs to (its index in kParts), if any.
std::optional<std::size_t> part_of(const std::string& path) {
  for (std::size_t i = 0; i < kParts.size(); ++i)
    if (under(path, kParts[i].name)) return i;
  return std::nullopt;
}

bool in_face(const std::string& path, const Part& part) {
  return std::any_of(part.faces.begin(), part.faces.end(), [&](const std::string& f) { return under(path, f); });
}

// The emulator layer of a path in emulator/ (its folder, or its folder under the face).
std::string emulator_layer(std::string path) {
  if (path.starts_with(kEmulatorFace)) path = path.substr(kEmulatorFace.size());
  else path = path.substr(std::string("emulator/").size());
  return path.substr(0, path.find('/'));
}

std::string tree_path(const fs::path& p, const fs::path& root) {
  return fs::relative(p, root).lexically_normal().generic_string();
}

// Where `#include "name"` in `file` leads, as a path relative to `root`: beside the file, then every
// face, then the includer's own part's root, then (to catch a reach into them) the other parts' roots.
std::optional<std::string> resolve(const fs::path& root, const std::string& file, const std::string& name) {
  std::vector<fs::path> candidates{fs::path(file).parent_path() / name};
  for (const Part& p : kParts)
    for (const std::string& f : p.faces) candidates.push_back(fs::path(f) / name);
  if (auto own = part_of(file)) candidates.push_back(fs::path(kParts[*own].root) / name);
  for (const Part& p : kParts) candidates.push_back(fs::path(p.root) / name);
  for (const fs::path& c : candidates)
    if (fs::is_regular_file(root / c)) return c.lexically_normal().generic_string();
  return std::nullopt;  // a system header, or one the build makes (driver_config.h)
}

struct Result {
  std::vector<std::string> violations;
  std::size_t across_parts = 0;  // includes checked whose target is in another part
};

Result check_tree(const fs::path& root, const std::vector<std::string>& layers) {
  Result r;
  std::vector<std::string> files;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    const std::string name = it->path().filename().string();
    if (it->is_directory() && (name.starts_with("build") || name.starts_with("."))) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && is_source(it->path())) files.push_back(tree_path(it->path(), root));
  }
  std::sort(files.begin(), files.end());
  auto layer_rank = [&](const std::string& layer) { return std::find(layers.begin(), layers.end(), layer) - layers.begin(); };
  for (const std::string& file : files) {
    std::ifstream in(root / file);
    int number = 0;
    const auto from = part_of(file);
    for (std::string line; std::getline(in, line);) {
      ++number;
      if (!line.starts_with("#include \"")) continue;
      const std::string name = line.substr(10, line.find('"', 10) - 10);
      const auto target = resolve(root, file, name);
      if (!target) continue;
      const auto to = part_of(*target);
      if (!to) continue;
      const std::string where = file + ":" + std::to_string(number) + ": #include \"" + name + "\" (" + *target + ")";
      const Part& part = kParts[*to];
      if (from != to) {
        ++r.across_parts;
        if (!in_face(*target, part) && !(part.faces.empty() && !from))
          r.violations.push_back(where + ": a private header of " + part.name);
        if (from && *to > *from) r.violations.push_back(where + ": " + kParts[*from].name + " reaches up to " + part.name);
      } else if (in_face(file, part) && !in_face(*target, part)) {
        r.violations.push_back(where + ": a public header of " + part.name + " includes a private one");
      }
      if (from == to && part.name == "emulator" && layer_rank(emulator_layer(*target)) > layer_rank(emulator_layer(file)))
        r.violations.push_back(where + ": emulator layer " + emulator_layer(file) + " reaches up to " + emulator_layer(*target));
    }
  }
  return r;
}

std::vector<std::string> emulator_layers() {
  std::vector<std::string> out;
  std::istringstream in(EMULATOR_LAYERS);
  for (std::string s; std::getline(in, s, ',');) out.push_back(s);
  return out;
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("every include in the tree respects the parts' faces and layers") {
  const std::vector<std::string> layers = emulator_layers();
  REQUIRE(layers.size() > 5);
  for (const std::string& layer : layers) CHECK(fs::is_directory(fs::path(SOURCE_ROOT) / "emulator" / layer));
  const Result r = check_tree(SOURCE_ROOT, layers);
  for (const std::string& v : r.violations) FAIL_CHECK(v);
  CHECK(r.across_parts > 100);
}

TEST_CASE("a reach into a private header, up a layer or from a face to a private header is found") {
  const fs::path root = fs::temp_directory_path() / ("transit-layers-test-" + std::to_string(::getpid()));
  fs::remove_all(root);
  write(root / "emulator/core/cpu_private.h", "#pragma once\n");
  write(root / "emulator/include/transit/emu/core/cpu.h", "#include \"core/cpu_private.h\"\n");
  write(root / "emulator/include/transit/emu/isa/types.h", "#include \"transit/emu/core/cpu.h\"\n");
  write(root / "emulator/isa/table.cpp", "#include \"transit/occam/ir/ir.h\"\n#include \"transit/emu/isa/types.h\"\n");
  write(root / "occam-front/include/transit/occam/ir/ir.h", "#pragma once\n");
  write(root / "tools/transit/main.cpp", "#include \"core/cpu_private.h\"\n#include \"transit/emu/core/cpu.h\"\n");
  write(root / "tests/emulator/cpu_test.cpp", "#include \"core/cpu_private.h\"\n");
  const Result r = check_tree(root, {"isa", "core"});
  fs::remove_all(root);
  const std::vector<std::string> expected = {
      "emulator/include/transit/emu/core/cpu.h:1: #include \"core/cpu_private.h\" (emulator/core/cpu_private.h): a public header of emulator includes a private one",
      "emulator/include/transit/emu/isa/types.h:1: #include \"transit/emu/core/cpu.h\" (emulator/include/transit/emu/core/cpu.h): emulator layer isa reaches up to core",
      "emulator/isa/table.cpp:1: #include \"transit/occam/ir/ir.h\" (occam-front/include/transit/occam/ir/ir.h): emulator reaches up to occam-front",
      "tests/emulator/cpu_test.cpp:1: #include \"core/cpu_private.h\" (emulator/core/cpu_private.h): a private header of emulator",
      "tools/transit/main.cpp:1: #include \"core/cpu_private.h\" (emulator/core/cpu_private.h): a private header of emulator",
  };
  CHECK(r.violations == expected);
  CHECK(r.across_parts == 4);
}
