// libFuzzer entry: arbitrary bytes through the whole occam front end (preprocessor, lexer,
// parser, checker) and the diagnostic renderer. Any crash, sanitizer report, hang or
// out-of-memory is a bug: the compiler must answer every input with diagnostics.
// Built and run by fuzz/occam/run (clang's -fsanitize=fuzzer), not by meson.
#include <cstddef>
#include <cstdint>
#include <string>

#include "transit/occam/ast/dump.h"
#include "transit/occam/pipeline/front_end.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  transit::occam::FrontEnd fe;
  transit::occam::PreprocessOptions options;
  options.sandboxed = true;  // #INCLUDE/#USE must not read the machine's files
  fe.run_text("fuzz.occ", std::string(reinterpret_cast<const char*>(data), size), options);
  std::string out = transit::occam::render(fe.sources, fe.diags);
  out += transit::occam::ast::dump(fe.program, fe.sources);
  return 0;
}
