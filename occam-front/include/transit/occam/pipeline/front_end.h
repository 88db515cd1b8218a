// The occam pipeline in one place, above every stage it runs: source -> preprocessor -> tokens ->
// AST (the main file and every unit it #USEs) -> checked AST -> IR. Every command goes through it:
// transit check and dump, the driver (build, run, separately compiled units), the fuzzer, the tests.
//
//   occam::FrontEnd fe;
//   if (!fe.run("prog.occ", options)) { std::fputs(render(fe.sources, fe.diags).c_str(), stderr); }
//   std::optional<ir::Module> m = fe.lower();  // fe.program.main_proc is the entry PROC
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "transit/occam/ast/ast.h"
#include "transit/occam/diag/diagnostics.h"
#include "transit/occam/ir/ir.h"
#include "transit/occam/pre/preprocessor.h"

namespace transit::occam {

struct FrontEnd {
  SourceSet sources;
  Diagnostics diags;
  ast::Program program;

  // Load and check. Both return true when the program is valid occam (no errors); diagnostics are sorted.
  bool run(const std::string& path, const PreprocessOptions& options);
  bool run_text(const std::string& path, std::string text, const PreprocessOptions& options);

  // The IR of the checked program, or nullopt with the errors added to diags (sorted).
  std::optional<ir::Module> lower();
  // The IR of just these top-level routines and what they use (a separately compiled unit; no entry).
  std::optional<ir::Module> lower_routines(const std::vector<const ast::Decl*>& routines);

 private:
  bool finish();
  std::optional<ir::Module> sorted(std::optional<ir::Module> m);
};

}  // namespace transit::occam
