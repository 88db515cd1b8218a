#include "transit/occam/lex/lexer.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace transit::occam {
namespace {

struct SymbolSpelling {
  std::string_view text;
  Tok tok;
};

constexpr SymbolSpelling kSymbols[] = {
#define KEYWORD(id, spelling)
#define SYMBOL(id, spelling) {spelling, Tok::id},
#include "transit/occam/lex/tokens.def"
#undef KEYWORD
#undef SYMBOL
};

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Columns a tab in indentation advances to: the next multiple of 8, as KRoC (occ21) reads source.
constexpr std::int32_t kTabStop = 8;

// The width of a line's indentation (its leading spaces and tabs), in bytes and in columns.
struct Indentation {
  std::size_t bytes = 0;
  std::int32_t columns = 0;
  bool tab = false;
};
Indentation indentation(std::string_view s) {
  Indentation in;
  for (; in.bytes < s.size() && (s[in.bytes] == ' ' || s[in.bytes] == '\t'); ++in.bytes) {
    if (s[in.bytes] == '\t') {
      in.tab = true;
      in.columns = (in.columns / kTabStop + 1) * kTabStop;
    } else {
      ++in.columns;
    }
  }
  return in;
}

class LineScanner {
 public:
  LineScanner(const SourceLine& line, Diagnostics& diags)
      : line_(line), s_(line.text), diags_(diags), indent_(indentation(line.text)) {}

