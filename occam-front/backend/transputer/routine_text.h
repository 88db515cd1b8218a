// Assembly text of the routines written once into a program (long.cpp's INT64 routines, real_soft.cpp's
// software floating point): a line per instruction, with helpers for word pairs in locals.
#pragma once

#include <initializer_list>
#include <string>

namespace transit::occam::backend::tp {

// Assembly text of the routines, a line per instruction.
struct Text {
  std::string s;
  Text& operator()(const std::string& line) {
    s += (line.back() == ':' ? "" : "    ") + line + "\n";
    return *this;
  }
  Text& ins(std::initializer_list<const char*> lines) {
    for (const char* l : lines) (*this)(l);
    return *this;
  }
  static std::string n(int k) { return std::to_string(k); }
  // The INT64 at the address in local `ptr` to locals lo, lo + 1.
  Text& load_pair(int ptr, int lo) {
    for (int k = 0; k < 2; ++k) (*this)("ldl " + n(ptr))("ldnl " + n(k))("stl " + n(lo + k));
    return *this;
  }
  // Locals lo, lo + 1 to the INT64 at word `at` of the address in local `ptr`.
  Text& store_pair(int lo, int ptr, int at) {
    for (int k = 0; k < 2; ++k) (*this)("ldl " + n(lo + k))("ldl " + n(ptr))("stnl " + n(at + k));
    return *this;
  }
  // Locals lo, lo + 1 := 0 - them (modulo 2^64).
  Text& negate(int lo) {
    (*this)("ldc 0")("ldc 0")("ldl " + n(lo))("ldiff")("stl " + n(lo));
    return (*this)("ldc 0")("ldl " + n(lo + 1))("ldiff")("stl " + n(lo + 1));
  }
  // Flag local := flag XOR 1.
  Text& flip(int flag) { return (*this)("ldl " + n(flag))("ldc 1")("xor")("stl " + n(flag)); }
  // If the INT64 at lo is negative: negate it and flip each flag.
  Text& magnitude(int lo, std::initializer_list<int> flags, const std::string& done) {
    (*this)("ldc 0")("ldl " + n(lo + 1))("gt")("cj " + done);
    negate(lo);
    for (int f : flags) flip(f);
    return (*this)(done + ":");
  }
};


}  // namespace transit::occam::backend::tp
