// A command of `transit` and its options, as one table that drives parsing, `--help` and the
// usage line of `transit help`, so the three cannot drift apart.
//
// Adding an option is one row in its command's table (cmd_<name>.cpp):
//   {"--seed", "N", "what it does, one line", on<RunArgs>([](RunArgs& a, const char* v) { ...; return ok; })}
// The action gets the value (null for a flag) and returns false for a bad value; the parser then
// reports it with the row's help line. Rows used by several commands live in occam_options.h.
// Adding a command is one Command (name, operands, summary, options, run) in its own
// cmd_<name>.cpp, one line in commands.h, one row in commands.cpp and one in tools/meson.build;
// tests/cli checks its --help and docs/cli.md.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace transit::cli {

using Args = std::span<char* const>;

// Exit statuses shared by every command (docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the program or tool reported an error
inline constexpr int kExitUsage = 2;    // bad command line
// The user ended a run early by closing its --view window, as Ctrl-C does (128 + SIGINT), for every command
// (docs/cli.md). Closing the window after the run ended is a normal end: the run's own status.
inline constexpr int kExitStoppedByUser = 130;

// What an option does to the command's argument record (`target`, the command's own struct).
using Action = bool (*)(void* target, const char* value);

// Wraps a capture-free lambda over the command's struct T as an Action.
template <class T, class F>
constexpr Action on(F) {
  static_assert(std::is_empty_v<F>, "an option's action captures nothing");
  return [](void* target, const char* value) { return F{}(*static_cast<T*>(target), value); };
}

enum class Times : std::uint8_t {
  optional,    // shown as "[-o OUT]"
  repeatable,  // may be given more than once: "[-I DIR]..."
  needed,      // must be given: "-o OUT" (the parser says so when it is not)
};

struct Option {
  std::string_view name;   // "--seed", "-I"; a one-letter option with a value also takes it joined ("-Idir")
  std::string_view value;  // what its value is ("N", "DIR"); empty: a flag, which takes none
  std::string_view help;   // one line: what it does
  Action apply;
  Times times = Times::optional;
  std::uint8_t group = 0;  // consecutive rows of one non-zero group are alternatives ("[--a | --b]");
                           // a group is needed when its first row is
};

// Where the arguments that are not options go.
enum class Rest : std::uint8_t {
  none,            // every argument is an option or an operand
  after_operand,   // the first operand ends the options: it and all after it are passed on (run)
  after_dashes,    // "--" ends the options: all after it are passed on (emu)
};

struct Command {
  std::string_view name;
  std::string_view operands;  // the arguments that are not options, e.g. "FILE.occ [ARGS...]"
  std::string_view summary;   // one line: what it does
  std::span<const Option> options;
  int (*run)(Args args);
  Rest rest = Rest::none;
  std::string_view notes{};   // more lines for --help (may be empty)
};

// The arguments left after the options.
struct Operands {
  std::vector<const char*> operands;  // in order
  std::vector<const char*> passed;    // what Rest passes on (the program's arguments)
};

// Parses `args` by c's table, applying each option to `target` (c's own struct). Returns nullopt to
// go on, or the status to exit with at once: 0 after -h/--help printed the help, kExitUsage after
// an unknown option, a missing or bad value, or a needed option not given was reported on stderr.
std::optional<int> parse(const Command& c, Args args, void* target, Operands& out);

// A command-line error that is not an option's: "transit CMD: MESSAGE", a pointer at --help; kExitUsage.
int usage_error(const Command& c, const std::string& message);

// "transit run [--threads N] ... FILE.occ [ARGS...]", wrapped to `width` columns.
std::string usage_line(const Command& c, std::size_t width = 100);
// The whole help of a command: usage line, summary, each option with its help, notes.
std::string help_text(const Command& c);

// A whole command-line number (decimal, 0x hex or 0 octal) that fits in 32 bits; nullopt otherwise.
std::optional<std::uint32_t> parse_u32(const char* text);
// A whole command-line number (decimal, 0x hex or 0 octal) that fits in 64 bits; nullopt otherwise.
std::optional<std::uint64_t> parse_u64(const char* text);

}  // namespace transit::cli
