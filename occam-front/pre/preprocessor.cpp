#include "transit/occam/pre/preprocessor.h"
#include "source/install_layout.h"

#include <cstdlib>
#include <filesystem>
#include <set>

namespace transit::occam {
namespace {

namespace fs = std::filesystem;

// A preprocessor value: an integer, a string or a boolean (a comparison's result).
struct PValue {
  bool is_string = false;
  std::int64_t i = 0;
  std::string s;
};

enum class Directive { None, Include, Use, If, Elif, Else, Endif, Define, Undef, Pragma, Comment, Option, Unknown };

struct DirectiveName {
  std::string_view text;
  Directive d;
};
constexpr DirectiveName kDirectives[] = {
    {"INCLUDE", Directive::Include}, {"USE", Directive::Use},       {"IF", Directive::If},
    {"ELIF", Directive::Elif},       {"ELSE", Directive::Else},     {"ENDIF", Directive::Endif},
    {"DEFINE", Directive::Define},   {"UNDEF", Directive::Undef},   {"PRAGMA", Directive::Pragma},
    {"COMMENT", Directive::Comment}, {"OPTION", Directive::Option}, {"IMPORT", Directive::Use},
};

struct Conditional {
  bool parent_active;  // lines outside this #IF were being kept
  bool taken;          // some branch already chosen
  bool active;         // the current branch is kept
  bool seen_else;
  Pos pos;
};

class Preprocessor {
 public:
  Preprocessor(SourceSet& sources, const PreprocessOptions& options, Diagnostics& diags)
      : sources_(sources), options_(options), diags_(diags) {
    defines_["TARGET.BITS.PER.WORD"] = PValue{false, 32, {}};
    defines_["TRANSIT"] = PValue{false, 1, {}};
    for (const auto& [k, v] : options.defines) defines_[k] = parse_define_value(v);
  }

  Preprocessed run(std::uint32_t file) {
    file_lines(file, 0, 0);
    return std::move(out_);
  }

 private:
  static PValue parse_define_value(const std::string& v) {
    PValue p;
    char* end = nullptr;
    long long n = std::strtoll(v.c_str(), &end, 10);
    if (!v.empty() && end && *end == 0) {
      p.i = n;
    } else {
      p.is_string = true;
      p.s = v;
    }
    return p;
  }

  bool active() const { return conds_.empty() || conds_.back().active; }

  void file_lines(std::uint32_t file, std::int32_t shift, int depth) {
    const SourceFile* f = sources_.file(file);
    if (!f) return;
    std::size_t cond_base = conds_.size();
    bool unit_end = false;
    for (std::uint32_t n = 1; n <= f->line_count(); ++n) {
      SourceLine line{file, n, f->line(n), shift};
      std::string_view s = line.text;
      if (s.starts_with(kUnitObjectMarker)) {  // a compiled unit: its interface ends here
        unit_object_line(line);
        unit_end = true;
        break;
      }
      std::size_t i = 0;
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
      if (i < s.size() && s[i] == '#') {
        std::size_t w = i + 1;
        while (w < s.size() && s[w] >= 'A' && s[w] <= 'Z') ++w;
        std::string_view word = s.substr(i + 1, w - i - 1);
        Directive d = Directive::None;
        for (const auto& dn : kDirectives)
          if (dn.text == word) d = dn.d;
        bool hexlike = !word.empty() && word.find_first_not_of("ABCDEF") == std::string_view::npos;
        if (d == Directive::None && !word.empty() && !hexlike) d = Directive::Unknown;
        if (d != Directive::None) {
          directive(d, line, i, w, depth);
          continue;
        }
      }
      if (active()) out_.lines.push_back(line);
    }
    if (!unit_end && f->path.ends_with(".tlib") && depth == 0) {
      diags_.error(Pos{file, f->line_count() ? f->line_count() : 1, 1},
                   f->path + " is not a complete compiled unit (its object part is missing: truncated?)",
                   "make it again with transit build --library");
      out_.bad_unit = true;
    }
    while (conds_.size() > cond_base) {
      diags_.error(conds_.back().pos, "#IF without #ENDIF", "close each #IF with #ENDIF in the same file");
      conds_.pop_back();
    }
  }

  // The line after a compiled unit's interface: the unit must be of this format and Transit build.
  void unit_object_line(const SourceLine& line) {
    const SourceFile* f = sources_.file(line.file);
    std::string path = f ? f->path : "the unit";
    std::string_view s = line.text.substr(kUnitObjectMarker.size());
    std::string format = "format=" + std::to_string(kUnitFormat) + " ";
    std::string problem;
    if (!s.starts_with(format)) problem = "a compiled unit of another format";
    else if (!options_.unit_stamp.empty() && s.substr(format.size()).find(options_.unit_stamp + " ") != 0)
      problem = "compiled by another Transit build (" + std::string(s.substr(format.size(), s.find(" id=") - format.size())) +
                "; this one is " + options_.unit_stamp + ")";
    if (problem.empty()) return;
    diags_.error(Pos{line.file, line.number, 1}, path + " is " + problem + ": it cannot be linked",
                 "make it again with this Transit: transit build --library LIB.occ -o " + path);
    out_.bad_unit = true;
  }

