// par: run processes side by side; the PAR ends when every branch has ended. An exception
// thrown in a branch reaches the enclosing PAR, which rethrows it (the first one) once all its
// branches have ended. A transit::RuntimeError instead stops the whole program (see error.h).
//
//   co_await transit::par(producer(c), consumer(c));              // fixed PAR
//   co_await transit::pri_par(urgent(a), background(b));          // PRI PAR: the first branch at high priority
//   co_await transit::par_for(0, n, [&](int i) { return worker(i, in[i], out[i]); });  // replicated
//
// par_for calls the factory for each index before starting any branch; the factory (and what it
// captures) must outlive the co_await, which it does when written inline as above.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <exception>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "transit/proc.h"
#include "transit/process.h"
#include "transit/site.h"

namespace transit {

namespace detail {

// The join point of one PAR, shared by its branches.
struct ParJoin {
  Process* parent = nullptr;
  Process* children = nullptr;
  std::size_t count = 0;
  bool pri = false;  // PRI PAR: the first branch keeps the parent's priority, the others run at low priority
  std::atomic<std::size_t> remaining{0};
  SpinLock error_lock;
  std::exception_ptr error{};

  void rethrow() const {
    if (error) std::rethrow_exception(error);
  }
};

// Blocks the current process on `join` and makes its branches ready (first branch first); they
// inherit the parent's priority, except the later branches of a PRI PAR, which run at low priority.
void start_par(ParJoin& join, std::coroutine_handle<> parent, const SiteRef* site) noexcept;
// Destroys the frames of branches that never ended (a PAR torn down after a deadlock or error).
void destroy_unfinished(Process* children, std::size_t count) noexcept;

}  // namespace detail

// PAR over a fixed list of processes.
template <class... P>
class [[nodiscard]] par {
  static_assert((std::is_same_v<P, Proc> && ...), "par takes Proc temporaries, e.g. par(a(), b())");

 public:
  explicit par(P&&... procs, Site site = Site::current()) noexcept : site_(site) {
    std::size_t i = 0;
    (detail::init_process(children_[i++], std::move(procs), site_, &join_), ...);
    join_.children = children_.data();
    join_.count = sizeof...(P);
  }
  par(const par&) = delete;
  par& operator=(const par&) = delete;
  ~par() { detail::destroy_unfinished(children_.data(), sizeof...(P)); }

  bool await_ready() const noexcept { return sizeof...(P) == 0; }
  void await_suspend(std::coroutine_handle<> h) noexcept { detail::start_par(join_, h, &wait_site_); }
  void await_resume() const { join_.rethrow(); }

 protected:
  void prioritise() noexcept { join_.pri = true; }

 private:
  Site site_;
  SiteRef wait_site_{site_};
  std::array<detail::Process, sizeof...(P)> children_{};
  detail::ParJoin join_;
};
template <class... P>
par(P&&...) -> par<P...>;

// PRI PAR: like par, but only the first branch keeps the parent's priority; the others run at low
// priority. A ready high-priority process runs before any low-priority one on its worker, and a
// low-priority process gives way at its next communication once a high-priority one is ready.
template <class... P>
class [[nodiscard]] pri_par : public par<P...> {
 public:
  explicit pri_par(P&&... procs, Site site = Site::current()) noexcept : par<P...>(std::move(procs)..., site) {
    this->prioritise();
  }
};
template <class... P>
pri_par(P&&...) -> pri_par<P...>;

// PAR over a run-time list of processes (replicated PAR).
class [[nodiscard]] par_list {
 public:
  explicit par_list(std::vector<Proc> procs, Site site = Site::current());
  par_list(const par_list&) = delete;
  par_list& operator=(const par_list&) = delete;
  ~par_list() { detail::destroy_unfinished(children_.get(), count_); }

  bool await_ready() const noexcept { return count_ == 0; }
  void await_suspend(std::coroutine_handle<> h) noexcept { detail::start_par(join_, h, &wait_site_); }
  void await_resume() const { join_.rethrow(); }

 protected:
  par_list(std::size_t count, Site site);
  void prioritise() noexcept { join_.pri = true; }
  void set(std::size_t i, Proc&& body) noexcept {
    const std::int32_t replicator = body.replicator();
    detail::init_process(children_[i], std::move(body), site_, &join_);
    children_[i].replicator = replicator;
  }

 private:
  Site site_;
  SiteRef wait_site_{site_};
  std::size_t count_;
  std::unique_ptr<detail::Process[]> children_;
  detail::ParJoin join_;
};

// Replicated PAR: PAR i = [first FOR last - first]; make(i) returns the branch for index i.
template <class Int, class Factory>
class [[nodiscard]] par_for : public par_list {
 public:
  par_for(Int first, Int last, Factory&& make, Site site = Site::current())
      : par_list(last > first ? static_cast<std::size_t>(last - first) : 0, site) {
    std::size_t k = 0;
    for (Int i = first; i < last; ++i) set(k++, make(i));
  }
};
template <class A, class B, class Factory>
par_for(A, B, Factory&&) -> par_for<std::common_type_t<A, B>, Factory>;

// Replicated PRI PAR: the branch for `first` keeps the parent's priority, the others run at low
// priority (two levels, as on the transputer).
template <class Int, class Factory>
class [[nodiscard]] pri_par_for : public par_for<Int, Factory> {
 public:
  pri_par_for(Int first, Int last, Factory&& make, Site site = Site::current())
      : par_for<Int, Factory>(first, last, std::forward<Factory>(make), site) {
    this->prioritise();
  }
};
template <class A, class B, class Factory>
pri_par_for(A, B, Factory&&) -> pri_par_for<std::common_type_t<A, B>, Factory>;

}  // namespace transit
