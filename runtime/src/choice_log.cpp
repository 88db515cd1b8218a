#include "choice_log.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace transit::detail {

namespace {
constexpr const char* header = "transit choices 1";
constexpr const char* prefix_header = "transit choices 1 prefix";  // a run's start (write_choice_file)
std::atomic<std::uint64_t> recorders{0};
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
  std::ofstream out(path, std::ios::trunc);
  if (!out) {
    problem = std::strerror(errno);
    return false;
  }
  out << (prefix ? detail::prefix_header : detail::header) << "\n";
  for (const RecordedChoice& c : choices) out << c.key << " " << c.guard << "\n";
  out.flush();
  if (!out) {
    problem = "write failed";
    return false;
  }
  return true;
}

}  // namespace transit

namespace transit::detail {

void ChoiceRecorder::note(std::uint64_t key, std::uint32_t guard) {
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
  log->push_back({next_order_.fetch_add(1, std::memory_order_relaxed), key, guard});
}

bool ChoiceRecorder::write(const std::string& path, std::string& problem) const {
  std::vector<Choice> all;
  {
    std::lock_guard lock(mutex_);
    for (const auto& log : logs_) all.insert(all.end(), log->begin(), log->end());
  }
  std::sort(all.begin(), all.end(), [](const Choice& a, const Choice& b) { return a.order < b.order; });
  std::vector<RecordedChoice> choices;
  choices.reserve(all.size());
  for (const Choice& c : all) choices.push_back({c.key, c.guard});
  return write_choice_file(path, choices, false, problem);
}

std::optional<ChoiceReplay> ChoiceReplay::load(const std::string& path, std::string& problem) {
  std::ifstream in(path);
  if (!in) {
    problem = std::strerror(errno);
    return std::nullopt;
  }
  std::string line;
  if (!std::getline(in, line) || (line != header && line != prefix_header)) {
    problem = "line 1: not a recording of transit run --record or transit verify --trace-out (expected '" +
              std::string(header) + "')";
    return std::nullopt;
  }
  ChoiceReplay replay;
  replay.prefix_ = line == prefix_header;
  for (int number = 2; std::getline(in, line); ++number) {
    std::istringstream fields(line);
    std::uint64_t key = 0;
    std::uint32_t guard = 0;
    std::string rest;
    if (!(fields >> key >> guard) || (fields >> rest)) {
      problem = "line " + std::to_string(number) + ": expected a process key and a guard index, got '" + line + "'";
      return std::nullopt;
    }
    replay.by_process_[key].guards.push_back(guard);
  }
  return replay;
}

std::optional<std::uint32_t> ChoiceReplay::next(std::uint64_t key) {
  auto it = by_process_.find(key);
  if (it == by_process_.end() || it->second.taken == it->second.guards.size()) return std::nullopt;
  return it->second.guards[it->second.taken++];
}

}  // namespace transit::detail
