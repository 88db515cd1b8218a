#include "transit/occam/driver/unit.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "transit/occam/driver/cache.h"
#include "driver_config.h"
#include "transit/occam/pipeline/front_end.h"
#include "steps.h"

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

const ast::Unit* unit_of(const FrontEnd& fe, const std::string& path) {
  for (const ast::Unit& u : fe.program.units) {
    const SourceFile* f = fe.sources.file(u.file);
    std::error_code e1, e2;
    if (u.is_library && f && fs::weakly_canonical(f->path, e1) == fs::weakly_canonical(path, e2) && !e1 && !e2) return &u;
  }
  return nullptr;
}

// The unit's routines compiled into its object: every top-level PROC and FUNCTION but the INLINE
// ones (compiled into their callers) and those of a compiled unit (already in its object).
std::vector<const ast::Spec*> exported(const ast::Unit& unit) {
  std::vector<const ast::Spec*> out;
  for (const ast::Spec* s : unit.specs)
    if ((s->kind == ast::SpecKind::Proc || s->kind == ast::SpecKind::Function) && !s->decls.empty() && !s->is_inline &&
        !s->external)
      out.push_back(s);
  return out;
}

// The routine `d` declares in the module (matched by name and position), or kNone.
ir::ProcId proc_of(const ir::Module& m, const ast::Decl* d) {
  for (std::size_t i = 0; i < m.procs.size(); ++i) {
    const ir::Proc& p = m.procs[i];
    if (p.name == d->name && p.site.file == std::int32_t(d->pos.file) && p.site.line == std::int32_t(d->pos.line) &&
        p.site.col == std::int32_t(d->pos.col))
      return ir::ProcId(i);
  }
  return ir::kNone;
}

// The routines of `unit` (top level, by name and position) in the module get their link names.
void mark(ir::Module& m, const ast::Unit& unit, const std::string& id, const std::set<std::string>& exports, bool external) {
  for (const ast::Spec* s : unit.specs) {
    if ((s->kind != ast::SpecKind::Proc && s->kind != ast::SpecKind::Function) || s->decls.empty() ||
        !exports.count(s->decls[0]->name))
      continue;
    if (ir::ProcId p = proc_of(m, s->decls[0]); p != ir::kNone) {
      m.procs[std::size_t(p)].link_name = link_name(id, s->decls[0]->name);
      m.procs[std::size_t(p)].external = external;
    }
  }
}

// ------------------------------------------------------------------ the interface text

std::optional<std::string> type_text(const ast::Type* t, int depth = 0);

std::optional<std::string> protocol_text(const ast::Protocol* p, int depth) {
  if (!p || depth > 32) return std::nullopt;
  switch (p->kind) {
    case ast::ProtocolKind::Named: return p->name;
    case ast::ProtocolKind::Any: return std::string("ANY");
    case ast::ProtocolKind::Simple: {
      if (p->items.size() != 1) return std::nullopt;
      const ast::ProtocolItem& it = p->items[0];
      if (!it.count_type) return type_text(it.type, depth + 1);
      auto count = type_text(it.count_type, depth + 1);
      if (!count || !it.type || it.type->kind != ast::TypeKind::Array) return std::nullopt;
      auto elem = type_text(it.type->elem, depth + 1);
      if (!elem) return std::nullopt;
      return *count + "::[]" + *elem;
    }
    default: return std::nullopt;
  }
}

// occam text of a formal's type as the checker resolved it (channel directions are written after
// the name); nullopt for what a heading cannot say.
std::optional<std::string> type_text(const ast::Type* t, int depth) {
  if (!t || depth > 32) return std::nullopt;
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
      auto elem = type_text(t->elem, depth + 1);
      if (!elem || (t->dim == ast::kOpenDim && t->dim_expr)) return std::nullopt;
      return "[" + (t->dim == ast::kOpenDim ? std::string() : std::to_string(t->dim)) + "]" + *elem;
    }
    case ast::TypeKind::Chan: {
      auto p = protocol_text(t->protocol, depth + 1);
      if (!p) return std::nullopt;
      return "CHAN OF " + *p;
    }
    case ast::TypeKind::Port: {
      auto e = type_text(t->elem, depth + 1);
      if (!e) return std::nullopt;
      return "PORT OF " + *e;
    }
    default: return std::nullopt;
  }
}

