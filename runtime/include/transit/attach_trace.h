// Tracing for `transit attach PID --trace NAME`: while an inspector traces, every rendezvous hands its
// value to trace_communication (cold), with the function that shows it in occam notation; while
// no one traces, a rendezvous reads one flag (`tracing`) and goes on (docs/runtime.md, "Attach").
//
//   template <> struct transit::TraceShow<Point> {             // how your own type is shown
//     static void show(std::string& out, const Point& p) { ... }
//   };
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <string>
#include <type_traits>

#include "transit/site.h"

namespace transit {

// Shows a BYTE or char as occam's character literal ('a', '*n', '*#07').
void show_byte(std::string& out, unsigned char c);
// Shows an integer, a BOOL (TRUE, FALSE) or a real (3.5, 1.0E+20) in occam notation.
void show_number(std::string& out, long long v);
void show_number(std::string& out, unsigned long long v);
void show_number(std::string& out, double v, bool single);

// How a value of T appears in a trace; specialise it for a type of your own. Types it does not
// know show their size: <24 bytes>.
template <class T>
struct TraceShow {
  static void show(std::string& out, const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      out += v ? "TRUE" : "FALSE";
    } else if constexpr (std::is_same_v<T, unsigned char> || std::is_same_v<T, char>) {
      show_byte(out, static_cast<unsigned char>(v));
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      show_number(out, static_cast<long long>(v));
    } else if constexpr (std::is_integral_v<T>) {
      show_number(out, static_cast<unsigned long long>(v));
    } else if constexpr (std::is_floating_point_v<T>) {
      show_number(out, static_cast<double>(v), sizeof(T) == sizeof(float));
    } else {
      out += "<" + std::to_string(sizeof(T)) + " bytes>";
    }
  }
};

// Shows n values of T from `first` as an occam table: [1, 2, 3].
template <class T>
void show_table(std::string& out, const T* first, std::size_t n) {
  out += '[';
  for (std::size_t i = 0; i < n; ++i) {
    if (i) out += ", ";
    TraceShow<T>::show(out, first[i]);
  }
  out += ']';
}

template <class T, std::size_t N>
struct TraceShow<std::array<T, N>> {
  static void show(std::string& out, const std::array<T, N>& a) { show_table(out, a.data(), N); }
};

namespace detail {

struct Process;

// True while an inspector traces (set by the attach server); read by every rendezvous.
extern std::atomic<bool> tracing;

using ShowValue = void (*)(std::string& out, const void* value);
template <class T>
void show_value(std::string& out, const void* value) {
  TraceShow<T>::show(out, *static_cast<const T*>(value));
}

// One communication on `channel` (its name may be null): the value `value`, shown by `show`, from
// `writer` at `writer_site` to `reader` at `reader_site`. Called before the value moves.
[[gnu::cold, gnu::noinline]] void trace_communication(const void* channel, const char* name, const Process* writer,
                                                      const SiteRef* writer_site, const Process* reader,
                                                      const SiteRef* reader_site, ShowValue show,
                                                      const void* value) noexcept;

}  // namespace detail

}  // namespace transit
