// The shared corpus's INMOS TN07 ray tracer on a chain of T800s: raytrace2.btl with raytrace2.map
// (two nodes: the host boots processor 0 over link 0, processor 0 boots processor 1 down its link
// 2) or raytrace3 (three: processor 2 booted through processor 1). Key "4" picks image 4, and the
// picture written through SP_OPEN/SP_WRITE must be byte-identical to the reference (sha256 below);
// stdout must match the corpus README. Run on each number of host threads given, every node must
// end on the same cycle with the same instruction count.
// Usage: network_raytrace_test CORPUS_DIR NAME PROCESSORS THREADS...  (e.g. raytrace3 3 1 2).
// Exits 77 (skipped) when the corpus is absent.
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>
#include <unistd.h>

#include "transit/emu/network/network_session.h"

namespace {

constexpr const char* kExpectedSha256 = "92758200f3ae6c3f5180efec71175ac92df2365aa1a549f15ec9dc1ec5b8dd7d";

// SHA-256 (FIPS 180-4), enough to check one file.
std::string sha256(const std::string& data) {
  static constexpr std::uint32_t k[64] = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
      0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
      0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
      0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
      0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
      0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
      0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
  std::uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::string m = data;
  std::uint64_t bits = std::uint64_t(data.size()) * 8;
  m += char(0x80);
  while (m.size() % 64 != 56) m += char(0);
  for (int i = 7; i >= 0; --i) m += char(bits >> (8 * i));
  auto rotr = [](std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); };
  for (std::size_t off = 0; off < m.size(); off += 64) {
    std::uint32_t w[64];
    for (int i = 0; i < 16; ++i)
      w[i] = std::uint32_t(std::uint8_t(m[off + 4 * i])) << 24 | std::uint32_t(std::uint8_t(m[off + 4 * i + 1])) << 16 |
             std::uint32_t(std::uint8_t(m[off + 4 * i + 2])) << 8 | std::uint32_t(std::uint8_t(m[off + 4 * i + 3]));
    for (int i = 16; i < 64; ++i) {
      std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; ++i) {
      std::uint32_t t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
      std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      hh = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
  }
  char hex[65];
  for (int i = 0; i < 8; ++i) std::snprintf(hex + 8 * i, 9, "%08x", h[i]);
  return hex;
}

std::string read_all(std::FILE* f) {
  std::string s;
  std::rewind(f);
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) s.append(buf, n);
  return s;
}

int failures = 0;
void check(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "FAIL: %s\n", what.c_str());
    ++failures;
  }
}

struct RenderResult {
  std::vector<transit::network::NodeStats> nodes;
  double wall_seconds = 0;
};

