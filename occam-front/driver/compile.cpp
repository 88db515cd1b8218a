#include "transit/occam/driver/compile.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "transit/occam/driver/cache.h"
#include "transit/occam/pipeline/front_end.h"
#include "steps.h"
#include "transit/occam/driver/unit.h"

namespace transit::occam::driver {

namespace fs = std::filesystem;

namespace {

std::string read_text(const std::string& path, std::size_t limit = 16384) {
  std::ifstream in(path, std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (s.size() > limit) s = s.substr(0, limit) + "\n[... cut ...]\n";
  return s;
}

// Front end and lowering, keeping the front end's results (units are bound against them).
std::variant<ir::Module, Failure> to_ir(const std::string& path, const Options& options, FrontEnd& fe,
                                       const std::string& unit_stamp = {}) {
  if (!fe.run(path, preprocess_options(options, unit_stamp))) return Failure{1, render(fe.sources, fe.diags)};
  std::optional<ir::Module> m = fe.lower();
  if (!m) return Failure{1, render(fe.sources, fe.diags)};
  return std::move(*m);
}

std::variant<std::string, Failure> to_cpp(const std::string& path, const ir::Module& mod) {
  if (!mod.entry) return Failure{1, path + ": error: no PROC to run (the last PROC of the file is the program)\n"};
  return cpp_source(mod, path);
}

// The objects of the #USEd libraries that compile as units; the other source libraries stay
// compiled from source. A compiled unit (.tlib, no bodies) must be linked.
std::variant<std::vector<UnitObject>, Failure> units_of(const FrontEnd& fe, const Options& options, const Toolchain& tc,
                                                        const std::string& root) {
  std::vector<UnitObject> units;
  for (const ast::Unit& u : fe.program.units) {
    const SourceFile* f = fe.sources.file(u.file);
    bool routines = false, external = false;
    for (const ast::Spec* s : u.specs) {
      routines = routines || s->kind == ast::SpecKind::Proc || s->kind == ast::SpecKind::Function;
      external = external || s->external;
    }
    if (!u.is_library || !f || !routines || (!options.units && !external)) continue;
    auto start = std::chrono::steady_clock::now();
    auto r = unit_object(f->path, options, tc, root);
    if (auto* failure = std::get_if<Failure>(&r)) {
      if (external) return std::move(*failure);
      if (options.verbose) std::fprintf(stderr, "transit: %s is compiled into the program instead of as a unit:\n%s", f->path.c_str(), failure->message.c_str());
      continue;
    }
    if (options.verbose) {
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::fprintf(stderr, "transit: unit %s ready in %.2f s (%s)\n", f->path.c_str(), s, std::get<UnitObject>(r).object.c_str());
    }
    units.push_back(std::move(std::get<UnitObject>(r)));
  }
  return units;
}

}  // namespace

std::variant<ir::Module, Failure> occam_to_ir(const std::string& path, const Options& options, std::string* warnings) {
  FrontEnd fe;
  auto m = to_ir(path, options, fe);
  if (warnings && std::holds_alternative<ir::Module>(m)) *warnings = render(fe.sources, fe.diags);
  return m;
}

std::variant<std::string, Failure> occam_to_cpp(const std::string& path, const Options& options) {
  FrontEnd fe;
  auto m = to_ir(path, options, fe);
  if (auto* f = std::get_if<Failure>(&m)) return std::move(*f);
  return to_cpp(path, std::get<ir::Module>(m));
}

std::variant<Compiled, Failure> compile_occam(const std::string& path, const Options& options) {
  auto ws = find_workspace();
  if (auto* f = std::get_if<Failure>(&ws)) return std::move(*f);
  const Toolchain& tc = std::get<Workspace>(ws).tc;
  const std::string& root = std::get<Workspace>(ws).cache_root;

  FrontEnd fe;
  auto m = to_ir(path, options, fe, unit_stamp(tc));
  if (auto* f = std::get_if<Failure>(&m)) return std::move(*f);
  ir::Module& mod = std::get<ir::Module>(m);
  const std::string warnings = render(fe.sources, fe.diags);

  auto linked = units_of(fe, options, tc, root);
  if (auto* f = std::get_if<Failure>(&linked)) return std::move(*f);
  std::vector<UnitObject>& units = std::get<std::vector<UnitObject>>(linked);
  bind_units(mod, fe, units);
  for (const ir::Proc& p : mod.procs)
    if (p.external && p.link_name.empty())
      return Failure{1, "transit: " + mod.files[std::size_t(p.site.file)] + ": " + p.name +
                            " is declared by a compiled unit that does not define it: make the unit again with transit build --library\n"};
  auto cpp = to_cpp(path, mod);
  if (auto* f = std::get_if<Failure>(&cpp)) return std::move(*f);
  const std::string& source = std::get<std::string>(cpp);

  std::uint64_t h = hash_bytes(source, hash_bytes(tc.stamp));
  for (const UnitObject& u : units) h = hash_bytes(u.object, h);  // a unit's object path names its content
  std::string key = hex(h);
  fs::path dir = fs::path(root) / key;
  fs::path exe = dir / "program";
  std::error_code ec;
  if (fs::exists(exe, ec)) {
    fs::last_write_time(dir, fs::file_time_type::clock::now(), ec);  // recently used: pruned last
    return Compiled{exe.string(), true, warnings};
  }
  fs::create_directories(dir, ec);
  if (ec) return Failure{1, "transit: cannot create " + dir.string() + ": " + ec.message() + "\n"};

  auto start = std::chrono::steady_clock::now();
  std::string pch = ensure_pch(tc, root);
  fs::path cpp_path = dir / "program.cpp";
  if (!write_file_atomic(cpp_path.string(), source)) return Failure{1, "transit: cannot write " + cpp_path.string() + "\n"};
  std::string tmp = exe.string() + ".tmp" + std::to_string(::getpid());
  std::vector<std::string> argv = cxx_command(tc, pch, {cpp_path.string(), "-o", tmp});
  for (const UnitObject& u : units) argv.push_back(u.object);
  argv.push_back(tc.support_lib);
  fs::path log = dir / "compile.log";
  int status = run_command(argv, log.string());
  if (status != 0) {
    fs::remove(tmp, ec);
    std::ostringstream msg;
    msg << "transit: internal error: the C++ compiler rejected the code generated for " << path
        << ".\nThis is a bug in transit, not in your program. The generated code is kept in " << cpp_path.string()
        << "\ncompiler command:";
    for (const auto& a : argv) msg << " " << a;
    msg << "\ncompiler output:\n" << read_text(log.string());
    return Failure{kExitInternal, msg.str()};
  }
  fs::rename(tmp, exe, ec);
  if (ec) return Failure{1, "transit: cannot store " + exe.string() + ": " + ec.message() + "\n"};
  prune_cache(root);
  if (options.verbose) {
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "transit: compiled %s in %.2f s (%s)\n", path.c_str(), s, pch.empty() ? "no precompiled header" : "precompiled header");
  }
  return Compiled{exe.string(), false, warnings};
}

}  // namespace transit::occam::driver
