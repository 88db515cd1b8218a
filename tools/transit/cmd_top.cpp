// `transit top PID`: a live view of a running program, refreshed like top: its processes counted
// by state, the busiest channels by communications per second, the processes blocked longest; `/`
// then a name filters both lists, `q` quits and the program goes on. The data comes from attach
// (process records, transit/process_records.h, and a ChannelCounter, transit/attach.h).
#include <sys/ioctl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "cmd_attach_common.h"
#include "commands.h"
#include "transit/attach.h"
#include "transit/process_records.h"

namespace transit::cli {

namespace {

using Clock = std::chrono::steady_clock;

struct TopArgs {
  int interval_ms = 1000;
};

constexpr Option kOptions[] = {
    {"--interval", "MS", "refresh every MS milliseconds (100 to 60000; default 1000)",
     on<TopArgs>([](TopArgs& a, const char* v) {
       char* end = nullptr;
       const long ms = std::strtol(v, &end, 10);
       a.interval_ms = int(ms);
       return *end == 0 && ms >= 100 && ms <= 60000;
     })},
};


// The terminal in raw mode on the alternate screen while top runs; as it was afterwards.
class Screen {
 public:
  Screen() {
    tty_ = ::isatty(0) && ::tcgetattr(0, &saved_) == 0;
    if (tty_) {
      termios raw = saved_;
      raw.c_lflag &= tcflag_t(~(ICANON | ECHO));
      raw.c_cc[VMIN] = 0;
      raw.c_cc[VTIME] = 0;
      ::tcsetattr(0, TCSANOW, &raw);
    }
    std::fputs("\x1b[?1049h\x1b[?25l", stdout);
  }
  ~Screen() {
    std::fputs("\x1b[?25h\x1b[?1049l", stdout);
    std::fflush(stdout);
    if (tty_) ::tcsetattr(0, TCSANOW, &saved_);
  }
  // The terminal's size: rows, columns (24 by 80 when it does not say).
  static std::pair<int, int> size() {
    winsize w{};
    if (::ioctl(1, TIOCGWINSZ, &w) != 0 || w.ws_row == 0 || w.ws_col == 0) return {24, 80};
    return {w.ws_row, w.ws_col};
  }

 private:
  bool tty_ = false;
  termios saved_{};
};

struct Seen {
  std::string state, waits_on;
  Clock::time_point since;
};

struct ChannelRate {
  std::string name;
  double per_second = 0;
  std::uint64_t total = 0;
};

class Top {
 public:
  Top(long pid, int interval_ms, ChannelCounter counter)
      : pid_(pid), interval_(interval_ms), counter_(std::move(counter)), counted_since_(Clock::now()) {}

  // Takes a new snapshot and the channel counts; an error when the program cannot be reached.
  std::optional<AttachError> refresh() {
    auto text = attach_records(pid_);
    if (auto* error = std::get_if<AttachError>(&text)) return *error;
    auto records = parse_records(std::get<std::string>(text));
    if (!records) return AttachError{"process " + std::to_string(pid_) + " sent records top cannot read"};
    auto totals = counter_.totals();
    if (auto* error = std::get_if<AttachError>(&totals)) return *error;
    const Clock::time_point now = Clock::now();

    std::map<std::uint64_t, Seen> seen;
    for (const ProcessRecord& p : records->processes) {
      auto old = seen_.find(p.id);
      const bool same = old != seen_.end() && old->second.state == p.state && old->second.waits_on == p.waits_on;
      seen[p.id] = Seen{p.state, p.waits_on, same ? old->second.since : now};
    }
    seen_ = std::move(seen);

    std::map<std::string, std::uint64_t> by_name;
    for (auto& [name, count] : std::get<ChannelCounter::Totals>(totals)) by_name[name] += count;
    const double seconds = std::chrono::duration<double>(now - counted_since_).count();
    rates_.clear();
    for (auto& [name, total] : by_name) {
      auto last = totals_.find(name);
      const std::uint64_t before = last == totals_.end() ? 0 : last->second;
      rates_.push_back({name, seconds > 0 ? double(total - before) / seconds : 0, total});
    }
    std::stable_sort(rates_.begin(), rates_.end(), [](auto& a, auto& b) { return a.per_second > b.per_second; });
    totals_ = std::move(by_name);
    counted_since_ = now;
    records_ = std::move(*records);
    return std::nullopt;
  }

  // A key typed: returns false for q (outside the filter's line).
  bool key(char c) {
    if (typing_) {
      if (c == '\n' || c == '\r') {
        filter_ = typed_;
        typing_ = false;
      } else if (c == 27) {
        typing_ = false;
      } else if ((c == 127 || c == 8) && !typed_.empty()) {
        typed_.pop_back();
      } else if (c >= 0x20 && c < 0x7f && typed_.size() < 60) {
        typed_ += c;
      }
      return true;
    }
    if (c == 'q' || c == 'Q') return false;
    if (c == '/') {
      typing_ = true;
      typed_.clear();
    }
    return true;
  }

