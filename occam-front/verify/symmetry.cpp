// Symmetry (symmetry.h): a candidate rotation of threads is checked by walking every thread's code
// beside its image's, pc by pc, inferring the renaming of memory words, channels and pcs as they
// meet; any difference (a constant value, an operator, an address that is not a constant or a checked
// subscript of one, a renaming used two ways) means no symmetry.
#include "transit/occam/verify/symmetry.h"

#include <algorithm>

namespace transit::occam::verify {

using transit::verify::State;
using transit::verify::StateView;

namespace {

enum class Space { Memory, Channel };

class Matcher {
 public:
  Matcher(const Program& p, std::vector<std::int32_t> thread_map)
      : p_(p), thread_(std::move(thread_map)), word_(std::size_t(p.memory_words), -1),
        chan_(std::size_t(p.channels), -1), pc_(p.code.size(), -1) {}

  // The generator's renaming, or none when some code differs from its image's.
  std::optional<Symmetry::Renaming> run() {
    const std::int32_t n = std::int32_t(p_.threads.size());
    for (Word c = 0; c <= kError; ++c)
      if (!unify(chan_, c, c)) return std::nullopt;
    if (p_.keyboard_slot >= 0 && !unify(word_, p_.keyboard_slot, p_.keyboard_slot)) return std::nullopt;
    // The moved threads first, so that a fixed thread's ALT meets channels whose renaming is known.
    for (bool moved : {true, false}) {
      for (std::int32_t t = 0; t < n; ++t)
        if ((thread_[std::size_t(t)] != t) == moved &&
            !pair(p_.threads[std::size_t(t)].start, p_.threads[std::size_t(thread_[std::size_t(t)])].start))
          return std::nullopt;
      while (!work_.empty()) {
        std::int32_t a = work_.back();
        work_.pop_back();
        if (!instr(a, pc_[std::size_t(a)])) return std::nullopt;
      }
    }
    for (auto* m : {&word_, &chan_, &pc_})
      if (!complete(*m)) return std::nullopt;
    Symmetry::Renaming r;
    for (std::int32_t t = 0; t < n; ++t) r.dest.push_back(thread_[std::size_t(t)]);
    for (std::int32_t w = 0; w < p_.memory_words; ++w) r.dest.push_back(n + word_[std::size_t(w)]);
    r.pc = pc_;
    return r;
  }

 private:
  const Program& p_;
  std::vector<std::int32_t> thread_, word_, chan_, pc_;
  std::vector<std::int32_t> work_;  // pcs paired but not yet compared

  static bool unify(std::vector<std::int32_t>& m, Word a, Word b) {
    if (a < 0 || b < 0 || std::size_t(a) >= m.size() || std::size_t(b) >= m.size()) return false;
    if (m[std::size_t(a)] < 0) m[std::size_t(a)] = std::int32_t(b);
    return m[std::size_t(a)] == b;
  }
  // Unrenamed entries stay put; the whole must be one-to-one.
  static bool complete(std::vector<std::int32_t>& m) {
    std::vector<bool> hit(m.size(), false);
    for (std::size_t i = 0; i < m.size(); ++i) {
      if (m[i] < 0) m[i] = std::int32_t(i);
      if (hit[std::size_t(m[i])]) return false;
      hit[std::size_t(m[i])] = true;
    }
    return true;
  }
  bool pair(std::int32_t a, std::int32_t b) {
    bool fresh = a >= 0 && std::size_t(a) < pc_.size() && pc_[std::size_t(a)] < 0;
    if (!unify(pc_, a, b)) return false;
    if (fresh) work_.push_back(a);
    return true;
  }
  bool block(Space s, Word a, Word b, Word len) {
    for (Word k = 0; k < len; ++k)
      if (!unify(s == Space::Memory ? word_ : chan_, a + k, b + k)) return false;
    return true;
  }
  const Node& node_at(std::int32_t i) const { return p_.nodes[std::size_t(i)]; }

