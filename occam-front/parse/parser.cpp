#include "parser.h"

#include "transit/occam/lex/lexer.h"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <string>

namespace transit::occam {
namespace {

using namespace ast;

// Thrown only inside the parser to abandon a line; caught at the line's construct.
struct LineError {};

// occam-pi forms Transit does not support that no single word names (the words are in
// tokens.def, OCCAM_PI); each completes "occam-pi's ... not supported by Transit".
constexpr std::string_view kPiChanTypes = "channel types (CHAN TYPE) are";
constexpr std::string_view kPiProcTypes = "mobile processes (PROC TYPE, MOBILE PROC) are";
constexpr std::string_view kPiConstructors = "array constructors ([i = 0 FOR n | e]) are";
constexpr std::string_view kPiExtendedInput = "extended rendezvous (c ?? x) is";

bool is_primitive_type(Tok t) {
  switch (t) {
    case Tok::KwBool: case Tok::KwByte: case Tok::KwInt: case Tok::KwInt16: case Tok::KwInt32:
    case Tok::KwInt64: case Tok::KwReal32: case Tok::KwReal64:
      return true;
    default:
      return false;
  }
}

TypeKind primitive_kind(Tok t) {
  switch (t) {
    case Tok::KwBool: return TypeKind::Bool;
    case Tok::KwByte: return TypeKind::Byte;
    case Tok::KwInt: return TypeKind::Int;
    case Tok::KwInt16: return TypeKind::Int16;
    case Tok::KwInt32: return TypeKind::Int32;
    case Tok::KwInt64: return TypeKind::Int64;
    case Tok::KwReal32: return TypeKind::Real32;
    case Tok::KwReal64: return TypeKind::Real64;
    default: return TypeKind::Error;
  }
}

Op dyadic_op(Tok t) {
  switch (t) {
    case Tok::PlusSym: return Op::Add;
    case Tok::MinusSym: return Op::Sub;
    case Tok::Star: return Op::Mul;
    case Tok::Slash: return Op::Div;
    case Tok::Backslash: case Tok::KwRem: return Op::Rem;
    case Tok::KwPlus: return Op::Plus;
    case Tok::KwMinus: return Op::Minus;
    case Tok::KwTimes: return Op::Times;
    case Tok::KwBitand: case Tok::BitAndSym: return Op::BitAnd;
    case Tok::KwBitor: case Tok::BitOrSym: return Op::BitOr;
    case Tok::Xor: return Op::BitXor;
    case Tok::Shl: return Op::Shl;
    case Tok::Shr: return Op::Shr;
    case Tok::KwAnd: return Op::And;
    case Tok::KwOr: return Op::Or;
    case Tok::Eq: return Op::Eq;
    case Tok::Ne: return Op::Ne;
    case Tok::Lt: return Op::Lt;
    case Tok::Gt: return Op::Gt;
    case Tok::Le: return Op::Le;
    case Tok::Ge: return Op::Ge;
    case Tok::KwAfter: return Op::After;
    default: return Op::None;
  }
}

// Operators that may repeat without parentheses (a AND b AND c, a + b + c): the result does
// not depend on grouping. Any other sequence of dyadic operators needs parentheses.
bool chains(Op op) {
  switch (op) {
    case Op::And: case Op::Or: case Op::Add: case Op::Mul: case Op::Plus: case Op::Times:
    case Op::BitAnd: case Op::BitOr: case Op::BitXor:
      return true;
    default:
      return false;
  }
}

class Parser {
 public:
  // The parser keeps its own copy of the tokens: a value process in parentheses gets its layout
  // tokens back in place (relayout_value_process).
  Parser(const std::vector<Token>& toks, Program& program, Diagnostics& diags)
      : t_(toks), program_(program), diags_(diags) {}

  Unit unit(std::uint32_t file) {
    Unit u;
    u.file = file;
    while (!at(Tok::Eof)) {
      if (accept(Tok::Newline)) continue;
      if (at(Tok::Indent)) {
        error_here("unexpected indentation at the top level",
                   "top-level declarations start in the first column");
        skip_block();
        continue;
      }
      if (at(Tok::Outdent)) {
        ++p_;
        continue;
      }
      if (!at_spec()) {
        error_here("expected a declaration (PROC, FUNCTION, VAL, PROTOCOL, DATA TYPE, ...) at the top level, found " +
                       describe(cur()),
                   "a program is a list of declarations; the last PROC is the main program");
        recover_line();
        continue;
      }
      if (Spec* s = spec()) u.specs.push_back(s);
    }
    return u;
  }

 private:
  // ------------------------------------------------------------ token helpers
  const Token& cur() const { return t_[p_]; }
  const Token& peek(std::size_t n = 1) const {
    std::size_t i = p_ + n;
    return i < t_.size() ? t_[i] : t_.back();
  }
  bool at(Tok k) const { return cur().kind == k; }
  bool accept(Tok k) {
    if (!at(k)) return false;
    if (p_ + 1 < t_.size()) ++p_;
    return true;
  }
  const Token& advance() {
    const Token& t = cur();
    if (p_ + 1 < t_.size()) ++p_;
    return t;
  }
  static std::string describe(const Token& t) {
    switch (t.kind) {
      case Tok::Name: return "name '" + std::string(t.text) + "'";
      case Tok::IntLit: case Tok::RealLit: case Tok::ByteLit: case Tok::StringLit:
        return std::string(token_name(t.kind)) + " " + std::string(t.text);
      case Tok::Newline: case Tok::Eof: case Tok::Indent: case Tok::Outdent:
        return std::string(token_name(t.kind));
      default:
        return "'" + std::string(token_name(t.kind)) + "'";
    }
  }
  void error_here(const std::string& msg, const std::string& hint = {}) {
    diags_.error(cur().pos, msg, hint);
  }
  [[noreturn]] void fail(const std::string& msg, const std::string& hint = {}) {
    error_here(msg, hint);
    throw LineError{};
  }
  const Token& expect(Tok k, const char* what_for) {
    if (!at(k))
      fail(std::string("expected '") + std::string(token_name(k)) + "' " + what_for + ", found " +
           describe(cur()));
    return advance();
  }
  std::string expect_name(const char* what) {
    if (!at(Tok::Name)) {
      if (is_keyword(cur().kind))
        fail(std::string("expected ") + what + ", found keyword " + describe(cur()),
             "keywords are reserved; choose another name (names may contain dots, e.g. my.value)");
      fail(std::string("expected ") + what + ", found " + describe(cur()));
    }
    return std::string(advance().text);
  }
  void expect_newline(const char* after) {
    if (!at(Tok::Newline))
      fail("expected end of line after " + std::string(after) + ", found " + describe(cur()));
    advance();
  }
  // Skips to the end of the current logical line, and any block nested under it.
  void recover_line() {
    while (!at(Tok::Newline) && !at(Tok::Eof) && !at(Tok::Indent) && !at(Tok::Outdent)) advance();
    accept(Tok::Newline);
    if (at(Tok::Indent)) skip_block();
  }
  void skip_block() {
    int depth = 0;
    do {
      if (at(Tok::Indent)) ++depth;
      if (at(Tok::Outdent)) --depth;
      if (at(Tok::Eof)) return;
      advance();
    } while (depth > 0);
  }

  struct DepthGuard {
    Parser& p;
    explicit DepthGuard(Parser& parser) : p(parser) {
      if (++p.depth_ > kMaxParseDepth) {
        --p.depth_;
        p.fail("nesting deeper than " + std::to_string(kMaxParseDepth) + " levels",
               "split the construct into PROCs or FUNCTIONs");
      }
    }
    ~DepthGuard() { --p.depth_; }
  };

  template <class T>
  T* make(Pos pos) {
    T* n = program_.arena.make<T>();
    n->pos = pos;
    return n;
  }
  Expr* make_expr(ExprKind k, Pos pos) {
    Expr* e = make<Expr>(pos);
    e->kind = k;
    return e;
  }
  Process* make_proc(ProcessKind k, Pos pos) {
    Process* p = make<Process>(pos);
    p->kind = k;
    return p;
  }
  Decl* make_decl(DeclKind k, Pos pos, std::string name) {
    Decl* d = make<Decl>(pos);
    d->kind = k;
    d->name = std::move(name);
    return d;
  }

