// Coroutine frames come from per-thread free lists of 16-byte size classes, carved from large
// chunks: spawning and ending processes then costs a few instructions, and a blocked process
// costs its frame and no allocator header. Chunks are returned to the system at exit. Frames
// freed on another thread join that thread's lists. Under AddressSanitizer frames come from
// operator new, so that use-after-free of a frame is caught.
#include <cstddef>
#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

#include "transit/proc.h"

#if defined(__SANITIZE_ADDRESS__)
#define TRANSIT_PLAIN_FRAMES 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TRANSIT_PLAIN_FRAMES 1
#endif
#endif

namespace transit::detail {

#ifdef TRANSIT_PLAIN_FRAMES

void* frame_alloc(std::size_t size) {
  last_frame_size = size; return ::operator new(size); }
void frame_free(void* frame, std::size_t) noexcept { ::operator delete(frame); }

#else

namespace {

constexpr std::size_t granule = 16;
constexpr std::size_t largest_pooled = 2048;  // bigger frames are rare: plain operator new
constexpr std::size_t classes = largest_pooled / granule + 1;
constexpr std::size_t chunk_bytes = 256 * 1024;

struct FreeFrame {
  FreeFrame* next;
};

// Every chunk ever carved, freed when the program exits.
struct Chunks {
  std::mutex mutex;
  std::vector<void*> all;
  ~Chunks() {
    for (void* c : all) std::free(c);
  }
};
Chunks& chunks() {
  static Chunks c;
  return c;
}

struct Pool {
  FreeFrame* lists[classes] = {};
  char* cursor = nullptr;
  char* end = nullptr;

  void* carve(std::size_t bytes) {
    if (static_cast<std::size_t>(end - cursor) < bytes) {
      void* c = std::malloc(chunk_bytes);
      if (!c) throw std::bad_alloc();
      {
        Chunks& all = chunks();
        std::lock_guard lock(all.mutex);
        all.all.push_back(c);
      }
      cursor = static_cast<char*>(c);
      end = cursor + chunk_bytes;
    }
    void* p = cursor;
    cursor += bytes;
    return p;
  }
};

thread_local Pool pool;

}  // namespace

void* frame_alloc(std::size_t size) {
  if (size > largest_pooled) return ::operator new(size);
  std::size_t c = (size + granule - 1) / granule;
  if (FreeFrame* f = pool.lists[c]) {
    pool.lists[c] = f->next;
    return f;
  }
  return pool.carve(c * granule);
}

void frame_free(void* frame, std::size_t size) noexcept {
  if (size > largest_pooled) {
    ::operator delete(frame);
    return;
  }
  std::size_t c = (size + granule - 1) / granule;
  auto* f = static_cast<FreeFrame*>(frame);
  f->next = pool.lists[c];
  pool.lists[c] = f;
}

#endif

}  // namespace transit::detail
