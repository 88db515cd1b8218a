// Assembler: parse lines into statements, then size and place them until the layout is stable.
#include "transit/emu/asm/assembler.h"

#include <cctype>
#include <cstdio>
#include <functional>
#include <optional>

#include "transit/emu/isa/instruction.h"

namespace transit::emu {
namespace {

constexpr unsigned kLdc = function_code("ldc");
constexpr Word kFpentry = operation_code("fpentry");

struct Expr {
  struct Term {
    bool negative = false;
    std::string label;  // empty: a number, or "." for the statement address
    Word value = 0;
  };
  std::vector<Term> terms;
};

enum class StmtKind { Direct, Operation, FpEntry, Word, Byte, Align, Space };

struct Stmt {
  StmtKind kind;
  unsigned function = 0;     // Direct
  Word code = 0;             // Operation / FpEntry code
  std::vector<Expr> exprs;   // operands (for .byte strings, one per character)
  int line = 0, col = 0;
  Word address = 0;
  std::size_t size = 1;
};

class Parser {
 public:
  Parser(std::string_view src, std::string_view file, AsmResult& r) : src_(src), file_(file), r_(r) {}

  std::vector<Stmt> parse() {
    std::vector<Stmt> stmts;
    std::size_t start = 0;
    int line = 0;
    while (start <= src_.size()) {
      std::size_t end = src_.find('\n', start);
      if (end == std::string_view::npos) end = src_.size();
      ++line;
      parse_line(src_.substr(start, end - start), line, stmts);
      start = end + 1;
    }
    return stmts;
  }

  std::map<std::string, Expr, std::less<>> equs;
  std::vector<std::pair<std::string, std::size_t>> labels;  // label -> index of next statement

 private:
  void error(int line, std::size_t col, const std::string& msg) {
    r_.errors.push_back(std::string(file_) + ":" + std::to_string(line) + ":" + std::to_string(col + 1) +
                        ": " + msg);
  }

  static bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }
  static bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '$';
  }

