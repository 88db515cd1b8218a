#include "loader.h"

#include <set>

#include "transit/occam/lang/builtins.h"
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
  std::set<std::string> reported;    // bundled units found missing (each diagnosed once)

  // Loads the unit at `path` (a #USE's, resolved) before the one being read, once.
  void use(const std::string& path, Pos pos, int depth) {
    if (path.empty() || !seen.insert(path).second) return;
    if (depth + 1 >= kMaxUseDepth) {
      diags.error(pos, "#USE nested more than " + std::to_string(kMaxUseDepth) + " deep");
      return;
    }
    std::string why;
    auto id = sources.load(path, &why);
    if (!id) {
      diags.error(pos, "cannot read library \"" + path + "\": " + why);
      return;
    }
    libraries.push_back(unit(*id, true, depth + 1));
  }

  // The bundled units defining the library routines the text names (SIN: snglmath.lib, ...), as if
  // #USEd: the program needs no directive for them (lang/builtins.def).
  void use_named_library_routines(const std::vector<Token>& tokens, int depth) {
    for (const Token& t : tokens) {
      if (t.kind != Tok::Name) continue;
      std::int32_t row = find_builtin(t.text);
      if (row < 0 || builtins()[std::size_t(row)].unit.empty()) continue;
      std::string name(builtins()[std::size_t(row)].unit);
      std::string path = options.library_dir.empty() ? std::string()
                                                     : find_source(name, options.library_dir + "/" + name, options, true);
      if (path.empty()) {
        if (reported.insert(name).second)
          diags.error(t.pos, "'" + std::string(t.text) + "' is defined by the bundled library " + name +
                                 ", which cannot be found (Transit's occam library folder: see transit version --paths)");
        continue;
      }
      use(path, t.pos, depth);
    }
  }

  ast::Unit unit(std::uint32_t file, bool library, int depth) {
    Preprocessed pre = preprocess(sources, file, options, diags);
    for (const UsedUnit& u : pre.uses) use(u.path, u.pos, depth);
    if (pre.bad_unit) {  // diagnosed: its interface may not even be occam this Transit reads
      ast::Unit u;
      u.file = file;
      u.is_library = library;
      return u;
    }
    std::vector<Token> tokens = lex(pre.lines, diags);
    use_named_library_routines(tokens, depth);
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
  Loader{options, sources, program, diags, {}, {}, {}}.run(*id);
  return true;
}

void load_program_text(const std::string& path, std::string text, const PreprocessOptions& options,
                       SourceSet& sources, ast::Program& program, Diagnostics& diags) {
  std::uint32_t id = sources.add(path, std::move(text));
  Loader{options, sources, program, diags, {}, {}, {}}.run(id);
}

}  // namespace transit::occam
