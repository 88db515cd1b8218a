// Breadth-first search (search.h). States are numbered in the order found, which is breadth-first
// order, so the store itself is the queue and each depth a range of numbers. No parent links are kept
// (they would cost 4 bytes a state): a trace is found back from its end, a predecessor of each state
// searched for among the states one level up.
#include "verify/search.h"

#include <algorithm>
#include <memory>

#include "verify/tree_store.h"

namespace transit::verify {

namespace {

class Explorer : public Successors {
 public:
  Explorer(Model& m, const SearchOptions& o)
      : model_(m), options_(o),
        store_(o.tree_compression ? std::unique_ptr<StateStore>(new TreeStore) : std::unique_ptr<StateStore>(new VarintStore)) {}

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
    bool added = false;
    if (store_->insert(init, added, limit()) == StateStore::kNoState) return too_large(r);
    levels_ = {0, 1};
    std::uint64_t depth = 0;
    State s;
    for (std::uint32_t cur = 0; cur < store_->size(); ++cur) {
      if (cur == levels_.back()) {
        ++depth;
        levels_.push_back(store_->size());
      }
      // States at the depth bound are examined (a deadlock or error there is found) but their
      // successors are not stored.
      frontier_ = depth >= options_.max_depth;
      store_->get(cur, s);
      found_ = 0;
      old_ = false;
      // Cycle proviso: a reduced expansion that reaches a state seen before might close a cycle that
      // postpones the other transitions for ever; such a state is expanded fully.
      if (model_.successors(s, *this, options_.partial_order) && old_) {
        found_ = 0;
        model_.successors(s, *this, false);
      }
      r.transitions += found_;
      if (frontier_ && found_ > 0) r.outcome = Outcome::DepthLimit;
      if (full_) return too_large(r);
      if (!fault_.empty()) {
        r.outcome = Outcome::Fault;
        r.fault = fault_;
        r.trace = trace(cur, &r.fault);
        break;
      }
      if (found_ == 0 && !model_.terminated(s)) {
        r.outcome = Outcome::Deadlock;
        r.trace = trace(cur);
        break;
      }
    }
    r.states = store_->size();
    r.bytes = bytes();
    return r;
  }

  void state(StateView next) override {
    ++found_;
    if (full_ || frontier_) return;
    if (symmetric_) {
      canonical_.assign(next.begin(), next.end());
      model_.canonicalize(canonical_);
      next = canonical_;
    }
    bool added = false;
    std::uint32_t id = store_->insert(next, added, limit());
    if (id == StateStore::kNoState) {
      full_ = true;
      return;
    }
    if (!added) old_ = true;
  }
  void fault(const std::string& message) override {
    ++found_;
    if (fault_.empty()) fault_ = message;
  }

 private:
  Model& model_;
  SearchOptions options_;
  std::unique_ptr<StateStore> store_;
  std::vector<std::uint32_t> levels_;  // the first state of each depth, then the end of the last
  std::uint64_t found_ = 0;
  bool full_ = false;
  bool old_ = false;  // a successor of the state being expanded was already stored
  bool frontier_ = false;  // the state being expanded is at the depth bound
  bool symmetric_ = false;  // states are stored as the model's representatives (Model::canonicalize)
  State canonical_;
  std::string fault_;

  std::uint64_t bytes() const { return store_->bytes() + levels_.capacity() * sizeof(std::uint32_t); }
  std::uint64_t limit() const { return options_.max_memory; }
  SearchResult& too_large(SearchResult& r) {
    r.outcome = Outcome::TooLarge;
    r.states = store_->size();
    r.bytes = bytes();
    return r;
  }
  // The trace to state `last`; with symmetry, the stored representatives become the states the
  // program passes through (and `fault` the error of the last one).
  std::vector<State> trace(std::uint32_t last, std::string* fault = nullptr) {
    std::size_t depth = std::size_t(std::upper_bound(levels_.begin(), levels_.end(), last) - levels_.begin()) - 1;
    std::vector<State> t(depth + 1);
    store_->get(last, t[depth]);
    for (std::size_t d = depth; d > 0; --d) t[d - 1] = predecessor(t[d], levels_[d - 1], levels_[d]);
    if (symmetric_) concrete(t, fault);
    return t;
  }
  // A state numbered first..end-1 with a transition to `to` (stored as is: canonical with symmetry).
  State predecessor(const State& to, std::uint32_t first, std::uint32_t end) {
    struct Match : Successors {
      Explorer* e;
      const State* want;
      bool hit = false;
      void state(StateView next) override {
        if (hit) return;
        if (!e->symmetric_) {
          hit = std::equal(next.begin(), next.end(), want->begin(), want->end());
          return;
        }
        e->canonical_.assign(next.begin(), next.end());
        e->model_.canonicalize(e->canonical_);
        hit = e->canonical_ == *want;
      }
      void fault(const std::string&) override {}
    } match;
    match.e = this;
    match.want = &to;
    State s;
    for (std::uint32_t id = first; id < end; ++id) {
      store_->get(id, s);
      model_.successors(s, match, false);
      if (match.hit) return s;
    }
    return s;  // not reached: every stored state but the first was found from the level above
  }
  void concrete(std::vector<State>& t, std::string* fault) {
    struct Step : Successors {
      Model* model;
      const State* want;
      State found, canonical;
      std::string error;
      void state(StateView next) override {
        if (!found.empty()) return;
        canonical.assign(next.begin(), next.end());
        model->canonicalize(canonical);
        if (canonical == *want) found.assign(next.begin(), next.end());
      }
      void fault(const std::string& message) override {
        if (error.empty()) error = message;
      }
    } step;
    step.model = &model_;
    std::string ignored;
    model_.initial(t[0], ignored);
    for (std::size_t k = 1; k < t.size(); ++k) {
      step.want = &t[k];
      step.found.clear();
      model_.successors(t[k - 1], step, false);
      t[k] = step.found;  // one exists: the model's successors commute with its renamings
    }
    if (fault) {
      step.want = &t.back();  // any state: only the fault is wanted
      step.error.clear();
      model_.successors(t.back(), step, false);
      if (!step.error.empty()) *fault = step.error;
    }
  }
};

}  // namespace

SearchResult search(Model& model, const SearchOptions& options) { return Explorer(model, options).run(); }

}  // namespace transit::verify
