#include "transit/occam/ast/ast.h"

namespace transit::occam::ast {

const char* op_spelling(Op op) {
  switch (op) {
    case Op::None: return "?";
    case Op::Add: return "+";
    case Op::Sub: return "-";
    case Op::Mul: return "*";
    case Op::Div: return "/";
    case Op::Rem: return "\\";
    case Op::Plus: return "PLUS";
    case Op::Minus: return "MINUS";
    case Op::Times: return "TIMES";
    case Op::BitAnd: return "BITAND";
    case Op::BitOr: return "BITOR";
    case Op::BitXor: return "><";
    case Op::Shl: return "<<";
    case Op::Shr: return ">>";
    case Op::And: return "AND";
    case Op::Or: return "OR";
    case Op::Eq: return "=";
    case Op::Ne: return "<>";
    case Op::Lt: return "<";
    case Op::Gt: return ">";
    case Op::Le: return "<=";
    case Op::Ge: return ">=";
    case Op::After: return "AFTER";
    case Op::Neg: return "-";
    case Op::UMinus: return "MINUS";
    case Op::Not: return "NOT";
    case Op::BitNot: return "BITNOT";
  }
  return "?";
}

const char* type_kind_name(TypeKind k) {
  static const char* const names[] = {"<error>", "BOOL", "BYTE", "INT", "INT16", "INT32", "INT64",
                                      "REAL32", "REAL64", "array", "CHAN", "TIMER", "PORT",
                                      "named", "RECORD", "ANY"};
  return names[int(k)];
}

const char* expr_kind_name(ExprKind k) {
  static const char* const names[] = {"Error", "IntLit", "RealLit", "ByteLit", "BoolLit",
                                      "StringLit", "Table", "Name", "Subscript", "Slice",
                                      "Unary", "Binary", "Conversion", "MostPos", "MostNeg",
                                      "Size", "BytesIn", "Call", "Valof", "Counted",
                                      "Direction", "Offsetof"};
  return names[int(k)];
}

const char* process_kind_name(ProcessKind k) {
  static const char* const names[] = {"Error", "Skip", "Stop", "Assign", "Input",
                                      "DelayedInput", "TaggedInput", "CaseInput", "Output",
                                      "Seq", "Par", "If", "Alt", "While", "Case", "Call",
                                      "Processor"};
  return names[int(k)];
}

const char* spec_kind_name(SpecKind k) {
  static const char* const names[] = {"Decl", "Abbrev", "Retypes", "Reshapes", "Proc",
                                      "Function", "DataType", "Protocol", "Place"};
  return names[int(k)];
}

const char* decl_kind_name(DeclKind k) {
  static const char* const names[] = {"Variable", "Channel", "Timer", "Port", "ValAbbrev",
                                      "Abbrev", "Retypes", "Reshapes", "Formal", "ReplIndex",
                                      "Proc", "Function", "DataType", "Protocol", "Tag",
                                      "Field", "Builtin"};
  return names[int(k)];
}

}  // namespace transit::occam::ast