  // ------------------------------------------------------------ occam-pi
  // occam-pi's words are names to the lexer (tokens.def OCCAM_PI), so a program may still use them
  // as names, as occam 2.1 allows. The parser finds them where they begin an occam-pi form, which
  // no occam 2.1 line could be, reports the form once at that spot, and carries on.
  bool word_at(std::size_t n, std::string_view w) const {
    const Token& t = peek(n);
    return t.kind == Tok::Name && t.text == w;
  }
  void unsupported(Pos pos, std::string_view feature) {
    diags_.error(pos, occam_pi_message(feature), occam_pi_hint());
  }
  void unsupported_word() { unsupported(cur().pos, occam_pi_word(cur().text)->feature); }
  [[noreturn]] void fail_unsupported(Pos pos, std::string_view feature) {
    unsupported(pos, feature);
    throw LineError{};
  }
  // Whether the logical line from the cursor holds a token of kind k.
  bool line_has(Tok k) const {
    for (std::size_t i = p_; i < t_.size(); ++i) {
      Tok t = t_[i].kind;
      if (t == k) return true;
      if (t == Tok::Newline || t == Tok::Eof || t == Tok::Indent || t == Tok::Outdent) return false;
    }
    return false;
  }
  static bool type_start(Tok t) {
    return is_primitive_type(t) || t == Tok::KwChan || t == Tok::KwPort || t == Tok::KwTimer ||
           t == Tok::KwRecord || t == Tok::Name;
  }
  // Whether the tokens from cur()+n read as a type that MOBILE qualifies: a primitive type,
  // CHAN, RECORD, ..., `[n]` groups followed by a type (not `MOBILE[i] := x`, a subscript of a
  // variable named MOBILE), or a named type followed by the declared name (`MOBILE BARRIER b`).
  bool mobile_type_follows(std::size_t n) const {
    std::size_t i = p_ + n;
    if (i >= t_.size()) return false;
    if (t_[i].kind == Tok::Name) return i + 1 < t_.size() && t_[i + 1].kind == Tok::Name;
    if (t_[i].kind != Tok::LBracket) return type_start(t_[i].kind);
    while (i < t_.size() && t_[i].kind == Tok::LBracket) {
      int depth = 0;
      for (; i < t_.size(); ++i) {
        Tok t = t_[i].kind;
        if (t == Tok::Newline || t == Tok::Eof || t == Tok::Indent || t == Tok::Outdent) return false;
        if (t == Tok::LBracket || t == Tok::LParen) ++depth;
        if ((t == Tok::RBracket || t == Tok::RParen) && --depth == 0) break;
      }
      ++i;
    }
    return i < t_.size() && type_start(t_[i].kind);
  }
  // An occam-pi process at the cursor: `SYNC b`, `CLAIM c!`, `FORK p (x)`, `RESIGN b` (the word, a
  // name, and no ':' on the line, where occam 2.1 could only have a declaration `T x:`), or
  // `FORKING` over an indented block.
  bool occam_pi_process_ahead() const {
    if (!at(Tok::Name)) return false;
    std::string_view w = cur().text;
    if (w == "FORKING") return peek().kind == Tok::Newline && peek(2).kind == Tok::Indent;
    if (w == "SYNC" || w == "CLAIM" || w == "FORK" || w == "RESIGN")
      return peek().kind == Tok::Name && !line_has(Tok::Colon) && !line_has(Tok::Assign);
    return false;
  }
  // An occam-pi specification at the cursor: CHAN TYPE, PROC TYPE, MOBILE declarations and
  // PROCs, SHARED channels, REC PROC, REC type FUNCTION.
  bool occam_pi_spec_ahead() const {
    switch (cur().kind) {
      case Tok::KwChan: case Tok::KwProc: return peek().kind == Tok::KwType;
      case Tok::Name: break;
      default: return false;
    }
    std::string_view w = cur().text;
    Tok n = peek().kind;
    if (chan_type_end_ahead()) return true;
    if (w == "MOBILE") return n == Tok::KwProc || mobile_type_follows(1);
    if (w == "SHARED")
      return n == Tok::KwChan ||
             (n == Tok::Name && (peek(2).kind == Tok::Name || peek(2).kind == Tok::Query || peek(2).kind == Tok::Bang));
    if (w == "REC") {
      // REC PROC, REC INT FUNCTION; but `REC FUNCTION f`, `REC, INT FUNCTION f`, `REC INLINE
      // FUNCTION f` are FUNCTIONs returning a type named REC.
      if (n == Tok::KwProc) return true;
      if (!(is_primitive_type(n) || n == Tok::LBracket || n == Tok::Name)) return false;
      for (std::size_t i = p_ + 1; i < t_.size(); ++i) {
        Tok t = t_[i].kind;
        if (t == Tok::Newline || t == Tok::Eof || t == Tok::KwIs || t == Tok::LParen || t == Tok::Colon) return false;
        if (t == Tok::KwFunction) return true;
      }
    }
    return false;
  }
  // `LINK! x:` or `LINK? a, b:`: variables of an occam-pi channel type's end (no occam 2.1 line has
  // a name, a direction and a name then ':' or ',').
  bool chan_type_end_ahead() const {
    return at(Tok::Name) && (peek().kind == Tok::Query || peek().kind == Tok::Bang) && peek(2).kind == Tok::Name &&
           (peek(3).kind == Tok::Colon || peek(3).kind == Tok::Comma);
  }
  // Reports an occam-pi specification at the cursor. Returns the Spec when the form was read as
  // its occam 2.1 core (REC PROC as a PROC), null to go on with the rest of the line (the
  // MOBILE or SHARED qualifier skipped); throws LineError to skip the line and its block.
  Spec* occam_pi_spec(Pos pos, bool& handled) {
    handled = false;
    if (at(Tok::KwChan) || chan_type_end_ahead()) fail_unsupported(pos, kPiChanTypes);
    if (at(Tok::KwProc)) fail_unsupported(pos, kPiProcTypes);
    std::string_view w = cur().text;  // MOBILE, SHARED or REC (occam_pi_spec_ahead)
    if (w == "MOBILE" && peek().kind == Tok::KwProc) fail_unsupported(pos, kPiProcTypes);
    if (w == "SHARED" && peek().kind != Tok::KwChan) fail_unsupported(pos, occam_pi_word(w)->feature);
    unsupported_word();
    advance();
    if (w != "REC") return nullptr;  // MOBILE type ..., SHARED CHAN ...: the declaration follows
    handled = true;
    Spec* s = at(Tok::KwProc) ? proc(pos) : function_after_types(pos, result_types());
    s->is_recursive = true;
    return s;
  }
  // An occam-pi process (occam_pi_process_ahead), reported; what it guards (the block under
  // CLAIM, FORKING, RESIGN or an extended SYNC) is still parsed for its own errors. The result is
  // an Error process named by the word.
  Process* occam_pi_process() {
    Pos pos = cur().pos;
    std::string word(cur().text);
    unsupported_word();
    while (!at(Tok::Newline) && !at(Tok::Eof) && !at(Tok::Indent) && !at(Tok::Outdent)) advance();
    Process* p = make_proc(ProcessKind::Error, pos);
    p->name = word;
    if (accept(Tok::Newline) && at(Tok::Indent)) p->body.push_back(nested_process(word.c_str()));
    return p;
  }
  // The operator an occam-pi FUNCTION at the cursor names, as written ("+"), for its message; a
  // long or odd string is no operator, and stands as "+".
  std::string operator_spelling() const {
    std::string_view t = cur().text;
    bool plain = t.size() <= 6 && std::all_of(t.begin(), t.end(), [](char c) { return c > ' ' && c < 127; });
    return plain ? std::string(t) : "\"+\"";
  }
  // `[i = 0 FOR n | e]` at the cursor (on '['): a replicator inside brackets. occam 2.1 has no
  // such table (a table's items are separated by commas; a slice's base cannot be `i = 0`).
  bool constructor_ahead() const {
    if (peek().kind != Tok::Name || peek(2).kind != Tok::Eq) return false;
    int depth = 0;
    for (std::size_t i = p_; i < t_.size(); ++i) {
      Tok t = t_[i].kind;
      if (t == Tok::Newline || t == Tok::Eof || t == Tok::Indent || t == Tok::Outdent) return false;
      if (t == Tok::LBracket || t == Tok::LParen) ++depth;
      if ((t == Tok::RBracket || t == Tok::RParen) && --depth == 0) return false;
      if (depth == 1 && t == Tok::Comma) return false;
      if (depth == 1 && t == Tok::KwFor) return true;
    }
    return false;
  }
  // Skips a bracketed group from its opening '[' or '(' to its closing one (or the line's end).
  void skip_group() {
    int depth = 0;
    do {
      if (at(Tok::Newline) || at(Tok::Eof) || at(Tok::Indent) || at(Tok::Outdent)) return;
      if (at(Tok::LBracket) || at(Tok::LParen)) ++depth;
      if (at(Tok::RBracket) || at(Tok::RParen)) --depth;
      advance();
    } while (depth > 0);
  }

  // ------------------------------------------------------------ blocks
  // Parses an indented block holding exactly one process (WHILE, guarded bodies, PROC bodies).
  Process* nested_process(const char* owner) {
    Pos p = cur().pos;
    if (!at(Tok::Indent)) {
      diags_.error(p, std::string("expected an indented process under ") + owner,
                   "the body of a construct goes on the next line, indented two more spaces");
      return make_proc(ProcessKind::Error, p);
    }
    advance();
    Process* body = process();
    while (!at(Tok::Outdent) && !at(Tok::Eof)) {
      if (accept(Tok::Newline)) continue;
      error_here(std::string("only one process may follow ") + owner,
                 "wrap several processes in SEQ or PAR");
      // Parse the rest for its own errors, then drop it.
      (void)process();
    }
    accept(Tok::Outdent);
    return body;
  }

  // Iterates over the items of an indented block, calling item() for each; recovers per item.
  template <class F>
  void block(const char* owner, F&& item, bool allow_empty = false) {
    if (!at(Tok::Indent)) {
      if (!allow_empty)
        diags_.error(cur().pos, std::string("expected an indented block under ") + owner,
                     "the components go on the following lines, indented two more spaces");
      else if (!at(Tok::Outdent) && !at(Tok::Eof) && std::string_view(owner).find('\'') == std::string_view::npos)
        diags_.warning(t_[p_ > 0 ? p_ - 1 : 0].pos, std::string(owner) + " has no components",
                       "if the next line belongs to it, indent it two more spaces");
      return;
    }
    advance();
    while (!at(Tok::Outdent) && !at(Tok::Eof)) {
      if (accept(Tok::Newline)) continue;
      if (at(Tok::Indent)) {
        error_here("unexpected extra indentation");
        skip_block();
        continue;
      }
      item();
    }
    accept(Tok::Outdent);
  }

