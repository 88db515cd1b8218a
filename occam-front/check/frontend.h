// The whole front end in one call: load (preprocess, lex, parse every unit) then check. The
// result is the checked AST that the IR lowering consumes, plus the sources and diagnostics.
//
//   occam::FrontEnd fe;
//   if (!fe.run("prog.occ", options)) { std::fputs(render(fe.sources, fe.diags).c_str(), stderr); }
//   lower(fe.program);  // fe.program.main_proc is the entry PROC
#pragma once

#include <string>

#include "../ast/ast.h"
#include "../diag/diagnostics.h"
#include "../pre/preprocessor.h"

namespace transit::occam {

struct FrontEnd {
  SourceSet sources;
  Diagnostics diags;
  ast::Program program;

  // Both return true when the program is valid occam (no errors); diagnostics are sorted.
  bool run(const std::string& path, const PreprocessOptions& options);
  bool run_text(const std::string& path, std::string text, const PreprocessOptions& options);

 private:
  bool finish();
};

}  // namespace transit::occam
