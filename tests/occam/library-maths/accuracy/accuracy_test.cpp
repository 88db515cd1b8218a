// The elementary functions of snglmath.lib and dblmath.lib against the C library: sweep.occ runs
// natively, on the T800 and on the T414; the three outputs must be the same bytes (one occam
// implementation, the same IEEE arithmetic), and each result within 1 ulp of the long double
// reference (the worst error of each function is printed).
// Usage: accuracy_test TRANSIT SWEEP.occ
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  if (pclose(p) != 0) out += "\n(exit status not 0)\n";
  return out;
}

const char* const kNames[] = {"SIN", "COS", "TAN", "ASIN", "ACOS", "ATAN", "ATAN2",
                              "EXP", "ALOG", "ALOG10", "POWER", "SINH", "COSH", "TANH"};

long double reference(int f, long double x, long double y) {
  switch (f) {
    case 0: return sinl(x);
    case 1: return cosl(x);
    case 2: return tanl(x);
    case 3: return asinl(x);
    case 4: return acosl(x);
    case 5: return atanl(x);
    case 6: return atan2l(x, y);
    case 7: return expl(x);
    case 8: return logl(x);
    case 9: return log10l(x);
    case 10: return powl(x, y);
    case 11: return sinhl(x);
    case 12: return coshl(x);
    default: return tanhl(x);
  }
}

// |got - want| in units of the last place of the format at want (mantissa bits p, least exponent
// emin, largest finite value max: beyond it the result must be the infinity).
double ulps(long double got, long double want, int p, int emin, long double max) {
  if (std::isnan(want)) return std::isnan(got) ? 0 : 1e9;
  if (std::fabs(want) > max) return std::isinf(got) && (got > 0) == (want > 0) ? 0 : 1e9;
  if (std::isinf(want) || std::isinf(got)) return got == want ? 0 : 1e9;
  int e = want == 0 ? emin : std::max(std::ilogb(want), emin);
  return double(std::fabs(got - want) / std::ldexp(1.0L, e - p + 1));
}

std::uint64_t hex(const std::string& s) { return std::stoull(s, nullptr, 16); }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: accuracy_test TRANSIT SWEEP.occ\n");
    return 2;
  }
  std::string transit = argv[1], sweep = argv[2];
  std::string native = run(transit + " run " + sweep);
  int failures = 0;
  for (const char* chip : {"t800", "t414"}) {
    std::string target = run(transit + " run --target " + chip + " " + sweep);
    if (target != native) {
      std::printf("FAIL: the %s's output differs from the native run's\n", chip);
      ++failures;
    }
  }
  double worst[28] = {};
  long double worst_x[28] = {}, worst_y[28] = {};
  int count = 0;
  std::istringstream lines(native);
  for (std::string line; std::getline(lines, line);) {
    // F#XXXXXXXX#YYYYYYYY#RRRRRRRR (REAL32) or F#XXXXXXXXXXXXXXXX... in two words each (REAL64)
    std::vector<std::string> parts;
    std::stringstream ss(line);
    for (std::string p; std::getline(ss, p, '#');) parts.push_back(p);
    int f = std::stoi(parts.at(0));
    long double x, y, got;
    if (f < 14) {
      auto as32 = [](std::uint64_t b) { float v; std::uint32_t w = std::uint32_t(b); std::memcpy(&v, &w, 4); return (long double)v; };
      x = as32(hex(parts.at(1))), y = as32(hex(parts.at(2))), got = as32(hex(parts.at(3)));
    } else {
      auto as64 = [&](int i) { double v; std::uint64_t w = (hex(parts.at(i)) << 32) | hex(parts.at(i + 1)); std::memcpy(&v, &w, 8); return (long double)v; };
      x = as64(1), y = as64(3), got = as64(5);
    }
    long double want = reference(f % 14, x, y);
    double e = f < 14 ? ulps(got, want, 24, -126, std::numeric_limits<float>::max()) : ulps(got, want, 53, -1022, std::numeric_limits<double>::max());
    if (e > worst[f]) worst[f] = e, worst_x[f] = x, worst_y[f] = y;
    ++count;
  }
  for (int f = 0; f < 28; ++f) {
    double limit = 1.0;
    bool ok = worst[f] < limit;
    std::string name = std::string(f < 14 ? "" : "D") + kNames[f % 14];
    std::printf("%-7s worst %.3f ulp at (%.17Lg, %.17Lg)%s\n", name.c_str(), worst[f], worst_x[f], worst_y[f], ok ? "" : "  FAIL");
    if (!ok) ++failures;
  }
  std::printf("%d results, %d failures\n", count, failures);
  return failures == 0 && count == 28 * 48 ? 0 : 1;
}
