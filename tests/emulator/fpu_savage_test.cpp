// The Savage benchmark (corpus savage.b8h, Inmos ANSI C for the T800): tan, atan, exp, log and
// sqrt in REAL64 on the FPU, 2500 times. It prints its result and error to 17 digits, so it passes
// only if every FPU operation is IEEE-exact. Runs the boot file as `iserver -se -sb` would and
// compares the output (CR and NUL removed) with what the corpus README says.
// Usage: fpu_savage_test CORPUS_DIR. Exit 77 (skipped) when the corpus is absent.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "transit/emu/node/transputer.h"
#include "transit/emu/host/host_link.h"
#include "transit/emu/host/iserver.h"
#include "transit/emu/host/session.h"

using namespace transit::emu;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  const std::string path = std::string(argv[1]) + "/savage.b8h";
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::printf("SKIP: %s is absent (the shared transputer corpus is not here)\n", path.c_str());
    return 77;
  }
  std::vector<std::uint8_t> image((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());

  std::FILE* out = std::tmpfile();
  std::FILE* in = std::tmpfile();  // no keyboard input
  if (!out || !in) {
    std::perror("tmpfile");
    return 1;
  }
  NodeConfig config;
  config.chip = Chip::T800;
  config.memory_bytes = 4u << 20;
  config.stop_on_error = true;  // -se
  HostOptions options;
  options.program = "savage.b8h";
  options.board_size = config.memory_bytes;
  options.in = in;
  options.out = out;
  IServer server(options);
  Transputer node(config);
  HostLink host(server, node.links().bit_cycles());
  SessionOutcome r = run_session(node, host, image, Cycle(1) << 32);

  std::string output;
  std::rewind(out);
  for (int ch; (ch = std::fgetc(out)) != EOF;)
    if (ch != '\r' && ch != '\0') output += char(ch);
  const std::string expected =
      "Savage benchmark...\n   a = 2500.0000000011773400\ndiff = -1.1773408914450556e-09\n";
  bool ok = r.kind == SessionOutcome::Kind::Exited && r.exit_status == 0 && output == expected;
  if (!ok) {
    std::printf("FAIL: savage.b8h printed:\n%s\nexpected:\n%s\n(outcome %d, status %d: %s)\n", output.c_str(),
                expected.c_str(), int(r.kind), r.exit_status, r.message.c_str());
    return 1;
  }
  std::printf("savage.b8h: exact, %llu cycles\n", static_cast<unsigned long long>(node.now()));
  return 0;
}