  // ------------------------------------------------------------ specifications
  // Whether the current line begins a specification rather than a process.
  bool at_spec() const {
    if (occam_pi_process_ahead()) return false;
    if (occam_pi_spec_ahead()) return true;
    Tok k = cur().kind;
    if (is_primitive_type(k)) return true;
    switch (k) {
      case Tok::KwVal: case Tok::KwProc: case Tok::KwInline: case Tok::KwRecursive:
      case Tok::KwData: case Tok::KwProtocol: case Tok::KwPlace: case Tok::KwInitial:
      case Tok::KwChan: case Tok::KwTimer: case Tok::KwPort:
        return true;
      case Tok::LBracket: {
        // [n]TYPE x: is a declaration; [a FROM i FOR n] := ... is a process.
        int depth = 0;
        for (std::size_t i = p_; i < t_.size(); ++i) {
          Tok t = t_[i].kind;
          if (t == Tok::Newline || t == Tok::Eof) return false;
          if (t == Tok::LBracket || t == Tok::LParen) ++depth;
          if (t == Tok::RBracket || t == Tok::RParen) --depth;
          if (depth == 1 && (t == Tok::KwFrom || t == Tok::KwFor)) return false;
          if (depth == 0) {
            Tok n = t_[i + 1 < t_.size() ? i + 1 : i].kind;
            return is_primitive_type(n) || n == Tok::LBracket || n == Tok::KwChan ||
                   n == Tok::KwTimer || n == Tok::KwPort || n == Tok::Name;
          }
        }
        return false;
      }
      case Tok::Name: {
        Tok n = peek().kind;
        if (n == Tok::Name || n == Tok::KwIs || n == Tok::KwRetypes || n == Tok::KwReshapes ||
            n == Tok::KwFunction || (n == Tok::KwInline && peek(2).kind == Tok::KwFunction))
          return true;
        if (n == Tok::Comma) {  // T1, T2 FUNCTION f  (but not a, b := ...)
          for (std::size_t i = p_; i < t_.size(); ++i) {
            Tok t = t_[i].kind;
            if (t == Tok::Newline || t == Tok::Eof || t == Tok::Assign) return false;
            if (t == Tok::KwFunction) return true;
          }
        }
        return false;
      }
      default:
        return false;
    }
  }

  // A specification; null when it was malformed (diagnosed and skipped).
  Spec* spec() {
    std::size_t start = p_;
    try {
      DepthGuard g(*this);
      return spec_inner();
    } catch (LineError&) {
      if (p_ == start) advance();
      recover_line();
      // A PROC, FUNCTION, RECORD or PROTOCOL whose heading failed: its body went with it (as the
      // block under it, or joined to the heading when a bracket was left open), and so does the
      // ':' that closes it, else one more error. A line that is only ':' begins nothing else.
      if (at(Tok::Colon) && (peek().kind == Tok::Newline || peek().kind == Tok::Eof)) {
        advance();
        accept(Tok::Newline);
      }
      return nullptr;
    }
  }

  Spec* spec_inner() {
    Pos pos = cur().pos;
    if (occam_pi_spec_ahead()) {
      bool handled = false;
      Spec* s = occam_pi_spec(pos, handled);
      if (handled) return s;
    }
    switch (cur().kind) {
      case Tok::KwVal: {
        advance();
        if (at(Tok::Name) && (peek().kind == Tok::KwIs)) return abbreviation(pos, nullptr, true, false);
        Type* t = type();
        return after_type(pos, t, true, false);
      }
      case Tok::KwInitial: {
        advance();
        Type* t = type();
        Spec* s = after_type(pos, t, false, true);
        if (s->kind != SpecKind::Abbrev) diags_.error(pos, "INITIAL needs 'type name IS expression:'");
        return s;
      }
      case Tok::KwInline: case Tok::KwRecursive: case Tok::KwProc:
        if (cur().kind != Tok::KwProc) {
          // INLINE PROC, INLINE FUNCTION; RECURSIVE PROC (occam-pi: reported, then read as a PROC)
          bool inline_ = at(Tok::KwInline);
          if (!inline_) unsupported(pos, occam_pi_word("REC")->feature);
          advance();
          if (at(Tok::KwProc)) {
            Spec* s = proc(pos);
            s->is_inline = inline_;
            s->is_recursive = !inline_;
            return s;
          }
          Spec* s = function_after_types(pos, result_types(), inline_);
          s->is_recursive = !inline_;
          return s;
        }
        return proc(pos);
      case Tok::KwData: return data_type(pos);
      case Tok::KwProtocol: return protocol_def(pos);
      case Tok::KwPlace: return place(pos);
      case Tok::Name:
        if (peek().kind == Tok::KwIs || peek().kind == Tok::KwRetypes ||
            peek().kind == Tok::KwReshapes)
          return abbreviation(pos, nullptr, false, false);
        [[fallthrough]];
      default: {
        if (looks_like_function()) return function_after_types(pos, result_types());
        Type* t = type();
        return after_type(pos, t, false, false);
      }
    }
  }

  bool looks_like_function() const {
    for (std::size_t i = p_; i < t_.size(); ++i) {
      Tok t = t_[i].kind;
      if (t == Tok::Newline || t == Tok::Eof || t == Tok::KwIs || t == Tok::LParen || t == Tok::Colon)
        return false;
      if (t == Tok::KwFunction) return true;
    }
    return false;
  }

  std::vector<Type*> result_types() {
    std::vector<Type*> out;
    out.push_back(type());
    while (accept(Tok::Comma)) out.push_back(type());
    return out;
  }

  // After `[VAL] type`: a declaration list, a typed abbreviation, RETYPES or RESHAPES.
  Spec* after_type(Pos pos, Type* t, bool is_val, bool is_initial) {
    if (at(Tok::KwFunction) || (at(Tok::KwInline) && peek().kind == Tok::KwFunction))
      return function_after_types(pos, {t});
    if (at(Tok::Name) && (peek().kind == Tok::KwIs || peek().kind == Tok::KwRetypes ||
                          peek().kind == Tok::KwReshapes ||
                          ((peek().kind == Tok::Query || peek().kind == Tok::Bang) &&
                           peek(2).kind == Tok::KwIs)))
      return abbreviation(pos, t, is_val, is_initial);
    if (is_val) fail("a VAL needs 'IS value' or 'RETYPES value'", "for example: VAL INT max IS 10:");
    // Declaration: type name, name, ... :
    Spec* s = make<Spec>(pos);
    s->kind = SpecKind::Decl;
    DeclKind dk = DeclKind::Variable;
    Type* base = t;
    while (base && base->kind == TypeKind::Array) base = base->elem;
    if (base && base->kind == TypeKind::Chan) dk = DeclKind::Channel;
    if (base && base->kind == TypeKind::Timer) dk = DeclKind::Timer;
    if (base && base->kind == TypeKind::Port) dk = DeclKind::Port;
    do {
      Pos np = cur().pos;
      std::string name = expect_name("a name to declare");
      Decl* d = make_decl(dk, np, name);
      d->type = t;
      d->spec = s;
      if (at(Tok::Query) || at(Tok::Bang)) d->type = with_direction(t, advance().kind);
      s->decls.push_back(d);
    } while (accept(Tok::Comma));
    if (!at(Tok::Colon)) {
      if (at(Tok::Newline))
        fail("declaration must end with ':'", "write e.g. 'INT x:'");
      fail("expected ':' to end the declaration, found " + describe(cur()));
    }
    advance();
    expect_newline("':'");
    return s;
  }

  // [VAL|INITIAL] [type] name IS|RETYPES|RESHAPES expr :
  Spec* abbreviation(Pos pos, Type* t, bool is_val, bool is_initial) {
    Spec* s = make<Spec>(pos);
    Pos np = cur().pos;
    std::string name = expect_name("a name");
    Decl* d = make_decl(is_val ? DeclKind::ValAbbrev : DeclKind::Abbrev, np, name);
    if (t && (at(Tok::Query) || at(Tok::Bang))) t = with_direction(t, advance().kind);
    d->type = t;
    d->is_val = is_val;
    d->is_initial = is_initial;
    d->spec = s;
    s->decls.push_back(d);
    if (accept(Tok::KwIs)) {
      s->kind = SpecKind::Abbrev;
      if (is_initial) d->kind = DeclKind::Variable;
    } else if (accept(Tok::KwRetypes)) {
      s->kind = SpecKind::Retypes;
      d->kind = DeclKind::Retypes;
    } else if (accept(Tok::KwReshapes)) {
      s->kind = SpecKind::Reshapes;
      d->kind = DeclKind::Reshapes;
    } else {
      fail("expected IS, RETYPES or RESHAPES, found " + describe(cur()));
    }
    if ((s->kind != SpecKind::Abbrev || is_initial) && !t)
      diags_.error(pos, "RETYPES, RESHAPES and INITIAL need a type before the name");
    d->init = expression();
    if (at(Tok::Query) || at(Tok::Bang)) d->init = direction_expr(d->init);
    expect(Tok::Colon, "to end the abbreviation");
    expect_newline("':'");
    return s;
  }

  Expr* direction_expr(Expr* inner) {
    Expr* e = make_expr(ExprKind::Direction, cur().pos);
    e->direction = at(Tok::Query) ? Direction::In : Direction::Out;
    advance();
    e->lhs = inner;
    return e;
  }

  // A copy of a channel type (or array of channels) with a direction.
  Type* with_direction(Type* t, Tok k) {
    Direction d = k == Tok::Query ? Direction::In : Direction::Out;
    if (!t) return t;
    Type* c = make<Type>(t->pos);
    *c = *t;
    if (c->kind == TypeKind::Array) {
      c->elem = with_direction(t->elem, k);
    } else if (c->kind == TypeKind::Chan) {
      c->direction = d;
    } else {
      diags_.error(t->pos, "only channels can have a direction ('?' or '!')");
    }
    return c;
  }

