// Traces of communications: values in occam notation, the tracers' filters, and the text handed to
// the attach server (attach_trace.h).
#include "attach_trace.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <mutex>
#include <vector>

#include "scheduler.h"
#include "transit/attach_trace.h"
#include "transit/process.h"

namespace transit {

void show_byte(std::string& out, unsigned char c) {
  out += '\'';
  switch (c) {
    case '\n': out += "*n"; break;
    case '\r': out += "*c"; break;
    case '\t': out += "*t"; break;
    case '\'': out += "*'"; break;
    case '"': out += "*\""; break;
    case '*': out += "**"; break;
    default:
      if (c >= 0x20 && c < 0x7f) {
        out += char(c);
      } else {
        static constexpr char hex[] = "0123456789ABCDEF";
        out += "*#";
        out += hex[c >> 4];
        out += hex[c & 15];
      }
  }
  out += '\'';
}

void show_number(std::string& out, long long v) { out += std::to_string(v); }
void show_number(std::string& out, unsigned long long v) { out += std::to_string(v); }

void show_number(std::string& out, double v, bool single) {
  if (!std::isfinite(v)) {
    out += std::isnan(v) ? "NaN" : (v > 0 ? "+Inf" : "-Inf");
    return;
  }
  char buf[64];
  auto [end, ec] = single ? std::to_chars(buf, buf + sizeof buf, float(v)) : std::to_chars(buf, buf + sizeof buf, v);
  std::string text(buf, ec == std::errc{} ? end : buf);
  // occam writes a real with a point and an upper-case exponent with its sign: 1.0E+20.
  std::size_t e = text.find('e');
  std::string mantissa = text.substr(0, e), exponent = e == std::string::npos ? "" : text.substr(e + 1);
  if (mantissa.find('.') == std::string::npos) mantissa += ".0";
  out += mantissa;
  if (!exponent.empty()) out += "E" + std::string(exponent[0] == '-' || exponent[0] == '+' ? "" : "+") + exponent;
}

}  // namespace transit

namespace transit::detail {

std::atomic<bool> tracing{false};

std::string channel_label(const char* name, const void* address);  // report.cpp
std::string process_name(const Process& p);
std::string site_text(const Site& s);

namespace {

constexpr std::size_t kPendingLimit = 1 << 20;  // bytes a tracer may fall behind before lines drop

std::mutex hub_mutex;
std::vector<std::shared_ptr<Tracer>> tracers;  // under hub_mutex

bool names_process(const std::string& wanted, const Process* p) {
  if (p == nullptr) return false;
  const std::string name = process_name(*p);
  return name == wanted || (name.size() > wanted.size() && name.compare(0, wanted.size(), wanted) == 0 &&
                            name[wanted.size()] == '[' && wanted.find('[') == std::string::npos);
}

std::string party(const Process* p, const SiteRef* site) {
  if (p == nullptr) return "?";
  std::string s = "#" + std::to_string(p->id) + " " + process_name(*p);
  if (site != nullptr) s += " at " + site_text(site->get());
  return s;
}

}  // namespace

void add_tracer(const std::shared_ptr<Tracer>& tracer) {
  std::lock_guard lock(hub_mutex);
  tracers.push_back(tracer);
  tracing.store(true, std::memory_order_relaxed);
}

void remove_tracer(const std::shared_ptr<Tracer>& tracer) {
  std::lock_guard lock(hub_mutex);
  std::erase(tracers, tracer);
  tracing.store(!tracers.empty(), std::memory_order_relaxed);
}

void remove_all_tracers() {
  std::lock_guard lock(hub_mutex);
  tracers.clear();
  tracing.store(false, std::memory_order_relaxed);
}

std::string take_pending(Tracer& tracer) {
  std::lock_guard lock(hub_mutex);
  std::string text = std::move(tracer.pending);
  tracer.pending.clear();
  if (tracer.dropped != 0) {
    text += "transit: trace: " + std::to_string(tracer.dropped) +
            " communications not shown (the inspector fell behind)\n";
    tracer.dropped = 0;
  }
  return text;
}

std::string counts_text(Tracer& tracer) {
  std::vector<std::pair<const void*, Tracer::Count>> counts;
  {
    std::lock_guard lock(hub_mutex);
    counts.assign(tracer.counts.begin(), tracer.counts.end());
  }
  std::string text;
  for (auto& [key, c] : counts)
    text += std::to_string(c.communications) + "\t" +
            (c.named ? std::string(static_cast<const char*>(key)) : channel_label(nullptr, key)) + "\n";
  return text;
}

void trace_communication(const void* channel, const char* name, const Process* writer, const SiteRef* writer_site,
                         const Process* reader, const SiteRef* reader_site, ShowValue show, const void* value) noexcept {
  try {
    std::vector<std::shared_ptr<Tracer>> woken;
    std::string line;
    std::unique_lock lock(hub_mutex);
    for (auto& t : tracers) {
      if (t->counting) {
        Tracer::Count& c = t->counts[name ? static_cast<const void*>(name) : channel];
        c.named = name != nullptr;
        ++c.communications;
        continue;
      }
      if (!(name != nullptr && t->name == name) && !names_process(t->name, writer) && !names_process(t->name, reader))
        continue;
      if (line.empty()) {
        const Scheduler* s = active_scheduler;
        line = "clock " + std::to_string(s ? s->now() : 0) + ": " +
               (name ? std::string(name) : channel_label(name, channel)) + " ! ";
        show(line, value);
        line += "  (" + party(writer, writer_site) + " -> " + party(reader, reader_site) + ")\n";
      }
      if (t->pending.size() + line.size() > kPendingLimit) {
        ++t->dropped;
        continue;
      }
      if (t->pending.empty()) woken.push_back(t);
      t->pending += line;
    }
    lock.unlock();
    for (auto& t : woken) t->wake();
  } catch (...) {
    // Out of memory while tracing: the communication goes on untraced.
  }
}

}  // namespace transit::detail
