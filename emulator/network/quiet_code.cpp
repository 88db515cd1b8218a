// The quiet stretch ahead of a running process (see quiet_code.h): a shortest-path search over its
// code from Iptr, each instruction weighted with the fewest cycles the table charges for it.
#include "transit/emu/network/quiet_code.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "transit/emu/isa/instruction.h"
#include "transit/emu/isa/memory_map.h"
#include "transit/emu/isa/prefix.h"

namespace transit::network {
namespace {

using emu::Cycle;
using emu::kNever;
using emu::Word;

// Per operation code: whether it only computes (no link, no wait, no scheduling, no jump the
// search does not follow), and the fewest cycles it takes.
struct OperationCost {
  bool quiet = false;
  Cycle cycles = 0;
};

const std::array<OperationCost, emu::kOperationCodeLimit>& operation_costs() {
  static const auto table = [] {
    std::array<OperationCost, emu::kOperationCodeLimit> t{};
    constexpr std::uint16_t kLoud = emu::F_DESCHED | emu::F_JUMP | emu::F_WAIT_INPUT | emu::F_WAIT_OUTPUT |
                                    emu::F_WAIT_ALT | emu::F_WAIT_TIMER | emu::F_LINK_A | emu::F_LINK_B |
                                    emu::F_LINK_C;
    // Rows without those flags that still change what runs next: they make a process ready,
    // set a queue or the timers, or move the workspace where the search cannot follow it.
    constexpr Word kSchedules[] = {
        emu::operation_code("startp"), emu::operation_code("runp"), emu::operation_code("stlb"),
        emu::operation_code("sthf"), emu::operation_code("stlf"), emu::operation_code("sthb"),
        emu::operation_code("sttimer"), emu::operation_code("gajw"), emu::operation_code("timerdisableh"),
        emu::operation_code("timerdisablel"), emu::operation_code("timerenableh"),
        emu::operation_code("timerenablel")};
    for (const emu::Instruction& i : emu::instruction_table()) {
      if (i.kind != emu::InstructionKind::Operation) continue;
      OperationCost& o = t[i.code];
      o.quiet = !(i.flags & kLoud) && std::find(std::begin(kSchedules), std::end(kSchedules), i.code) == std::end(kSchedules);
      // An FPU operation that overlaps holds the integer processor only for its issue (core/execute.h).
      o.cycles = i.flags & emu::F_FPU_CONCURRENT ? std::min<Cycle>(i.cycles, emu::kFpuIssueCycles) : i.cycles;
    }
    return t;
  }();
  return table;
}

constexpr unsigned kJ = emu::function_code("j"), kCj = emu::function_code("cj"), kCall = emu::function_code("call"),
                   kAjw = emu::function_code("ajw"), kLdc = emu::function_code("ldc");
constexpr Word kRet = emu::operation_code("ret"), kLend = emu::operation_code("lend");
constexpr Cycle kCjTaken = 2;  // extra cycles of a taken cj (core/semantics/control.h)
constexpr Cycle kLendLoops = 5;  // extra cycles of a looping lend

// Summaries kept before the cache starts again (a few megabytes at most).
constexpr std::size_t kMostKnown = 1 << 15;
constexpr int kDeepestReturn = 32;  // returns followed up the running process's calls
constexpr std::size_t kDeepestCall = 24;  // calls followed down from the code searched

bool decode_at(const emu::Cpu& c, Word addr, emu::DecodedInstruction& out) {
  std::uint32_t off = addr - emu::kMostNeg;
  if (off >= c.mem_size) return false;  // the ROM or outside memory: not followed
  out = emu::decode(std::span(c.mem + off, std::min<std::uint32_t>(16, c.mem_size - off)), addr);
  return out.complete;
}

bool read_word(const emu::Cpu& c, Word addr, Word& out) {
  std::uint32_t off = addr - emu::kMostNeg;
  if ((addr & 3) || off >= c.mem_size) return false;
  std::memcpy(&out, c.mem + off, 4);
  return true;
}

struct Item {
  Cycle d;
  Word addr;
  std::int32_t delta;  // Wptr relative to its value at the start, in bytes
  bool operator>(const Item& o) const { return d > o.d; }
};

}  // namespace

// One search's distances by (address, Wptr offset): open addressing, entries of older searches
// told apart by a generation number, so a search starts without clearing anything.
struct QuietCode::Scratch {
  static constexpr unsigned kBits = 14;
  static constexpr std::size_t kSlots = std::size_t{1} << kBits;  // twice what a budget's search fills
  struct Slot {
    std::uint64_t key = 0;
    Cycle d = 0;
    std::uint32_t gen = 0;
  };
  std::vector<Slot> slots = std::vector<Slot>(kSlots);
  std::vector<Item> heap;
  std::uint32_t gen = 0;
  std::size_t used = 0;