// The direction a channel (or channel array) formal is declared with: "?", "!" or "".
std::string direction(const ast::Type* t) {
  for (int i = 0; t && i < 64; t = t->elem, ++i) {
    if (t->kind == ast::TypeKind::Chan)
      return t->direction == ast::Direction::In ? "?" : t->direction == ast::Direction::Out ? "!" : "";
    if (t->kind != ast::TypeKind::Array) break;
  }
  return "";
}

// Interface text, or why it cannot be written.
struct Written {
  std::string text;
  std::string why;
};

std::string use_codes(std::uint8_t bits) {
  std::string s;
  if (bits & ast::kUseRead) s += 'r';
  if (bits & ast::kUseWrite) s += 'w';
  if (bits & ast::kUseIn) s += '?';
  if (bits & ast::kUseOut) s += '!';
  return s.empty() ? "." : s;
}

// A routine's heading and its EXTERNAL descriptor (ast::External), or why it cannot be written.
Written declaration(const ast::Spec* s, const ir::Module& m, const std::vector<bool>& waiting) {
  const ast::Decl* d = s->decls[0];
  std::ostringstream text;
  if (s->kind == ast::SpecKind::Function) {
    for (std::size_t i = 0; i < s->result_types.size(); ++i) {
      auto t = type_text(s->result_types[i]);
      if (!t) return Written{{}, "a result type of FUNCTION " + d->name + " cannot be written in an interface"};
      text << (i ? ", " : "") << *t;
    }
    text << " FUNCTION ";
  } else {
    text << "PROC ";
  }
  text << d->name << " (";
  for (std::size_t i = 0; i < s->formals.size(); ++i) {
    const ast::Decl* f = s->formals[i];
    auto t = type_text(f->type);
    if (!t) return Written{{}, "the type of parameter " + f->name + " of " + d->name + " cannot be written in an interface"};
    text << (i ? ", " : "") << (f->mode == ast::ParamMode::Val ? "VAL " : f->mode == ast::ParamMode::Result ? "RESULT " : "")
         << *t << " " << f->name << direction(f->type);
  }
  text << ")\n";
  ir::ProcId id = proc_of(m, d);
  if (id == ir::kNone) return Written{{}, "internal error: " + d->name + " was not compiled"};
  const ir::Proc* p = &m.procs[std::size_t(id)];
  text << "  EXTERNAL \"" << (!p->function && waiting[std::size_t(id)] ? "waits" : "nowait");
  for (std::size_t i = 0; i < s->formals.size(); ++i) text << " " << use_codes(i < s->formal_use.size() ? s->formal_use[i] : 0);
  text << " |";
  for (ir::VarId v : p->free_vars) {
    const ir::Var& var = m.vars[std::size_t(v)];
    std::uint8_t bits = ast::kUseRead;
    for (const auto& [fd, b] : s->free_use)
      if (fd->name == var.name && std::int32_t(fd->pos.line) == var.site.line && std::int32_t(fd->pos.col) == var.site.col &&
          std::int32_t(fd->pos.file) == var.site.file)
        bits = b;
    text << " " << var.name << ":" << use_codes(bits);
  }
  text << "\"\n:\n";
  return Written{text.str(), {}};
}