  void skip_space(std::string_view s, std::size_t& i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) ++i;
  }

  std::optional<Expr> parse_expr(std::string_view s, std::size_t& i, int line) {
    Expr e;
    bool negative = false;
    skip_space(s, i);
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
      negative = s[i] == '-';
      ++i;
    }
    for (;;) {
      skip_space(s, i);
      Expr::Term t;
      t.negative = negative;
      if (i >= s.size()) {
        error(line, i, "expected a value");
        return std::nullopt;
      }
      char c = s[i];
      if (std::isdigit(static_cast<unsigned char>(c)) || c == '#') {
        int base = 10;
        if (c == '#') {
          base = 16;
          ++i;
        } else if (c == '0' && i + 1 < s.size() && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
          base = 16;
          i += 2;
        }
        std::size_t b = i;
        std::uint64_t v = 0;
        while (i < s.size() && std::isxdigit(static_cast<unsigned char>(s[i]))) {
          int d = std::isdigit(static_cast<unsigned char>(s[i])) ? s[i] - '0'
                                                                 : std::tolower(static_cast<unsigned char>(s[i])) - 'a' + 10;
          if (d >= base) break;
          v = v * unsigned(base) + unsigned(d);
          if (v > 0xFFFFFFFFull) {
            error(line, b, "number too large");
            return std::nullopt;
          }
          ++i;
        }
        if (i == b) {
          error(line, b, "bad number");
          return std::nullopt;
        }
        t.value = Word(v);
      } else if (c == '\'' && i + 2 < s.size() && s[i + 2] == '\'') {
        t.value = static_cast<unsigned char>(s[i + 1]);
        i += 3;
      } else if (c == '.' && (i + 1 >= s.size() || !ident_char(s[i + 1]))) {
        t.label = ".";
        ++i;
      } else if (ident_start(c)) {
        std::size_t b = i;
        while (i < s.size() && ident_char(s[i])) ++i;
        t.label = std::string(s.substr(b, i - b));
      } else {
        error(line, i, std::string("unexpected '") + c + "'");
        return std::nullopt;
      }
      e.terms.push_back(t);
      skip_space(s, i);
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        negative = s[i] == '-';
        ++i;
        continue;
      }
      return e;
    }
  }

  void parse_line(std::string_view s, int line, std::vector<Stmt>& stmts) {
    // Strip comments (not inside strings).
    bool in_str = false;
    for (std::size_t k = 0; k < s.size(); ++k) {
      if (s[k] == '"') in_str = !in_str;
      if (!in_str && (s[k] == ';' || (s[k] == '-' && k + 1 < s.size() && s[k + 1] == '-'))) {
        s = s.substr(0, k);
        break;
      }
    }
    std::size_t i = 0;
    for (;;) {
      skip_space(s, i);
      if (i >= s.size()) return;
      std::size_t b = i;
      if (!ident_start(s[i])) {
        error(line, i, "expected a label, instruction or directive");
        return;
      }
      while (i < s.size() && ident_char(s[i])) ++i;
      std::string word(s.substr(b, i - b));
      skip_space(s, i);
      if (i < s.size() && s[i] == ':') {
        labels.emplace_back(word, stmts.size());
        ++i;
        continue;
      }
      if (i < s.size() && s[i] == '=') {  // name = expr
        ++i;
        if (auto e = parse_expr(s, i, line)) equs[word] = *e;
        return;
      }
      Stmt st;
      st.line = line;
      st.col = int(b);
      if (word[0] == '.') {
        if (!parse_directive(word, s, i, line, b, st, stmts.size())) return;
        if (word == ".equ") return;
      } else if (const Instruction* ins = find_instruction(word)) {
        switch (ins->kind) {
          case InstructionKind::Direct: {
            st.kind = StmtKind::Direct;
            st.function = ins->code;
            auto e = parse_expr(s, i, line);
            if (!e) return;
            st.exprs.push_back(*e);
            break;
          }
          case InstructionKind::Operation:
            st.kind = StmtKind::Operation;
            st.code = ins->code;
            break;
          case InstructionKind::FpEntry:
            st.kind = StmtKind::FpEntry;
            st.code = ins->code;
            break;
        }
      } else {
        error(line, b, "unknown instruction '" + word + "'");
        return;
      }
      skip_space(s, i);
      if (i < s.size()) {
        error(line, i, "unexpected text after the statement");
        return;
      }
      stmts.push_back(std::move(st));
      return;
    }
  }

  bool parse_directive(const std::string& word, std::string_view s, std::size_t& i, int line, std::size_t col,
                       Stmt& st, std::size_t) {
    if (word == ".word" || word == ".byte") {
      st.kind = word == ".word" ? StmtKind::Word : StmtKind::Byte;
      for (;;) {
        skip_space(s, i);
        if (st.kind == StmtKind::Byte && i < s.size() && s[i] == '"') {
          std::size_t e = s.find('"', i + 1);
          if (e == std::string_view::npos) {
            error(line, i, "unterminated string");
            return false;
          }
          for (std::size_t k = i + 1; k < e; ++k) {
            Expr x;
            Expr::Term t;
            char ch = s[k];
            if (ch == '\\' && k + 1 < e) {
              ++k;
              ch = s[k] == 'n' ? '\n' : s[k] == 'r' ? '\r' : s[k] == '0' ? '\0' : s[k];
            }
            t.value = static_cast<unsigned char>(ch);
            x.terms.push_back(t);
            st.exprs.push_back(x);
          }
          i = e + 1;
        } else {
          auto e = parse_expr(s, i, line);
          if (!e) return false;
          st.exprs.push_back(*e);
        }
        skip_space(s, i);
        if (i < s.size() && s[i] == ',') {
          ++i;
          continue;
        }
        return true;
      }
    }
    if (word == ".align" || word == ".space") {
      st.kind = word == ".align" ? StmtKind::Align : StmtKind::Space;
      auto e = parse_expr(s, i, line);
      if (!e) return false;
      st.exprs.push_back(*e);
      return true;
    }
    if (word == ".equ") {
      skip_space(s, i);
      std::size_t b = i;
      while (i < s.size() && ident_char(s[i])) ++i;
      std::string name(s.substr(b, i - b));
      skip_space(s, i);
      if (name.empty() || i >= s.size() || s[i] != ',') {
        error(line, i, "expected: .equ NAME, VALUE");
        return false;
      }
      ++i;
      auto e = parse_expr(s, i, line);
      if (!e) return false;
      equs[name] = *e;
      return true;
    }
    error(line, col, "unknown directive '" + word + "'");
    return false;
  }

  std::string_view src_;
  std::string_view file_;
  AsmResult& r_;
};

}  // namespace