  // Scans from byte `from`; with `continued`, the line starts inside that string token (the
  // previous line ended in `*` within a string). Sets open_string when this line does so.
  std::vector<Token> run(std::size_t from, Token* continued = nullptr) {
    std::vector<Token> out;
    i_ = from;
    if (continued) string_body(*continued);
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
        ++i_;
        continue;
      }
      if (c == '-' && i_ + 1 < s_.size() && s_[i_ + 1] == '-') break;  // comment
      std::size_t start = i_;
      Token t;
      t.pos = pos(start);
      t.layout_col = layout_col(start);
      if (is_name_start(c)) {
        while (i_ < s_.size() && is_name_char(s_[i_])) ++i_;
        t.text = s_.substr(start, i_ - start);
        t.kind = keyword_lookup(t.text);
      } else if (is_digit(c)) {
        number(t);
      } else if (c == '#' && i_ + 1 < s_.size() && hex_value(s_[i_ + 1]) >= 0) {
        hex(t);
      } else if (c == '\'') {
        byte_literal(t);
      } else if (c == '"') {
        string_literal(t);
      } else if (!symbol(t)) {
        ++i_;
        t.kind = Tok::Error;
        t.text = s_.substr(start, 1);
        unsigned char uc = static_cast<unsigned char>(c);
        if (std::isprint(uc))
          diags_.error(t.pos, std::string("unexpected character '") + c + "'");
        else
          diags_.error(t.pos, "unexpected byte " + std::to_string(int(uc)) + " in source",
                       "occam source is plain ASCII text");
      }
      out.push_back(std::move(t));
    }
    return out;
  }

 private:
  Pos pos(std::size_t i) const { return Pos{line_.file, line_.number, std::uint32_t(i + 1)}; }
  // Token::layout_col of byte i: tabs count only in the indentation (as in occ21).
  std::uint32_t layout_col(std::size_t i) const {
    std::int64_t c = i >= indent_.bytes ? indent_.columns + std::int64_t(i - indent_.bytes)
                                        : indentation(s_.substr(0, i)).columns;
    return std::uint32_t(std::max<std::int64_t>(0, c + line_.shift) + 1);
  }

  void number(Token& t) {
    std::size_t start = i_;
    while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    bool real = false;
    if (i_ + 1 < s_.size() && s_[i_] == '.' && is_digit(s_[i_ + 1])) {
      real = true;
      ++i_;
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
      if (i_ < s_.size() && (s_[i_] == 'E' || s_[i_] == 'e')) {
        std::size_t save = i_++;
        if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
        if (i_ < s_.size() && is_digit(s_[i_])) {
          while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
        } else {
          i_ = save;
          diags_.error(pos(save), "exponent has no digits", "write an exponent as E+3 or E-3");
          ++i_;
        }
      }
    }
    t.text = s_.substr(start, i_ - start);
    if (real) {
      t.kind = Tok::RealLit;
      return;
    }
    t.kind = Tok::IntLit;
    std::uint64_t v = 0;
    bool overflow = false;
    for (char d : t.text) {
      std::uint64_t next = v * 10 + std::uint64_t(d - '0');
      if (v > (~std::uint64_t(0)) / 10 || next < v * 10) overflow = true;
      v = next;
    }
    if (overflow || v > std::uint64_t(INT64_MAX)) {
      diags_.error(t.pos, "integer literal too large", "the largest integer type, INT64, holds up to 9223372036854775807");
      v = 0;
    }
    t.ivalue = std::int64_t(v);
  }

  void hex(Token& t) {
    std::size_t start = i_++;
    std::uint64_t v = 0;
    int digits = 0;
    while (i_ < s_.size() && hex_value(s_[i_]) >= 0) {
      v = (v << 4) | std::uint64_t(hex_value(s_[i_]));
      ++digits;
      ++i_;
    }
    if (digits > 16) diags_.error(t.pos, "hexadecimal literal has more than 16 digits");
    t.kind = Tok::IntLit;
    t.text = s_.substr(start, i_ - start);
    t.ivalue = std::int64_t(v);
  }

  // Reads one character of a byte or string literal at i_, decoding `*` escapes.
  // Returns -1 at the end of the line. `str` is the string token being read (null in a byte
  // literal): `*l` as its first character marks it as length-prefixed.
  int literal_char(char quote, Token* str = nullptr) {
    if (i_ >= s_.size()) return -1;
    char c = s_[i_];
    if (c != '*') {
      ++i_;
      return static_cast<unsigned char>(c);
    }
    Pos p = pos(i_);
    ++i_;
    if (i_ >= s_.size()) {
      if (quote == '"') return -2;  // a string continued on the next line
      diags_.error(p, "'*' at the end of the line inside a literal",
                   "occam's escape character is *; write ** for a star");
      return -1;
    }
    char e = s_[i_++];
    switch (e) {
      case 'n': case 'N': return '\n';
      case 'l': case 'L':
        // Inmos occ21 (and BCPL): a byte holding the length of the rest of the string. Not in
        // the occam 2.1 manual's table of escapes; only allowed as a string's first character.
        if (str && str->svalue.empty() && !str->length_prefix) {
          str->length_prefix = true;
          return 0;  // replaced by the length when the string closes
        }
        diags_.error(p, str ? "'*l' must be the first character of a string"
                            : "'*l' (a string's length byte) cannot be a byte literal",
                     "*l at the start of a string stands for a byte holding the length of the rest "
                     "of the string; write *n for a newline");
        return '?';
      case 'c': case 'C': return '\r';
      case 't': case 'T': return '\t';
      case 's': case 'S': return ' ';
      case '\'': return '\'';
      case '"': return '"';
      case '*': return '*';
      case '#': {
        int hi = i_ < s_.size() ? hex_value(s_[i_]) : -1;
        int lo = i_ + 1 < s_.size() ? hex_value(s_[i_ + 1]) : -1;
        if (hi < 0 || lo < 0) {
          diags_.error(p, "'*#' must be followed by two hexadecimal digits", "for example *#1B");
          return '?';
        }
        i_ += 2;
        return hi * 16 + lo;
      }
      default:
        diags_.error(p, std::string("unknown escape '*") + e + "'",
                     "escapes are *n *c *t *s *' *\" ** and *#hh (and *l to begin a string with its length)");
        return static_cast<unsigned char>(e);
    }
  }

  void byte_literal(Token& t) {
    std::size_t start = i_++;
    t.kind = Tok::ByteLit;
    int c = -1;
    if (i_ < s_.size() && s_[i_] == '\'') {
      diags_.error(t.pos, "empty byte literal", "a byte literal holds exactly one character, e.g. 'a'");
    } else {
      c = literal_char('\'', nullptr);
    }
    if (i_ < s_.size() && s_[i_] == '\'') {
      ++i_;
    } else if (c >= 0) {
      diags_.error(t.pos, "byte literal not closed", "a byte literal holds one character: 'a' or '*n'");
      while (i_ < s_.size() && s_[i_] != '\'') ++i_;
      if (i_ < s_.size()) ++i_;
    } else if (i_ < s_.size()) {
      ++i_;
    }
    t.ivalue = c < 0 ? 0 : c;
    t.text = s_.substr(start, i_ - start);
  }

  void string_literal(Token& t) {
    std::size_t start = i_++;
    t.kind = Tok::StringLit;
    string_body(t);
    t.text = s_.substr(start, i_ - start);
  }

  // The string that began with *l is complete: its first byte becomes the length of the rest.
  void close_length_prefix(Token& t) {
    if (!t.length_prefix || t.svalue.empty()) return;
    std::size_t n = t.svalue.size() - 1;
    if (n > kMaxLengthPrefixed) {
      diags_.error(t.pos, "string too long for its *l length byte: " + std::to_string(n) +
                              " bytes follow it, a byte holds at most " + std::to_string(kMaxLengthPrefixed),
                   "shorten the string, or drop the *l and keep the length elsewhere");
      n = 0;
    }
    t.svalue[0] = char(static_cast<unsigned char>(n));
  }

  void string_body(Token& t) {
    for (;;) {
      if (i_ >= s_.size()) {
        diags_.error(t.pos, "string not closed on this line",
                     "close it with \"; a string continued on the next line ends with * and the next line starts with *");
        break;
      }
      if (s_[i_] == '"') {
        ++i_;
        close_length_prefix(t);
        break;
      }
      int c = literal_char('"', &t);
      if (c == -2) {
        open_string = true;
        break;
      }
      if (c < 0) break;
      t.svalue.push_back(char(c));
    }
  }

 public:
  bool open_string = false;

 private:

  bool symbol(Token& t) {
    for (const SymbolSpelling& sym : kSymbols) {
      if (s_.compare(i_, sym.text.size(), sym.text) == 0) {
        t.kind = sym.tok;
        t.text = s_.substr(i_, sym.text.size());
        i_ += sym.text.size();
        return true;
      }
    }
    return false;
  }

  // The longest string *l can prefix: its length must fit the one byte.
  static constexpr std::size_t kMaxLengthPrefixed = 255;

  const SourceLine& line_;
  std::string_view s_;
  Diagnostics& diags_;
  Indentation indent_;
  std::size_t i_ = 0;
};

