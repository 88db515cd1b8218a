#include "unit.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "backend/cpp/emit_cpp.h"
#include "cache.h"
#include "check/frontend.h"
#include "lower/lower.h"
#include "pre/preprocessor.h"

namespace transit::occam::driver {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kEntryName = "transit.unit.entry";

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string sanitize(const std::string& name) {
  std::string s;
  for (char c : name) s += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return s;
}

// occam text of a type, with open dimensions given one element (a variable of it can stand for
// any parameter of that type); nullopt for what a unit's entry cannot declare.
std::optional<std::string> type_text(const ast::Type* t);

std::optional<std::string> protocol_text(const ast::Protocol* p) {
  if (!p) return std::nullopt;
  switch (p->kind) {
    case ast::ProtocolKind::Named: return p->name;
    case ast::ProtocolKind::Any: return std::string("ANY");
    case ast::ProtocolKind::Simple: {
      if (p->items.size() != 1) return std::nullopt;
      const ast::ProtocolItem& it = p->items[0];
      if (!it.count_type) return type_text(it.type);
      auto count = type_text(it.count_type);
      if (!count || !it.type || it.type->kind != ast::TypeKind::Array) return std::nullopt;
      auto elem = type_text(it.type->elem);
      if (!elem) return std::nullopt;
      return *count + "::[]" + *elem;
    }
    default: return std::nullopt;
  }
}

// A record type, or one built from records: the back end names record types per program, so a
// PROC taking one cannot be shared between a unit and a program.
bool has_record(const ast::Type* t, int depth = 0);
bool has_record(const ast::Protocol* p, int depth) {
  if (!p || depth > 32) return false;
  if (p->kind == ast::ProtocolKind::Named) return p->decl && has_record(p->decl->protocol, depth + 1);
  for (const ast::ProtocolItem& it : p->items)
    if (has_record(it.type, depth + 1)) return true;
  for (const ast::Decl* tag : p->tags)
    for (const ast::ProtocolItem& it : tag->tag_items)
      if (has_record(it.type, depth + 1)) return true;
  return false;
}
bool has_record(const ast::Type* t, int depth) {
  if (!t || depth > 32) return false;
  switch (t->kind) {
    case ast::TypeKind::Record: return true;
    case ast::TypeKind::Named: return t->decl && has_record(t->decl->type, depth + 1);
    case ast::TypeKind::Array: return has_record(t->elem, depth + 1);
    case ast::TypeKind::Chan: return has_record(t->protocol, depth + 1);
    default: return false;
  }
}

std::optional<std::string> type_text(const ast::Type* t) {
  if (!t || has_record(t)) return std::nullopt;
  switch (t->kind) {
    case ast::TypeKind::Bool: return std::string("BOOL");
    case ast::TypeKind::Byte: return std::string("BYTE");
    case ast::TypeKind::Int: return std::string("INT");
    case ast::TypeKind::Int16: return std::string("INT16");
    case ast::TypeKind::Int32: return std::string("INT32");
    case ast::TypeKind::Int64: return std::string("INT64");
    case ast::TypeKind::Real32: return std::string("REAL32");
    case ast::TypeKind::Real64: return std::string("REAL64");
    case ast::TypeKind::Timer: return std::string("TIMER");
    case ast::TypeKind::Named: return t->name.empty() ? std::nullopt : std::optional<std::string>(t->name);
    case ast::TypeKind::Array: {
      auto elem = type_text(t->elem);
      if (!elem) return std::nullopt;
      return "[" + std::to_string(t->dim > 0 ? t->dim : 1) + "]" + *elem;
    }
    case ast::TypeKind::Chan: {
      auto p = protocol_text(t->protocol);
      if (!p) return std::nullopt;
      return "CHAN OF " + *p;
    }
    default: return std::nullopt;
  }
}

// The direction a channel (or channel array) formal is declared with: "?", "!" or "".
std::string direction(const ast::Type* t) {
  for (; t; t = t->elem) {
    if (t->kind == ast::TypeKind::Chan)
      return t->direction == ast::Direction::In ? "?" : t->direction == ast::Direction::Out ? "!" : "";
    if (t->kind != ast::TypeKind::Array) break;
  }
  return "";
}

const ast::Unit* unit_of(const FrontEnd& fe, const std::string& path) {
  for (const ast::Unit& u : fe.program.units) {
    const SourceFile* f = fe.sources.file(u.file);
    std::error_code e1, e2;
    if (u.is_library && f && fs::weakly_canonical(f->path, e1) == fs::weakly_canonical(path, e2) && !e1 && !e2) return &u;
  }
  return nullptr;
}

// The unit's entry program: a PROC that calls every top-level PROC of the unit (under IF FALSE,
// never run) with variables of its parameter types, so that the lowering compiles them all.
std::string entry_text(const std::string& unit_path, const ast::Unit& unit, std::set<std::string>& exports) {
  std::ostringstream calls;
  int n = 0;
  for (const ast::Spec* s : unit.specs) {
    if (s->kind != ast::SpecKind::Proc || s->decls.empty() || s->is_inline) continue;
    std::ostringstream decls, args;
    bool ok = true;
    for (std::size_t i = 0; i < s->formals.size() && ok; ++i) {
      const ast::Decl* f = s->formals[i];
      auto t = type_text(f->type);
      if (!t) ok = false;
      else {
        std::string v = "a" + std::to_string(n) + "." + std::to_string(i);
        decls << "      " << *t << " " << v << ":\n";
        args << (i ? ", " : "") << v << direction(f->type);
      }
    }
    if (!ok) continue;
    exports.insert(s->decls[0]->name);
    calls << "    FALSE\n" << decls.str() << "      " << s->decls[0]->name << " (" << args.str() << ")\n";
    ++n;
  }
  std::ostringstream text;
  text << "#USE \"" << unit_path << "\"\nPROC " << kEntryName << " ()\n  IF\n" << calls.str() << "    TRUE\n      SKIP\n:\n";
  return text.str();
}

// PROCs of `unit` (top level, by name and position) in the module.
void mark(ir::Module& m, const ast::Unit& unit, const std::string& id,
          const std::set<std::string>& exports, bool external) {
  for (const ast::Spec* s : unit.specs) {
    if (s->kind != ast::SpecKind::Proc || s->decls.empty()) continue;
    const ast::Decl* d = s->decls[0];
    if (!exports.count(d->name)) continue;
    for (ir::Proc& p : m.procs) {
      if (p.function || p.name != d->name || p.site.file != std::int32_t(d->pos.file) || p.site.line != std::int32_t(d->pos.line) ||
          p.site.col != std::int32_t(d->pos.col))
        continue;
      p.link_name = link_name(id, p.name);
      p.external = external;
    }
  }
}

std::string object_marker(const std::string& id, const std::set<std::string>& exports) {
  std::string s = "#TRANSIT.UNIT.OBJECT " + id + " " + std::to_string(exports.size()) + "\n";
  for (const auto& e : exports) s += e + "\n";
  return s;
}

// Compiles the unit's C++ into `object`, then makes every symbol but the exported PROCs local.
std::optional<std::string> compile_object(const Toolchain& tc, const std::string& cpp_path, const std::string& object,
                                          const std::string& id, const std::string& root, const std::string& log) {
  std::string pch = ensure_pch(tc, root);
  std::string tmp = object + ".tmp" + std::to_string(::getpid());
  std::vector<std::string> argv = {tc.cxx};
  argv.insert(argv.end(), tc.flags.begin(), tc.flags.end());
  if (!pch.empty()) argv.push_back("-I" + pch);
  argv.insert(argv.end(), {"-I" + tc.support_include, "-I" + tc.runtime_include, "-c", cpp_path, "-o", tmp});
  if (run_command(argv, log) != 0) return "the C++ compiler rejected the unit's generated code (see " + log + ")";
  // Strong global definitions other than the exports (the unit's internal routines, its entry's
  // main) become local, so they cannot clash with the program's; inline and template code
  // (weak, in COMDAT groups) is left for the linker to merge.
  std::string symbols = tmp + ".symbols";
  if (run_command({"nm", "--defined-only", "-g", "--format=posix", tmp}, symbols) != 0)
    return "nm could not list the unit's symbols (see " + symbols + ")";
  std::ifstream in(symbols);
  std::string local_list;
  for (std::string name, kind, rest; in >> name >> kind && std::getline(in, rest);)
    if ((kind == "T" || kind == "D" || kind == "B" || kind == "R") && name.find("occunit_" + id + "_") == std::string::npos)
      local_list += name + "\n";
  std::string locals = tmp + ".locals";
  if (!write_file_atomic(locals, local_list)) return "cannot write " + locals;
  int status = run_command({"objcopy", "--localize-symbols=" + locals, tmp}, log);
  std::error_code ec;
  fs::remove(symbols, ec);
  fs::remove(locals, ec);
  if (status != 0) return "objcopy could not prepare the unit's object (see " + log + ")";
  fs::rename(tmp, object, ec);
  if (ec) return "cannot store " + object + ": " + ec.message();
  return std::nullopt;
}

}  // namespace