  bool value(std::int32_t a, std::int32_t b) {
    if (a < 0 || b < 0) return a == b;
    const Node &x = node_at(a), &y = node_at(b);
    if (x.kind != y.kind) return false;
    switch (x.kind) {
      case NodeKind::Const: return x.value == y.value;
      case NodeKind::Load: return address(x.a, y.a, Space::Memory, 1);
      case NodeKind::Index: return false;  // an address where a value is wanted
      case NodeKind::Unary:
      case NodeKind::Binary:
      case NodeKind::Convert:
        return x.op == y.op && x.prim == y.prim && x.from == y.from && x.check == y.check && value(x.a, y.a) &&
               value(x.b, y.b) && value(x.c, y.c);
    }
    return false;
  }
  // `len` words (or channels) from address node a, against b's: a constant, or a checked subscript
  // of a constant base (the whole array then renamed as a block).
  bool address(std::int32_t a, std::int32_t b, Space s, Word len) {
    if (a < 0 || b < 0) return false;
    const Node &x = node_at(a), &y = node_at(b);
    if (x.kind != y.kind) return false;
    if (x.kind == NodeKind::Const) return block(s, x.value, y.value, len);
    if (x.kind != NodeKind::Index || !x.check || !y.check || x.value != y.value || len > std::max<Word>(1, x.value))
      return false;
    if (x.a < 0 || y.a < 0 || x.c < 0 || y.c < 0) return false;
    const Node &xb = node_at(x.a), &yb = node_at(y.a), &xc = node_at(x.c), &yc = node_at(y.c);
    if (xb.kind != NodeKind::Const || yb.kind != NodeKind::Const || xc.kind != NodeKind::Const ||
        yc.kind != NodeKind::Const || xc.value != yc.value)
      return false;
    return value(x.b, y.b) && block(s, xb.value, yb.value, std::max<Word>(1, xc.value * x.value));
  }
  bool span(const Span& x, const Span& y) {
    if (x.scalar != y.scalar) return false;
    if (x.scalar) return value(x.addr, y.addr);
    if (x.count_node >= 0 || y.count_node >= 0 || x.count != y.count || x.elem_words != y.elem_words) return false;
    return address(x.addr, y.addr, Space::Memory, x.count * x.elem_words);
  }
  bool items(const std::vector<Item>& x, const std::vector<Item>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const Item &a = x[i], &b = y[i];
      if (a.counted != b.counted || a.is_table != b.is_table || a.table.size() != b.table.size()) return false;
      if (a.is_table) {
        for (std::size_t k = 0; k < a.table.size(); ++k)
          if (!span(a.table[k], b.table[k])) return false;
      } else if (!span(a.span, b.span)) {
        return false;
      }
    }
    return true;
  }
  bool arms(const std::vector<Arm>& x, const std::vector<Arm>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (x[i].tag != y[i].tag || !items(x[i].targets, y[i].targets) || !pair(x[i].pc, y[i].pc)) return false;
    return true;
  }
  bool guard(const Guard& x, const Guard& y) {
    bool input = x.kind == GuardKind::Input || x.kind == GuardKind::CaseInput;
    return x.kind == y.kind && x.tag == y.tag && value(x.pre, y.pre) &&
           (!input || address(x.chan, y.chan, Space::Channel, 1)) && items(x.targets, y.targets) &&
           arms(x.arms, y.arms) && pair(x.pc, y.pc);
  }
  // An ALT's guards are a set (a PRI ALT's a list): each is matched with the image's guard on the
  // channel its own channel is renamed to when that is known, else with the one in its place.
  bool guards(const Instr& x, const Instr& y) {
    if (x.guards.size() != y.guards.size()) return false;
    std::vector<bool> used(y.guards.size(), false);
    for (std::size_t i = 0; i < x.guards.size(); ++i) {
      const Guard& g = x.guards[i];
      std::size_t match = i;
      bool input = g.kind == GuardKind::Input || g.kind == GuardKind::CaseInput;
      if (!x.pri && input && g.chan >= 0 && node_at(g.chan).kind == NodeKind::Const) {
        Word c = node_at(g.chan).value;
        if (c >= 0 && c < Word(chan_.size()) && chan_[std::size_t(c)] >= 0) {
          match = y.guards.size();
          for (std::size_t k = 0; k < y.guards.size() && match == y.guards.size(); ++k) {
            const Guard& h = y.guards[k];
            if (!used[k] && h.kind == g.kind && h.chan >= 0 && node_at(h.chan).kind == NodeKind::Const &&
                node_at(h.chan).value == chan_[std::size_t(c)])
              match = k;
          }
        }
      }
      if (match >= y.guards.size() || used[match] || !guard(g, y.guards[match])) return false;
      used[match] = true;
    }
    return true;
  }
  // The threads first..first+count-1 of x, renamed, are those of y.
  bool threads(const Instr& x, const Instr& y) {
    if (x.count != y.count || x.replicas != y.replicas) return false;
    for (std::int32_t c = x.first; c < x.first + x.count; ++c) {
      std::int32_t to = thread_[std::size_t(c)];
      if (to < y.first || to >= y.first + y.count) return false;
    }
    return true;
  }