  // PROC name (formals) / body / :
  Spec* proc(Pos pos) {
    expect(Tok::KwProc, "");
    Spec* s = make<Spec>(pos);
    s->kind = SpecKind::Proc;
    Pos np = cur().pos;
    Decl* d = make_decl(DeclKind::Proc, np, expect_name("the PROC's name"));
    d->spec = s;
    s->decls.push_back(d);
    s->formals = formals();
    expect_newline("the PROC heading");
    if (!(s->external = external_body())) s->body = nested_process("PROC");
    close_colon("PROC", pos);
    return s;
  }

  // The body of a PROC or FUNCTION in a compiled unit's interface: one line `EXTERNAL "descriptor"`
  // (ast::External; never valid occam otherwise, as a name cannot be followed by a string).
  // Descriptor: `waits` or `nowait`, one code per formal (`.` `?` `!` `?!` `r` `w` `rw`), `|`, then
  // `name:codes` for each name declared outside the routine that it uses.
  External* external_body() {
    if (!at(Tok::Indent) || peek().kind != Tok::Name || peek().text != "EXTERNAL" || peek(2).kind != Tok::StringLit)
      return nullptr;
    advance();
    External* x = make<External>(cur().pos);
    advance();
    const Token& str = advance();
    if (!parse_external(str.svalue, *x))
      diags_.error(str.pos, "malformed EXTERNAL descriptor in a compiled unit's interface",
                   "make the unit again with transit build --library");
    expect_newline("the EXTERNAL descriptor");
    if (!accept(Tok::Outdent)) error_here("an EXTERNAL descriptor is the whole body of its PROC or FUNCTION");
    return x;
  }
  static bool use_bits(std::string_view codes, std::uint8_t& bits) {
    bits = 0;
    for (char c : codes) {
      switch (c) {
        case '.': break;
        case 'r': bits |= kUseRead; break;
        case 'w': bits |= kUseWrite; break;
        case '?': bits |= kUseIn; break;
        case '!': bits |= kUseOut; break;
        default: return false;
      }
    }
    return !codes.empty();
  }
  static bool parse_external(const std::string& text, External& x) {
    std::istringstream in(text);
    std::string word;
    if (!(in >> word) || (word != "waits" && word != "nowait")) return false;
    x.waits = word == "waits";
    bool free = false;
    while (in >> word) {
      std::uint8_t bits = 0;
      if (word == "|") {
        if (free) return false;
        free = true;
      } else if (!free) {
        if (!use_bits(word, bits)) return false;
        x.formals.push_back(bits);
      } else {
        std::size_t colon = word.rfind(':');
        if (colon == std::string::npos || colon == 0 || !use_bits(std::string_view(word).substr(colon + 1), bits)) return false;
        x.free.emplace_back(word.substr(0, colon), bits);
      }
    }
    return free;
  }

  // The `:` that closes a PROC, FUNCTION, RECORD or PROTOCOL, on its own line.
  void close_colon(const char* what, Pos opened) {
    if (!at(Tok::Colon)) {
      diags_.error(cur().pos, std::string("expected ':' to close the ") + what + " opened on line " +
                                  std::to_string(opened.line) + ", found " + describe(cur()),
                   std::string("put ':' on its own line, lined up with the ") + what);
      // Do not consume: what follows may well be the next declaration.
      return;
    }
    advance();
    if (!at(Tok::Newline) && !at(Tok::Eof)) {
      error_here("unexpected " + describe(cur()) + " after ':'");
      recover_line();
      return;
    }
    accept(Tok::Newline);
  }

  std::vector<Decl*> formals() {
    std::vector<Decl*> out;
    expect(Tok::LParen, "to start the parameter list");
    if (accept(Tok::RParen)) return out;
    Type* last_type = nullptr;
    ParamMode last_mode = ParamMode::Ref;
    for (;;) {
      Pos fp = cur().pos;
      ParamMode mode = ParamMode::Ref;
      Type* t = nullptr;
      bool reuse = at(Tok::Name) &&
                   (peek().kind == Tok::Comma || peek().kind == Tok::RParen ||
                    ((peek().kind == Tok::Query || peek().kind == Tok::Bang) &&
                     (peek(2).kind == Tok::Comma || peek(2).kind == Tok::RParen)));
      if (reuse) {
        if (!last_type) fail("parameter needs a type", "for example: PROC p (VAL INT x, CHAN INT c)");
        t = last_type;
        mode = last_mode;
      } else {
        if (accept(Tok::KwVal)) mode = ParamMode::Val;
        else if (accept(Tok::KwResult)) mode = ParamMode::Result;
        t = type();
      }
      Decl* d = make_decl(DeclKind::Formal, fp, expect_name("a parameter name"));
      d->mode = mode;
      d->is_val = mode == ParamMode::Val;
      d->type = t;
      if (at(Tok::Query) || at(Tok::Bang)) d->type = with_direction(t, advance().kind);
      out.push_back(d);
      last_type = t;
      last_mode = mode;
      if (accept(Tok::RParen)) break;
      expect(Tok::Comma, "between parameters");
    }
    return out;
  }

  // types FUNCTION name (formals) IS exprs :  or  ... / specs / VALOF / :
  // INLINE may come before the types (`inline_`, occam 2.1) or after them (KRoC: INT INLINE FUNCTION).
  Spec* function_after_types(Pos pos, std::vector<Type*> results, bool inline_ = false) {
    if (at(Tok::KwInline)) {
      if (inline_) error_here("INLINE is written once, before the result types or before FUNCTION");
      inline_ = true;
      advance();
    }
    expect(Tok::KwFunction, "after the result types");
    Spec* s = make<Spec>(pos);
    s->kind = SpecKind::Function;
    s->is_inline = inline_;
    s->result_types = std::move(results);
    Pos np = cur().pos;
    std::string name;
    if (at(Tok::StringLit)) {  // occam-pi: INT FUNCTION "+" (...): reported, then read on
      unsupported(np, "user-defined operators (FUNCTION " + operator_spelling() + ") are");
      name = "\"" + cur().svalue + "\"";
      advance();
    } else {
      name = expect_name("the FUNCTION's name");
    }
    Decl* d = make_decl(DeclKind::Function, np, name);
    d->spec = s;
    s->decls.push_back(d);
    s->formals = formals();
    if (accept(Tok::KwIs)) {
      s->results = expression_list();
      expect(Tok::Colon, "to end the FUNCTION");
      expect_newline("':'");
      return s;
    }
    expect_newline("the FUNCTION heading");
    if ((s->external = external_body())) {
      close_colon("FUNCTION", pos);
      return s;
    }
    if (!at(Tok::Indent)) fail("expected the FUNCTION's VALOF body, indented under its heading");
    advance();
    s->valof = valof_with_specs();
    while (!at(Tok::Outdent) && !at(Tok::Eof)) {
      error_here("unexpected " + describe(cur()) + " after the FUNCTION's RESULT");
      recover_line();
    }
    accept(Tok::Outdent);
    close_colon("FUNCTION", pos);
    return s;
  }

  // specs then VALOF / process / RESULT exprs
  Valof* valof_with_specs(bool function = true) {
    Valof* v = make<Valof>(cur().pos);
    while (!at(Tok::KwValof) && !at(Tok::Outdent) && !at(Tok::Eof)) {
      if (accept(Tok::Newline)) continue;
      if (!at_spec()) fail("expected VALOF, found " + describe(cur()),
                           function ? "a FUNCTION body is declarations, then VALOF, the process, and RESULT"
                                    : "a value process is declarations, then VALOF, the process, and RESULT");
      if (Spec* sp = spec()) v->specs.push_back(sp);
    }
    v->pos = cur().pos;
    expect(Tok::KwValof, function ? "to start the FUNCTION body" : "to start the value process");
    expect_newline("VALOF");
    expect(Tok::Indent, "under VALOF");
    v->body = process();
    while (accept(Tok::Newline)) {}
    if (!at(Tok::KwResult))
      fail("expected RESULT after the VALOF's process, found " + describe(cur()),
           "a VALOF holds one process (use SEQ for several) then RESULT, lined up with it");
    advance();
    v->results = expression_list();
    expect_newline("RESULT");
    if (!at(Tok::Outdent))
      fail("unexpected " + describe(cur()) + " after the VALOF's RESULT",
           "RESULT ends the VALOF: put the processes before it, under one SEQ");
    advance();
    return v;
  }

  // DATA TYPE name IS type:  /  DATA TYPE name / [PACKED] RECORD / fields / :
  Spec* data_type(Pos pos) {
    expect(Tok::KwData, "");
    expect(Tok::KwType, "after DATA");
    Spec* s = make<Spec>(pos);
    s->kind = SpecKind::DataType;
    Pos np = cur().pos;
    Decl* d = make_decl(DeclKind::DataType, np, expect_name("the type's name"));
    d->spec = s;
    s->decls.push_back(d);
    if (accept(Tok::KwIs)) {
      d->type = type();
      expect(Tok::Colon, "to end DATA TYPE");
      expect_newline("':'");
      return s;
    }
    expect_newline("DATA TYPE name");
    expect(Tok::Indent, "before RECORD");
    if (word_at(0, "MOBILE") && (peek().kind == Tok::KwRecord || peek().kind == Tok::KwPacked)) {
      unsupported_word();  // occam-pi's MOBILE RECORD: reported, then read as a RECORD
      advance();
    }
    Type* rec = make<Type>(cur().pos);
    rec->kind = TypeKind::Record;
    rec->packed = accept(Tok::KwPacked);
    expect(Tok::KwRecord, "in DATA TYPE");
    expect_newline("RECORD");
    block("RECORD", [&] {
      try {
        Type* ft = type();
        do {
          Pos fp = cur().pos;
          Decl* f = make_decl(DeclKind::Field, fp, expect_name("a field name"));
          f->type = ft;
          f->field_index = int(rec->fields.size());
          rec->fields.push_back(f);
        } while (accept(Tok::Comma));
        expect(Tok::Colon, "to end the field declaration");
        expect_newline("':'");
      } catch (LineError&) {
        recover_line();
      }
    });
    expect(Tok::Outdent, "after the RECORD's fields");
    d->type = rec;
    close_colon("DATA TYPE", pos);
    return s;
  }

