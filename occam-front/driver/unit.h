// Separately compiled units, as KRoC's #USE: a library's PROCs are compiled once (cached by
// content) into an object file that programs link, instead of being compiled again into every
// program that uses them. A unit is a source library (course.lib, any file #USEd) or a compiled
// unit file NAME.tlib made by `transit build --library`: its interface (the library's occam text,
// which the checker reads) followed by the object code.
//
//   .tlib layout:  interface text ... "\n#TRANSIT.UNIT.OBJECT <id> <n>\n" export names ... object bytes
//
// Exported PROCs get link names "occunit_<id>_<name>" (id: a hash of the interface text), so a
// program and a unit agree on them without sharing anything else; every other symbol of the
// object is made local. FUNCTIONs, and PROCs whose parameters cannot be exercised by the
// unit's entry (see unit.cpp), are compiled from the interface into each program as before.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "compile.h"
#include "ir/ir.h"
#include "toolchain.h"

namespace transit::occam {
struct FrontEnd;
}

namespace transit::occam::driver {

// A unit ready to link: its object file and the PROCs it defines (occam names).
struct UnitObject {
  std::string path;              // the unit file as #USEd
  std::string id;                // hash of its interface text
  std::string object;            // the compiled object (in the cache)
  std::set<std::string> exports; // top-level PROCs compiled in it
};

// The interface part of a unit file's text (all of it for a source library).
std::string_view unit_interface(std::string_view text);
std::string unit_id(std::string_view interface_text);
std::string link_name(const std::string& id, const std::string& proc);

// The unit at `path` (a source library or a .tlib), compiling and caching its object when needed.
std::variant<UnitObject, Failure> unit_object(const std::string& path, const Options& options, const Toolchain& tc,
                                              const std::string& cache_root);

// Marks the module's PROCs that `units` define as external, with their link names, so the back
// end declares them and the program links the units' objects.
void bind_units(ir::Module& module, const FrontEnd& fe, const std::vector<UnitObject>& units);

// `transit build --library LIB.occ -o LIB.tlib`: the unit file of a source library.
std::variant<std::string, Failure> build_library(const std::string& source, const std::string& out, const Options& options);

}  // namespace transit::occam::driver