  void directive(Directive d, const SourceLine& line, std::size_t hash, std::size_t after, int depth) {
    Pos p{line.file, line.number, std::uint32_t(hash + 1)};
    // Conditionals are tracked even in inactive text so their nesting stays right.
    switch (d) {
      case Directive::If: {
        if (conds_.size() >= std::size_t(kMaxConditionalDepth)) {
          diags_.error(p, "#IF nested too deeply");
          return;
        }
        bool parent = active();
        bool value = parent && condition(line, after);
        conds_.push_back(Conditional{parent, value, value, false, p});
        return;
      }
      case Directive::Elif: {
        if (conds_.empty()) {
          diags_.error(p, "#ELIF without #IF");
          return;
        }
        Conditional& c = conds_.back();
        if (c.seen_else) diags_.error(p, "#ELIF after #ELSE");
        bool value = c.parent_active && !c.taken && condition(line, after);
        c.active = value;
        c.taken = c.taken || value;
        return;
      }
      case Directive::Else: {
        if (conds_.empty()) {
          diags_.error(p, "#ELSE without #IF");
          return;
        }
        Conditional& c = conds_.back();
        if (c.seen_else) diags_.error(p, "second #ELSE for one #IF");
        c.seen_else = true;
        c.active = c.parent_active && !c.taken;
        c.taken = true;
        return;
      }
      case Directive::Endif:
        if (conds_.empty())
          diags_.error(p, "#ENDIF without #IF");
        else
          conds_.pop_back();
        return;
      default:
        break;
    }
    if (!active()) return;
    std::vector<Token> toks = scan_line(line, after, diags_);
    switch (d) {
      case Directive::Include:
      case Directive::Use: {
        if (toks.empty() || toks[0].kind != Tok::StringLit) {
          diags_.error(p, std::string(d == Directive::Include ? "#INCLUDE" : "#USE") +
                              " needs a file name in double quotes",
                       d == Directive::Include ? "for example: #INCLUDE \"consts.inc\""
                                               : "for example: #USE \"course.lib\"");
          return;
        }
        const SourceFile* from = sources_.file(line.file);
        std::string name = toks[0].svalue;
        std::string path = find_source(name, from ? from->path : "", options_, d == Directive::Use);
        if (d == Directive::Use) {
          if (path.empty())
            diags_.error(toks[0].pos, "cannot find library \"" + name + "\"",
                         "#USE searches the source's folder, -I folders, then Transit's library folder");
          out_.uses.push_back(UsedUnit{p, name, path});
          return;
        }
        if (path.empty()) {
          diags_.error(toks[0].pos, "cannot find include file \"" + name + "\"",
                       "#INCLUDE searches the source's folder, -I folders, then Transit's library folder");
          return;
        }
        if (depth + 1 >= kMaxIncludeDepth) {
          diags_.error(p, "#INCLUDE nested more than " + std::to_string(kMaxIncludeDepth) + " deep",
                       "a file probably includes itself");
          return;
        }
        std::uint32_t id = 0;
        auto known = loaded_.find(path);
        if (known != loaded_.end()) {
          id = known->second;
        } else {
          std::string why;
          auto loaded = sources_.load(path, &why);
          if (!loaded) {
            diags_.error(toks[0].pos, "cannot read include file \"" + path + "\": " + why);
            return;
          }
          id = *loaded;
          loaded_[path] = id;
        }
        // The included text sits at the directive's column: tabs in the directive's indentation
        // advance to the next multiple of 8 columns of its own line, as the lexer counts them.
        std::int32_t column = 0;
        for (std::size_t k = 0; k < hash; ++k) column += (line.text[k] == '\t') ? 8 - column % 8 : 1;
        file_lines(id, line.shift + column, depth + 1);
        return;
      }
      case Directive::Define:
      case Directive::Undef: {
        if (toks.empty() || toks[0].kind != Tok::Name) {
          diags_.error(p, "#DEFINE and #UNDEF need a name");
          return;
        }
        std::string name(toks[0].text);
        if (d == Directive::Undef) {
          defines_.erase(name);
          return;
        }
        PValue v;
        if (toks.size() > 1) {
          if (toks[1].kind == Tok::IntLit) {
            v.i = toks[1].ivalue;
          } else if (toks[1].kind == Tok::StringLit) {
            v.is_string = true;
            v.s = toks[1].svalue;
          } else if (toks[1].kind == Tok::KwTrue || toks[1].kind == Tok::KwFalse) {
            v.i = toks[1].kind == Tok::KwTrue;
          } else {
            diags_.error(toks[1].pos, "a #DEFINE value must be an integer, a string, TRUE or FALSE");
          }
        }
        defines_[name] = v;
        return;
      }
      case Directive::Pragma:
        pragma(toks);
        return;
      case Directive::Comment:
      case Directive::Option:
        return;  // accepted and ignored: they carry no meaning for Transit's targets
      case Directive::Unknown:
        diags_.error(p, "unknown preprocessor directive",
                     "directives are #INCLUDE #USE #IF #ELIF #ELSE #ENDIF #DEFINE #UNDEF #PRAGMA #COMMENT #OPTION");
        return;
      default:
        return;
    }
  }