  ProtocolItem protocol_item() {
    ProtocolItem it;
    it.pos = cur().pos;
    Type* t = type();
    if (accept(Tok::ColonColon)) {
      it.count_type = t;
      it.type = type();
      if (it.type->kind != TypeKind::Array || it.type->dim_expr)
        diags_.error(it.type->pos, "the array of a counted protocol must be open: count::[]type",
                     "for example: INT::[]BYTE");
    } else {
      it.type = t;
    }
    return it;
  }

  // PROTOCOL name IS items:  /  PROTOCOL name / CASE / tags / :
  Spec* protocol_def(Pos pos) {
    expect(Tok::KwProtocol, "");
    Spec* s = make<Spec>(pos);
    s->kind = SpecKind::Protocol;
    Pos np = cur().pos;
    Decl* d = make_decl(DeclKind::Protocol, np, expect_name("the protocol's name"));
    d->spec = s;
    s->decls.push_back(d);
    Protocol* pr = make<Protocol>(np);
    d->protocol = pr;
    if (word_at(0, "EXTENDS")) fail_unsupported(cur().pos, occam_pi_word("EXTENDS")->feature);
    if (accept(Tok::KwIs)) {
      if (accept(Tok::KwAny)) {  // PROTOCOL name IS ANY: (KRoC): a name for CHAN OF ANY
        pr->kind = ProtocolKind::Any;
        expect(Tok::Colon, "to end PROTOCOL");
        expect_newline("':'");
        return s;
      }
      pr->items.push_back(protocol_item());
      while (accept(Tok::Semicolon)) pr->items.push_back(protocol_item());
      pr->kind = pr->items.size() == 1 ? ProtocolKind::Simple : ProtocolKind::Sequential;
      expect(Tok::Colon, "to end PROTOCOL");
      expect_newline("':'");
      return s;
    }
    expect_newline("PROTOCOL name");
    pr->kind = ProtocolKind::Variant;
    expect(Tok::Indent, "before CASE");
    expect(Tok::KwCase, "for a variant protocol");
    expect_newline("CASE");
    block("CASE", [&] {
      try {
        Pos tp = cur().pos;
        Decl* tag = make_decl(DeclKind::Tag, tp, expect_name("a tag name"));
        tag->tag_index = int(pr->tags.size());
        tag->spec = s;
        while (accept(Tok::Semicolon)) tag->tag_items.push_back(protocol_item());
        pr->tags.push_back(tag);
        expect_newline("the tag");
      } catch (LineError&) {
        recover_line();
      }
    }, true);
    expect(Tok::Outdent, "after the protocol's tags");
    close_colon("PROTOCOL", pos);
    return s;
  }

  // PLACE name AT expr:  /  PLACE name IN WORKSPACE|VECSPACE:
  Spec* place(Pos pos) {
    expect(Tok::KwPlace, "");
    Spec* s = make<Spec>(pos);
    s->kind = SpecKind::Place;
    s->place_name = expect_name("the name to place");
    if (accept(Tok::KwAt)) {
      s->place = PlaceKind::At;
      s->place_at = expression();
    } else if (accept(Tok::KwIn)) {
      if (accept(Tok::KwWorkspace)) s->place = PlaceKind::Workspace;
      else if (accept(Tok::KwVecspace)) s->place = PlaceKind::Vecspace;
      else fail("expected WORKSPACE or VECSPACE after IN");
    } else {
      fail("expected AT or IN after PLACE name");
    }
    expect(Tok::Colon, "to end PLACE");
    expect_newline("':'");
    return s;
  }

  // ------------------------------------------------------------ types
  // `qualified`: an occam-pi qualifier before it (MOBILE, SHARED) was reported already.
  Type* type(bool qualified = false) {
    DepthGuard g(*this);
    if (word_at(0, "MOBILE") && mobile_type_follows(1)) {  // occam-pi: reported, then read on
      unsupported_word();
      advance();
      return type(true);
    }
    if (word_at(0, "SHARED") &&
        (peek().kind == Tok::KwChan ||
         (peek().kind == Tok::Name && (peek(2).kind == Tok::Query || peek(2).kind == Tok::Bang)))) {
      unsupported_word();
      advance();
      return type(true);
    }
    Pos pos = cur().pos;
    Type* t = make<Type>(pos);
    Tok k = cur().kind;
    if (is_primitive_type(k)) {
      advance();
      t->kind = primitive_kind(k);
      return t;
    }
    switch (k) {
      case Tok::LBracket: {
        advance();
        t->kind = TypeKind::Array;
        if (!accept(Tok::RBracket)) {
          t->dim_expr = expression();
          expect(Tok::RBracket, "after the array size");
        }
        t->elem = type();
        return t;
      }
      case Tok::KwChan: {
        advance();
        t->kind = TypeKind::Chan;
        accept(Tok::KwOf);  // optional in KRoC
        t->protocol = channel_protocol();
        return t;
      }
      case Tok::KwTimer:
        advance();
        t->kind = TypeKind::Timer;
        return t;
      case Tok::KwPort:
        advance();
        t->kind = TypeKind::Port;
        expect(Tok::KwOf, "after PORT");
        t->elem = type();
        return t;
      case Tok::Name:
        t->kind = TypeKind::Named;
        t->name = std::string(advance().text);
        if ((at(Tok::Query) || at(Tok::Bang)) && peek().kind == Tok::Name) {
          // `LINK! x`: an end of an occam-pi channel type; no occam 2.1 type takes a direction
          if (!qualified) unsupported(pos, kPiChanTypes);
          advance();
        }
        return t;
      default:
        fail("expected a type, found " + describe(cur()),
             "types are BOOL BYTE INT INT16 INT32 INT64 REAL32 REAL64, [n]type, CHAN OF p, TIMER, or a DATA TYPE name");
    }
  }

  Protocol* channel_protocol() {
    if (word_at(0, "MOBILE") && mobile_type_follows(1)) {  // CHAN MOBILE []BYTE (occam-pi)
      unsupported_word();
      advance();
    }
    Protocol* pr = make<Protocol>(cur().pos);
    if (accept(Tok::KwAny)) {
      pr->kind = ProtocolKind::Any;
      return pr;
    }
    if (at(Tok::Name) && peek().kind != Tok::ColonColon) {
      pr->kind = ProtocolKind::Named;  // a PROTOCOL, or a DATA TYPE used as a simple protocol
      pr->name = std::string(advance().text);
      return pr;
    }
    pr->kind = ProtocolKind::Simple;
    pr->items.push_back(protocol_item());
    return pr;
  }

  // ------------------------------------------------------------ processes
  Process* process() {
    Pos pos = cur().pos;
    std::size_t start = p_;
    try {
      DepthGuard g(*this);
      std::vector<Spec*> specs;
      while (at_spec()) {
        Spec* s = spec();
        if (s) specs.push_back(s);
        while (accept(Tok::Newline)) {}
        if (at(Tok::Outdent) || at(Tok::Eof)) {
          if (s)  // (a declaration that failed was reported already)
            diags_.error(cur().pos, "declarations must be followed by a process",
                         "a declaration scopes over the process that follows it at the same indentation");
          Process* e = make_proc(ProcessKind::Error, pos);
          e->specs = std::move(specs);
          return e;
        }
      }
      Process* p = process_inner();
      if (!specs.empty()) p->specs.insert(p->specs.begin(), specs.begin(), specs.end());
      return p;
    } catch (LineError&) {
      if (p_ == start) advance();
      recover_line();
      return make_proc(ProcessKind::Error, pos);
    }
  }

  Replicator* maybe_replicator() {
    if (!at(Tok::Name)) return nullptr;
    Replicator* r = make<Replicator>(cur().pos);
    Pos np = cur().pos;
    r->index = make_decl(DeclKind::ReplIndex, np, std::string(advance().text));
    expect(Tok::Eq, "in the replicator 'i = base FOR count'");
    r->base = expression();
    expect(Tok::KwFor, "in the replicator 'i = base FOR count'");
    r->count = expression();
    if (accept(Tok::KwStep)) r->step = expression();
    return r;
  }

