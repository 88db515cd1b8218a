// The build cache of compiled occam programs: $XDG_CACHE_HOME/transit (else ~/.cache/transit), one
// folder per key, where a key is a hash of everything that decides the executable (generated C++,
// compiler and flags, Transit's version and support library).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace transit::occam::driver {

// 64-bit FNV-1a, continued from `seed` (hash several pieces by chaining).
std::uint64_t hash_bytes(std::string_view data, std::uint64_t seed = 14695981039346656037ull);
std::string hex(std::uint64_t v);

// The cache's root folder (created if missing); empty when no home or cache folder is known.
std::string cache_root();

// Keeps the cache small: at most kMaxPrograms compiled programs (the least recently used go), and
// precompiled headers unused for kPchDays days. Errors are ignored (another process may prune too).
// A program used in the last kKeepMinutes stays whatever the count: another transit may have just
// found it in the cache and be about to run it (parallel test runs over more than kMaxPrograms
// programs did remove each other's).
inline constexpr std::size_t kMaxPrograms = 256;  // about 3 MB each: under 1 GB in all
inline constexpr int kPchDays = 2;                // each is ~70 MB; a stale one is a rebuilt toolchain
inline constexpr int kKeepMinutes = 60;
void prune_cache(const std::string& root);

// Writes `data` to `path` atomically (a temporary beside it, then rename). False on failure.
bool write_file_atomic(const std::string& path, std::string_view data);

}  // namespace transit::occam::driver
