// `transit check [-I DIR]... FILE.occ`: runs the occam front end (preprocessor, lexer, parser,
// checker) and prints its diagnostics; exit status 0 when the program is valid occam.
#include <cstdio>
#include <string>

#include "transit/occam/pipeline/front_end.h"
#include "commands.h"
#include "occam_options.h"

namespace transit::cli {

namespace {

struct CheckArgs : occam::PreprocessOptions {};

constexpr Option kOptions[] = {include_dir_option<CheckArgs>()};

int run(Args args) {
  CheckArgs options;
  options.library_dir = occam::default_library_dir();
  Operands in;
  if (auto status = parse(check_command, args, &options, in)) return *status;
  if (in.operands.size() != 1) return usage_error(check_command, "give one occam file");
  occam::FrontEnd fe;
  bool ok = fe.run(in.operands[0], options);
  std::fputs(occam::render(fe.sources, fe.diags).c_str(), stderr);
  return ok ? kExitOk : kExitFailure;
}

}  // namespace

const Command check_command{"check", "FILE.occ", "check an occam program and print its diagnostics", kOptions, run};

}  // namespace transit::cli
