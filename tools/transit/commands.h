// The subcommands of `transit`: each is a function over its own arguments (argv after the
// subcommand name) returning the process exit status. The table lives in main.cpp.
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <span>
#include <string_view>

namespace transit::cli {

using Args = std::span<char* const>;

struct Command {
  std::string_view name;
  std::string_view usage;    // one line: arguments
  std::string_view summary;  // one line: what it does
  int (*run)(Args args);
};

// Exit statuses shared by every subcommand (documented in docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;   // the program or tool reported an error
inline constexpr int kExitUsage = 2;     // bad command line

// A whole command-line number (decimal, 0x hex or 0 octal) that fits in 32 bits; nullopt otherwise.
inline std::optional<std::uint32_t> parse_u32(const char* text) {
  if (!text || !*text || *text == '-') return std::nullopt;
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text, &end, 0);
  if (errno != 0 || *end != '\0' || v > 0xffffffffull) return std::nullopt;
  return std::uint32_t(v);
}

int cmd_version(Args args);
int cmd_build(Args args);
int cmd_run(Args args);
int cmd_emu(Args args);
int cmd_asm(Args args);
int cmd_dis(Args args);
int cmd_check(Args args);
int cmd_dump(Args args);
int cmd_verify(Args args);

}  // namespace transit::cli