std::string_view unit_interface(std::string_view text) {
  std::size_t at = text.find("\n#TRANSIT.UNIT.OBJECT ");
  return at == std::string_view::npos ? text : text.substr(0, at + 1);
}

std::string unit_id(std::string_view interface_text) { return hex(hash_bytes(interface_text)); }

std::string link_name(const std::string& id, const std::string& proc) { return "occunit_" + id + "_" + sanitize(proc); }

std::variant<UnitObject, Failure> unit_object(const std::string& path, const Options& options, const Toolchain& tc,
                                              const std::string& root) {
  auto text = read_file(path);
  if (!text) return Failure{1, "transit: cannot read unit " + path + "\n"};
  UnitObject u;
  u.path = path;
  u.id = unit_id(unit_interface(*text));

  if (unit_interface(*text).size() != text->size()) {
    // A compiled unit file: the export list and the object follow the interface.
    std::istringstream rest(text->substr(unit_interface(*text).size()));
    std::string marker, id;
    std::size_t count = 0;
    rest >> marker >> id >> count;
    rest.get();
    for (std::size_t i = 0; i < count && rest; ++i) {
      std::string name;
      std::getline(rest, name);
      u.exports.insert(name);
    }
    if (marker != "#TRANSIT.UNIT.OBJECT" || !rest) return Failure{1, "transit: " + path + " is not a valid compiled unit\n"};
    if (id != u.id)
      return Failure{1, "transit: the interface of " + path + " was changed after it was compiled: make it again with transit build --library\n"};
    std::string object(std::istreambuf_iterator<char>(rest), {});
    fs::path dir = fs::path(root) / ("unit-" + hex(hash_bytes(object)));
    fs::path o = dir / "unit.o";
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (!fs::exists(o, ec) && !write_file_atomic(o.string(), object)) return Failure{1, "transit: cannot write " + o.string() + "\n"};
    fs::last_write_time(dir, fs::file_time_type::clock::now(), ec);
    u.object = o.string();
    return u;
  }

  // A source library: its entry program (calling every PROC) compiled to C++, cached by that C++.
  PreprocessOptions pre;
  pre.include_dirs = options.include_dirs;
  pre.library_dir = default_library_dir();
  std::string abs = fs::absolute(path).lexically_normal().string();
  FrontEnd probe;
  probe.run_text("<unit " + abs + ">", "#USE \"" + abs + "\"\nPROC " + std::string(kEntryName) + " ()\n  SKIP\n:\n", pre);
  const ast::Unit* unit = unit_of(probe, abs);
  if (!unit || probe.diags.has_errors()) return Failure{1, render(probe.sources, probe.diags)};
  std::set<std::string> exports;
  std::string entry = entry_text(abs, *unit, exports);
  FrontEnd fe;
  if (!fe.run_text("<unit " + abs + ">", entry, pre) || !(unit = unit_of(fe, abs)))
    return Failure{1, "transit: the unit " + path + " cannot be compiled separately:\n" + render(fe.sources, fe.diags)};
  std::optional<ir::Module> m = lower(fe.program, fe.sources, fe.diags);
  if (!m) return Failure{1, "transit: the unit " + path + " cannot be compiled separately:\n" + render(fe.sources, fe.diags)};
  mark(*m, *unit, u.id, exports, false);
  auto cpp = backend::emit_cpp(*m);
  if (auto* e = std::get_if<backend::CppError>(&cpp))
    return Failure{kExitInternal, "transit: internal error: the C++ back end cannot translate unit " + path + ": " + e->message + "\n"};
  const std::string& source = std::get<backend::CppUnit>(cpp).source;
  fs::path dir = fs::path(root) / ("unit-" + hex(hash_bytes(source, hash_bytes(tc.stamp))));
  fs::path o = dir / "unit.o";
  u.object = o.string();
  u.exports = exports;
  std::error_code ec;
  if (fs::exists(o, ec)) {
    fs::last_write_time(dir, fs::file_time_type::clock::now(), ec);
    return u;
  }
  fs::create_directories(dir, ec);
  fs::path cpp_path = dir / "unit.cpp";
  if (!write_file_atomic(cpp_path.string(), source)) return Failure{1, "transit: cannot write " + cpp_path.string() + "\n"};
  if (auto err = compile_object(tc, cpp_path.string(), o.string(), u.id, root, (dir / "compile.log").string()))
    return Failure{kExitInternal, "transit: internal error: unit " + path + ": " + *err + "\n"};
  return u;
}

