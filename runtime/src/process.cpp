// Process lifecycle: spawning the branches of a PAR, ending a process, joining the PAR.
#include <atomic>

#include "scheduler.h"
#include "transit/error.h"
#include "transit/par.h"
#include "transit/proc.h"

namespace transit::detail {

[[gnu::tls_model("initial-exec")]] thread_local constinit Process* tls_current = nullptr;
[[gnu::tls_model("initial-exec")]] thread_local constinit std::source_location tls_origin{};
bool multi_threaded = false;
bool stable_ids = false;

namespace {
std::atomic<std::uint64_t> next_id{1};
}

// One thread (the deterministic scheduler) needs no locked instruction.
std::uint64_t allocate_ids(std::size_t count) noexcept {
  if (multi_threaded) return next_id.fetch_add(count, std::memory_order_relaxed);
  std::uint64_t id = next_id.load(std::memory_order_relaxed);
  next_id.store(id + count, std::memory_order_relaxed);
  return id;
}

bool last_to_end(ParJoin& join) noexcept {
  if (multi_threaded) return join.remaining.fetch_sub(1, std::memory_order_acq_rel) == 1;
  std::size_t left = join.remaining.load(std::memory_order_relaxed) - 1;
  join.remaining.store(left, std::memory_order_relaxed);
  return left == 0;
}

const char* state_name(State s) noexcept {
  switch (s) {
    case State::ready: return "ready";
    case State::running: return "running";
    case State::input: return "input";
    case State::output: return "output";
    case State::alt: return "alt";
    case State::timer: return "timer";
    case State::par: return "par";
    case State::stopped: return "stopped";
    case State::external: return "external";
    case State::ended: return "ended";
  }
  return "?";
}

void init_process(Process& p, Proc&& body, const Site& spawn_site, ParJoin* join) noexcept {
  p.spawn = body.site_or(spawn_site);
  p.origin = body.origin();
  p.held = body.held();
  p.root = body.release();
  p.resume = p.root;
  p.join = join;
  p.state = State::ready;
  p.waiter.process = &p;  // constant from here on: plain_waiter does not store it
  p.waiter.alt = nullptr;
}

void start_par(ParJoin& join, std::coroutine_handle<> parent, const SiteRef* site) noexcept {
  join.parent = block(parent, State::par, &join, wait_par, site);
  join.remaining.store(join.count, std::memory_order_relaxed);
  // Once the last branch is ready, the branches may all end on other workers and the parent
  // move on and reuse `join`'s memory: read nothing of it after that.
  Process* const children = join.children;
  const std::size_t count = join.count;
  const std::uint64_t id = stable_ids ? 0 : allocate_ids(count);
  const std::uint8_t priority = join.parent->priority;
  for (std::size_t i = 0; i < count; ++i) {
    children[i].id = stable_ids ? child_key(join.parent->id, i) : id + i;
    children[i].priority = join.pri && i > 0 ? low_priority : priority;
  }
  for (std::size_t i = 0; i < count; ++i) make_ready(&children[i]);
}

void destroy_unfinished(Process* children, std::size_t count) noexcept {
  for (std::size_t i = 0; i < count; ++i) {
    if (children[i].root) {
      std::coroutine_handle<> h = children[i].root;
      children[i].root = {};
      h.destroy();
    }
  }
}

std::coroutine_handle<> process_ended(std::coroutine_handle<> root, std::exception_ptr error) noexcept {
  Process* p = tls_current;
  ParJoin* join = p->join;
  if (error) {
    bool fatal = false;
    try {
      std::rethrow_exception(error);
    } catch (const RuntimeError&) {
      fatal = true;
    } catch (...) {
    }
    if (fatal) {
      active_scheduler->fail(error, p);  // stops the whole program; its frames are torn down later
      return std::noop_coroutine();
    }
    join->error_lock.lock();
    if (!join->error) join->error = std::move(error);
    join->error_lock.unlock();
  }
  p->root = {};
  p->state = State::ended;
  root.destroy();
  // After the decrement the parent may run (on another worker) and free this record.
  if (last_to_end(*join)) {
    if (join->parent) make_ready(join->parent); else active_scheduler->main_ended();
  }
  return next_process();
}

}  // namespace transit::detail

namespace transit {

par_list::par_list(std::size_t count, Site site)
    : site_(site), count_(count), children_(count ? std::make_unique<detail::Process[]>(count) : nullptr) {
  join_.children = children_.get();
  join_.count = count;
}

par_list::par_list(std::vector<Proc> procs, Site site) : par_list(procs.size(), site) {
  for (std::size_t i = 0; i < procs.size(); ++i) set(i, std::move(procs[i]));
}

}  // namespace transit
