// `transit check FILE [-I DIR]...`: runs the occam front end (preprocessor, lexer, parser,
// checker) and prints its diagnostics; exit status 0 when the program is valid occam.
#include <cstdio>
#include <string>

#include "pipeline/front_end.h"
#include "commands.h"

namespace transit::cli {

int cmd_check(Args args) {
  const char* file = nullptr;
  occam::PreprocessOptions options;
  options.library_dir = occam::default_library_dir();
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "-I" && i + 1 < args.size()) options.include_dirs.push_back(args[++i]);
    else if (a.size() > 2 && a.substr(0, 2) == "-I") options.include_dirs.emplace_back(a.substr(2));
    else if (!a.empty() && a[0] != '-' && !file) file = args[i];
    else {
      std::fprintf(stderr, "transit check: unexpected argument '%s'\n", args[i]);
      return kExitUsage;
    }
  }
  if (!file) {
    std::fprintf(stderr, "usage: transit check FILE [-I DIR]...\n");
    return kExitUsage;
  }
  occam::FrontEnd fe;
  bool ok = fe.run(file, options);
  std::fputs(occam::render(fe.sources, fe.diags).c_str(), stderr);
  return ok ? kExitOk : kExitFailure;
}

}  // namespace transit::cli
