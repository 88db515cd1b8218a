// Breadth-first search (search.h). States are numbered in the order found, which is breadth-first
// order, so the store itself is the queue; each state's parent number gives the trace back.
#include "transit/occam/verify/search.h"

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
    bool added = false;
    if (store_->insert(init, added, limit()) == StateStore::kNoState) return too_large(r);
    parents_.push_back(StateStore::kNoState);
    std::uint32_t level_end = 1;
    std::uint64_t depth = 0;
    State s;
    for (std::uint32_t cur = 0; cur < store_->size(); ++cur) {
      if (cur == level_end) {
        ++depth;
        level_end = store_->size();
      }
      // States at the depth bound are examined (a deadlock or error there is found) but their
      // successors are not stored.
      frontier_ = depth >= options_.max_depth;
      store_->get(cur, s);
      cur_ = cur;
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
        r.trace = trace(cur);
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
    bool added = false;
    std::uint32_t id = store_->insert(next, added, limit());
    if (id == StateStore::kNoState) {
      full_ = true;
      return;
    }
    if (added) parents_.push_back(cur_);
    else old_ = true;
  }
  void fault(const std::string& message) override {
    ++found_;
    if (fault_.empty()) fault_ = message;
  }

 private:
  Model& model_;
  SearchOptions options_;
  std::unique_ptr<StateStore> store_;
  std::vector<std::uint32_t> parents_;
  std::uint32_t cur_ = 0;
  std::uint64_t found_ = 0;
  bool full_ = false;
  bool old_ = false;  // a successor of the state being expanded was already stored
  bool frontier_ = false;  // the state being expanded is at the depth bound
  std::string fault_;

  std::uint64_t bytes() const { return store_->bytes() + parents_.capacity() * sizeof(std::uint32_t); }
  // The store's share of the limit: the parents take 4 bytes per state beside it (and may double).
  std::uint64_t limit() const {
    std::uint64_t reserve = std::max<std::size_t>(parents_.capacity(), parents_.size() * 2) * sizeof(std::uint32_t);
    return options_.max_memory > reserve ? options_.max_memory - reserve : 0;
  }
  SearchResult& too_large(SearchResult& r) {
    r.outcome = Outcome::TooLarge;
    r.states = store_->size();
    r.bytes = bytes();
    return r;
  }
  std::vector<State> trace(std::uint32_t last) {
    std::vector<State> t;
    for (std::uint32_t id = last; id != StateStore::kNoState; id = parents_[id]) {
      t.emplace_back();
      store_->get(id, t.back());
    }
    std::reverse(t.begin(), t.end());
    return t;
  }
};

}  // namespace

SearchResult search(Model& model, const SearchOptions& options) { return Explorer(model, options).run(); }

}  // namespace transit::verify