  bool instr(std::int32_t a, std::int32_t b) {
    const Instr &x = p_.code[std::size_t(a)], &y = p_.code[std::size_t(b)];
    if (x.op != y.op) return false;
    switch (x.op) {
      case Op::Assign: return items(x.targets, y.targets) && items(x.sources, y.sources) && pair(a + 1, b + 1);
      case Op::Jump: return pair(x.target, y.target);
      case Op::JumpIfNot: return value(x.cond, y.cond) && pair(x.target, y.target) && pair(a + 1, b + 1);
      case Op::Spawn:
      case Op::Join: return threads(x, y) && pair(a + 1, b + 1);
      case Op::End:
      case Op::Stop: return true;
      case Op::Output:
        return x.tag == y.tag && x.tag_name == y.tag_name && x.item_types == y.item_types &&
               address(x.chan, y.chan, Space::Channel, 1) && items(x.sources, y.sources) && pair(a + 1, b + 1);
      case Op::Input:
        return x.tag == y.tag && address(x.chan, y.chan, Space::Channel, 1) && items(x.targets, y.targets) &&
               pair(a + 1, b + 1);
      case Op::CaseInput: return address(x.chan, y.chan, Space::Channel, 1) && arms(x.arms, y.arms);
      case Op::Alt: return x.pri == y.pri && guards(x, y);
      case Op::Zero: return x.count == y.count && block(Space::Memory, x.first, y.first, x.count) && pair(a + 1, b + 1);
      case Op::Fail: return x.message == y.message;
    }
    return false;
  }
};

// The threads below t (its PAR branches, theirs, ...), in order.
std::vector<std::int32_t> descendants(const Program& p, std::int32_t t) {
  std::vector<std::int32_t> out;
  for (std::int32_t u = t + 1; u < std::int32_t(p.threads.size()); ++u)
    for (std::int32_t a = p.threads[std::size_t(u)].parent; a >= 0; a = p.threads[std::size_t(a)].parent)
      if (a == t) {
        out.push_back(u);
        break;
      }
  return out;
}

// Threads renamed by rotating each of `spawns` (replicated PARs) by one instance; false when the
// instances differ in shape.
bool rotation(const Program& p, const std::vector<const Instr*>& spawns, std::vector<std::int32_t>& map) {
  map.resize(p.threads.size());
  for (std::size_t t = 0; t < map.size(); ++t) map[t] = std::int32_t(t);
  for (const Instr* s : spawns) {
    std::int32_t each = s->count / s->replicas;
    for (std::int32_t k = 0; k < s->replicas; ++k)
      for (std::int32_t b = 0; b < each; ++b) {
        std::int32_t from = s->first + k * each + b, to = s->first + ((k + 1) % s->replicas) * each + b;
        std::vector<std::int32_t> dx = descendants(p, from), dy = descendants(p, to);
        if (dx.size() != dy.size()) return false;
        map[std::size_t(from)] = to;
        for (std::size_t i = 0; i < dx.size(); ++i) map[std::size_t(dx[i])] = dy[i];
      }
  }
  return true;
}

std::string base_name(const std::string& thread) { return thread.substr(0, thread.rfind('[')); }

}  // namespace