// The interface of a checked source library: declarations only (unit.h).
Written interface_text(FrontEnd& fe, const ast::Unit& unit, const ir::Module& m, const PreprocessOptions& pre) {
  Diagnostics scratch;
  Preprocessed lines = preprocess(fe.sources, unit.file, pre, scratch);
  if (scratch.has_errors()) return Written{{}, "the library's text changed while it was compiled"};
  auto path_of = [&](std::uint32_t file) {
    const SourceFile* f = fe.sources.file(file);
    return f ? f->path : std::string();
  };
  std::map<std::pair<std::string, std::uint32_t>, std::size_t> index;  // (file, line) -> position in lines
  for (std::size_t i = 0; i < lines.lines.size(); ++i)
    index.try_emplace({path_of(lines.lines[i].file), lines.lines[i].number}, i);
  std::vector<std::size_t> starts;
  for (const ast::Spec* s : unit.specs) {
    auto it = index.find({path_of(s->pos.file), s->pos.line});
    if (it == index.end() || (!starts.empty() && it->second <= starts.back()))
      return Written{{}, "a declaration at " + path_of(s->pos.file) + ":" + std::to_string(s->pos.line) +
                         " does not start its own line"};
    starts.push_back(it->second);
  }
  std::vector<bool> waiting = ir::procs_that_wait(m);
  const SourceFile* f = fe.sources.file(unit.file);
  std::ostringstream text;
  text << "-- Interface of " << fs::path(f ? f->path : "").filename().string()
       << ", a compiled unit made by transit build --library: declarations only, the code follows.\n";
  for (const UsedUnit& u : lines.uses) text << "#USE \"" << u.name << "\"\n";
  auto copy = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      const SourceLine& l = lines.lines[i];
      text << std::string(std::size_t(std::max<std::int32_t>(l.shift, 0)), ' ') << l.text << "\n";
    }
  };
  copy(0, starts.empty() ? lines.lines.size() : starts[0]);
  for (std::size_t i = 0; i < unit.specs.size(); ++i) {
    const ast::Spec* s = unit.specs[i];
    std::size_t end = i + 1 < starts.size() ? starts[i + 1] : lines.lines.size();
    bool routine = (s->kind == ast::SpecKind::Proc || s->kind == ast::SpecKind::Function) && !s->is_inline && !s->decls.empty();
    if (!routine) {
      copy(starts[i], end);
      continue;
    }
    auto decl = declaration(s, m, waiting);
    if (!decl.why.empty()) return decl;
    text << decl.text;
  }
  return Written{text.str(), {}};
}

// ------------------------------------------------------------------ objects

// Compiles the unit's C++ into `object`, then makes every symbol but the exported routines local.
std::optional<std::string> compile_object(const Toolchain& tc, const std::string& cpp_path, const std::string& object,
                                          const std::string& id, const std::string& root, const std::string& log) {
  std::string pch = ensure_pch(tc, root);
  std::string tmp = object + ".tmp" + std::to_string(::getpid());
  if (run_command(cxx_command(tc, pch, {"-c", cpp_path, "-o", tmp}), log) != 0)
    return "the C++ compiler rejected the unit's generated code (see " + log + ")";
  // Strong global definitions other than the exports (the unit's internal routines) become local,
  // so they cannot clash with the program's; inline and template code (weak, in COMDAT groups,
  // record types' too) is left for the linker to merge.
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
  // (objcopy fails on an empty list: then there is nothing to do)
  int status = local_list.empty() ? 0 : run_command({"objcopy", "--localize-symbols=" + locals, tmp}, log);
  std::error_code ec;
  fs::remove(symbols, ec);
  fs::remove(locals, ec);
  if (status != 0) return "objcopy could not prepare the unit's object (see " + log + ")";
  fs::rename(tmp, object, ec);
  if (ec) return "cannot store " + object + ": " + ec.message();
  return std::nullopt;
}

// A source library compiled on its own: its routines, their object, and (for a .tlib) its interface.
struct LibraryBuild {
  UnitObject unit;
  std::string interface;
};

