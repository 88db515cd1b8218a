// Breadth-first search (search.h). States are numbered in the order found, which is breadth-first
// order, so the store itself is the queue and each depth a range of numbers. No parent links are kept
// (they would cost 4 bytes a state): a trace is found back from its end, a predecessor of each state
// searched for among the states one level up.
#include "transit/occam/verify/search.h"

#include <algorithm>
#include <memory>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "verify/tree_store.h"

namespace transit::verify {

namespace {

// The transitions out of one state, kept until the search stores them (in order, so that the result
// does not depend on which thread expanded which state).
struct Expansion : Successors {
  Model* model = nullptr;
  bool keep = true;         // false at the depth bound: only counted
  std::size_t width = 0;
  std::vector<Word> next;   // the successors, width words each (the model's representatives)
  std::uint64_t found = 0;
  bool reduced = false;
  std::string error;        // the first transition ending in a run-time error
  State canonical;

  void expand(StateView s, bool reduce, bool symmetric) {
    next.clear();
    found = 0;
    error.clear();
    symmetric_ = symmetric;
    reduced = model->successors(s, *this, reduce);
  }
  void state(StateView n) override {
    ++found;
    if (!keep) return;
    if (symmetric_) {
      canonical.assign(n.begin(), n.end());
      model->canonicalize(canonical);
      n = canonical;
    }
    next.insert(next.end(), n.begin(), n.end());
  }
  void fault(const std::string& message) override {
    ++found;
    if (error.empty()) error = message;
  }

 private:
  bool symmetric_ = false;
};

// Looks among all the successors of a state for `want` (compared as the search stores it: the
// model's representative with symmetry), and notes the first run-time error.
struct Finder : Successors {
  Model* model = nullptr;
  bool symmetric = false;
  const State* want = nullptr;
  State found, canonical;
  std::string error;

  bool look(StateView s, const State& w) {
    want = &w;
    found.clear();
    error.clear();
    model->successors(s, *this, false);
    return !found.empty();
  }
  void state(StateView next) override {
    if (!found.empty()) return;
    canonical.assign(next.begin(), next.end());
    if (symmetric) model->canonicalize(canonical);
    if (canonical == *want) found.assign(next.begin(), next.end());
  }
  void fault(const std::string& message) override {
    if (error.empty()) error = message;
  }
};

class Explorer {
 public:
  Explorer(Model& m, const SearchOptions& o)
      : model_(m), options_(o),
        store_(o.tree_compression ? std::unique_ptr<StateStore>(new TreeStore(m.store_order())) : std::unique_ptr<StateStore>(new VarintStore)) {}

  SearchResult run() {
    SearchResult r;
    State init;
    std::string fault;
    if (!model_.initial(init, fault)) {
      r.outcome = Outcome::Fault;
      r.fault = fault;
      r.trace.push_back(init);
      return r;
    }
    symmetric_ = model_.symmetry() > 1;
    set_up_workers(init.size());
    bool added = false;
    if (store_->insert(init, added, limit()) == StateStore::kNoState) return too_large(r);
    levels_ = {0, 1};
    std::uint64_t depth = 0;
    for (std::uint32_t cur = 0; cur < store_->size(); ++cur) {
      if (cur == levels_.back()) {
        ++depth;
        levels_.push_back(store_->size());
      }
      // States at the depth bound are examined (a deadlock or error there is found) but their
      // successors are not stored.
      bool frontier = depth >= options_.max_depth;
      if (cur == batch_end_) expand_batch(cur, levels_.back(), frontier);
      const State& s = batch_[cur - batch_first_];
      Expansion& e = expansions_[cur - batch_first_];
      store_->get(cur, scratch_);  // the store inserts a successor of the state last read fastest
      bool old = store(e);
      // Cycle proviso: a reduced expansion that reaches a state seen before might close a cycle that
      // postpones the other transitions for ever; such a state is expanded fully.
      if (e.reduced && old) {
        e.expand(s, false, symmetric_);
        store(e);
      }
      if (options_.livelock) reduced_.push_back(e.reduced);  // what the livelock check expands again
      r.transitions += e.found;
      if (frontier && e.found > 0) r.outcome = Outcome::DepthLimit;
      if (full_) return too_large(r);
      if (!e.error.empty()) {
        r.outcome = Outcome::Fault;
        r.fault = e.error;
        r.trace = trace(cur, &r.fault);
        break;
      }
      if (e.found == 0 && !model_.terminated(s)) {
        r.outcome = Outcome::Deadlock;
        r.trace = trace(cur);
        break;
      }
    }
    r.states = store_->size();
    r.bytes = bytes();
    if (r.outcome == Outcome::NoDeadlock && options_.livelock && !symmetric_) livelock(r);
    return r;
  }

