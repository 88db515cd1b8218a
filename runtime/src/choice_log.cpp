#include "choice_log.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace transit::detail {

namespace {
constexpr const char* header = "transit choices 2";
constexpr const char* prefix_header = "transit choices 2 prefix";  // a run's start (write_choice_file)
constexpr const char* header_v1 = "transit choices 1";                // ALT choices only: still read
std::atomic<std::uint64_t> recorders{0};

// Writes the first line and then `body` to `path`; false and `problem` set when it cannot.
template <class Body>
bool write_recording(const std::string& path, const char* first, Body body, std::string& problem) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) {
    problem = std::strerror(errno);
    return false;
  }
  out << first << "\n";
  body(out);
  out.flush();
  if (!out) {
    problem = "write failed";
    return false;
  }
  return true;
}
}  // namespace

ChoiceRecorder::ChoiceRecorder() : serial_(recorders.fetch_add(1, std::memory_order_relaxed) + 1) {}

}  // namespace transit::detail

namespace transit {

std::uint64_t child_choice_key(std::uint64_t parent, std::size_t branch) noexcept {
  // splitmix64 of the pair: distinct keys for distinct paths but with negligible probability.
  std::uint64_t z = parent * 0x9e3779b97f4a7c15ULL + branch + 1;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return (z ^ (z >> 31)) | 2;  // never 0 nor root_choice_key
}

bool write_choice_file(const std::string& path, const std::vector<RecordedChoice>& choices, bool prefix,
                       std::string& problem) {
  return detail::write_recording(
      path, prefix ? detail::prefix_header : detail::header,
      [&](std::ostream& out) {
        for (const RecordedChoice& c : choices) out << c.key << " " << c.guard << "\n";
      },
      problem);
}

}  // namespace transit

namespace transit::detail {

void ChoiceRecorder::note(ChoiceKind kind, std::uint64_t key, std::uint64_t value) {
  // This thread's log of this recorder (a recorder's serial, not its address, which the next
  // run's may reuse).
  thread_local std::vector<Choice>* log = nullptr;
  thread_local std::uint64_t owner = 0;
  if (owner != serial_) {
    std::lock_guard lock(mutex_);
    logs_.push_back(std::make_unique<std::vector<Choice>>());
    log = logs_.back().get();
    owner = serial_;
  }
  log->push_back({next_order_.fetch_add(1, std::memory_order_relaxed), key, value, kind});
}

bool ChoiceRecorder::write(const std::string& path, std::string& problem) const {
  std::vector<Choice> all;
  {
    std::lock_guard lock(mutex_);
    for (const auto& log : logs_) all.insert(all.end(), log->begin(), log->end());
  }
  std::sort(all.begin(), all.end(), [](const Choice& a, const Choice& b) { return a.order < b.order; });
  return write_recording(
      path, header,
      [&](std::ostream& out) {
        for (const Choice& c : all) {
          switch (c.kind) {
            case ChoiceKind::guard: out << c.key << " " << c.value << "\n"; break;
            case ChoiceKind::partner: out << "m " << c.key << " " << c.value << "\n"; break;
            case ChoiceKind::time: out << "t " << c.key << " " << static_cast<std::int64_t>(c.value) << "\n"; break;
          }
        }
      },
      problem);
}

std::optional<ChoiceReplay> ChoiceReplay::load(const std::string& path, std::string& problem) {
  std::ifstream in(path);
  if (!in) {
    problem = std::strerror(errno);
    return std::nullopt;
  }
  std::string line;
  if (!std::getline(in, line) || (line != header && line != prefix_header && line != header_v1)) {
    problem = "line 1: not a recording of transit run --record or transit verify --trace-out (expected '" +
              std::string(header) + "')";
    return std::nullopt;
  }
  ChoiceReplay replay;
  replay.prefix_ = line == prefix_header;
  for (int number = 2; std::getline(in, line); ++number) {
    std::istringstream fields(line);
    std::string tag;
    std::uint64_t key = 0;
    std::uint64_t partner = 0;
    std::int64_t time = 0;
    std::uint32_t guard = 0;
    std::string rest;
    bool ok = false;
    if (line.starts_with("m ")) {
      ok = fields >> tag >> key >> partner && !(fields >> rest);
      if (ok) {
        replay.by_process_[key].partners.values.push_back(partner);
        replay.by_process_[partner].partners.values.push_back(key);
      }
    } else if (line.starts_with("t ")) {
      ok = fields >> tag >> key >> time && !(fields >> rest);
      if (ok) replay.by_process_[key].times.values.push_back(time);
    } else {
      ok = fields >> key >> guard && !(fields >> rest);
      if (ok) replay.by_process_[key].guards.values.push_back(guard);
    }
    if (!ok) {
      problem = "line " + std::to_string(number) +
                ": expected a process key and a guard index, 'm KEY PARTNER' or 't KEY TIME', got '" + line + "'";
      return std::nullopt;
    }
  }
  return replay;
}

std::optional<std::uint32_t> ChoiceReplay::next(std::uint64_t key) {
  auto it = by_process_.find(key);
  return it == by_process_.end() ? std::nullopt : it->second.guards.take();
}

std::optional<std::uint64_t> ChoiceReplay::partner(std::uint64_t key) const {
  auto it = by_process_.find(key);
  return it == by_process_.end() ? std::nullopt : it->second.partners.peek();
}

void ChoiceReplay::met(std::uint64_t a, std::uint64_t b) {
  by_process_[a].partners.take();
  by_process_[b].partners.take();
}

std::optional<std::int64_t> ChoiceReplay::time(std::uint64_t key) {
  auto it = by_process_.find(key);
  return it == by_process_.end() ? std::nullopt : it->second.times.take();
}

}  // namespace transit::detail