std::optional<Symmetry> Symmetry::find(const Program& p, StateView initial) {
  // The replicated PARs, and the thread each is in.
  std::vector<const Instr*> spawns;
  std::vector<std::int32_t> owner;
  for (std::int32_t t = 0; t < std::int32_t(p.threads.size()); ++t)
    for (std::size_t pc = std::size_t(p.threads[std::size_t(t)].start); pc < p.code.size(); ++pc) {
      const Instr& i = p.code[pc];
      if (i.op == Op::Spawn && i.replicas >= 2) {
        spawns.push_back(&i);
        owner.push_back(t);
      }
      if (i.op == Op::End) break;  // a thread's code ends with its only End
    }
  // Candidates: every replicated PAR of one count rotated together (the college's philosophers and
  // forks), leaving out those inside another's instances; then each alone.
  std::vector<std::vector<std::size_t>> candidates;
  for (std::size_t i = 0; i < spawns.size(); ++i) {
    std::vector<std::size_t> together;
    for (std::size_t j = 0; j < spawns.size(); ++j) {
      if (spawns[j]->replicas != spawns[i]->replicas) continue;
      bool nested = false;
      for (std::int32_t a = owner[j]; a >= 0 && !nested; a = p.threads[std::size_t(a)].parent)
        for (std::size_t k : together) nested |= a >= spawns[k]->first && a < spawns[k]->first + spawns[k]->count;
      if (!nested) together.push_back(j);
    }
    if (std::find(candidates.begin(), candidates.end(), together) == candidates.end()) candidates.push_back(together);
  }
  for (std::size_t i = 0; i < spawns.size(); ++i) candidates.push_back({i});

  for (const auto& c : candidates) {
    std::vector<const Instr*> rotated;
    for (std::size_t i : c) rotated.push_back(spawns[i]);
    std::vector<std::int32_t> map;
    if (!rotation(p, rotated, map)) continue;
    auto generator = Matcher(p, map).run();
    if (!generator) continue;
    Symmetry s;
    s.threads_ = std::int32_t(p.threads.size());
    // The group: the generator's powers up to the identity.
    Renaming power = *generator;
    for (int k = 0; k < 64; ++k) {
      bool identity = true;
      for (std::size_t i = 0; i < power.dest.size() && identity; ++i) identity = power.dest[i] == std::int32_t(i);
      for (std::size_t i = 0; i < power.pc.size() && identity; ++i) identity = power.pc[i] == std::int32_t(i);
      if (identity) break;
      s.renamings_.push_back(power);
      s.renamings_.back().source.resize(power.dest.size());
      for (std::size_t i = 0; i < power.dest.size(); ++i) s.renamings_.back().source[std::size_t(power.dest[i])] = std::int32_t(i);
      for (std::size_t i = 0; i < power.dest.size(); ++i) power.dest[i] = generator->dest[std::size_t(power.dest[i])];
      for (std::size_t i = 0; i < power.pc.size(); ++i) power.pc[i] = generator->pc[std::size_t(power.pc[i])];
    }
    if (s.renamings_.empty() || s.renamings_.size() >= 64) continue;
    // The initial state must be its own image (it is, for a program whose code is symmetric).
    State init(initial.begin(), initial.end());
    bool fixed = true;
    for (const Renaming& r : s.renamings_) fixed = fixed && s.rename(r, init) == init;
    if (!fixed) continue;
    for (std::size_t i : c) {
      std::string name = base_name(p.threads[std::size_t(spawns[i]->first)].name);
      s.what_ += (s.what_.empty() ? "" : ", ") + name;
    }
    return s;
  }
  return std::nullopt;
}

const State& Symmetry::rename(const Renaming& r, const State& s) {
  image_.resize(s.size());
  for (std::size_t i = 0; i < s.size(); ++i)
    image_[std::size_t(r.dest[i])] = std::int32_t(i) < threads_ ? r.pc[std::size_t(s[i])] : s[i];
  return image_;
}

void Symmetry::canonicalize(State& s) {
  original_ = s;
  for (const Renaming& r : renamings_)
    if (image_less(r, s)) s = rename(r, original_);
}

bool Symmetry::image_less(const Renaming& r, const State& best) const {
  for (std::size_t d = 0; d < best.size(); ++d) {
    const std::int32_t i = r.source[d];
    const Word v = i < threads_ ? r.pc[std::size_t(original_[std::size_t(i)])] : original_[std::size_t(i)];
    if (v != best[d]) return v < best[d];
  }
  return false;
}

}  // namespace transit::occam::verify