 private:
  Model& model_;
  SearchOptions options_;
  std::unique_ptr<StateStore> store_;
  std::vector<std::uint32_t> levels_;  // the first state of each depth, then the end of the last
  std::vector<bool> reduced_;           // with livelock: per state, whether its expansion was reduced
  bool full_ = false;
  bool symmetric_ = false;  // states are stored as the model's representatives (Model::canonicalize)
  State scratch_;
  // The batch of states being expanded (numbers batch_first_..batch_end_-1), one Expansion each,
  // and the models of the threads that expand them (the first is model_).
  std::vector<State> batch_;
  std::vector<Expansion> expansions_;
  std::uint32_t batch_first_ = 0, batch_end_ = 0;
  std::vector<std::unique_ptr<Model>> clones_;
  std::vector<Model*> models_;

  static constexpr std::uint32_t kPerThread = 256;  // states a thread expands per batch

  void set_up_workers(std::size_t width) {
    models_.assign(1, &model_);
    for (unsigned k = 1; k < options_.threads; ++k) {
      clones_.push_back(model_.clone());
      if (!clones_.back()) break;  // the model cannot be copied: one thread
      models_.push_back(clones_.back().get());
    }
    std::size_t n = kPerThread * models_.size();
    batch_.resize(n);
    expansions_.resize(n);
    for (Expansion& e : expansions_) {
      e.width = width;
      e.model = &model_;
    }
  }

  // Reads states first.. (up to the level's end) and expands them, on every thread when there are
  // enough of them.
  void expand_batch(std::uint32_t first, std::uint32_t level_end, bool frontier) {
    std::uint32_t n = std::min<std::uint32_t>(level_end - first, std::uint32_t(batch_.size()));
    batch_first_ = first;
    batch_end_ = first + n;
    for (std::uint32_t k = 0; k < n; ++k) {
      store_->get(first + k, batch_[k]);
      expansions_[k].keep = !frontier;
    }
    std::size_t workers = n >= 2 * kPerThread ? models_.size() : 1;
    auto work = [&](std::size_t w) {
      for (std::uint32_t k = std::uint32_t(w); k < n; k += std::uint32_t(workers)) {
        expansions_[k].model = models_[w];
        expansions_[k].expand(batch_[k], options_.partial_order, symmetric_);
        expansions_[k].model = &model_;  // a full expansion later (cycle proviso) runs here
      }
    };
    std::vector<std::thread> threads;
    for (std::size_t w = 1; w < workers; ++w) threads.emplace_back(work, w);
    work(0);
    for (std::thread& t : threads) t.join();
  }

  // Stores an expansion's successors; whether one of them was stored already.
  bool store(const Expansion& e) {
    bool old = false;
    for (std::size_t at = 0; at < e.next.size() && !full_; at += e.width) {
      bool added = false;
      if (store_->insert(StateView(e.next.data() + at, e.width), added, limit()) == StateStore::kNoState) full_ = true;
      old |= !added;
    }
    return old;
  }