  // KRoC's #PRAGMA PERMITALIASES a, b: the alias checks skip those names; #PRAGMA SHARED a, b:
  // the parallel usage checks skip those variables (not channels). Both hold in the whole unit, as
  // Transit does not track a pragma's scope. EXTERNAL is not honoured: say so at the pragma, since
  // the error it would have prevented comes later. The others (hints to occ21) are ignored.
  void pragma(const std::vector<Token>& toks) {
    if (toks.empty() || toks[0].kind != Tok::Name) return;
    const std::string_view what = toks[0].text;
    if (what == "PERMITALIASES") {
      pragma_names(toks, out_.permit_aliases);
    } else if (what == "SHARED") {
      pragma_names(toks, out_.shared);
    } else if (what == "EXTERNAL") {
      diags_.warning(toks[0].pos, "#PRAGMA EXTERNAL is not supported: Transit does not call C or assembler",
                     "a PROC it declares stays undeclared");
    }
  }

  // The names after the pragma's word, separated by commas.
  void pragma_names(const std::vector<Token>& toks, std::vector<std::string>& names) {
    std::size_t k = 1;
    bool ok = k < toks.size();
    while (ok) {
      ok = toks[k].kind == Tok::Name;
      if (!ok) break;
      names.emplace_back(toks[k].text);
      if (++k == toks.size()) break;
      ok = toks[k].kind == Tok::Comma && ++k < toks.size();
    }
    if (!ok)
      diags_.error(k < toks.size() ? toks[k].pos : toks[0].pos,
                   "#PRAGMA " + std::string(toks[0].text) + " needs names separated by commas",
                   "for example: #PRAGMA " + std::string(toks[0].text) + " a, b");
  }

  // ---- #IF expressions
  bool condition(const SourceLine& line, std::size_t after) {
    toks_ = scan_line(line, after, diags_);
    k_ = 0;
    error_ = false;
    Pos end{line.file, line.number, std::uint32_t(line.text.size() + 1)};
    if (toks_.empty()) {
      diags_.error(end, "#IF needs a condition", "for example: #IF DEFINED (TARGET.BITS.PER.WORD)");
      return false;
    }
    PValue v = or_expr(0);
    if (!error_ && k_ < toks_.size()) {
      diags_.error(toks_[k_].pos, "unexpected '" + std::string(toks_[k_].text) + "' in #IF condition");
      error_ = true;
    }
    return !error_ && !v.is_string && v.i != 0;
  }

  // Expression depth bound for #IF conditions (parentheses, NOT chains).
  static constexpr int kMaxConditionDepth = 64;

  const Token* peek() const { return k_ < toks_.size() ? &toks_[k_] : nullptr; }
  void fail(const std::string& msg) {
    if (error_) return;
    error_ = true;
    Pos p = k_ < toks_.size() ? toks_[k_].pos : (toks_.empty() ? Pos{} : toks_.back().pos);
    diags_.error(p, msg);
  }