std::variant<LibraryBuild, Failure> compile_library(const std::string& path, const std::string& text, const Options& options,
                                                const Toolchain& tc, const std::string& root, bool want_interface) {
  PreprocessOptions pre = preprocess_options(options, unit_stamp(tc));
  std::string abs = fs::absolute(path).lexically_normal().string();
  auto cannot = [&](const std::string& why) {
    return Failure{1, "transit: the unit " + path + " cannot be compiled separately: " + why};
  };
  FrontEnd fe;
  fe.run_text("<unit " + abs + ">", "#USE \"" + abs + "\"\nPROC " + std::string(kEntryName) + " ()\n  SKIP\n:\n", pre);
  const ast::Unit* unit = unit_of(fe, abs);
  if (!unit || fe.diags.has_errors()) return cannot("\n" + render(fe.sources, fe.diags));
  std::vector<const ast::Decl*> routines;
  std::set<std::string> exports;
  for (const ast::Spec* s : unit->specs)
    if (s->external) return cannot("it holds EXTERNAL bodies, which only a .tlib made by transit build --library may\n");
  for (const ast::Spec* s : exported(*unit)) {
    if (!exports.insert(s->decls[0]->name).second)
      return cannot("it declares " + s->decls[0]->name + " twice at the top level\n");
    routines.push_back(s->decls[0]);
  }
  std::optional<ir::Module> m = fe.lower_routines(routines);
  if (!m) return cannot("\n" + render(fe.sources, fe.diags));
  LibraryBuild c;
  c.unit.path = path;
  c.unit.exports = exports;
  if (want_interface) {
    Written iface = interface_text(fe, *unit, *m, pre);
    if (!iface.why.empty()) return cannot(iface.why + "\n");
    c.interface = iface.text;
    c.unit.id = unit_id(c.interface);
  } else {
    c.unit.id = unit_id(text);
  }
  mark(*m, *unit, c.unit.id, exports, false);
  // The compiled units it #USEs (no bodies here) are linked by every program that uses this one.
  for (const ast::Unit& other : fe.program.units) {
    bool external = false;
    for (const ast::Spec* s : other.specs) external = external || s->external;
    const SourceFile* f = fe.sources.file(other.file);
    if (&other == unit || !other.is_library || !external || !f) continue;
    auto used = unit_object(f->path, options, tc, root);
    if (auto* failure = std::get_if<Failure>(&used)) return std::move(*failure);
    const UnitObject& u = std::get<UnitObject>(used);
    mark(*m, other, u.id, u.exports, true);
  }
  auto cpp = cpp_source(*m, "unit " + path);
  if (auto* f = std::get_if<Failure>(&cpp)) return std::move(*f);
  const std::string& source = std::get<std::string>(cpp);
  fs::path dir = fs::path(root) / ("unit-" + hex(hash_bytes(source, hash_bytes(tc.stamp))));
  fs::path o = dir / "unit.o";
  c.unit.object = o.string();
  std::error_code ec;
  if (fs::exists(o, ec)) {
    fs::last_write_time(dir, fs::file_time_type::clock::now(), ec);
    return c;
  }
  fs::create_directories(dir, ec);
  fs::path cpp_path = dir / "unit.cpp";
  if (!write_file_atomic(cpp_path.string(), source)) return Failure{1, "transit: cannot write " + cpp_path.string() + "\n"};
  if (auto err = compile_object(tc, cpp_path.string(), o.string(), c.unit.id, root, (dir / "compile.log").string()))
    return Failure{kExitInternal, "transit: internal error: unit " + path + ": " + *err + "\n"};
  return c;
}

// The fields of a .tlib's marker line ("key=value" words).
std::map<std::string, std::string> marker_fields(std::string_view line) {
  std::map<std::string, std::string> fields;
  std::istringstream in{std::string(line)};
  for (std::string word; in >> word;)
    if (auto eq = word.find('='); eq != std::string::npos) fields[word.substr(0, eq)] = word.substr(eq + 1);
  return fields;
}

// The object of a compiled unit file, checked, stored in the cache.
std::variant<UnitObject, Failure> tlib_object(const std::string& path, const std::string& text, const Toolchain& tc,
                                              const std::string& root) {
  auto bad = [&](const std::string& why) {
    return Failure{1, "transit: " + path + ": " + why + ": make it again with transit build --library\n"};
  };
  std::string_view iface = unit_interface(text);
  if (iface.size() == text.size()) return bad("not a complete compiled unit (its object part is missing: truncated?)");
  std::string_view rest = std::string_view(text).substr(iface.size());
  std::size_t eol = rest.find('\n');
  if (eol == std::string_view::npos) return bad("damaged compiled unit (its marker line is cut)");
  auto fields = marker_fields(rest.substr(kUnitObjectMarker.size(), eol - kUnitObjectMarker.size()));
  rest.remove_prefix(eol + 1);
  if (fields["format"] != std::to_string(kUnitFormat)) return bad("a compiled unit of another format (format " + fields["format"] + ")");
  std::string stamp = unit_stamp(tc);
  if ("transit=" + fields["transit"] + " abi=" + fields["abi"] != stamp)
    return bad("compiled by another Transit build (transit=" + fields["transit"] + " abi=" + fields["abi"] + "; this one is " + stamp + ")");
  UnitObject u;
  u.path = path;
  u.id = unit_id(iface);
  u.compiled_unit = true;
  if (fields["id"] != u.id) return bad("its interface was changed after it was compiled");
  std::size_t count = 0, bytes = 0;
  try {
    count = std::stoul(fields["exports"]);
    bytes = std::stoul(fields["bytes"]);
  } catch (const std::exception&) {
    return bad("damaged compiled unit (its marker line is incomplete)");
  }
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) return bad("damaged compiled unit (its export list is cut)");
    u.exports.insert(std::string(rest.substr(0, nl)));
    rest.remove_prefix(nl + 1);
  }
  if (rest.size() != bytes || fields["check"] != hex(hash_bytes(rest)))
    return bad("damaged compiled unit (its object code is " + std::string(rest.size() < bytes ? "cut short" : "altered") + ")");
  fs::path dir = fs::path(root) / ("unit-" + fields["check"]);
  fs::path o = dir / "unit.o";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::exists(o, ec) && !write_file_atomic(o.string(), rest)) return Failure{1, "transit: cannot write " + o.string() + "\n"};
  fs::last_write_time(dir, fs::file_time_type::clock::now(), ec);
  u.object = o.string();
  return u;
}

}  // namespace