  void begin() {
    ++gen;
    used = 0;
    heap.clear();
  }
  bool full() const { return used >= kSlots / 2; }
  Slot& find(std::uint64_t key) {
    std::size_t i = (key * 0x9E3779B97F4A7C15ull) >> (64 - kBits);
    while (slots[i].gen == gen && slots[i].key != key) i = (i + 1) & (kSlots - 1);
    return slots[i];
  }
  // Records distance d for `key` if it is the first or a shorter one.
  bool improve(std::uint64_t key, Cycle d) {
    Slot& s = find(key);
    if (s.gen == gen) {
      if (s.d <= d) return false;
    } else {
      s = {key, d, gen};
      ++used;
    }
    s.d = d;
    return true;
  }
  Cycle best(std::uint64_t key) { return find(key).d; }
};

QuietCode::QuietCode(Cycle enough, int budget) : enough_(enough), budget_(budget) {}
QuietCode::~QuietCode() = default;

Cycle QuietCode::cycles(emu::Cpu& c, bool slices) {
  if (!c.running || c.block_move.active() || c.fptr[0] != emu::kNotProcess || c.halt != emu::HaltReason::None)
    return 0;
  if (c.code_writes != writes_seen_ || known_[0].size() + known_[1].size() > kMostKnown) {
    known_[0].clear();
    known_[1].clear();
    c.code_watch_lo = c.code_watch_hi = 0;
    writes_seen_ = c.code_writes;
  }
  return from(c, c.iptr, 0, 0, 0, slices);
}

// From `iptr` with Wptr at the process's plus `wofs`, `base` cycles from now: the code's own
// bound, or where a `ret` takes it (the return address read from the workspace now).
Cycle QuietCode::from(emu::Cpu& c, Word iptr, std::int32_t wofs, Cycle base, int depth, bool slices) {
  if (base >= enough_) return enough_;
  if (depth > kDeepestReturn) return base;
  const Summary& s = summary(c, iptr, slices);
  Cycle r = std::min(enough_, s.to_stop == kNever ? kNever : base + s.to_stop);
  for (auto [delta, d] : s.rets) {  // `s` stays: only new summaries are searched below
    if (base + d >= r) continue;
    Word to;
    if (!read_word(c, c.wptr + Word(wofs + delta), to)) return std::min(r, base + d);
    r = std::min(r, from(c, to, wofs + delta + 16, base + d, depth + 1, slices));
  }
  return r;
}

const QuietCode::Summary& QuietCode::summary(emu::Cpu& c, Word start, bool slices) {
  auto& known = known_[slices];
  if (auto it = known.find(start); it != known.end()) return it->second;
  Summary& s = known[start];  // stays where it is while the search below adds others
  s.searching = true;
  s = search(c, start, slices);
  return s;
}

QuietCode::Summary QuietCode::search(emu::Cpu& c, Word start, bool slices) {
  const auto& ops = operation_costs();
  Summary r;
  Word lo = start, hi = start;
  int budget = budget_;
  if (depth_ >= kDeepestCall) {  // calls nested this deep: nothing known
    r.to_stop = 0;
    return r;
  }
  if (scratch_.size() <= depth_) scratch_.push_back(std::make_unique<Scratch>());
  Scratch& x = *scratch_[depth_];  // this search's own: the searches of its callees use deeper ones
  struct Nested {
    std::size_t& depth;
    explicit Nested(std::size_t& d) : depth(d) { ++depth; }
    ~Nested() { --depth; }
  } nested(depth_);
  x.begin();
  auto by_distance = [](const Item& a, const Item& b) { return a > b; };  // a min-heap
  auto relax = [&](Cycle d, Word addr, std::int32_t delta) {
    if (!x.improve((std::uint64_t(std::uint32_t(delta)) << 32) | addr, d)) return;
    x.heap.push_back({d, addr, delta});
    std::push_heap(x.heap.begin(), x.heap.end(), by_distance);
  };
  auto stop = [&](Cycle d) { r.to_stop = std::min(r.to_stop, d); };
  auto decode = [&](Word addr, emu::DecodedInstruction& d) {
    if (!decode_at(c, addr, d)) return false;
    lo = std::min(lo, addr);
    hi = std::max(hi, addr + d.length);
    return true;
  };
  relax(0, start, 0);
  while (!x.heap.empty()) {
    Item at = x.heap.front();
    // Every path still open is at least this long: nothing shorter is left to find.
    if (at.d >= r.to_stop) break;
    if (at.d >= enough_ || --budget < 0 || x.full()) {
      stop(at.d);
      break;
    }
    std::pop_heap(x.heap.begin(), x.heap.end(), by_distance);
    x.heap.pop_back();
    if (x.best((std::uint64_t(std::uint32_t(at.delta)) << 32) | at.addr) < at.d) continue;  // met sooner
    emu::DecodedInstruction d;
    if (!decode(at.addr, d)) {
      stop(at.d);
      continue;
    }
    Word next = at.addr + d.length;
    Cycle base = at.d + (d.length - 1);  // each prefix byte: one cycle
    switch (d.function) {
      case kJ:
        if (slices) stop(base);  // may switch to another low-priority process
        else relax(base + emu::direct_instruction(kJ).cycles, next + d.operand, at.delta);
        break;
      case kCj:
        relax(base + emu::direct_instruction(kCj).cycles, next, at.delta);
        relax(base + emu::direct_instruction(kCj).cycles + kCjTaken, next + d.operand, at.delta);
        break;
      case kCall: {
        Cycle call = base + emu::direct_instruction(kCall).cycles;
        Word entry = next + d.operand;
        const Summary& p = summary(c, entry, slices);
        if (p.searching) {  // a recursive call: nothing known
          stop(base);
          break;
        }
        if (p.to_stop != kNever) stop(call + p.to_stop);
        for (auto [delta, to_ret] : p.rets) {
          if (delta == 0) relax(call + to_ret, next, at.delta);  // back here, Wptr as before the call
          else stop(call + to_ret);  // returns where the search cannot follow
        }
        break;
      }
      case kAjw:
        relax(base + emu::direct_instruction(kAjw).cycles, next, at.delta + 4 * std::int32_t(d.operand));
        break;
      case kLdc: {
        // `ldc offset; lend`: the loop's back edge is known (lend takes it from Areg).
        emu::DecodedInstruction l;
        Cycle ldc = base + emu::direct_instruction(kLdc).cycles;
        if (decode(next, l) && l.function == emu::kOpr && l.operand == kLend) {
          Cycle lend = ldc + (l.length - 1) + ops[kLend].cycles;
          Word after = next + l.length;
          relax(lend, after, at.delta);
          if (slices) stop(lend);
          else relax(lend + kLendLoops, after - d.operand, at.delta);
        } else {
          relax(ldc, next, at.delta);
        }
        break;
      }
      case emu::kOpr:
        if (d.operand == kRet) {
          Cycle ret = base + ops[kRet].cycles;
          auto it = std::find_if(r.rets.begin(), r.rets.end(), [&](auto& p) { return p.first == at.delta; });
          if (it == r.rets.end()) r.rets.emplace_back(at.delta, ret);
          else it->second = std::min(it->second, ret);
        } else if (d.operand < ops.size() && ops[d.operand].quiet) {
          relax(base + ops[d.operand].cycles, next, at.delta);
        } else {
          stop(base);  // lend without a known offset, and every loud operation
        }
        break;
      default:
        relax(base + emu::direct_instruction(d.function).cycles, next, at.delta);
    }
  }
  std::erase_if(r.rets, [&](auto& p) { return p.second >= r.to_stop; });
  if (hi > lo) {  // watch the code searched from now on
    c.code_watch_lo = c.code_watch_hi > c.code_watch_lo ? std::min(c.code_watch_lo, lo) : lo;
    c.code_watch_hi = std::max(c.code_watch_hi, hi);
  }
  return r;
}

}  // namespace transit::network