  Process* process_inner() {
    Pos pos = cur().pos;
    switch (cur().kind) {
      case Tok::KwSkip:
        advance();
        expect_newline("SKIP");
        return make_proc(ProcessKind::Skip, pos);
      case Tok::KwStop:
        advance();
        expect_newline("STOP");
        return make_proc(ProcessKind::Stop, pos);
      case Tok::KwSeq:
        advance();
        return seq_or_par(make_proc(ProcessKind::Seq, pos), "SEQ");
      case Tok::KwPar:
        advance();
        return seq_or_par(make_proc(ProcessKind::Par, pos), "PAR");
      case Tok::KwPri: {
        advance();
        if (accept(Tok::KwPar)) {
          Process* p = make_proc(ProcessKind::Par, pos);
          p->pri = true;
          return seq_or_par(p, "PRI PAR");
        }
        if (accept(Tok::KwAlt)) {
          Process* p = make_proc(ProcessKind::Alt, pos);
          p->pri = true;
          return alt(p);
        }
        fail("expected PAR or ALT after PRI");
      }
      case Tok::KwPlaced: {
        advance();
        expect(Tok::KwPar, "after PLACED");
        Process* p = make_proc(ProcessKind::Par, pos);
        p->placed = true;
        return seq_or_par(p, "PLACED PAR");
      }
      case Tok::KwProcessor: {
        advance();
        Process* p = make_proc(ProcessKind::Processor, pos);
        p->values.push_back(expression());
        expect_newline("PROCESSOR number");
        p->body.push_back(nested_process("PROCESSOR"));
        return p;
      }
      case Tok::KwIf: {
        advance();
        return if_process(make_proc(ProcessKind::If, pos));
      }
      case Tok::KwAlt:
        advance();
        return alt(make_proc(ProcessKind::Alt, pos));
      case Tok::KwWhile: {
        advance();
        Process* p = make_proc(ProcessKind::While, pos);
        p->cond = expression();
        expect_newline("the WHILE condition");
        p->body.push_back(nested_process("WHILE"));
        return p;
      }
      case Tok::KwCase:
        advance();
        return case_process(pos);
      case Tok::KwValof:
        fail("VALOF can only be the body of a FUNCTION or a value process in brackets",
             "write it as an expression: x := (VALOF ... RESULT e)");
      case Tok::Indent:
        fail("unexpected indentation", "nested lines belong under a construct such as SEQ or PAR");
      default:
        if (occam_pi_process_ahead()) return occam_pi_process();
        return simple_process(pos);
    }
  }

  Process* seq_or_par(Process* p, const char* what) {
    // occam-pi's `PAR [replicator] ENROLL b`: reported, then read as the PAR
    auto enroll = [&] {
      if (p->kind == ProcessKind::Par && word_at(0, "ENROLL") && peek().kind == Tok::Name) {
        unsupported_word();
        while (!at(Tok::Newline) && !at(Tok::Eof) && !at(Tok::Indent) && !at(Tok::Outdent)) advance();
        return true;
      }
      return false;
    };
    if (!enroll()) {
      p->replicator = maybe_replicator();
      enroll();
    }
    expect_newline(what);
    if (p->replicator) {
      p->body.push_back(nested_process(what));
      return p;
    }
    block(what, [&] { p->body.push_back(process()); }, true);
    return p;
  }

  Process* if_process(Process* p) {
    p->replicator = maybe_replicator();
    expect_newline("IF");
    block("IF", [&] {
      Pos cp = cur().pos;
      Choice* c = make<Choice>(cp);
      try {
        DepthGuard g(*this);
        while (at_spec())
          if (Spec* s = spec()) c->specs.push_back(s);
        if (at(Tok::KwIf)) {
          Pos ip = cur().pos;
          advance();
          c->nested = if_process(make_proc(ProcessKind::If, ip));
        } else {
          c->cond = expression();
          expect_newline("the IF condition");
          c->body = nested_process("an IF condition");
        }
      } catch (LineError&) {
        recover_line();
        return;
      }
      p->choices.push_back(c);
    }, true);
    return p;
  }

  Process* case_process(Pos pos) {
    Process* p = make_proc(ProcessKind::Case, pos);
    p->selector = expression();
    expect_newline("the CASE selector");
    block("CASE", [&] {
      CaseOption* o = make<CaseOption>(cur().pos);
      try {
        DepthGuard g(*this);
        while (at_spec())
          if (Spec* s = spec()) o->specs.push_back(s);
        o->pos = cur().pos;
        if (accept(Tok::KwElse)) {
          o->is_else = true;
        } else {
          o->values = expression_list();
        }
        expect_newline("the CASE option");
        o->body = nested_process("a CASE option");
      } catch (LineError&) {
        recover_line();
        return;
      }
      p->options.push_back(o);
    }, true);
    return p;
  }

  Process* alt(Process* p) {
    p->replicator = maybe_replicator();
    expect_newline(p->pri ? "PRI ALT" : "ALT");
    block("ALT", [&] {
      Alternative* a = make<Alternative>(cur().pos);
      try {
        DepthGuard g(*this);
        while (at_spec())
          if (Spec* s = spec()) a->specs.push_back(s);
        a->pos = cur().pos;
        if (at(Tok::KwAlt) || (at(Tok::KwPri) && peek().kind == Tok::KwAlt)) {
          Pos ap = cur().pos;
          Process* n = make_proc(ProcessKind::Alt, ap);
          n->pri = at(Tok::KwPri);
          if (n->pri) advance();
          advance();
          a->guard = GuardKind::Nested;
          a->nested = alt(n);
        } else {
          guard(a);
        }
      } catch (LineError&) {
        recover_line();
        return;
      }
      p->alternatives.push_back(a);
    });
    return p;
  }

  // [bool &] (SKIP | input) then the guarded process.
  void guard(Alternative* a) {
    Expr* first = nullptr;
    if (!at(Tok::KwSkip)) {
      first = expression();
      if (accept(Tok::Amp)) {
        a->cond = first;
        first = nullptr;
      }
    }
    if (!first) {
      if (accept(Tok::KwSkip)) {
        a->guard = GuardKind::Skip;
        expect_newline("SKIP guard");
        a->body = nested_process("the ALT guard");
        return;
      }
      first = element();
    }
    if (!at(Tok::Query))
      fail("expected '?' in the ALT guard, found " + describe(cur()),
           "a guard is an input (c ? x), a timeout (tim ? AFTER t), SKIP, or 'condition & ' one of them");
    Process* in = input_after_channel(first);
    a->input = in;
    a->guard = in->kind == ProcessKind::DelayedInput ? GuardKind::Timer : GuardKind::Input;
    if (in->kind == ProcessKind::CaseInput) return;  // its variants carry the bodies
    expect_newline("the ALT guard");
    a->body = nested_process("the ALT guard");
  }

  // An element (name, subscripts, slice) for the left of ?, ! and :=.
  Expr* element() { return operand(); }

  // Assignment, input, output or PROC call.
  Process* simple_process(Pos pos) {
    if (!at(Tok::Name) && !at(Tok::LBracket))
      fail("expected a process, found " + describe(cur()),
           "processes are SKIP, STOP, assignment, input, output, SEQ, PAR, IF, WHILE, CASE, ALT or a PROC call");
    std::vector<Expr*> lhs;
    lhs.push_back(operand());
    while (accept(Tok::Comma)) lhs.push_back(operand());
    if (accept(Tok::Assign)) {
      Process* p = make_proc(ProcessKind::Assign, pos);
      p->targets = std::move(lhs);
      p->values = expression_list();
      expect_newline("the assignment");
      return p;
    }
    if (lhs.size() == 1 && at(Tok::Query)) {
      Process* p = input_after_channel(lhs[0]);
      if (p->kind != ProcessKind::CaseInput) expect_newline("the input");
      return p;
    }
    if (lhs.size() == 1 && at(Tok::Bang)) {
      advance();
      Process* p = make_proc(ProcessKind::Output, pos);
      p->channel = lhs[0];
      p->items.push_back(io_item());
      while (accept(Tok::Semicolon)) p->items.push_back(io_item());
      expect_newline("the output");
      return p;
    }
    if (lhs.size() == 1 && lhs[0]->kind == ExprKind::Name && at(Tok::Newline) && peek().kind == Tok::Indent) {
      // `seq` over an indented block: a construct keyword written in lower case (a PROC call has no block).
      std::string up = lhs[0]->name;
      for (char& ch : up) ch = char(std::toupper(static_cast<unsigned char>(ch)));
      if (keyword_lookup(up) != Tok::Name) {
        diags_.error(lhs[0]->pos, "'" + lhs[0]->name + "' is not a keyword: occam's keywords are upper case",
                     "write " + up);
        throw LineError{};
      }
    }
    if (lhs.size() == 1 && (lhs[0]->kind == ExprKind::Call || lhs[0]->kind == ExprKind::Name) &&
        at(Tok::Newline)) {
      Process* p = make_proc(ProcessKind::Call, pos);
      p->name = lhs[0]->name;
      p->args = std::move(lhs[0]->args);
      advance();
      return p;
    }
    if (at(Tok::Eq))
      fail("expected ':=' for assignment, found '='", "occam assigns with ':='; '=' compares");
    if (at(Tok::Colon))
      fail("unexpected ':' after " + std::string(lhs.size() > 1 ? "names" : "an expression"),
           "a declaration starts with its type, e.g. 'INT x:'");
    fail("expected ':=', '?', '!' or end of line after this, found " + describe(cur()),
         "a process line is an assignment (x := e), input (c ? x), output (c ! e) or a PROC call");
  }

  // One item of an output or input: expr or count::array.
  Expr* io_item() {
    Expr* e = expression();
    if (at(Tok::ColonColon)) {
      Expr* c = make_expr(ExprKind::Counted, cur().pos);
      advance();
      c->lhs = e;
      c->rhs = expression();
      return c;
    }
    return e;
  }

  // After the channel: `? items`, `? AFTER e`, `? CASE tag; items`, `? CASE` + variants.
  Process* input_after_channel(Expr* chan) {
    Pos pos = chan->pos;
    Pos q = cur().pos;
    expect(Tok::Query, "for input");
    if (at(Tok::Query)) fail_unsupported(q, kPiExtendedInput);  // c ?? x (its block goes too)
    if (accept(Tok::KwAfter)) {
      Process* p = make_proc(ProcessKind::DelayedInput, pos);
      p->channel = chan;
      p->values.push_back(expression());
      return p;
    }
    if (accept(Tok::KwCase)) {
      if (!at(Tok::Newline)) {
        Process* p = make_proc(ProcessKind::TaggedInput, pos);
        p->channel = chan;
        p->tag = operand();
        while (accept(Tok::Semicolon)) p->items.push_back(io_item());
        return p;
      }
      advance();
      Process* p = make_proc(ProcessKind::CaseInput, pos);
      p->channel = chan;
      block("'? CASE'", [&] {
        Variant* v = make<Variant>(cur().pos);
        try {
          DepthGuard g(*this);
          while (at_spec())
            if (Spec* s = spec()) v->specs.push_back(s);
          v->pos = cur().pos;
          v->tag = operand();
          while (accept(Tok::Semicolon)) v->items.push_back(io_item());
          expect_newline("the variant");
          v->body = nested_process("a variant");
        } catch (LineError&) {
          recover_line();
          return;
        }
        p->variants.push_back(v);
      }, true);  // no variants (occ21 accepts it): any tag received then stops the process
      return p;
    }
    Process* p = make_proc(ProcessKind::Input, pos);
    p->channel = chan;
    p->items.push_back(io_item());
    while (accept(Tok::Semicolon)) p->items.push_back(io_item());
    return p;
  }