std::string_view unit_interface(std::string_view text) {
  if (text.starts_with(kUnitObjectMarker)) return text.substr(0, 0);
  std::size_t at = text.find("\n" + std::string(kUnitObjectMarker));
  return at == std::string_view::npos ? text : text.substr(0, at + 1);
}

std::string unit_id(std::string_view interface_text) { return hex(hash_bytes(interface_text)); }

std::string link_name(const std::string& id, const std::string& proc) { return "occunit_" + id + "_" + sanitize(proc); }

std::string unit_stamp(const Toolchain& tc) { return std::string("transit=") + TRANSIT_DRIVER_VERSION + " abi=" + tc.stamp; }

std::variant<UnitObject, Failure> unit_object(const std::string& path, const Options& options, const Toolchain& tc,
                                              const std::string& root) {
  auto text = read_file(path);
  if (!text) return Failure{1, "transit: cannot read unit " + path + "\n"};
  if (path.ends_with(".tlib") || unit_interface(*text).size() != text->size()) return tlib_object(path, *text, tc, root);
  auto c = compile_library(path, *text, options, tc, root, false);
  if (auto* f = std::get_if<Failure>(&c)) return std::move(*f);
  return std::move(std::get<LibraryBuild>(c).unit);
}

void bind_units(ir::Module& module, const FrontEnd& fe, const std::vector<UnitObject>& units) {
  for (const UnitObject& u : units)
    if (const ast::Unit* unit = unit_of(fe, u.path)) mark(module, *unit, u.id, u.exports, true);
}

std::variant<std::string, Failure> build_library(const std::string& source, const std::string& out, const Options& options) {
  auto ws = find_workspace();
  if (auto* f = std::get_if<Failure>(&ws)) return std::move(*f);
  const Toolchain& tc = std::get<Workspace>(ws).tc;
  const std::string& root = std::get<Workspace>(ws).cache_root;
  auto text = read_file(source);
  if (!text) return Failure{1, "transit: cannot read " + source + "\n"};
  if (source.ends_with(".tlib") || unit_interface(*text).size() != text->size())
    return Failure{1, "transit: " + source + " is already a compiled unit\n"};
  auto r = compile_library(source, *text, options, tc, root, true);
  if (auto* f = std::get_if<Failure>(&r)) return std::move(*f);
  const LibraryBuild& c = std::get<LibraryBuild>(r);
  auto object = read_file(c.unit.object);
  if (!object) return Failure{1, "transit: cannot read " + c.unit.object + "\n"};
  std::string file = c.interface + std::string(kUnitObjectMarker) + "format=" + std::to_string(kUnitFormat) + " " +
                     unit_stamp(tc) + " id=" + c.unit.id + " exports=" + std::to_string(c.unit.exports.size()) +
                     " bytes=" + std::to_string(object->size()) + " check=" + hex(hash_bytes(*object)) + "\n";
  for (const auto& e : c.unit.exports) file += e + "\n";
  file += *object;
  if (!write_file_atomic(out, file)) return Failure{1, "transit: cannot write " + out + "\n"};
  return out;
}

}  // namespace transit::occam::driver
