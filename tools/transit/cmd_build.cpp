// `transit build FILE.occ [-o OUT] [-I DIR]... [-v] [--no-units] [--emit-cpp]`: compiles an occam
// program to a native executable (through the build cache, occam-front/driver), or prints the
// generated C++. `transit build --library LIB.occ [-o LIB.tlib]` makes a compiled unit that programs
// #USE without compiling its PROCs again (occam-front/driver/unit.h).
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "commands.h"
#include "driver/compile.h"
#include "driver/unit.h"
#include "target.h"

namespace transit::cli {

namespace {
namespace fs = std::filesystem;
namespace drv = occam::driver;

int usage() {
  std::fprintf(stderr,
               "usage: transit build FILE.occ [-o OUT] [-I DIR]... [-v] [--no-units] [--emit-cpp]\n"
               "       transit build --target t800|t414 FILE.occ [-o FILE.btl]   a boot file for transit emu\n"
               "       transit build --library LIB.occ [-o LIB.tlib] [-I DIR]...   a compiled unit for #USE\n");
  return kExitUsage;
}
}  // namespace

int cmd_build(Args args) {
  drv::Options options;
  std::string file, out;
  bool emit_cpp = false, library = false;
  std::optional<TargetChip> target;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "-o" && i + 1 < args.size()) out = args[++i];
    else if (a == "-I" && i + 1 < args.size()) options.include_dirs.push_back(args[++i]);
    else if (a.size() > 2 && a.substr(0, 2) == "-I") options.include_dirs.emplace_back(a.substr(2));
    else if (a == "-v") options.verbose = true;
    else if (a == "--emit-cpp") emit_cpp = true;
    else if (a == "--target" && i + 1 < args.size()) {
      if (!(target = parse_target(args[++i]))) return usage();
    }
    else if (a == "--library") library = true;
    else if (a == "--no-units") options.units = false;
    else if (!a.empty() && a[0] != '-' && file.empty()) file = a;
    else {
      std::fprintf(stderr, "transit build: unexpected argument '%s'\n", args[i]);
      return usage();
    }
  }
  if (file.empty() || (library && emit_cpp)) return usage();
  if (target) {
    if (library || emit_cpp) return usage();
    if (out.empty()) out = fs::path(file).stem().string() + ".btl";
    return build_for_target(file, *target, options, out);
  }
  if (library) {
    if (out.empty()) out = (fs::path(file).parent_path() / fs::path(file).stem()).string() + ".tlib";
    auto r = drv::build_library(file, out, options);
    if (auto* f = std::get_if<drv::Failure>(&r)) {
      std::fputs(f->message.c_str(), stderr);
      return f->status;
    }
    return kExitOk;
  }
  if (emit_cpp) {
    auto cpp = drv::occam_to_cpp(file, options);
    if (auto* f = std::get_if<drv::Failure>(&cpp)) {
      std::fputs(f->message.c_str(), stderr);
      return f->status;
    }
    std::fputs(std::get<std::string>(cpp).c_str(), stdout);
    return kExitOk;
  }
  auto r = drv::compile_occam(file, options);
  if (auto* f = std::get_if<drv::Failure>(&r)) {
    std::fputs(f->message.c_str(), stderr);
    return f->status;
  }
  std::fputs(std::get<drv::Compiled>(r).warnings.c_str(), stderr);
  if (out.empty()) out = fs::path(file).stem().string();
  std::error_code ec;
  fs::copy_file(std::get<drv::Compiled>(r).executable, out, fs::copy_options::overwrite_existing, ec);
  if (ec) {
    std::fprintf(stderr, "transit build: cannot write '%s': %s\n", out.c_str(), ec.message().c_str());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace transit::cli
