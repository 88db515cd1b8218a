// Option rows shared by the commands that read occam (build, run, check, dump): each is written
// once here and used as a row of those commands' tables. T is the command's struct; it has the
// fields the rows set (include_dirs; verbose and units for the ones that compile).
#pragma once

#include "option_table.h"
#include "target.h"

namespace transit::cli {

template <class T>
constexpr Option include_dir_option() {
  return {"-I", "DIR", "look for #INCLUDE and #USE files in DIR too (after the source's folder)",
          on<T>([](T& t, const char* dir) {
            t.include_dirs.emplace_back(dir);
            return true;
          }),
          Times::repeatable};
}

template <class T>
constexpr Option verbose_option() {
  return {"-v", "", "say what is compiled, where, and how long it took",
          on<T>([](T& t, const char*) { return t.verbose = true; })};
}

template <class T>
constexpr Option no_units_option() {
  return {"--no-units", "", "compile #USEd libraries into the program instead of linking them as units",
          on<T>([](T& t, const char*) { return !(t.units = false); })};
}

// `--target t800|t414`: T has `std::optional<TargetChip> target`.
template <class T>
constexpr Option target_option() {
  return {"--target", "t800|t414", "compile for the transputer (and run on one emulated chip)",
          on<T>([](T& t, const char* v) { return (t.target = parse_target(v)).has_value(); })};
}

// `--topology SPEC` and `--stats` with --target: T has `TargetNetwork network`.
template <class T>
constexpr Option topology_option() {
  return {"--topology", "SPEC", "with --target: its PLACED PAR on a network (ring:16, grid:4x4, ...: docs/network.md)",
          on<T>([](T& t, const char* v) { return !(t.network.topology = v).empty(); })};
}

template <class T>
constexpr Option network_stats_option() {
  return {"--stats", "", "with --topology: each processor's cycles and busy share, each link's bytes",
          on<T>([](T& t, const char*) { return t.network.stats = true; })};
}

}  // namespace transit::cli
