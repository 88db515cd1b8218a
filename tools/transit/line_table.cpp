// The line table file (line_table.h): writing and reading its records.
//   transit line table 1
//   chip   T800
//   file   PATH                                  (Site::file indexes these, from 0)
//   label  NAME  ADDRESS
//   check  LABEL  FILE LINE COL  WAIT  PROCESS  WHAT
//   frame  KIND  LABEL  NAME  PROC  FILE LINE COL  L  PARENT  B  LINK  FILE LINE COL  BRANCHES  CALL
//   end    NAME  FRAME  SLOT  POINTER  WRITER  SUBSCRIPTS  DIMS      (of the frame before it)
//   call   LABEL  FILE LINE COL  PROCESS
//   table  CODE_END  ENTRY_FRAME  LAST_STOP_WPTR  IMAGE_END
// A program (a fixed subscript, a length) is ops separated by ',' (c5 a constant, l3@2 the word 3
// of frame 2, + - * / %); a list of programs is separated by ';' ('.' for none).
#include "line_table.h"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace transit::cli {

namespace be = occam::backend;

namespace {

constexpr const char* kHeader = "transit line table 1";
// Labels the reports read besides those the tables name (target.cpp: the host server's state).
const char* const kHostLabels[] = {"last_stop", "hs_sent", "hs_count", "hs_stream"};

std::string site_fields(const occam::ir::Site& s) {
  return std::to_string(s.file) + "\t" + std::to_string(s.line) + "\t" + std::to_string(s.col);
}

std::string program_text(const be::WordProgram& p) {
  std::string s;
  for (const be::WordOp& op : p) {
    if (!s.empty()) s += ",";
    using K = be::WordOp::Kind;
    switch (op.kind) {
      case K::Const: s += "c" + std::to_string(op.value); break;
      case K::Load: s += "l" + std::to_string(op.value) + "@" + std::to_string(op.frame); break;
      case K::Add: s += "+"; break;
      case K::Sub: s += "-"; break;
      case K::Mul: s += "*"; break;
      case K::Div: s += "/"; break;
      case K::Rem: s += "%"; break;
    }
  }
  return s;
}

std::string programs_text(const std::vector<be::WordProgram>& ps) {
  if (ps.empty()) return ".";
  std::string s;
  for (std::size_t k = 0; k < ps.size(); ++k) s += (k ? ";" : "") + program_text(ps[k]);
  return s;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t at = 0;
  for (std::size_t next; (next = s.find(sep, at)) != std::string::npos; at = next + 1) out.push_back(s.substr(at, next - at));
  out.push_back(s.substr(at));
  return out;
}

template <class T>
bool number(const std::string& s, T& out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool program_of(const std::string& s, be::WordProgram& p) {
  using K = be::WordOp::Kind;
  for (const std::string& op : split(s, ',')) {
    if (op.empty()) return false;
    be::WordOp w;
    switch (op[0]) {
      case 'c': w.kind = K::Const; if (!number(op.substr(1), w.value)) return false; break;
      case 'l': {
        std::size_t at = op.find('@');
        w.kind = K::Load;
        if (at == std::string::npos || !number(op.substr(1, at - 1), w.value) || !number(op.substr(at + 1), w.frame)) return false;
        break;
      }
      case '+': w.kind = K::Add; break;
      case '-': w.kind = K::Sub; break;
      case '*': w.kind = K::Mul; break;
      case '/': w.kind = K::Div; break;
      case '%': w.kind = K::Rem; break;
      default: return false;
    }
    p.push_back(w);
  }
  return true;
}

bool programs_of(const std::string& s, std::vector<be::WordProgram>& ps) {
  if (s == ".") return true;
  for (const std::string& one : split(s, ';')) {
    be::WordProgram p;
    if (!program_of(one, p)) return false;
    ps.push_back(std::move(p));
  }
  return true;
}

}  // namespace

std::string line_table_path(const std::string& boot) { return boot + ".lines"; }

std::optional<LineTable> occam_line_table(const std::string& boot, emu::Chip chip) {
  std::string path = line_table_path(boot);
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LineTableError error;
  std::optional<LineTable> t = read_line_table(text, path, error);
  if (!t) {
    std::fprintf(stderr, "transit emu: %s (not used)\n", error.message.c_str());
    return std::nullopt;
  }
  if (t->chip != emu::chip_name(chip)) {
    std::fprintf(stderr, "transit emu: %s: made for the %s, not the %s (not used)\n", path.c_str(), t->chip.c_str(),
                 std::string(emu::chip_name(chip)).c_str());
    return std::nullopt;
  }
  return t;
}

std::string write_line_table(const LineTable& t) {
  const be::TransputerAsm& a = t.tables;
  const be::ProcessTable& p = a.processes;
  std::set<std::string> named(std::begin(kHostLabels), std::end(kHostLabels));
  std::ostringstream out;
  out << kHeader << "\nchip\t" << t.chip << "\n";
  for (const std::string& f : t.files) out << "file\t" << f << "\n";
  for (const be::CheckSite& c : a.checks) {
    named.insert(c.label);
    out << "check\t" << c.label << "\t" << site_fields(c.site) << "\t" << (c.wait ? 1 : 0) << "\t" << c.process << "\t"
        << c.what << "\n";
  }
  for (const be::FrameInfo& f : p.frames) {
    named.insert(f.code_label);
    out << "frame\t" << int(f.kind) << "\t" << f.code_label << "\t" << f.name << "\t" << f.proc << "\t" << site_fields(f.site)
        << "\t" << f.L << "\t" << f.parent << "\t" << f.B << "\t" << f.link_slot << "\t" << site_fields(f.par_site) << "\t"
        << f.par_branches << "\t" << (f.call_branch ? 1 : 0) << "\n";
    for (const be::HeldEnd& h : f.ends)
      out << "end\t" << h.name << "\t" << h.frame << "\t" << h.slot << "\t" << (h.pointer ? 1 : 0) << "\t"
          << (h.writer ? 1 : 0) << "\t" << programs_text(h.subscripts) << "\t" << programs_text(h.dims) << "\n";
  }
  for (const be::CallSite& c : p.calls) {
    named.insert(c.return_label);
    out << "call\t" << c.return_label << "\t" << site_fields(c.site) << "\t" << c.proc << "\n";
  }
  named.insert({p.code_end_label, p.last_stop_wptr, a.image_end_label});
  out << "table\t" << p.code_end_label << "\t" << p.entry_frame << "\t" << p.last_stop_wptr << "\t" << a.image_end_label << "\n";
  for (const std::string& n : named)
    if (auto it = t.labels.find(n); it != t.labels.end()) out << "label\t" << n << "\t" << it->second << "\n";
  return out.str();
}

std::optional<LineTable> read_line_table(const std::string& text, const std::string& path, LineTableError& error) {
  LineTable t;
  be::TransputerAsm& a = t.tables;
  be::ProcessTable& p = a.processes;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  auto fail = [&](const std::string& why) {
    error.message = path + ":" + std::to_string(n) + ": " + why;
    return std::nullopt;
  };
  auto site = [](const std::vector<std::string>& f, std::size_t at, occam::ir::Site& s) {
    return number(f[at], s.file) && number(f[at + 1], s.line) && number(f[at + 2], s.col);
  };
  while (std::getline(in, line)) {
    ++n;
    if (n == 1) {
      if (line.rfind("transit network line table", 0) == 0) return fail("the line table of a network: run it with --topology FILE.btl.top");
      if (line != kHeader) return fail("not a Transit line table (the first line is not '" + std::string(kHeader) + "')");
      continue;
    }
    std::vector<std::string> f = split(line, '\t');
    const std::string& kind = f[0];
    bool ok = true;
    if (kind == "chip" && f.size() == 2) {
      t.chip = f[1];
    } else if (kind == "file" && f.size() == 2) {
      t.files.push_back(f[1]);
    } else if (kind == "label" && f.size() == 3) {
      emu::Word w = 0;
      ok = number(f[2], w);
      t.labels[f[1]] = w;
    } else if (kind == "check" && f.size() == 8) {
      be::CheckSite c;
      c.label = f[1];
      int wait = 0;
      ok = site(f, 2, c.site) && number(f[5], wait);
      c.wait = wait != 0;
      c.process = f[6];
      c.what = f[7];
      a.checks.push_back(std::move(c));
    } else if (kind == "frame" && f.size() == 17) {
      be::FrameInfo fi;
      int k = 0, call = 0;
      ok = number(f[1], k) && k >= 0 && k <= int(be::FrameInfo::Kind::Inline) && site(f, 5, fi.site) && number(f[8], fi.L) &&
           number(f[9], fi.parent) && number(f[10], fi.B) && number(f[11], fi.link_slot) && site(f, 12, fi.par_site) &&
           number(f[15], fi.par_branches) && number(f[16], call) && fi.parent < int(p.frames.size());
      fi.kind = be::FrameInfo::Kind(k);
      fi.code_label = f[2];
      fi.name = f[3];
      fi.proc = f[4];
      fi.call_branch = call != 0;
      ok = ok && (fi.kind == be::FrameInfo::Kind::Proc || fi.kind == be::FrameInfo::Kind::Function || fi.parent >= 0);
      p.frames.push_back(std::move(fi));
    } else if (kind == "end" && f.size() == 8 && !p.frames.empty()) {
      be::HeldEnd h;
      int pointer = 0, writer = 0;
      h.name = f[1];
      ok = number(f[2], h.frame) && number(f[3], h.slot) && number(f[4], pointer) && number(f[5], writer) &&
           programs_of(f[6], h.subscripts) && programs_of(f[7], h.dims);
      h.pointer = pointer != 0;
      h.writer = writer != 0;
      p.frames.back().ends.push_back(std::move(h));
    } else if (kind == "call" && f.size() == 6) {
      be::CallSite c;
      c.return_label = f[1];
      ok = site(f, 2, c.site);
      c.proc = f[5];
      p.calls.push_back(std::move(c));
    } else if (kind == "table" && f.size() == 5) {
      p.code_end_label = f[1];
      ok = number(f[2], p.entry_frame);
      p.last_stop_wptr = f[3];
      a.image_end_label = f[4];
    } else if (!line.empty()) {
      ok = false;
    }
    if (!ok) return fail("malformed '" + kind + "' record");
  }
  if (n == 0) return fail("empty");
  // Every frame a record names must exist: the reports index them.
  for (const be::FrameInfo& fi : p.frames) {
    if (fi.parent >= int(p.frames.size())) return fail("a frame's parent is not in the table");
    for (const be::HeldEnd& h : fi.ends) {
      bool bad = h.frame < 0 || h.frame >= int(p.frames.size());
      for (const auto* ps : {&h.subscripts, &h.dims})
        for (const be::WordProgram& prog : *ps)
          for (const be::WordOp& op : prog) bad = bad || (op.kind == be::WordOp::Kind::Load && (op.frame < 0 || op.frame >= int(p.frames.size())));
      if (bad) return fail("a channel end names a frame not in the table");
    }
  }
  if (p.entry_frame >= int(p.frames.size())) return fail("the entry frame is not in the table");
  return t;
}

}  // namespace transit::cli