  std::uint64_t bytes() const { return store_->bytes() + levels_.capacity() * sizeof(std::uint32_t) + reduced_.capacity() / 8; }
  std::uint64_t limit() const { return options_.max_memory; }
  SearchResult& too_large(SearchResult& r) {
    r.outcome = Outcome::TooLarge;
    r.states = store_->size();
    r.bytes = bytes();
    return r;
  }
  // ------------------------------------------------------------------------------------ livelock

  // The numbers of the successors of state v in the graph the search stored: the one transition it
  // took from a reduced state, else every one (all of them stored).
  void successors_of(std::uint32_t v, std::vector<std::uint32_t>& out) {
    Expansion e;
    e.model = &model_;
    e.width = scratch_.size();
    store_->get(v, scratch_);
    e.expand(scratch_, reduced_[v], false);
    for (std::size_t at = 0; at < e.next.size(); at += e.width) {
      bool added = false;
      out.push_back(store_->insert(StateView(e.next.data() + at, e.width), added, limit()));
    }
  }

  // The strongly connected components of the state graph (Tarjan's algorithm, iteratively); each one
  // no transition leaves that is not the end is checked for processes that wait in all its states
  // and never move (Model::activity): the first found is the livelock.
  //
  // With partial-order reduction the graph is the reduced one, and that finds a livelock exactly when
  // the full graph has one. A reduced state's one transition t (an input whose writer waits) stays
  // enabled until taken and commutes with every other, and every cycle of the reduced graph has a
  // fully expanded state (the cycle proviso: a reduced state's successor is always newer than it). So
  // (1) a component C of the full graph that nothing leaves is reached, and the reduced graph's
  // components below it lie inside it: a process that waits and never moves in C does so in them;
  // (2) if a process p waits in every state of a reduced component D that nothing leaves and has no
  // transition (of the full graph: Model::activity) in any, no state the full graph reaches from D
  // lets p move: a shortest way to one, from a reduced state, either contains t (moved to the front,
  // it starts from t's successor, one shorter, in D) or does not (t's processes can talk to nobody
  // else, so the way still works after t, as long, from t's successor) until a fully expanded state
  // of D shortens it. Then every component nothing leaves below D starves p: a livelock.
  void livelock(SearchResult& r) {
    const std::uint32_t n = store_->size();
    constexpr std::uint32_t kUnseen = UINT32_MAX;
    std::vector<std::uint32_t> index(n, kUnseen), low(n), stack, edges;
    std::vector<bool> on_stack(n, false), leaves(n, false);
    struct Frame {
      std::uint32_t v;
      std::size_t begin, next;
    };
    std::vector<Frame> frames;
    std::uint32_t counter = 0;
    auto enter = [&](std::uint32_t v) {
      index[v] = low[v] = counter++;
      stack.push_back(v);
      on_stack[v] = true;
      std::size_t begin = edges.size();
      std::vector<std::uint32_t> next;
      successors_of(v, next);
      edges.insert(edges.end(), next.begin(), next.end());
      frames.push_back({v, begin, begin});
    };
    for (std::uint32_t root = 0; root < n; ++root) {
      if (index[root] != kUnseen) continue;
      enter(root);
      while (!frames.empty()) {
        Frame& f = frames.back();  // its edges are the last ones while it is on top
        std::uint32_t v = f.v;
        if (f.next < edges.size()) {
          std::uint32_t w = edges[f.next++];
          if (index[w] == kUnseen) enter(w);
          else if (on_stack[w]) low[v] = std::min(low[v], index[w]);
          else leaves[v] = true;  // into a component already finished: a way out
          continue;
        }
        edges.resize(f.begin);
        frames.pop_back();
        bool root_of_component = low[v] == index[v];
        if (root_of_component) {
          std::vector<std::uint32_t> members;
          bool bottom = true;
          std::uint32_t w;
          do {
            w = stack.back();
            stack.pop_back();
            on_stack[w] = false;
            members.push_back(w);
            bottom = bottom && !leaves[w];
          } while (w != v);
          if (bottom && starved(members, r)) return;
        }
        if (!frames.empty()) {
          std::uint32_t u = frames.back().v;
          if (root_of_component) leaves[u] = true;
          else low[u] = std::min(low[u], low[v]);
        }
      }
    }
  }

