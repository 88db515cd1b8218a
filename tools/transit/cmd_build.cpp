// `transit build [OPTIONS] FILE.occ`: compiles an occam program to a native executable (through
// the build cache, occam-front/driver), or prints the generated C++ (--emit-cpp). With --library
// it makes a compiled unit that programs #USE without compiling its PROCs again
// (occam-front/include/transit/occam/driver/unit.h).
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "commands.h"
#include "transit/occam/driver/compile.h"
#include "transit/occam/driver/unit.h"
#include "occam_options.h"

namespace transit::cli {

namespace {
namespace fs = std::filesystem;
namespace drv = occam::driver;

struct BuildArgs : drv::Options {
  std::string out;
  bool emit_cpp = false;
  bool library = false;
  std::optional<TargetChip> target;
  TargetNetwork network;
};

constexpr Option kOptions[] = {
    {"-o", "OUT", "where to write the executable (default: FILE without .occ), the unit (FILE.tlib) or the boot file (FILE.btl)",
     on<BuildArgs>([](BuildArgs& b, const char* v) { return !(b.out = v).empty(); })},
    include_dir_option<BuildArgs>(),
    verbose_option<BuildArgs>(),
    no_units_option<BuildArgs>(),
    target_option<BuildArgs>(),
    topology_option<BuildArgs>(),
    {"--emit-cpp", "", "print the generated C++ instead of building",
     on<BuildArgs>([](BuildArgs& b, const char*) { return b.emit_cpp = true; })},
    {"--library", "", "make a compiled unit (.tlib) of FILE's PROCs and FUNCTIONs for #USE",
     on<BuildArgs>([](BuildArgs& b, const char*) { return b.library = true; })},
};

int report(const drv::Failure& f) {
  std::fputs(f.message.c_str(), stderr);
  return f.status;
}

int run(Args args) {
  BuildArgs b;
  Operands in;
  if (auto status = parse(build_command, args, &b, in)) return *status;
  if (in.operands.size() != 1) return usage_error(build_command, "give one occam file");
  if (b.library && b.emit_cpp) return usage_error(build_command, "--library and --emit-cpp do not go together");
  const std::string file = in.operands[0];
  if (!b.network.topology.empty() && !b.target) return usage_error(build_command, "--topology is for --target");
  if (b.target) {
    if (b.library || b.emit_cpp)
      return usage_error(build_command, "--target makes a boot file: not with --library or --emit-cpp");
    if (b.out.empty()) b.out = fs::path(file).stem().string() + ".btl";
    if (!b.network.topology.empty()) return build_for_network(file, *b.target, b, b.out, b.network);
    return build_for_target(file, *b.target, b, b.out);
  }
  if (b.library) {
    if (b.out.empty()) b.out = (fs::path(file).parent_path() / fs::path(file).stem()).string() + ".tlib";
    auto r = drv::build_library(file, b.out, b);
    if (auto* f = std::get_if<drv::Failure>(&r)) return report(*f);
    return kExitOk;
  }
  if (b.emit_cpp) {
    auto cpp = drv::occam_to_cpp(file, b);
    if (auto* f = std::get_if<drv::Failure>(&cpp)) return report(*f);
    std::fputs(std::get<std::string>(cpp).c_str(), stdout);
    return kExitOk;
  }
  auto r = drv::compile_occam(file, b);
  if (auto* f = std::get_if<drv::Failure>(&r)) return report(*f);
  std::fputs(std::get<drv::Compiled>(r).warnings.c_str(), stderr);
  if (b.out.empty()) b.out = fs::path(file).stem().string();
  std::error_code ec;
  fs::copy_file(std::get<drv::Compiled>(r).executable, b.out, fs::copy_options::overwrite_existing, ec);
  if (ec) {
    std::fprintf(stderr, "transit build: cannot write '%s': %s\n", b.out.c_str(), ec.message().c_str());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

const Command build_command{"build", "FILE.occ", "compile an occam program to an executable", kOptions, run};

}  // namespace transit::cli