// One run in a fresh temporary directory (the program writes ray.ppm into the working directory).
RenderResult render(const std::filesystem::path& corpus, const std::string& name, int processors, unsigned threads) {
  namespace fs = std::filesystem;
  char dir_template[] = "/tmp/transit-raytrace-XXXXXX";
  if (!mkdtemp(dir_template)) {
    check(false, "a temporary directory");
    return {};
  }
  fs::path dir = dir_template;
  fs::current_path(dir);

  std::FILE* in = std::tmpfile();
  std::FILE* out = std::tmpfile();
  std::fputs("4", in);
  std::rewind(in);

  transit::network::NetworkRunConfig cfg;
  cfg.boot_file = (corpus / (name + ".btl")).string();
  cfg.map_file = (corpus / (name + ".map")).string();
  cfg.node.chip = transit::emu::Chip::T800;
  cfg.node.stop_on_error = true;  // iserver -se
  cfg.max_cycles = 4'000'000'000;  // about 200 s simulated; the runs take 37 to 56
  cfg.threads = threads;
  cfg.host.program = cfg.boot_file;
  cfg.host.in = in;
  cfg.host.out = out;
  transit::network::NetworkRun run = transit::network::run_network_boot(cfg);

  std::string stdout_text;
  for (char c : read_all(out))
    if (c != '\r' && c != '\0') stdout_text += c;
  std::string ppm;
  if (std::FILE* f = std::fopen("ray.ppm", "rb")) {
    ppm = read_all(f);
    std::fclose(f);
  }
  std::fclose(in);
  std::fclose(out);
  fs::current_path("/");
  fs::remove_all(dir);

  std::string on = name + " on " + std::to_string(threads) + " host threads: ";
  check(run.result.outcome == transit::network::Outcome::Finished && run.status == 0,
        on + "the run ends with SP_EXIT success (status " + std::to_string(run.status) + "): " + run.message);
  check(ppm.size() == 196623, on + "ray.ppm has 196623 bytes (has " + std::to_string(ppm.size()) + ")");
  check(sha256(ppm) == kExpectedSha256, on + "ray.ppm sha256 is " + std::string(kExpectedSha256) + " (is " + sha256(ppm) + ")");
  // The corpus README's regex, checked piece by piece (std::regex is avoided: libstdc++'s recurses
  // per character and trips g++'s warnings under the sanitizers).
  const std::string head =
      std::string(59, ' ') + "\n" + "               RayTracer Image Selection                   \n" +
      "               =========================                   \n" + std::string(59, ' ') + "\n" +
      "               <1>  10 Sphere Image                        \n" +
      "               <2>  14 Sphere Image                        \n" +
      "               <3>  Cone, Ellipsoid Image                  \n" +
      "               <4>  Cylinder, Sphere Image                 \n" + std::string(59, ' ') + "\n" +
      " Your Selection 4\n The inmos ray tracer is GO\n";
  check(stdout_text.compare(0, head.size(), head) == 0, on + "stdout starts with the menu and the selection");
  // The end: " received c.stop\n DONE, took +[0-9]+\.[0-9]+ seconds on +2 processors\.\n OK, all done!!\n"
  std::size_t tail_at = stdout_text.rfind(" received c.stop\n");
  check(tail_at != std::string::npos, on + "stdout has ' received c.stop'");
  if (tail_at != std::string::npos) {
    std::string tail = stdout_text.substr(tail_at + std::strlen(" received c.stop\n"));
    auto eat = [&](const char* text) {
      if (tail.compare(0, std::strlen(text), text) != 0) return false;
      tail.erase(0, std::strlen(text));
      return true;
    };
    auto spaces = [&] {  // one or more
      std::size_t i = 0;
      while (i < tail.size() && tail[i] == ' ') ++i;
      tail.erase(0, i);
      return i > 0;
    };
    auto digits = [&] {  // one or more
      std::size_t i = 0;
      while (i < tail.size() && std::isdigit(static_cast<unsigned char>(tail[i]))) ++i;
      tail.erase(0, i);
      return i > 0;
    };
    bool ok = eat(" DONE, took") && spaces() && digits() && eat(".") && digits() && eat(" seconds on") && spaces() &&
              eat((std::to_string(processors) + " processors.\n OK, all done!!\n").c_str()) && tail.empty();
    check(ok, on + "stdout ends with the DONE and OK lines:\n" + stdout_text.substr(tail_at));
  }
  // Each worker prints "Worker N DONE, R rays, J render jobs": 388039 rays and 1024 jobs in all.
  long rays = 0, jobs = 0;
  std::istringstream lines(stdout_text);
  for (std::string line; std::getline(lines, line);) {
    int worker = 0;
    long r = 0, j = 0;
    char rest[32] = {};
    if (std::sscanf(line.c_str(), " Worker %d DONE, %ld rays, %ld render %31s", &worker, &r, &j, rest) == 4 &&
        std::strcmp(rest, "jobs") == 0) {
      rays += r;
      jobs += j;
    }
  }
  check(rays == 388039, on + "workers traced 388039 rays (" + std::to_string(rays) + ")");
  check(jobs == 1024, on + "workers did 1024 render jobs (" + std::to_string(jobs) + ")");

  if (failures) std::fprintf(stderr, "stdout was:\n%s\n", stdout_text.substr(0, 2000).c_str());
  return {run.result.nodes, run.result.wall_seconds};
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR NAME PROCESSORS THREADS...\n", argv[0]);
    return 2;
  }
  fs::path corpus = fs::absolute(argv[1]);
  std::string name = argv[2];
  int processors = std::atoi(argv[3]);
  if (!fs::exists(corpus / (name + ".btl")) || !fs::exists(corpus / (name + ".map"))) {
    std::printf("skipped: the shared corpus (%s.btl and .map) is not at %s\n", name.c_str(), corpus.c_str());
    return 77;
  }
  std::vector<RenderResult> runs;
  for (int i = 4; i < argc; ++i) {
    unsigned threads = unsigned(std::atoi(argv[i]));
    runs.push_back(render(corpus, name, processors, threads));
    const RenderResult& r = runs.back();
    std::printf("%s on %u host threads:", name.c_str(), threads);
    for (std::size_t n = 0; n < r.nodes.size(); ++n)
      std::printf(" node %zu %llu cycles %llu instructions;", n, (unsigned long long)r.nodes[n].cycles,
                  (unsigned long long)r.nodes[n].instructions);
    std::printf(" %.1f s wall\n", r.wall_seconds);
    if (runs.size() > 1) {
      bool same = r.nodes.size() == runs[0].nodes.size();
      for (std::size_t n = 0; same && n < r.nodes.size(); ++n)
        same = r.nodes[n].cycles == runs[0].nodes[n].cycles && r.nodes[n].instructions == runs[0].nodes[n].instructions &&
               r.nodes[n].bytes_in == runs[0].nodes[n].bytes_in && r.nodes[n].bytes_out == runs[0].nodes[n].bytes_out;
      check(same, name + ": every node ends on the same cycle with the same instructions and link bytes on " +
                      std::string(argv[i]) + " host threads as on " + argv[4]);
    }
  }
  if (failures) return 1;
  std::printf("%s: ray.ppm exact on every run\n", name.c_str());
  return 0;
}