  PValue or_expr(int depth) {
    PValue v = and_expr(depth);
    while (peek() && peek()->kind == Tok::KwOr) {
      ++k_;
      PValue r = and_expr(depth);
      v = PValue{false, (v.i != 0 || r.i != 0) ? 1 : 0, {}};
    }
    return v;
  }
  PValue and_expr(int depth) {
    PValue v = unary(depth);
    while (peek() && peek()->kind == Tok::KwAnd) {
      ++k_;
      PValue r = unary(depth);
      v = PValue{false, (v.i != 0 && r.i != 0) ? 1 : 0, {}};
    }
    return v;
  }
  PValue unary(int depth) {
    if (depth > kMaxConditionDepth) {
      fail("#IF condition nested too deeply");
      return {};
    }
    if (peek() && peek()->kind == Tok::KwNot) {
      ++k_;
      PValue v = unary(depth + 1);
      return PValue{false, v.i == 0 ? 1 : 0, {}};
    }
    PValue a = primary(depth);
    const Token* t = peek();
    if (!t) return a;
    Tok op = t->kind;
    if (op != Tok::Eq && op != Tok::Ne && op != Tok::Lt && op != Tok::Gt && op != Tok::Le && op != Tok::Ge)
      return a;
    ++k_;
    PValue b = primary(depth);
    if (a.is_string != b.is_string) {
      fail("#IF compares a string with a number");
      return {};
    }
    int c = a.is_string ? a.s.compare(b.s) : (a.i < b.i ? -1 : a.i > b.i ? 1 : 0);
    bool r = op == Tok::Eq ? c == 0 : op == Tok::Ne ? c != 0 : op == Tok::Lt ? c < 0
           : op == Tok::Gt ? c > 0 : op == Tok::Le ? c <= 0 : c >= 0;
    return PValue{false, r ? 1 : 0, {}};
  }
  PValue primary(int depth) {
    const Token* t = peek();
    if (!t) {
      fail("#IF condition ends too early");
      return {};
    }
    ++k_;
    switch (t->kind) {
      case Tok::IntLit: return PValue{false, t->ivalue, {}};
      case Tok::StringLit: return PValue{true, 0, t->svalue};
      case Tok::KwTrue: return PValue{false, 1, {}};
      case Tok::KwFalse: return PValue{false, 0, {}};
      case Tok::LParen: {
        PValue v = or_expr(depth + 1);
        if (peek() && peek()->kind == Tok::RParen)
          ++k_;
        else
          fail("expected ')' in #IF condition");
        return v;
      }
      case Tok::Name: {
        if (t->text == "DEFINED") {
          bool paren = peek() && peek()->kind == Tok::LParen;
          if (paren) ++k_;
          if (!peek() || peek()->kind != Tok::Name) {
            fail("DEFINED needs a name");
            return {};
          }
          bool defined = defines_.count(std::string(peek()->text)) != 0;
          ++k_;
          if (paren) {
            if (peek() && peek()->kind == Tok::RParen)
              ++k_;
            else
              fail("expected ')' after DEFINED (name");
          }
          return PValue{false, defined ? 1 : 0, {}};
        }
        auto it = defines_.find(std::string(t->text));
        if (it == defines_.end()) {
          --k_;
          fail("'" + std::string(t->text) + "' is not #DEFINEd");
          return {};
        }
        return it->second;
      }
      default:
        --k_;
        fail("unexpected '" + std::string(t->text) + "' in #IF condition");
        return {};
    }
  }

  SourceSet& sources_;
  const PreprocessOptions& options_;
  Diagnostics& diags_;
  std::map<std::string, PValue> defines_;
  std::map<std::string, std::uint32_t> loaded_;
  std::vector<Conditional> conds_;
  Preprocessed out_;
  std::vector<Token> toks_;
  std::size_t k_ = 0;
  bool error_ = false;
};

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

}  // namespace

std::string find_source(const std::string& name, const std::string& from_file,
                        const PreprocessOptions& options, bool for_use) {
  if (name.empty() || options.sandboxed) return {};
  std::vector<fs::path> dirs;
  fs::path from(from_file);
  dirs.push_back(from.has_parent_path() ? from.parent_path() : fs::path("."));
  for (const auto& d : options.include_dirs) dirs.emplace_back(d);
  if (!options.library_dir.empty()) dirs.emplace_back(options.library_dir);

  std::vector<std::string> names{name};
  if (for_use) {
    fs::path n(name);
    std::string ext = n.extension().string();
    std::string stem = (ext == ".lib" || ext == ".tce" || ext == ".module" || ext == ".occ" || ext == ".tlib")
                           ? (n.parent_path() / n.stem()).string() : name;
    for (const char* e : {".tlib", ".module", ".occ", ".lib", ".inc"})
      if (stem + e != name) names.push_back(stem + e);
  }
  fs::path as_given(name);
  if (as_given.is_absolute()) return is_file(as_given) ? name : std::string();
  for (const auto& d : dirs)
    for (const auto& n : names) {
      fs::path p = d / n;
      if (is_file(p)) return p.lexically_normal().string();
    }
  return {};
}

std::string default_library_dir() {
  if (const char* env = std::getenv("TRANSIT_OCCAM_LIB"); env && *env) return env;
  if (auto installed = installed_layout()) return installed->occam_lib;
#ifdef TRANSIT_OCCAM_LIB_DIR
  return TRANSIT_OCCAM_LIB_DIR;
#else
  return {};
#endif
}

Preprocessed preprocess(SourceSet& sources, std::uint32_t file, const PreprocessOptions& options,
                        Diagnostics& diags) {
  return Preprocessor(sources, options, diags).run(file);
}

}  // namespace transit::occam
