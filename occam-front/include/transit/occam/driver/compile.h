// The occam driver's pipeline, shared by `transit build`, `transit run` and `transit dump --ir`:
// source -> checked AST -> IR -> C++ -> executable in the build cache.
//
//   auto r = driver::compile_occam("prog.occ", {});
//   if (auto* ok = std::get_if<driver::Compiled>(&r)) exec(ok->executable);
//   else fputs(std::get<driver::Failure>(r).message.c_str(), stderr);
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "transit/occam/ir/ir.h"

namespace transit::occam::driver {

struct Options {
  std::vector<std::string> include_dirs;  // -I folders for #INCLUDE and #USE
  bool verbose = false;                   // say what is compiled, where, and how long it took
  bool units = true;                      // link #USEd libraries as separately compiled units (unit.h)
};

// A failure, with the text to print (diagnostics already rendered) and the exit status to use.
struct Failure {
  int status = 1;
  std::string message;
};

inline constexpr int kExitInternal = 70;  // the compiler's own fault (EX_SOFTWARE)

struct Compiled {
  std::string executable;
  bool from_cache = false;
  std::string warnings;  // rendered: a program that compiles may still have them
};

// `warnings`, if given, gets the rendered warnings of a program that compiles.
std::variant<ir::Module, Failure> occam_to_ir(const std::string& path, const Options& options,
                                             std::string* warnings = nullptr);
std::variant<std::string, Failure> occam_to_cpp(const std::string& path, const Options& options);
std::variant<Compiled, Failure> compile_occam(const std::string& path, const Options& options);

}  // namespace transit::occam::driver
