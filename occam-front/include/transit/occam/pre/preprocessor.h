// The occam preprocessor (KRoC's directives): conditional text with #IF/#ELIF/#ELSE/#ENDIF,
// #DEFINE/#UNDEF and DEFINED(), #INCLUDE (the file's lines re-indented to the directive's
// column), #USE (recorded for the loader, which brings in the unit), #PRAGMA, #COMMENT, #OPTION.
// Output: the lines the lexer sees, each still naming its own file and line for diagnostics.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "transit/occam/diag/diagnostics.h"
#include "transit/occam/lex/lexer.h"

namespace transit::occam {

struct PreprocessOptions {
  std::vector<std::string> include_dirs;   // -I folders, searched after the source's folder
  std::string library_dir;                 // Transit's bundled library folder, searched last
  std::map<std::string, std::string> defines;  // extra #DEFINEs (name -> value text)
  bool sandboxed = false;  // #INCLUDE and #USE read no files (fuzzing untrusted text)
  // The Transit build's stamp (driver/unit.h: version and ABI) that a compiled unit's object
  // must carry to be used; empty: not checked (only the unit format is).
  std::string unit_stamp{};
};

// A #USE "name" directive and the file it resolved to (empty when not found: diagnosed).
struct UsedUnit {
  Pos pos;
  std::string name;
  std::string path;
};

struct Preprocessed {
  std::vector<SourceLine> lines;
  std::vector<UsedUnit> uses;
  std::vector<std::string> permit_aliases;  // names given to KRoC's #PRAGMA PERMITALIASES
  std::vector<std::string> shared;          // names given to KRoC's #PRAGMA SHARED
  bool bad_unit = false;  // a compiled unit file of another format or Transit build, or truncated (diagnosed)
};

// Nesting of #INCLUDEs allowed: deeper means an include cycle, never a real program.
inline constexpr int kMaxIncludeDepth = 32;
// A compiled unit file (NAME.tlib, driver/unit.h) is its interface text, then a line starting with
// this marker and the object code: the preprocessor reads such a file only up to the marker.
inline constexpr std::string_view kUnitObjectMarker = "#TRANSIT.UNIT.OBJECT ";
// The marker line goes on `format=N stamp... id=... exports=... bytes=... check=...`; N is this:
// a unit file of another format, or whose stamp is not PreprocessOptions::unit_stamp, is an error.
inline constexpr int kUnitFormat = 2;

// Nesting of #IF allowed (bounds the condition stack on hostile input).
inline constexpr int kMaxConditionalDepth = 256;

// Transit's bundled library folder: $TRANSIT_OCCAM_LIB if set, else the installed one beside the running
// transit, else occam-front/lib/ of the source tree this binary was built from.
std::string default_library_dir();

Preprocessed preprocess(SourceSet& sources, std::uint32_t file, const PreprocessOptions& options,
                        Diagnostics& diags);

// The search for #INCLUDE and #USE: the including file's folder, -I folders, the library folder.
// For #USE, a name ending in .lib, .tce, .module or .tlib may also be found as NAME.tlib (a compiled
// unit), NAME.module, NAME.occ, NAME.lib or NAME.inc.
std::string find_source(const std::string& name, const std::string& from_file,
                        const PreprocessOptions& options, bool for_use);

}  // namespace transit::occam