  void draw() const {
    const Clock::time_point now = Clock::now();
    auto shown = [this](const std::string& name) { return filter_.empty() || name.find(filter_) != std::string::npos; };
    std::string out = "\x1b[H\x1b[2J";
    std::map<std::string, int> states;
    std::vector<const ProcessRecord*> blocked;
    int live = 0;
    for (const ProcessRecord& p : records_.processes) {
      if (!shown(p.name)) continue;
      ++live;
      ++states[p.state];
      if (p.state != "ready" && p.state != "running" && p.state != "par") blocked.push_back(&p);
    }
    char line[512];
    std::snprintf(line, sizeof line, "transit top: pid %ld, %d live processes%s, every %.1f s   (q quits, / filters by name)\n",
                  pid_, live, filter_.empty() ? "" : " matching the filter", interval_ / 1000.0);
    out += line;
    out += "states:";
    for (auto& [state, n] : states) out += " " + std::to_string(n) + " " + state;
    out += "\n";
    out += typing_ ? "filter: /" + typed_ + "_\n" : filter_.empty() ? "\n" : "filter: " + filter_ + "\n";

    const auto [rows, columns] = Screen::size();
    const int room = std::max(4, rows - 8);
    out += "\nCHANNEL                         COMMS/S       TOTAL\n";
    int n = 0;
    for (const ChannelRate& r : rates_) {
      if (!shown(r.name) || n++ == room / 2) continue;
      std::snprintf(line, sizeof line, "%-28.28s %10.1f %11llu\n", r.name.c_str(), r.per_second,
                    static_cast<unsigned long long>(r.total));
      out += line;
    }
    std::stable_sort(blocked.begin(), blocked.end(), [this](auto* a, auto* b) {
      return seen_.at(a->id).since < seen_.at(b->id).since;
    });
    out += "\nBLOCKED LONGEST                 STATE      FOR  WAITS ON\n";
    n = 0;
    for (const ProcessRecord* p : blocked) {
      if (n++ == room - room / 2) break;
      const double seconds = std::chrono::duration<double>(now - seen_.at(p->id).since).count();
      const std::string site = p->site.substr(p->site.rfind('/') + 1);  // the file without its directory
      std::snprintf(line, sizeof line, "%-31.31s %-8.8s %6.1fs  %s%s%s\n", ("#" + std::to_string(p->id) + " " + p->name).c_str(),
                    p->state.c_str(), seconds, p->waits_on.c_str(), site.empty() ? "" : " at ", site.c_str());
      out += line;
    }
    // Each line cut at the terminal's width, so that none wraps.
    for (std::size_t at = 0, nl; (nl = out.find('\n', at)) != std::string::npos; at = nl + 1)
      if (nl - at > std::size_t(columns)) {
        out.erase(at + std::size_t(columns), nl - at - std::size_t(columns));
        nl = at + std::size_t(columns);
      }
    std::fputs(out.c_str(), stdout);
    std::fflush(stdout);
  }

  int interval_ms() const { return interval_; }

 private:
  long pid_;
  int interval_;
  ChannelCounter counter_;
  Clock::time_point counted_since_;
  ProcessRecords records_;
  std::map<std::uint64_t, Seen> seen_;  // by process id: its state and since when top has seen it so
  std::map<std::string, std::uint64_t> totals_;
  std::vector<ChannelRate> rates_;
  std::string filter_, typed_;
  bool typing_ = false;
};

int run(Args args) {
  Operands in;
  TopArgs a;
  if (auto status = parse(top_command, args, &a, in)) return *status;
  int status = kExitUsage;
  const std::optional<long> pid = pid_operand(top_command, in, status);
  if (!pid) return status;
  auto opened = ChannelCounter::open(*pid);
  if (auto* error = std::get_if<AttachError>(&opened)) {
    std::fprintf(stderr, "transit top: %s\n", error->message.c_str());
    return kExitFailure;
  }
  Top top(*pid, a.interval_ms, std::move(std::get<ChannelCounter>(opened)));

  catch_interrupts();
  std::optional<AttachError> error;
  {
    Screen screen;
    Clock::time_point next = Clock::now();
    bool going = true;
    while (going && !interrupted.load()) {
      if (Clock::now() >= next) {
        if ((error = top.refresh())) break;
        next = Clock::now() + std::chrono::milliseconds(top.interval_ms());
        top.draw();
      }
      pollfd p{0, POLLIN, 0};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(next - Clock::now()).count();
      if (::poll(&p, 1, int(std::max<long long>(left, 0))) <= 0 || !(p.revents & POLLIN)) continue;
      char keys[64];
      const ssize_t got = ::read(0, keys, sizeof keys);
      if (got <= 0) {
        // stdin ended: no keys will come; refresh until interrupted.
        ::usleep(useconds_t(std::max<long long>(left, 0)) * 1000);
        continue;
      }
      for (ssize_t i = 0; i < got && going; ++i) going = top.key(keys[i]);
      if (going) top.draw();
    }
  }
  if (error) {
    std::fprintf(stderr, "transit top: %s\n", error->message.c_str());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

const Command top_command{"top", "PID", "a live view of a running program's processes and channels", kOptions, run,
                          Rest::none,
                          "Refreshes like top: processes counted by state, the busiest channels by\n"
                          "communications per second, the processes blocked longest (FOR: since top first\n"
                          "saw them waiting on that, at every refresh since). Keys: / then a name and Enter\n"
                          "filters both lists by it (an empty name: no filter), Esc cancels, q quits;\n"
                          "the program goes on. While top runs the program counts its communications.\n"
                          "Exit status 1 when the program cannot be reached or ends."};

}  // namespace transit::cli
