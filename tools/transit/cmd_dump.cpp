// `transit dump --tokens|--ast|--ir|--asm [-I DIR]... FILE.occ`: prints a stage's output as text, so each stage
// of the occam front end can be inspected alone. --ast shows the checked tree (names resolved,
// types and folded constants) when the program checks, else the parsed tree and the errors.
#include <cstdio>
#include <optional>
#include <string>

#include "transit/occam/pipeline/front_end.h"
#include "transit/occam/ast/dump.h"
#include "commands.h"
#include "occam_options.h"
#include "transit/occam/driver/compile.h"
#include "transit/occam/ir/print.h"
#include "transit/occam/lex/lexer.h"
#include "transit/occam/pre/preprocessor.h"

namespace transit::cli {

namespace {

const char* token_text(const occam::Token& t) {
  static std::string buf;
  buf.assign(t.text.data(), t.text.size());
  return buf.c_str();
}

// The bytes a string stands for, as numbers ("2 49 50" for "*l12"), escapes decoded.
std::string byte_values(const occam::Token& t) {
  std::string s;
  for (unsigned char c : t.svalue) s += (s.empty() ? "" : " ") + std::to_string(c);
  return s.empty() ? "(empty)" : s;
}

int dump_tokens(const char* path, const occam::PreprocessOptions& options) {
  occam::SourceSet sources;
  occam::Diagnostics diags;
  std::string why;
  auto id = sources.load(path, &why);
  if (!id) {
    std::fprintf(stderr, "transit dump: cannot read '%s': %s\n", path, why.c_str());
    return kExitFailure;
  }
  occam::Preprocessed pre = occam::preprocess(sources, *id, options, diags);
  std::vector<occam::Token> toks = occam::lex(pre.lines, diags);
  for (const occam::Token& t : toks) {
    const occam::SourceFile* f = sources.file(t.pos.file);
    std::string where = f ? f->path : std::string("?");
    std::printf("%s:%u:%u\t%.*s", where.c_str(), t.pos.line, t.pos.col, int(occam::token_name(t.kind).size()),
                occam::token_name(t.kind).data());
    if (t.kind == occam::Tok::Name || t.kind == occam::Tok::IntLit || t.kind == occam::Tok::RealLit ||
        t.kind == occam::Tok::ByteLit || t.kind == occam::Tok::StringLit)
      std::printf("\t%s", token_text(t));
    if (t.kind == occam::Tok::StringLit && t.length_prefix)  // "*l12": show the length byte
      std::printf("\t= %s", byte_values(t).c_str());
    if (t.kind == occam::Tok::Name && occam::occam_pi_word(t.text))
      std::printf("\t(occam-pi word: not reserved, rejected where it begins an occam-pi form)");
    std::printf("\n");
  }
  for (const auto& u : pre.uses) std::printf("#USE \"%s\" -> %s\n", u.name.c_str(), u.path.c_str());
  diags.sort();
  std::fputs(occam::render(sources, diags).c_str(), stderr);
  return diags.has_errors() ? kExitFailure : kExitOk;
}

// --ir: the IR the back ends consume (occam-front/include/transit/occam/ir/print.h, docs/ir.md).
int dump_ir(const char* path, const occam::PreprocessOptions& options) {
  occam::driver::Options o;
  o.include_dirs = options.include_dirs;
  auto m = occam::driver::occam_to_ir(path, o);
  if (auto* f = std::get_if<occam::driver::Failure>(&m)) {
    std::fputs(f->message.c_str(), stderr);
    return f->status;
  }
  std::fputs(occam::ir::print(std::get<occam::ir::Module>(m)).c_str(), stdout);
  return kExitOk;
}

struct DumpArgs : occam::PreprocessOptions {
  enum What { tokens, ast, ir, assembly } what = tokens;  // the parser sees that one is given
  std::optional<TargetChip> target;
};

template <DumpArgs::What W>
constexpr Action stage() {
  return on<DumpArgs>([](DumpArgs& d, const char*) {
    d.what = W;
    return true;
  });
}

constexpr Option kOptions[] = {
    {"--tokens", "", "the tokens, one a line with its file:line:column", stage<DumpArgs::tokens>(), Times::needed, 1},
    {"--ast", "", "the syntax tree (checked when the program checks)", stage<DumpArgs::ast>(), Times::needed, 1},
    {"--ir", "", "the IR the back ends consume (docs/ir.md)", stage<DumpArgs::ir>(), Times::needed, 1},
    {"--asm", "", "the transputer assembly (`transit asm` reads it back)", stage<DumpArgs::assembly>(), Times::needed, 1},
    include_dir_option<DumpArgs>(),
    target_option<DumpArgs>(),
};

int run(Args args) {
  DumpArgs d;
  d.library_dir = occam::default_library_dir();
  Operands in;
  if (auto status = parse(dump_command, args, &d, in)) return *status;
  if (in.operands.size() != 1) return usage_error(dump_command, "give one occam file");
  const char* file = in.operands[0];
  if (d.what == DumpArgs::tokens) return dump_tokens(file, d);
  if (d.what == DumpArgs::ir) return dump_ir(file, d);
  if (d.what == DumpArgs::assembly) {
    occam::driver::Options o;
    o.include_dirs = d.include_dirs;
    return dump_target_asm(file, d.target.value_or(TargetChip::T800), o);
  }
  occam::FrontEnd fe;
  bool ok = fe.run(file, d);
  std::fputs(occam::ast::dump(fe.program, fe.sources).c_str(), stdout);
  std::fputs(occam::render(fe.sources, fe.diags).c_str(), stderr);
  return ok ? kExitOk : kExitFailure;
}

}  // namespace

const Command dump_command{"dump", "FILE.occ", "print a compiler stage's output", kOptions, run};

}  // namespace transit::cli