// When the tokens end in a channel end, `c?` or `a[i]!`: the index of its name; else 0 (no line
// starts with a channel end and has something before it).
std::size_t channel_end_at_end(const std::vector<Token>& out) {
  if (out.size() < 3 || (out.back().kind != Tok::Query && out.back().kind != Tok::Bang)) return 0;
  std::size_t i = out.size() - 2;
  while (i > 0 && out[i].kind == Tok::RBracket) {  // subscripts: skip back to their '['
    int depth = 0;
    for (;; --i) {
      if (out[i].kind == Tok::RBracket) ++depth;
      if (out[i].kind == Tok::LBracket && --depth == 0) break;
      if (i == 0) return 0;
    }
    if (i == 0) return 0;
    --i;
  }
  return out[i].kind == Tok::Name ? i : 0;
}

// Whether the logical line starting at token `line_start` ends in a channel end that is not an
// output or input waiting for its items on the next line: `SIZE c?` or `SIZE a[i]!` (KRoC: the
// size of a channel array named with its direction), or occam-pi's `CLAIM c!`, whose line ends
// there so that the parser can report the CLAIM and still read the block it guards (no occam 2.1
// line starts with two names and goes on to an output).
bool ends_in_named_channel_end(const std::vector<Token>& out, std::size_t line_start) {
  std::size_t i = channel_end_at_end(out);
  if (i == 0) return false;
  if (out[i - 1].kind == Tok::KwSize) return true;
  const Token& first = out[line_start];
  return i == line_start + 1 && first.kind == Tok::Name && first.text == "CLAIM";
}

// Indentation levels tracked at once: far deeper than any real program (the parser stops at
// kMaxParseDepth anyway); bounds the level stack on hostile input.
constexpr int kMaxIndentLevels = 1000;

}  // namespace

bool continues_line(Tok t) {
  switch (t) {
    case Tok::Comma: case Tok::Semicolon: case Tok::Assign: case Tok::KwIs: case Tok::KwFrom:
    case Tok::KwFor: case Tok::Query: case Tok::Bang: case Tok::Amp: case Tok::ColonColon:
    case Tok::KwRetypes: case Tok::KwReshapes: case Tok::KwAfter: case Tok::KwAnd: case Tok::KwOr:
    case Tok::KwBitand: case Tok::KwBitor: case Tok::KwPlus: case Tok::KwMinus: case Tok::KwTimes:
    case Tok::KwRem: case Tok::KwStep:
    case Tok::Le: case Tok::Ge: case Tok::Ne: case Tok::Shl: case Tok::Shr: case Tok::Xor:
    case Tok::Lt: case Tok::Gt: case Tok::BitAndSym: case Tok::BitOrSym: case Tok::Slash:
    case Tok::Backslash: case Tok::PlusSym: case Tok::MinusSym: case Tok::Star: case Tok::Eq:
      return true;
    default:
      return false;
  }
}

std::vector<SourceLine> lines_of(const SourceSet& sources, std::uint32_t file) {
  std::vector<SourceLine> out;
  const SourceFile* f = sources.file(file);
  if (!f) return out;
  for (std::uint32_t n = 1; n <= f->line_count(); ++n) out.push_back({file, n, f->line(n), 0});
  return out;
}

std::vector<Token> scan_line(const SourceLine& line, std::size_t from, Diagnostics& diags,
                             Token* continued, bool* open_string) {
  LineScanner scanner(line, diags);
  std::vector<Token> out = scanner.run(from, continued);
  if (open_string) *open_string = scanner.open_string;
  return out;
}