  // ------------------------------------------------------------ expressions
  std::vector<Expr*> expression_list() {
    std::vector<Expr*> out;
    out.push_back(expression());
    while (accept(Tok::Comma)) out.push_back(expression());
    return out;
  }

  static bool is_monadic(Tok t) {
    return t == Tok::MinusSym || t == Tok::KwMinus || t == Tok::KwNot || t == Tok::KwBitnot ||
           t == Tok::Tilde || t == Tok::KwSize;
  }

  // expression = monadic operand | operand {op operand}, where a sequence of operators must be
  // the same associative operator; anything else needs parentheses.
  Expr* expression() {
    DepthGuard g(*this);
    if (is_monadic(cur().kind)) {
      Expr* e = monadic();
      Op op = dyadic_op(cur().kind);
      if (op != Op::None) {
        std::string m = e->kind == ExprKind::Size ? "SIZE" : op_spelling(e->op);
        error_here(std::string("'") + op_spelling(op) + "' after a monadic '" + m + "' needs parentheses",
                   "occam has no operator precedence: write (" + m + " x) " + op_spelling(op) +
                       " y  or  " + m + " (x " + op_spelling(op) + " y)");
        while (dyadic_op(cur().kind) != Op::None) {
          advance();
          (void)(is_monadic(cur().kind) ? monadic() : operand());
        }
      }
      return e;
    }
    Expr* lhs = operand();
    Op first = dyadic_op(cur().kind);
    if (first == Op::None) return lhs;
    while (true) {
      Op op = dyadic_op(cur().kind);
      if (op == Op::None) break;
      Pos opos = cur().pos;
      if (lhs->kind == ExprKind::Binary && !lhs->parenthesised) {
        if (op != lhs->op || !chains(op)) {
          std::string a = op_spelling(lhs->op), b = op_spelling(op);
          diags_.error(opos,
                       op == lhs->op ? "'" + a + "' cannot be repeated without parentheses"
                                     : "mixing '" + a + "' and '" + b + "' needs parentheses",
                       "occam has no operator precedence: write (x " + a + " y) " + b + " z");
        }
      }
      advance();
      Expr* rhs = is_monadic(cur().kind) ? monadic() : operand();
      Expr* b = make_expr(ExprKind::Binary, opos);
      b->op = op;
      b->lhs = lhs;
      b->rhs = rhs;
      lhs = b;
    }
    return lhs;
  }

  // occ21's comparison of lists, (a, b) = (e, f): read as (a = e) AND (b = f), and with <> as
  // (a <> e) OR (b <> f). The cursor is at the comma after the first expression of the left list.
  Expr* list_comparison(Pos pos, Expr* first) {
    auto rest_of_list = [this](std::vector<Expr*>& list) {
      while (accept(Tok::Comma)) list.push_back(expression());
      expect(Tok::RParen, "to close the list");
    };
    std::vector<Expr*> left{first}, right;
    rest_of_list(left);
    Pos opos = cur().pos;
    Op op = dyadic_op(cur().kind);
    if (op != Op::Eq && op != Op::Ne)
      fail("a list in parentheses must be compared with '=' or '<>'",
           "occ21 compares lists element by element: (a, b) = (c, d)");
    advance();
    Pos rpos = cur().pos;
    if (!accept(Tok::LParen)) fail("expected a list in parentheses to compare with", "write (a, b) = (c, d)");
    right.push_back(expression());
    rest_of_list(right);
    if (left.size() != right.size()) {
      diags_.error(rpos, "the lists compared have " + std::to_string(left.size()) + " and " +
                             std::to_string(right.size()) + " items");
      return make_expr(ExprKind::Error, pos);
    }
    Expr* all = nullptr;
    for (std::size_t i = 0; i < left.size(); ++i) {
      Expr* c = make_expr(ExprKind::Binary, left[i]->pos);
      c->op = op;
      c->lhs = left[i];
      c->rhs = right[i];
      c->parenthesised = true;
      if (!all) {
        all = c;
        continue;
      }
      Expr* j = make_expr(ExprKind::Binary, opos);
      j->op = op == Op::Eq ? Op::And : Op::Or;
      j->lhs = all;
      j->rhs = c;
      all = j;
    }
    all->parenthesised = true;
    return all;
  }

  Expr* monadic() {
    DepthGuard g(*this);
    Pos pos = cur().pos;
    Tok k = advance().kind;
    if (k == Tok::KwSize) {
      Expr* e = make_expr(ExprKind::Size, pos);
      if (at(Tok::LBracket) && mobile_type_follows(0)) {  // SIZE [n]INT: of an array type
        e->target = type();
        return e;
      }
      e->lhs = is_monadic(cur().kind) ? monadic() : operand();
      // KRoC: SIZE in? (a channel array named with its direction); nothing else can follow SIZE x
      if (at(Tok::Query) || at(Tok::Bang)) e->lhs = direction_expr(e->lhs);
      return e;
    }
    Expr* e = make_expr(ExprKind::Unary, pos);
    e->op = k == Tok::MinusSym ? Op::Neg : k == Tok::KwMinus ? Op::UMinus
          : k == Tok::KwNot ? Op::Not : Op::BitNot;
    e->lhs = is_monadic(cur().kind) ? monadic() : operand();
    return e;
  }

  // Whether `( ... )` at the cursor is a literal's type decoration: (INT16), (BYTE), (MYTYPE).
  bool at_literal_type() const {
    return at(Tok::LParen) && (is_primitive_type(peek().kind) || peek().kind == Tok::Name) &&
           peek(2).kind == Tok::RParen;
  }

  Expr* literal_suffix(Expr* e) {
    if (at_literal_type()) {
      advance();
      e->literal_type = type();
      expect(Tok::RParen, "after the literal's type");
    }
    return e;
  }

  // ------------------------------------------------------------ value processes in expressions
  // `(VALOF ... RESULT e)` and `(specs VALOF ...)`: a VALOF keyword directly inside the brackets
  // that start at the current token (after the '(').
  bool value_process_ahead() const {
    int depth = 0;
    for (std::size_t i = p_; i < t_.size(); ++i) {
      Tok k = t_[i].kind;
      if (k == Tok::Newline || k == Tok::Indent || k == Tok::Outdent || k == Tok::Eof) return false;
      if (k == Tok::LParen || k == Tok::LBracket) ++depth;
      if (k == Tok::RParen || k == Tok::RBracket) {
        if (depth == 0) return false;
        --depth;
      }
      if (depth == 0 && k == Tok::KwValof) return true;
    }
    return false;
  }

  // The lexer joins the lines of a bracketed value process into the enclosing logical line (they
  // sit inside brackets). This puts back the layout tokens the lexer would have made for them,
  // taking the column of the first token after '(' as the outer level, so the VALOF parses as a
  // FUNCTION body does. Returns the index just past the re-laid tokens.
  std::size_t relayout_value_process() {
    std::size_t s = p_;
    std::size_t e = s;
    int depth = 0;
    for (; e < t_.size(); ++e) {
      Tok k = t_[e].kind;
      if (k == Tok::Newline || k == Tok::Indent || k == Tok::Outdent || k == Tok::Eof) break;
      if (k == Tok::LParen || k == Tok::LBracket) ++depth;
      if (k == Tok::RParen || k == Tok::RBracket) {
        if (depth == 0) break;
        --depth;
      }
    }
    std::vector<Token> out;
    auto layout = [&](Tok k, Pos at) { out.push_back(Token{k, at, {}, 0, {}}); };
    // Columns as indentation counts them (Token::layout_col: tabs to multiples of 8), not bytes.
    std::vector<std::uint32_t> levels{t_[s].layout_col};
    std::uint32_t line_col = t_[s].layout_col;
    bool continuing = false;
    int inner = 0;  // bracket nesting within the current line
    for (std::size_t i = s; i < e; ++i) {
      const Token& t = t_[i];
      const Token* prev = i > s ? &t_[i - 1] : nullptr;
      if (prev && (t.pos.line != prev->pos.line || t.pos.file != prev->pos.file)) {
        std::uint32_t col = t.layout_col;
        if (!(continuing || (inner > 0 && col > line_col))) {
          Pos end = prev->pos;
          end.col += std::uint32_t(prev->text.size());
          layout(Tok::Newline, end);
          inner = 0;
          line_col = col;
          if (col > levels.back()) {
            if (col != levels.back() + 2)
              diags_.error(t.pos, "line is indented " + std::to_string(col - levels.back()) +
                                      " spaces more than the line before",
                           "occam nests processes by exactly two spaces");
            if (levels.size() < 1000) {
              levels.push_back(col);
              layout(Tok::Indent, t.pos);
            }
          } else {
            while (col < levels.back() && levels.size() > 1) {
              levels.pop_back();
              layout(Tok::Outdent, t.pos);
            }
            if (col != levels.back()) {
              diags_.error(t.pos, col < levels.back() ? "line is indented less than the value process it belongs to"
                                                      : "indentation does not match any enclosing level",
                           col < levels.back() ? "indent the lines of a VALOF in brackets at least as far as VALOF"
                                               : "line this up with the process it belongs to");
              if (col > levels.back() && levels.size() < 1000) {
                levels.push_back(col);
                layout(Tok::Indent, t.pos);
              }
            }
          }
        }
      }
      if (t.kind == Tok::LParen || t.kind == Tok::LBracket) ++inner;
      if ((t.kind == Tok::RParen || t.kind == Tok::RBracket) && inner > 0) --inner;
      out.push_back(t);
      continuing = continues_line(t.kind);
    }
    Pos end = e > s ? t_[e - 1].pos : t_[s].pos;
    if (e > s) end.col += std::uint32_t(t_[e - 1].text.size());
    layout(Tok::Newline, end);
    while (levels.size() > 1) {
      levels.pop_back();
      layout(Tok::Outdent, end);
    }
    std::size_t n = out.size();
    inserted_ += std::int64_t(n) - std::int64_t(e - s);
    t_.erase(t_.begin() + std::ptrdiff_t(s), t_.begin() + std::ptrdiff_t(e));
    t_.insert(t_.begin() + std::ptrdiff_t(s), std::make_move_iterator(out.begin()), std::make_move_iterator(out.end()));
    return s + n;
  }

