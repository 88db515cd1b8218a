// Parsing and help from a command's option table (option_table.h).
#include "option_table.h"

#include <cerrno>
#include <cstdlib>

namespace transit::cli {
namespace {

bool is_help(std::string_view a) { return a == "-h" || a == "--help"; }

// A one-letter option with a value ("-I") also takes it joined ("-Idir").
bool takes_joined(const Option& o) { return o.name.size() == 2 && !o.value.empty(); }

const Option* find_option(const Command& c, std::string_view arg, const char** joined) {
  for (const Option& o : c.options) {
    if (arg == o.name) return &o;
    if (takes_joined(o) && arg.size() > 2 && arg.substr(0, 2) == o.name) {
      *joined = arg.data() + 2;
      return &o;
    }
  }
  return nullptr;
}

std::string str(std::string_view s) { return std::string(s); }

std::string option_words(const Option& o) {
  return o.value.empty() ? str(o.name) : str(o.name) + " " + str(o.value);
}

// Rows i.. of one group (or row i alone): the index after them.
std::size_t group_end(const Command& c, std::size_t i) {
  std::size_t j = i + 1;
  while (c.options[i].group != 0 && j < c.options.size() && c.options[j].group == c.options[i].group) ++j;
  return j;
}

// "-o OUT", "--tokens | --ast | --ir": rows [i, end).
std::string alternatives(const Command& c, std::size_t i, std::size_t end) {
  std::string w = option_words(c.options[i]);
  while (++i < end) w += " | " + option_words(c.options[i]);
  return w;
}

// Each needed row (or group) was given; else reports the first that was not.
std::optional<int> check_needed(const Command& c, const std::vector<bool>& given) {
  for (std::size_t i = 0; i < c.options.size();) {
    std::size_t end = group_end(c, i);
    bool any = false;
    for (std::size_t k = i; k < end; ++k) any = any || given[k];
    if (c.options[i].times == Times::needed && !any)
      return usage_error(c, (end - i > 1 ? "one of " : "") + alternatives(c, i, end) + " is needed");
    i = end;
  }
  return std::nullopt;
}

}  // namespace

int usage_error(const Command& c, const std::string& message) {
  std::fprintf(stderr, "transit %.*s: %s; see 'transit %.*s --help'\n", int(c.name.size()),
               c.name.data(), message.c_str(), int(c.name.size()), c.name.data());
  return kExitUsage;
}

std::optional<int> parse(const Command& c, Args args, void* target, Operands& out) {
  std::vector<bool> given(c.options.size());
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (c.rest == Rest::after_dashes && a == "--") {
      out.passed.assign(args.begin() + std::ptrdiff_t(i) + 1, args.end());
      break;
    }
    if (is_help(a)) {
      std::fputs(help_text(c).c_str(), stdout);
      return kExitOk;
    }
    if (a.size() < 2 || a[0] != '-') {  // an operand ("-" alone too)
      out.operands.push_back(args[i]);
      if (c.rest == Rest::after_operand) {
        out.passed.assign(args.begin() + std::ptrdiff_t(i) + 1, args.end());
        break;
      }
      continue;
    }
    const char* value = nullptr;
    const Option* o = find_option(c, a, &value);
    if (!o) return usage_error(c, "unknown option '" + str(a) + "'");
    if (!o->value.empty() && !value) {
      if (i + 1 >= args.size()) return usage_error(c, str(o->name) + " needs a value: " + str(o->value));
      value = args[++i];
    }
    if (!o->apply(target, value))
      return usage_error(c, "bad value '" + str(value ? value : "") + "' for " + option_words(*o) + " (" +
                                str(o->help) + ")");
    given[std::size_t(o - c.options.data())] = true;
  }
  return check_needed(c, given);
}

std::string usage_line(const Command& c, std::size_t width) {
  std::vector<std::string> words;
  for (std::size_t i = 0; i < c.options.size();) {
    std::size_t end = group_end(c, i);
    std::string w = alternatives(c, i, end);
    switch (c.options[i].times) {
      case Times::optional: w = "[" + w + "]"; break;
      case Times::repeatable: w = "[" + w + "]..."; break;
      case Times::needed: if (end - i > 1) w = "(" + w + ")"; break;
    }
    words.push_back(w);
    i = end;
  }
  if (!c.operands.empty()) words.push_back(str(c.operands));
  std::string head = "usage: transit " + str(c.name);
  std::string text = head, line = head;
  for (const std::string& w : words) {
    if (line.size() + 1 + w.size() > width && line.size() > head.size()) {
      line = std::string(head.size(), ' ');
      text += "\n" + line;
    }
    line += " " + w;
    text += " " + w;
  }
  return text + "\n";
}

std::string help_text(const Command& c) {
  std::string text = usage_line(c) + str(c.summary) + "\n\noptions:\n";
  std::size_t column = str("-h, --help").size();
  for (const Option& o : c.options) column = std::max(column, option_words(o).size());
  auto row = [&](const std::string& left, std::string_view help) {
    text += "  " + left + std::string(column - left.size() + 2, ' ') + str(help) + "\n";
  };
  for (const Option& o : c.options) row(option_words(o), o.help);
  row("-h, --help", "show this help and exit");
  if (!c.notes.empty()) text += "\n" + str(c.notes) + "\n";
  return text;
}

std::optional<std::uint32_t> parse_u32(const char* text) {
  auto v = parse_u64(text);
  if (!v || *v > 0xffffffffull) return std::nullopt;
  return std::uint32_t(*v);
}

std::optional<std::uint64_t> parse_u64(const char* text) {
  if (!text || *text < '0' || *text > '9') return std::nullopt;  // no sign, no blanks
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text, &end, 0);
  if (errno != 0 || *end != '\0') return std::nullopt;
  return std::uint64_t(v);
}

}  // namespace transit::cli
