// Helpers of the IR, lowering and back-end tests: occam text -> checked AST -> IR (-> C++).
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "transit/occam/backend/cpp/emit_cpp.h"
#include "transit/occam/pipeline/front_end.h"
#include "transit/occam/ir/print.h"
#include "transit/occam/lower/lower.h"

namespace transit::occam::test {

struct Lowered {
  std::optional<ir::Module> module;
  std::string diagnostics;  // front end or lowering errors, rendered
  std::string ir;           // ir::print of the module
};

inline Lowered lower_text(const std::string& text) {
  FrontEnd fe;
  PreprocessOptions options;
  options.library_dir = default_library_dir();
  Lowered r;
  if (!fe.run_text("t.occ", text, options)) {
    r.diagnostics = render(fe.sources, fe.diags);
    return r;
  }
  r.module = lower(fe.program, fe.sources, fe.diags);
  if (!r.module) {
    r.diagnostics = render(fe.sources, fe.diags);
    return r;
  }
  r.ir = ir::print(*r.module);
  return r;
}

// The generated C++ of a program, or "ERROR: ..." when a stage failed.
inline std::string cpp_of(const std::string& text) {
  Lowered l = lower_text(text);
  if (!l.module) return "ERROR: " + l.diagnostics;
  auto c = backend::emit_cpp(*l.module);
  if (auto* e = std::get_if<backend::CppError>(&c)) return "ERROR: " + e->message;
  return std::get<backend::CppUnit>(c).source;
}

inline bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace transit::occam::test