  // Whether the component `members` (none of whose transitions leaves it) is a livelock: filled in r.
  bool starved(const std::vector<std::uint32_t>& members, SearchResult& r) {
    State s;
    std::vector<bool> waiting;  // the processes that wait on a channel, unable to move, in every member
    for (std::uint32_t m : members) {
      store_->get(m, s);
      if (model_.terminated(s)) return false;
      std::vector<Model::Activity> a = model_.activity(s);
      if (waiting.empty()) waiting.assign(a.size(), true);
      for (std::size_t t = 0; t < a.size(); ++t) waiting[t] = waiting[t] && a[t] == Model::kWaits;
    }
    if (std::find(waiting.begin(), waiting.end(), true) == waiting.end()) return false;
    // The livelock is entered at its member found first (the nearest to the start); the cycle is a
    // shortest way round from there, breadth-first inside the component.
    std::uint32_t entry = *std::min_element(members.begin(), members.end());
    std::unordered_set<std::uint32_t> inside(members.begin(), members.end());
    std::unordered_map<std::uint32_t, std::uint32_t> parent{{entry, entry}};
    std::vector<std::uint32_t> queue{entry}, next;
    std::uint32_t last = entry;  // the member whose transition returns to the entry
    for (std::size_t k = 0; k < queue.size(); ++k) {
      next.clear();
      successors_of(queue[k], next);
      if (std::find(next.begin(), next.end(), entry) != next.end()) {
        last = queue[k];
        break;
      }
      for (std::uint32_t w : next)
        if (inside.count(w) && parent.emplace(w, queue[k]).second) queue.push_back(w);
    }
    r.outcome = Outcome::Livelock;
    r.trace = trace(entry);
    for (std::uint32_t v = last;; v = parent[v]) {
      r.cycle.emplace_back();
      store_->get(v, r.cycle.back());
      if (v == entry) break;
    }
    std::reverse(r.cycle.begin(), r.cycle.end());
    r.cycle.push_back(r.cycle.front());
    r.starved = model_.starved_report(r.cycle.front(), waiting);
    return true;
  }

  // The trace to state `last`; with symmetry, the stored representatives become the states the
  // program passes through (and `fault` the error of the last one).
  std::vector<State> trace(std::uint32_t last, std::string* fault = nullptr) {
    std::size_t depth = std::size_t(std::upper_bound(levels_.begin(), levels_.end(), last) - levels_.begin()) - 1;
    std::vector<State> t(depth + 1);
    store_->get(last, t[depth]);
    Finder find;
    find.model = &model_;
    find.symmetric = symmetric_;
    // Back: a predecessor of each state among the states one depth up.
    for (std::size_t d = depth; d > 0; --d)
      for (std::uint32_t id = levels_[d - 1]; id < levels_[d]; ++id) {
        store_->get(id, t[d - 1]);
        if (find.look(t[d - 1], t[d])) break;  // one is there: every state but the first was found from one
      }
    if (!symmetric_) return t;
    // Forward: from the initial state, the successor each representative stands for.
    std::string ignored;
    model_.initial(t[0], ignored);
    for (std::size_t k = 1; k < t.size(); ++k) {
      find.look(t[k - 1], t[k]);  // found: the model's successors commute with its renamings
      t[k] = find.found;
    }
    if (fault) {
      find.look(t.back(), t.back());
      if (!find.error.empty()) *fault = find.error;
    }
    return t;
  }
};

}  // namespace

SearchResult search(Model& model, const SearchOptions& options) { return Explorer(model, options).run(); }

}  // namespace transit::verify