std::vector<Token> lex(const std::vector<SourceLine>& lines, Diagnostics& diags) {
  std::vector<Token> out;
  std::vector<std::int32_t> levels{0};
  bool in_line = false;       // a logical line is open
  bool continuing = false;    // the open logical line continues on the next physical line
  std::int32_t line_indent = 0;
  int depth = 0;              // bracket nesting of the open logical line
  std::size_t line_start = 0; // index in `out` of the open logical line's first token
  Pos last_pos{};
  bool open_string = false;   // the last line ended inside a string with `*`

  for (const SourceLine& line : lines) {
    std::string_view s = line.text;
    // A tab in the indentation advances to the next multiple of 8 columns (KRoC's reading).
    const Indentation in = indentation(s);
    std::size_t i = in.bytes;
    std::int32_t indent = in.columns;
    const char* unit = in.tab ? " columns" : " spaces";
    const char* tab_note = in.tab ? " (a tab in indentation advances to the next multiple of 8 columns)" : "";
    if (open_string) {
      open_string = false;
      if (i < s.size() && s[i] == '*' && !out.empty() && out.back().kind == Tok::StringLit) {
        bool open = false;
        std::vector<Token> rest = scan_line(line, i + 1, diags, &out.back(), &open);
        open_string = open;
        for (Token& t : rest) {
          if (t.kind == Tok::LParen || t.kind == Tok::LBracket) ++depth;
          if ((t.kind == Tok::RParen || t.kind == Tok::RBracket) && depth > 0) --depth;
          last_pos = t.pos;
          last_pos.col += std::uint32_t(t.text.size());
          out.push_back(std::move(t));
        }
        continuing = open_string || continues_line(out.back().kind);
        continue;
      }
      diags.error(Pos{line.file, line.number, std::uint32_t(i + 1)},
                  "expected '*' to resume the string continued from the line above",
                  "a string broken across lines ends with * and resumes after the indentation with *");
    }
    bool open = false;
    std::vector<Token> toks = scan_line(line, i, diags, nullptr, &open);
    if (toks.empty()) continue;  // blank or comment-only lines do not affect layout
    indent += line.shift;
    Pos first = toks.front().pos;

    // Inside open brackets a line indented further continues the line; so does one that closes a
    // bracket at the line's own indentation (`(INT a :` ... `) & c ? x`, a VALOF guard, as occ21 reads it).
    bool continuation = in_line && (continuing || (depth > 0 && (indent > line_indent ||
                                                                 (indent == line_indent && toks.front().kind == Tok::RParen))));
    if (continuation) {
      if (indent < line_indent)
        diags.error(first, "continuation line is indented less than the line it continues",
                    "indent a continued line at least as far as its first line");
    } else {
      if (in_line) {
        out.push_back(Token{Tok::Newline, last_pos, {}, 0, {}});
      }
      depth = 0;
      line_indent = indent;
      if (indent % 2 != 0) {
        diags.error(first, "indentation of " + std::to_string(indent) + unit + " is odd" + tab_note,
                    "occam nests processes by exactly two spaces");
        indent -= 1;
        line_indent = indent;
      }
      if (indent > levels.back()) {
        if (indent != levels.back() + 2)
          diags.error(first, "line is indented " + std::to_string(indent - levels.back()) + unit +
                                 " more than the line before" + tab_note,
                      "occam nests processes by exactly two spaces");
        if (levels.size() < std::size_t(kMaxIndentLevels)) {
          levels.push_back(indent);
          out.push_back(Token{Tok::Indent, first, {}, 0, {}});
        }
      } else {
        while (indent < levels.back()) {
          levels.pop_back();
          out.push_back(Token{Tok::Outdent, first, {}, 0, {}});
        }
        if (indent != levels.back()) {
          diags.error(first, std::string("indentation does not match any enclosing level") + tab_note,
                      "line this up with the process it belongs to");
          levels.push_back(indent);
          out.push_back(Token{Tok::Indent, first, {}, 0, {}});
        }
      }
      in_line = true;
      line_start = out.size();
    }
    for (Token& t : toks) {
      if (t.kind == Tok::LParen || t.kind == Tok::LBracket) ++depth;
      if ((t.kind == Tok::RParen || t.kind == Tok::RBracket) && depth > 0) --depth;
      last_pos = t.pos;
      last_pos.col += std::uint32_t(t.text.size());
      out.push_back(std::move(t));
    }
    open_string = open;
    continuing = open || (continues_line(out.back().kind) && !ends_in_named_channel_end(out, line_start));
  }
  if (open_string)
    diags.error(last_pos, "string continued with '*' at the end of the file");
  if (in_line) out.push_back(Token{Tok::Newline, last_pos, {}, 0, {}});
  while (levels.size() > 1) {
    levels.pop_back();
    out.push_back(Token{Tok::Outdent, last_pos, {}, 0, {}});
  }
  out.push_back(Token{Tok::Eof, last_pos, {}, 0, {}});
  return out;
}

}  // namespace transit::occam