  // `(` already taken; a value process up to its `)`.
  Expr* value_process(Pos pos) {
    std::size_t end = relayout_value_process();
    const std::int64_t mark = inserted_;
    auto at_end = [&] { return std::size_t(std::int64_t(end) + inserted_ - mark); };  // nested VALOFs add tokens
    Expr* e = make_expr(ExprKind::Valof, pos);
    try {
      e->valof = valof_with_specs(false);
    } catch (LineError&) {
      p_ = at_end();  // the rest of the value process is skipped; its first error is reported
      e->kind = ExprKind::Error;
      if (at(Tok::RParen)) advance();
      return e;
    }
    if (p_ != at_end()) {
      error_here("unexpected " + describe(cur()) + " after the VALOF's RESULT",
                 "a VALOF in brackets ends after its RESULT line");
      p_ = at_end();
      e->kind = ExprKind::Error;
    }
    expect(Tok::RParen, "to close the VALOF (put ')' after the RESULT, or on a line indented under the statement)");
    e->parenthesised = true;
    return e;
  }

  Expr* operand() {
    DepthGuard g(*this);
    Pos pos = cur().pos;
    Expr* e = nullptr;
    const Token& t = cur();
    switch (t.kind) {
      case Tok::IntLit:
        e = make_expr(ExprKind::IntLit, pos);
        e->int_value = t.ivalue;
        e->text = std::string(t.text);
        advance();
        return literal_suffix(e);
      case Tok::RealLit:
        e = make_expr(ExprKind::RealLit, pos);
        e->text = std::string(t.text);
        advance();
        literal_suffix(e);
        return e;
      case Tok::ByteLit:
        e = make_expr(ExprKind::ByteLit, pos);
        e->int_value = t.ivalue;
        advance();
        return literal_suffix(e);
      case Tok::KwTrue: case Tok::KwFalse:
        e = make_expr(ExprKind::BoolLit, pos);
        e->int_value = t.kind == Tok::KwTrue;
        advance();
        return e;
      case Tok::StringLit:
        e = make_expr(ExprKind::StringLit, pos);
        e->text = t.svalue;
        advance();
        return subscripts(literal_suffix(e));  // "hello" (CHARS): of a named array type
      case Tok::Name: {
        Tok n = peek().kind;
        if (t.text == "MOBILE" && (mobile_type_follows(1) || word_at(1, "BARRIER"))) {
          // occam-pi's allocation `MOBILE [n]INT`, `MOBILE BARRIER`: reported; the type is read
          unsupported_word();
          advance();
          e = make_expr(ExprKind::Error, pos);
          (void)type(true);
          return e;
        }
        if (n == Tok::IntLit || n == Tok::RealLit || n == Tok::ByteLit || n == Tok::Name ||
            n == Tok::KwRound || n == Tok::KwTrunc || n == Tok::KwTrue || n == Tok::KwFalse) {
          // Conversion to a DATA TYPE: METRES 10, METRES ROUND x, MYBOOL TRUE (METRES (x) is read
          // as a call, which the checker turns into the conversion)
          e = make_expr(ExprKind::Conversion, pos);
          e->target = type();
          if (accept(Tok::KwRound)) e->conversion = ConversionMode::Round;
          else if (accept(Tok::KwTrunc)) e->conversion = ConversionMode::Trunc;
          e->lhs = is_monadic(cur().kind) ? monadic() : operand();
          return e;
        }
        e = make_expr(ExprKind::Name, pos);
        e->name = std::string(t.text);
        advance();
        if (at(Tok::LParen)) {
          e->kind = ExprKind::Call;
          advance();
          if (!accept(Tok::RParen)) {
            for (;;) {
              Expr* a = expression();
              if ((at(Tok::Query) || at(Tok::Bang)) &&
                  (peek().kind == Tok::Comma || peek().kind == Tok::RParen))
                a = direction_expr(a);
              e->args.push_back(a);
              if (accept(Tok::RParen)) break;
              expect(Tok::Comma, "between arguments");
            }
          }
        }
        return subscripts(e);
      }
      case Tok::LParen: {
        advance();
        if (value_process_ahead()) return value_process(pos);
        e = expression();
        if (at(Tok::Comma)) return list_comparison(pos, e);
        expect(Tok::RParen, "to close '('");
        e->parenthesised = true;
        return subscripts(e);
      }
      case Tok::LBracket: {
        if (constructor_ahead()) {  // occam-pi: reported, skipped to its ']'
          unsupported(pos, kPiConstructors);
          skip_group();
          return subscripts(make_expr(ExprKind::Error, pos));
        }
        advance();
        Expr* first = expression();
        // KRoC: [in? FOR n], [in? FROM n]: a segment of a channel array named with its direction
        if ((at(Tok::Query) || at(Tok::Bang)) && (peek().kind == Tok::KwFrom || peek().kind == Tok::KwFor))
          first = direction_expr(first);
        if (at(Tok::KwFrom) || at(Tok::KwFor)) {
          e = make_expr(ExprKind::Slice, pos);
          e->lhs = first;
          if (accept(Tok::KwFrom)) e->rhs = expression();
          if (accept(Tok::KwFor)) e->count = expression();
          expect(Tok::RBracket, "to close the slice");
          return subscripts(e);
        }
        e = make_expr(ExprKind::Table, pos);
        e->args.push_back(first);
        while (accept(Tok::Comma)) e->args.push_back(expression());
        expect(Tok::RBracket, "to close the table");
        return subscripts(literal_suffix(e));  // [1, 2](POINT): a record or typed table
      }
      case Tok::KwMostpos: case Tok::KwMostneg:
        e = make_expr(t.kind == Tok::KwMostpos ? ExprKind::MostPos : ExprKind::MostNeg, pos);
        advance();
        e->target = type();
        return e;
      case Tok::KwOffsetof: {  // KRoC: OFFSETOF (record type, field)
        e = make_expr(ExprKind::Offsetof, pos);
        advance();
        expect(Tok::LParen, "after OFFSETOF");
        e->target = type();
        expect(Tok::Comma, "between the record type and the field of OFFSETOF");
        e->name = expect_name("a field name");
        expect(Tok::RParen, "to close OFFSETOF (");
        return e;
      }
      case Tok::KwBytesin: {
        e = make_expr(ExprKind::BytesIn, pos);
        advance();
        expect(Tok::LParen, "after BYTESIN");
        if (is_primitive_type(cur().kind) || at(Tok::LBracket) || at(Tok::KwChan))
          e->target = type();
        else
          e->lhs = expression();
        expect(Tok::RParen, "to close BYTESIN (");
        return e;
      }
      default:
        break;
    }
    if (is_primitive_type(t.kind)) {
      // Conversion: type [ROUND|TRUNC] operand
      e = make_expr(ExprKind::Conversion, pos);
      e->target = type();
      if (accept(Tok::KwRound)) e->conversion = ConversionMode::Round;
      else if (accept(Tok::KwTrunc)) e->conversion = ConversionMode::Trunc;
      e->lhs = is_monadic(cur().kind) ? monadic() : operand();
      return e;
    }
    if (is_monadic(t.kind)) return monadic();
    if (p_ > 0 && t_[p_ - 1].pos.line != t.pos.line && continues_line(t_[p_ - 1].kind))
      fail("expected an expression, found " + describe(t),
           "the line before ends with '" + std::string(t_[p_ - 1].text) +
               "', so this line continues it; finish the expression there");
    fail("expected an expression, found " + describe(t));
  }

  Expr* subscripts(Expr* e) {
    while (at(Tok::LBracket)) {
      Expr* s = make_expr(ExprKind::Subscript, cur().pos);
      advance();
      s->lhs = e;
      s->rhs = expression();
      expect(Tok::RBracket, "to close the subscript");
      e = s;
    }
    return e;
  }

  std::vector<Token> t_;
  std::size_t p_ = 0;
  std::int64_t inserted_ = 0;  // tokens added by relayout_value_process so far
  Program& program_;
  Diagnostics& diags_;
  int depth_ = 0;
};

}  // namespace

Unit parse_unit(const std::vector<Token>& tokens, std::uint32_t file, Program& program,
                Diagnostics& diags) {
  if (tokens.empty()) return Unit{file, false, {}, {}, {}};
  Parser p(tokens, program, diags);
  return p.unit(file);
}

}  // namespace transit::occam
