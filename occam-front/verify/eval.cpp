// Expression evaluation with occam's run-time checks (eval.h).
#include "transit/occam/verify/eval.h"

#include <climits>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <utility>

namespace transit::occam::verify {

namespace {

int bits(ir::Prim p) {
  switch (p) {
    case ir::Prim::Bool: return 1;
    case ir::Prim::Byte: return 8;
    case ir::Prim::Int16: return 16;
    case ir::Prim::Int64: return 64;
    default: return 32;
  }
}
bool is_unsigned(ir::Prim p) { return p == ir::Prim::Byte || p == ir::Prim::Bool; }
Word min_of(ir::Prim p) { return is_unsigned(p) ? 0 : bits(p) == 64 ? LLONG_MIN : -(Word(1) << (bits(p) - 1)); }
Word max_of(ir::Prim p) { return bits(p) == 64 ? LLONG_MAX : is_unsigned(p) ? (Word(1) << bits(p)) - 1 : (Word(1) << (bits(p) - 1)) - 1; }
bool fits(ir::Prim p, Word v) { return v >= min_of(p) && v <= max_of(p); }
// v reduced modulo 2^bits into the type's range.
Word wrap(ir::Prim p, Word v) {
  int b = bits(p);
  if (b == 64) return v;
  std::uint64_t u = std::uint64_t(v) & ((std::uint64_t(1) << b) - 1);
  if (is_unsigned(p)) return Word(u);
  if (u >> (b - 1)) return Word(u) - (Word(1) << b);
  return Word(u);
}
std::uint64_t ubits(ir::Prim p, Word v) {
  int b = bits(p);
  return b == 64 ? std::uint64_t(v) : std::uint64_t(v) & ((std::uint64_t(1) << b) - 1);
}

[[noreturn]] void error(const Node& n, std::int32_t thread, const std::string& what) {
  throw RunError{n.site, thread, what};
}

// a op b for the comparisons, over integers or reals; none for another operator.
template <class T>
std::optional<Word> compare(ir::Op op, T a, T b) {
  switch (op) {
    case ir::Op::Eq: return a == b;
    case ir::Op::Ne: return a != b;
    case ir::Op::Lt: return a < b;
    case ir::Op::Le: return a <= b;
    case ir::Op::Gt: return a > b;
    case ir::Op::Ge: return a >= b;
    default: return std::nullopt;
  }
}

// ---- REAL32 and REAL64: a word holds the value's IEEE bits (a REAL32's zero-extended), and the
// arithmetic is the native run's (occam-front/backend/support/occam_arith.h: the same C++ operations
// in the same types, so the same bits, and the same errors).

template <class T>
T real_of(Word w) {
  if constexpr (sizeof(T) == 4) {
    std::uint32_t u = std::uint32_t(w);
    T f;
    std::memcpy(&f, &u, sizeof f);
    return f;
  } else {
    T f;
    std::memcpy(&f, &w, sizeof f);
    return f;
  }
}
template <class T>
Word word_of(T f) {
  if constexpr (sizeof(T) == 4) {
    std::uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return Word(u);
  } else {
    Word w;
    std::memcpy(&w, &f, sizeof w);
    return w;
  }
}

template <class T>
Word real_binary(const Node& n, std::int32_t t, Word wa, Word wb) {
  const T a = real_of<T>(wa), b = real_of<T>(wb);
  // A finite result from finite operands, else an error (occam's checked mode, as natively).
  auto result = [&](T r, const char* op) {
    if (!std::isfinite(r) && std::isfinite(a) && std::isfinite(b)) error(n, t, std::string("real overflow in ") + op);
    return word_of<T>(r);
  };
  switch (n.op) {
    case ir::Op::Add: return result(a + b, "+");
    case ir::Op::Sub: return result(a - b, "-");
    case ir::Op::Mul: return result(a * b, "*");
    case ir::Op::Div:
      if (b == 0 && std::isfinite(a)) error(n, t, "real division by zero (floating-point error)");
      return result(a / b, "/");
    case ir::Op::Rem:
      if (b == 0 && std::isfinite(a)) error(n, t, "real remainder by zero (floating-point error)");
      return word_of<T>(std::remainder(a, b));
    default:
      if (std::optional<Word> c = compare(n.op, a, b)) return *c;
      error(n, t, std::string("operator ") + ir::op_name(n.op) + " on a REAL");
  }
}

// v rounded to the real type To: to nearest, or (TRUNC) towards zero.
template <class To, class From>
To round_real(From v, bool trunc) {
  To r = To(v);  // the FPU rounds to nearest; step back toward zero when that overshot
  if (!trunc) return r;
  if constexpr (std::is_floating_point_v<From>) {
    if (std::isnan(v) || std::isinf(r)) return r;
  }
  long double lr = r, lv = v;
  if (lv >= 0 ? lr > lv : lr < lv) r = std::nextafter(r, To(0));
  return r;
}

// An integer (of prim `from`, value a) or a real (bits a) converted to the real type To.
template <class To>
Word to_real(const Node& n, std::int32_t t, Word a) {
  const bool trunc = n.mode == ir::ConvertMode::Trunc;
  switch (n.from) {
    case ir::Prim::Bool: return word_of<To>(To(a ? 1 : 0));
    case ir::Prim::Real32: return word_of<To>(To(real_of<float>(a)));  // exact either way
    case ir::Prim::Real64: {
      double v = real_of<double>(a);
      if constexpr (sizeof(To) == 8) return a;
      To r = round_real<To>(v, trunc);
      if (std::isinf(r) && std::isfinite(v)) error(n, t, "real overflow in conversion");
      return word_of<To>(r);
    }
    default:  // an integer: exact when To holds every value of it, else rounded as asked
      if (bits(n.from) < (sizeof(To) == 4 ? 24 : 53)) return word_of<To>(To(a));
      return word_of<To>(round_real<To>(a, trunc));
  }
}

// A real (bits a, of type From) converted to the integer prim `n.prim`: rounded to nearest (ties to
// even) or truncated; NaN and values out of range are errors.
template <class From>
Word real_to_int(const Node& n, std::int32_t t, Word a) {
  From v = real_of<From>(a);
  if (n.prim == ir::Prim::Bool) return v != 0;
  if (std::isnan(v)) error(n, t, "conversion of NaN to an integer");
  From r = n.mode == ir::ConvertMode::Trunc ? std::trunc(v) : std::nearbyint(v);
  // The range test is done in long double so that MOSTPOS INT64 + 1 is not rounded into range.
  long double lr = r;
  if (lr < (long double)min_of(n.prim) || lr > (long double)max_of(n.prim)) error(n, t, "conversion out of range");
  return Word(r);
}

}  // namespace

Word eval(const std::vector<Node>& nodes, std::int32_t id, const Word* mem, std::int32_t t) {
  const Node& n = nodes[std::size_t(id)];
  switch (n.kind) {
    case NodeKind::Const: return n.value;
    case NodeKind::Load:
      if (!mem) throw RunError{n.site, t, "a load while folding"};
      return mem[eval(nodes, n.a, mem, t)];
    case NodeKind::Index: {
      Word base = eval(nodes, n.a, mem, t), i = eval(nodes, n.b, mem, t);
      if (n.check) {
        Word len = eval(nodes, n.c, mem, t);
        if (i < 0 || i >= len) error(n, t, "array index out of range (" + std::to_string(i) + " not in 0.." + std::to_string(len - 1) + ")");
      }
      return base + i * n.value;
    }
    case NodeKind::Unary: {
      Word a = eval(nodes, n.a, mem, t);
      if (n.op == ir::Op::Neg && n.prim == ir::Prim::Real32) return word_of<float>(-real_of<float>(a));
      if (n.op == ir::Op::Neg && n.prim == ir::Prim::Real64) return word_of<double>(-real_of<double>(a));
      switch (n.op) {
        case ir::Op::Neg:
          if (n.check && !fits(n.prim, -a)) error(n, t, "arithmetic overflow in negation");
          return wrap(n.prim, -a);
        case ir::Op::ModNeg: return wrap(n.prim, Word(0 - std::uint64_t(a)));
        case ir::Op::BitNot: return wrap(n.prim, ~a);
        case ir::Op::Not: return !a;
        default: error(n, t, std::string("unary operator ") + ir::op_name(n.op));
      }
    }
    case NodeKind::Binary: {
      if (n.op == ir::Op::And) return eval(nodes, n.a, mem, t) && eval(nodes, n.b, mem, t);
      if (n.op == ir::Op::Or) return eval(nodes, n.a, mem, t) || eval(nodes, n.b, mem, t);
      Word a = eval(nodes, n.a, mem, t), b = eval(nodes, n.b, mem, t), r = 0;
      ir::Prim p = n.prim;
      if (p == ir::Prim::Real32) return real_binary<float>(n, t, a, b);
      if (p == ir::Prim::Real64) return real_binary<double>(n, t, a, b);
      auto checked = [&](bool overflow, Word v, const char* op) {
        if (n.check && (overflow || !fits(p, v))) error(n, t, std::string("arithmetic overflow in ") + op);
        return wrap(p, v);
      };
      switch (n.op) {
        case ir::Op::Add: { bool o = __builtin_add_overflow(a, b, &r); return checked(o, r, "+"); }
        case ir::Op::Sub: { bool o = __builtin_sub_overflow(a, b, &r); return checked(o, r, "-"); }
        case ir::Op::Mul: { bool o = __builtin_mul_overflow(a, b, &r); return checked(o, r, "*"); }
        case ir::Op::Div:
          if (b == 0) error(n, t, "division by zero");
          if (b == -1 && a == min_of(p)) {
            if (n.check) error(n, t, "arithmetic overflow in /");
            return a;
          }
          return a / b;
        case ir::Op::Rem:
          if (b == 0) error(n, t, "division by zero in \\");
          if (b == -1) return 0;
          return a % b;
        case ir::Op::Plus: return wrap(p, Word(std::uint64_t(a) + std::uint64_t(b)));
        case ir::Op::Minus: return wrap(p, Word(std::uint64_t(a) - std::uint64_t(b)));
        case ir::Op::Times: return wrap(p, Word(std::uint64_t(a) * std::uint64_t(b)));
        case ir::Op::BitAnd: return a & b;
        case ir::Op::BitOr: return a | b;
        case ir::Op::BitXor: return wrap(p, a ^ b);
        case ir::Op::Shl:
        case ir::Op::Shr:
          if (b < 0 || b > bits(p)) {
            if (n.check) error(n, t, "shift count out of range");
            return 0;
          }
          if (b == bits(p)) return 0;
          return n.op == ir::Op::Shl ? wrap(p, Word(ubits(p, a) << b)) : wrap(p, Word(ubits(p, a) >> b));
        case ir::Op::After: return wrap(p, Word(std::uint64_t(a) - std::uint64_t(b))) > 0;
        default:
          if (std::optional<Word> c = compare(n.op, a, b)) return *c;
          error(n, t, std::string("operator ") + ir::op_name(n.op));
      }
    }
    case NodeKind::Convert: {
      Word a = eval(nodes, n.a, mem, t);
      if (n.prim == ir::Prim::Real32) return to_real<float>(n, t, a);
      if (n.prim == ir::Prim::Real64) return to_real<double>(n, t, a);
      if (n.from == ir::Prim::Real32) return real_to_int<float>(n, t, a);
      if (n.from == ir::Prim::Real64) return real_to_int<double>(n, t, a);
      if (n.prim == ir::Prim::Bool && a != 0 && a != 1) error(n, t, "conversion out of range");
      if (!fits(n.prim, a)) {
        if (n.check) error(n, t, "conversion out of range");
        return wrap(n.prim, a);
      }
      return a;
    }
  }
  return 0;
}


}  // namespace transit::occam::verify