void bind_units(ir::Module& module, const FrontEnd& fe, const std::vector<UnitObject>& units) {
  for (const UnitObject& u : units)
    if (const ast::Unit* unit = unit_of(fe, u.path)) mark(module, *unit, u.id, u.exports, true);
}

std::variant<std::string, Failure> build_library(const std::string& source, const std::string& out, const Options& options) {
  auto found = find_toolchain();
  if (auto* err = std::get_if<std::string>(&found)) return Failure{kExitInternal, "transit: " + *err + "\n"};
  std::string root = cache_root();
  if (root.empty()) return Failure{1, "transit: no cache folder (set HOME or XDG_CACHE_HOME)\n"};
  auto text = read_file(source);
  if (!text) return Failure{1, "transit: cannot read " + source + "\n"};
  if (unit_interface(*text).size() != text->size()) return Failure{1, "transit: " + source + " is already a compiled unit\n"};
  auto r = unit_object(source, options, std::get<Toolchain>(found), root);
  if (auto* f = std::get_if<Failure>(&r)) return std::move(*f);
  const UnitObject& u = std::get<UnitObject>(r);
  auto object = read_file(u.object);
  if (!object) return Failure{1, "transit: cannot read " + u.object + "\n"};
  // The interface is the library's text, read back as everything before the object marker.
  std::string file = *text + object_marker(u.id, u.exports) + *object;
  if (text->empty() || text->back() != '\n' || unit_id(unit_interface(file)) != u.id)
    return Failure{1, "transit: " + source + " must end with a newline to be packed as a unit\n"};
  if (!write_file_atomic(out, file)) return Failure{1, "transit: cannot write " + out + "\n"};
  return out;
}

}  // namespace transit::occam::driver
