#include "transit/occam/pipeline/front_end.h"

#include "check/checker.h"
#include "transit/occam/lower/lower.h"
#include "parse/loader.h"

namespace transit::occam {

bool FrontEnd::run(const std::string& path, const PreprocessOptions& options) {
  if (!load_program(path, options, sources, program, diags)) return false;
  return finish();
}

bool FrontEnd::run_text(const std::string& path, std::string text, const PreprocessOptions& options) {
  load_program_text(path, std::move(text), options, sources, program, diags);
  return finish();
}

bool FrontEnd::finish() {
  // Checking a tree with syntax errors would mostly report their echoes (names whose
  // declarations did not parse), so the checker runs on syntactically clean programs.
  if (!diags.has_errors()) check_program(program, diags);
  diags.sort();
  return !diags.has_errors();
}

std::optional<ir::Module> FrontEnd::lower() { return sorted(occam::lower(program, sources, diags)); }

std::optional<ir::Module> FrontEnd::lower_routines(const std::vector<const ast::Decl*>& routines) {
  return sorted(occam::lower_routines(program, routines, sources, diags));
}

std::optional<ir::Module> FrontEnd::sorted(std::optional<ir::Module> m) {
  if (!m) diags.sort();
  return m;
}

}  // namespace transit::occam
