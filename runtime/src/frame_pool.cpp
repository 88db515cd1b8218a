// Coroutine frames come from per-thread free lists of 16-byte size classes, carved from large
// chunks: spawning and ending processes then costs a few instructions, and a blocked process
// costs its frame and no allocator header. Chunks are returned to the system at exit. Frames
// freed on another thread join that thread's lists; a thread that exits hands its lists over. Under AddressSanitizer frames come from
// operator new (and under ThreadSanitizer, which cannot see reuse inside the pool).
// live_frames() (the tests' leak check) costs nothing per frame: it counts the frames ever carved
// and the large ones (slow paths both) less the frames on free lists, walked when asked.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>
#include <utility>
#include <vector>

#include "transit/proc.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TRANSIT_PLAIN_FRAMES 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define TRANSIT_PLAIN_FRAMES 1
#endif
#endif

namespace transit::detail {

#ifdef TRANSIT_PLAIN_FRAMES

namespace {
std::atomic<std::int64_t> live{0};
}

void* frame_alloc(std::size_t size) {
  void* frame = ::operator new(size);
  live.fetch_add(1, std::memory_order_relaxed);
  return frame;
}
void frame_free(void* frame, std::size_t) noexcept {
  live.fetch_sub(1, std::memory_order_relaxed);
  ::operator delete(frame);
}
std::int64_t live_frames() noexcept { return live.load(std::memory_order_relaxed); }

#else

namespace {

constexpr std::size_t granule = 16;
constexpr std::size_t largest_pooled = 2048;  // bigger frames are rare: plain operator new
constexpr std::size_t classes = largest_pooled / granule + 1;
constexpr std::size_t chunk_bytes = 256 * 1024;

struct FreeFrame {
  FreeFrame* next;
};

// What all threads share: every chunk ever carved (freed when the program exits), and the
// free frames and unused chunk space of threads that have exited (worker threads of past runs),
// which new threads adopt instead of carving new chunks.
struct Shared {
  std::mutex mutex;
  std::vector<void*> chunks;
  FreeFrame* lists[classes] = {};
  std::vector<std::pair<char*, char*>> regions;
  std::atomic<bool> spare{false};
  std::atomic<std::int64_t> handed_out{0};  // frames carved from chunks, plus large frames live

  ~Shared() {
    for (void* c : chunks) std::free(c);
  }
};
Shared& shared() {
  static Shared s;
  return s;
}

// Trivially destructible, so reaching it costs no initialisation check on the hot path.
struct Pool {
  FreeFrame* lists[classes];
  char* cursor;
  char* end;
  bool armed;  // the hand-over at thread exit is registered

  // Takes over what exited threads left; true if class c then has a free frame.
  [[gnu::noinline]] bool adopt(std::size_t c) {
    Shared& sh = shared();
    if (!sh.spare.load(std::memory_order_acquire)) return false;
    std::lock_guard lock(sh.mutex);
    for (std::size_t k = 0; k < classes; ++k) {
      if (lists[k] == nullptr) {
        lists[k] = sh.lists[k];
        sh.lists[k] = nullptr;
      }
    }
    if (cursor == end && !sh.regions.empty()) {
      cursor = sh.regions.back().first;
      end = sh.regions.back().second;
      sh.regions.pop_back();
    }
    bool left = !sh.regions.empty();
    for (std::size_t k = 0; k < classes && !left; ++k) left = sh.lists[k] != nullptr;
    sh.spare.store(left, std::memory_order_release);
    return lists[c] != nullptr;
  }

  [[gnu::noinline]] void* carve(std::size_t bytes) {
    if (static_cast<std::size_t>(end - cursor) < bytes) {
      void* c = std::malloc(chunk_bytes);
      if (!c) throw std::bad_alloc();
      {
        Shared& sh = shared();
        std::lock_guard lock(sh.mutex);
        sh.chunks.push_back(c);
      }
      cursor = static_cast<char*>(c);
      end = cursor + chunk_bytes;
    }
    void* p = cursor;
    cursor += bytes;
    shared().handed_out.fetch_add(1, std::memory_order_relaxed);
    return p;
  }
};

// initial-exec: the library is linked into programs, so no __tls_get_addr call per access.
[[gnu::tls_model("initial-exec")]] thread_local constinit Pool pool{};

// At thread exit, hands the thread's free frames and unused chunk space to Shared.
struct PoolHandover {
  PoolHandover() { shared(); }  // constructed first, so destroyed after this hand-over
  ~PoolHandover() {
    Shared& sh = shared();
    std::lock_guard lock(sh.mutex);
    for (std::size_t c = 0; c < classes; ++c) {
      while (FreeFrame* f = pool.lists[c]) {
        pool.lists[c] = f->next;
        f->next = sh.lists[c];
        sh.lists[c] = f;
      }
    }
    if (pool.cursor != pool.end) sh.regions.emplace_back(pool.cursor, pool.end);
    pool.cursor = pool.end = nullptr;
    sh.spare.store(true, std::memory_order_release);
  }
};
thread_local PoolHandover handover;

[[gnu::noinline]] void arm() {
  pool.armed = true;
  (void)&handover;  // odr-use: constructs it and registers its destructor
  static_cast<void>(handover);
}

// Frames bigger than the largest class: plain operator new, counted for live_frames().
[[gnu::noinline]] void* large_alloc(std::size_t size) {
  void* frame = ::operator new(size);
  shared().handed_out.fetch_add(1, std::memory_order_relaxed);
  return frame;
}
[[gnu::noinline]] void large_free(void* frame) noexcept {
  shared().handed_out.fetch_sub(1, std::memory_order_relaxed);
  ::operator delete(frame);
}

std::int64_t list_length(const FreeFrame* f) noexcept {
  std::int64_t n = 0;
  for (; f != nullptr; f = f->next) ++n;
  return n;
}

}  // namespace

void* frame_alloc(std::size_t size) {
  if (size > largest_pooled) return large_alloc(size);
  std::size_t c = (size + granule - 1) / granule;
  if (!pool.armed) arm();
  if (pool.lists[c] != nullptr || pool.adopt(c)) {
    FreeFrame* f = pool.lists[c];
    pool.lists[c] = f->next;
    return f;
  }
  return pool.carve(c * granule);
}

void frame_free(void* frame, std::size_t size) noexcept {
  if (size > largest_pooled) {
    large_free(frame);
    return;
  }
  if (!pool.armed) arm();
  std::size_t c = (size + granule - 1) / granule;
  auto* f = static_cast<FreeFrame*>(frame);
  f->next = pool.lists[c];
  pool.lists[c] = f;
}

std::int64_t live_frames() noexcept {
  Shared& sh = shared();
  std::lock_guard lock(sh.mutex);
  std::int64_t free = 0;
  for (std::size_t c = 0; c < classes; ++c) free += list_length(pool.lists[c]) + list_length(sh.lists[c]);
  return sh.handed_out.load(std::memory_order_relaxed) - free;
}

#endif

}  // namespace transit::detail
