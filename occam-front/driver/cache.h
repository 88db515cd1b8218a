// The build cache of compiled occam programs: $XDG_CACHE_HOME/transit (else ~/.cache/transit), one
// folder per key, where a key is a hash of everything that decides the executable (generated C++,
// compiler and flags, Transit's version and support library).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace transit::occam::driver {

// 64-bit FNV-1a, continued from `seed` (hash several pieces by chaining).
std::uint64_t hash_bytes(std::string_view data, std::uint64_t seed = 14695981039346656037ull);
std::string hex(std::uint64_t v);

// The cache's root folder (created if missing); empty when no home or cache folder is known.
std::string cache_root();

// Writes `data` to `path` atomically (a temporary beside it, then rename). False on failure.
bool write_file_atomic(const std::string& path, std::string_view data);

}  // namespace transit::occam::driver