AsmResult assemble(std::string_view source, Word origin, std::string_view filename) {
  AsmResult r;
  Parser p(source, filename, r);
  std::vector<Stmt> stmts = p.parse();
  if (!r.ok()) return r;

  // Evaluate an expression with the current layout; unknown names are errors (reported once).
  bool unresolved = false;
  std::string unresolved_name;
  const Stmt* unresolved_at = nullptr;
  std::function<Word(const Expr&, const Stmt&, int)> eval = [&](const Expr& e, const Stmt& st, int depth) -> Word {
    Word v = 0;
    for (const Expr::Term& t : e.terms) {
      Word x = t.value;
      if (t.label == ".") {
        x = st.address;
      } else if (!t.label.empty()) {
        if (auto it = r.labels.find(t.label); it != r.labels.end()) {
          x = it->second;
        } else if (auto q = p.equs.find(t.label); q != p.equs.end() && depth < 32) {
          x = eval(q->second, st, depth + 1);
        } else {
          if (!unresolved) unresolved_name = t.label, unresolved_at = &st;
          unresolved = true;
          x = 0;
        }
      }
      v = t.negative ? v - x : v + x;
    }
    return v;
  };

  auto instruction_bytes = [&](const Stmt& st) {
    std::vector<std::uint8_t> out;
    switch (st.kind) {
      case StmtKind::Direct: {
        Word v = eval(st.exprs[0], st, 0);
        if (direct_instruction(st.function).operand == OperandKind::Relative) {
          // Relative to the end of this instruction, as laid out in this pass; if the encoding
          // needs more bytes, the next pass places it again with the larger size.
          encode_into(out, st.function, v - (st.address + Word(st.size)));
        } else {
          encode_into(out, st.function, v);
        }
        break;
      }
      case StmtKind::Operation:
        encode_into(out, kOpr, st.code);
        break;
      case StmtKind::FpEntry:
        encode_into(out, kLdc, st.code);
        encode_into(out, kOpr, kFpentry);
        break;
      case StmtKind::Word:
        for (const Expr& e : st.exprs) {
          Word v = eval(e, st, 0);
          for (int k = 0; k < 4; ++k) out.push_back(std::uint8_t(v >> (8 * k)));
        }
        break;
      case StmtKind::Byte:
        for (const Expr& e : st.exprs) out.push_back(std::uint8_t(eval(e, st, 0)));
        break;
      case StmtKind::Align: {
        Word a = eval(st.exprs[0], st, 0);
        if (a == 0 || (a & (a - 1))) a = 1;
        out.resize((a - (st.address % a)) % a, 0);
        break;
      }
      case StmtKind::Space:
        out.resize(std::min<Word>(eval(st.exprs[0], st, 0), 1u << 24), 0);
        break;
    }
    // Sizes never shrink between passes: a shorter encoding is padded in front with pfix 0,
    // which leaves the operand unchanged.
    if (out.size() < st.size && (st.kind == StmtKind::Direct || st.kind == StmtKind::Operation)) {
      out.insert(out.begin(), st.size - out.size(), std::uint8_t(kPfix << 4));
    }
    return out;
  };

  for (const auto& [name, _] : p.labels) {
    if (r.labels.count(name)) {
      r.errors.push_back(std::string(filename) + ": label '" + name + "' defined twice");
      return r;
    }
    r.labels[name] = origin;
  }
  for (int pass = 0; pass < 64; ++pass) {
    // Place statements in order with the sizes they need now: labels behind a statement have
    // this pass's addresses, labels ahead of it the previous pass's.
    Word addr = origin;
    std::size_t li = 0;
    unresolved = false;
    bool changed = false;
    for (std::size_t k = 0; k <= stmts.size(); ++k) {
      while (li < p.labels.size() && p.labels[li].second == k) {
        Word& slot = r.labels[p.labels[li++].first];
        if (slot != addr) changed = true;
        slot = addr;
      }
      if (k == stmts.size()) break;
      Stmt& st = stmts[k];
      if (st.address != addr) changed = true;
      st.address = addr;
      // Pass 0 only places labels (instructions one byte each, an optimistic start); later
      // passes size each instruction, and an instruction never shrinks, so the layout settles.
      bool grows = st.kind == StmtKind::Direct || st.kind == StmtKind::Operation;
      std::size_t n = pass == 0 && grows ? st.size : instruction_bytes(st).size();
      if (grows ? n > st.size : n != st.size) {
        st.size = n;
        changed = true;
      }
      addr += Word(st.size);
    }
    if (unresolved && pass > 0) {
      r.errors.push_back(std::string(filename) + ":" + std::to_string(unresolved_at->line) + ":" +
                         std::to_string(unresolved_at->col + 1) + ": undefined name '" + unresolved_name + "'");
      return r;
    }
    if (!changed && pass > 0) {
      for (const Stmt& st : stmts) {
        std::vector<std::uint8_t> b = instruction_bytes(st);
        r.code.insert(r.code.end(), b.begin(), b.end());
      }
      return r;
    }
  }
  r.errors.push_back(std::string(filename) + ": layout does not settle");
  return r;
}

}  // namespace transit::emu
