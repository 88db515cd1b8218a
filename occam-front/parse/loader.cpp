#include "loader.h"

#include <set>

#include "transit/occam/lex/lexer.h"
#include "parser.h"

namespace transit::occam {
namespace {

struct Loader {
  const PreprocessOptions& options;
  SourceSet& sources;
  ast::Program& program;
  Diagnostics& diags;
  std::set<std::string> seen;       // libraries already loaded (by resolved path)
  std::vector<ast::Unit> libraries;  // in dependency order

  ast::Unit unit(std::uint32_t file, bool library, int depth) {
    Preprocessed pre = preprocess(sources, file, options, diags);
    for (const UsedUnit& use : pre.uses) {
      if (use.path.empty() || !seen.insert(use.path).second) continue;
      if (depth + 1 >= kMaxUseDepth) {
        diags.error(use.pos, "#USE nested more than " + std::to_string(kMaxUseDepth) + " deep");
        continue;
      }
      std::string why;
      auto id = sources.load(use.path, &why);
      if (!id) {
        diags.error(use.pos, "cannot read library \"" + use.path + "\": " + why);
        continue;
      }
      libraries.push_back(unit(*id, true, depth + 1));
    }
    if (pre.bad_unit) {  // diagnosed: its interface may not even be occam this Transit reads
      ast::Unit u;
      u.file = file;
      u.is_library = library;
      return u;
    }
    std::vector<Token> tokens = lex(pre.lines, diags);
    ast::Unit u = parse_unit(tokens, file, program, diags);
    u.is_library = library;
    u.permit_aliases = std::move(pre.permit_aliases);
    u.shared = std::move(pre.shared);
    return u;
  }

  void run(std::uint32_t file) {
    ast::Unit main = unit(file, false, 0);
    for (auto& l : libraries) program.units.push_back(std::move(l));
    program.units.push_back(std::move(main));
  }
};

}  // namespace

bool load_program(const std::string& path, const PreprocessOptions& options, SourceSet& sources,
                  ast::Program& program, Diagnostics& diags) {
  std::string why;
  auto id = sources.load(path, &why);
  if (!id) {
    diags.error(Pos{}, "cannot read '" + path + "': " + why);
    return false;
  }
  Loader{options, sources, program, diags, {}, {}}.run(*id);
  return true;
}

void load_program_text(const std::string& path, std::string text, const PreprocessOptions& options,
                       SourceSet& sources, ast::Program& program, Diagnostics& diags) {
  std::uint32_t id = sources.add(path, std::move(text));
  Loader{options, sources, program, diags, {}, {}}.run(id);
}

}  // namespace transit::occam
