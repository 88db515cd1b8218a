// Separately compiled units, as KRoC's #USE: a library's PROCs and FUNCTIONs are compiled once
// (cached by content) into an object file that programs link, instead of being compiled again into
// every program that uses them. A unit is a source library (course.lib, any occam file #USEd), or
// a compiled unit file NAME.tlib made by `transit build --library`, which holds no bodies:
//
//   .tlib layout:  interface ...
//                  "#TRANSIT.UNIT.OBJECT format=2 transit=V abi=S id=I exports=N bytes=B check=C\n"
//                  N export names, one a line ... B bytes of object code
//
// The interface is occam text of declarations only: the library's DATA TYPEs, PROTOCOLs, VAL
// declarations and INLINE PROCs as written (files it #INCLUDEs are inlined, #USEs kept), and for
// every other PROC and FUNCTION its heading with the body replaced by a descriptor of what the
// body does, which the parser, checker and lowering read (ast::External, docs/occam.md):
//   PROC greet (VAL []BYTE who, CHAN BYTE out!)
//     EXTERNAL "waits r ! |"
//   :
// Exported routines get link names "occunit_<id>_<name>" (id: a hash of the interface text), so a
// program and a unit agree on them without sharing anything else (record types are named by their
// structure); every other symbol of the object is made local. `transit=V abi=S` is the Transit
// build's stamp (its version and the toolchain stamp of the build cache): a unit made by another
// build, or damaged, is an error that says to make it again.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "transit/occam/driver/compile.h"
#include "transit/occam/ir/ir.h"
#include "transit/occam/driver/toolchain.h"

namespace transit::occam {
struct FrontEnd;
}

namespace transit::occam::driver {

// A unit ready to link: its object file and the routines it defines (occam names).
struct UnitObject {
  std::string path;              // the unit file as #USEd
  std::string id;                // hash of its interface text
  std::string object;            // the compiled object (in the cache)
  std::set<std::string> exports; // top-level PROCs and FUNCTIONs compiled in it
  bool compiled_unit = false;    // a .tlib (no bodies: it must be linked)
};

// The interface part of a unit file's text (all of it for a source library).
std::string_view unit_interface(std::string_view text);
std::string unit_id(std::string_view interface_text);
std::string link_name(const std::string& id, const std::string& proc);
// What a unit file must carry to be linked by this Transit build: "transit=VERSION abi=STAMP".
std::string unit_stamp(const Toolchain& tc);

// The unit at `path` (a source library or a .tlib), compiling and caching its object when needed.
std::variant<UnitObject, Failure> unit_object(const std::string& path, const Options& options, const Toolchain& tc,
                                              const std::string& cache_root);

// Marks the module's routines that `units` define as external, with their link names, so the back
// end declares them and the program links the units' objects.
void bind_units(ir::Module& module, const FrontEnd& fe, const std::vector<UnitObject>& units);

// `transit build --library LIB.occ -o LIB.tlib`: the unit file of a source library.
std::variant<std::string, Failure> build_library(const std::string& source, const std::string& out, const Options& options);

}  // namespace transit::occam::driver
