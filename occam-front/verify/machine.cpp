// Runs a compiled occam Program as a verify::Model: expression evaluation with occam's checks, the
// local steps of a thread up to its next wait, and the transitions between settled states.
#include "transit/occam/verify/machine.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <functional>
#include <unordered_map>

#include "transit/inspect.h"
#include "transit/occam/verify/eval.h"

namespace transit::occam::verify {

using transit::verify::State;
using transit::verify::StateView;
using transit::verify::Successors;

namespace {

constexpr long kStepLimit = 10'000'000;  // local steps without a wait: taken as a loop that never waits

std::string file_line(const Program& p, const ir::Site& s) {
  std::string f = s.file > 0 && std::size_t(s.file) < p.files.size() ? p.files[std::size_t(s.file)] : "?";
  return f + ":" + std::to_string(s.line);
}

std::string show(const std::string& type, Word w) {
  if (type == "BOOL") return w ? "TRUE" : "FALSE";
  if (type == "BYTE" && w >= 32 && w < 127) return "'" + std::string(1, char(w)) + "'";
  if (type == "REAL32" || type == "REAL64") {  // the bits of program.h, shown with enough digits to tell them apart
    char buf[40];
    if (type == "REAL32") std::snprintf(buf, sizeof buf, "%.9g", double(std::bit_cast<float>(std::uint32_t(w))));
    else std::snprintf(buf, sizeof buf, "%.17g", std::bit_cast<double>(w));
    return buf;
  }
  return std::to_string(w);
}

}  // namespace

Machine::Machine(Program program, MachineOptions options)
    : p_(std::move(program)), options_(std::move(options)), threads_(std::int32_t(p_.threads.size())) {
  writer_of_.assign(std::size_t(p_.channels), -1);
}

std::size_t Machine::width() const { return std::size_t(threads_) + std::size_t(p_.memory_words); }

bool Machine::terminated(StateView s) const { return s[0] == 0; }

// Each thread's pc then its own words, the threads in an order that puts those that talk to each
// other (share a channel, or are parent and child) side by side: a transition changes the parts of
// the one or two threads it moves, and their neighbours' parts change with them.
std::vector<std::uint32_t> Machine::store_order() const {
  std::vector<std::vector<std::uint32_t>> words(std::size_t(threads_) + 1);  // the last: no owner
  for (std::size_t w = 0; w < p_.word_owner.size(); ++w) {
    std::int32_t t = p_.word_owner[w];
    words[t >= 0 ? std::size_t(t) : std::size_t(threads_)].push_back(std::uint32_t(threads_) + std::uint32_t(w));
  }
  // Each thread's neighbours: the threads at the other end of its channels, its parent, its children.
  const std::size_t n = std::size_t(threads_);
  std::vector<std::vector<std::size_t>> near(n);
  std::unordered_map<std::int32_t, std::vector<std::size_t>> ends;  // channel -> the threads using it
  for (std::size_t t = 0; t < n; ++t) {
    const Thread& th = p_.threads[t];
    for (const auto* list : {&th.inputs, &th.outputs})
      for (std::int32_t c : *list) ends[c].push_back(t);
    if (th.parent >= 0) {
      near[t].push_back(std::size_t(th.parent));
      near[std::size_t(th.parent)].push_back(t);
    }
  }
  for (const auto& [c, users] : ends)
    for (std::size_t a : users)
      for (std::size_t b : users)
        if (a != b) near[a].push_back(b);
  // Greedily: next, the thread with the most links to the last four placed (the first in number on a
  // tie; with none, the first not placed).
  std::vector<std::size_t> placed{0};
  std::vector<bool> done(n, false);
  std::vector<int> score(n, 0);
  std::vector<std::size_t> scored;
  done[0] = true;
  for (std::size_t first_free = 1; placed.size() < n;) {
    scored.clear();
    for (std::size_t k = placed.size() > 4 ? placed.size() - 4 : 0; k < placed.size(); ++k)
      for (std::size_t u : near[placed[k]])
        if (!done[u] && score[u]++ == 0) scored.push_back(u);
    while (done[first_free]) ++first_free;
    std::size_t best = first_free;
    for (std::size_t u : scored) {
      if (score[best] < score[u] || (score[best] == score[u] && u < best)) best = u;
    }
    for (std::size_t u : scored) score[u] = 0;
    done[best] = true;
    placed.push_back(best);
  }
  std::vector<std::uint32_t> order;
  order.reserve(width());
  for (std::size_t t : placed) {
    order.push_back(std::uint32_t(t));
    order.insert(order.end(), words[t].begin(), words[t].end());
  }
  order.insert(order.end(), words.back().begin(), words.back().end());
  return order;
}

std::size_t Machine::span_words(const Span& s, const Word* mem, std::int32_t t) const {
  if (s.scalar) return 1;
  Word count = s.count_node >= 0 ? eval(p_.nodes, s.count_node, mem, t) : s.count;
  return std::size_t(count * s.elem_words);
}

// Appends each item's values to buf_, its end to ends_.
void Machine::read_items(const std::vector<Item>& items, const Word* mem, std::int32_t t) {
  for (const Item& it : items) {
    auto one = [&](const Span& s) {
      if (s.scalar) {
        buf_.push_back(eval(p_.nodes, s.addr, mem, t));
        return;
      }
      Word a = eval(p_.nodes, s.addr, mem, t);
      std::size_t n = span_words(s, mem, t);
      buf_.insert(buf_.end(), mem + a, mem + a + n);
    };
    if (it.is_table) for (const Span& s : it.table) one(s);
    else one(it.span);
    ends_.push_back(buf_.size());
  }
}

// Stores the values read for items first_item.. of ends_ into targets, checking sizes.
void Machine::write_items(const std::vector<Item>& items, Word* mem, std::int32_t t, const ir::Site& site,
                          std::size_t first_item) {
  std::size_t k = first_item;
  for (std::size_t i = 0; i < items.size(); ++i, ++k) {
    const Item& it = items[i];
    std::size_t begin = k == 0 ? 0 : ends_[k - 1];
    std::size_t n = ends_[k] - begin;
    Word a = eval(p_.nodes, it.span.addr, mem, t);
    std::size_t room = span_words(it.span, mem, t);
    if (it.counted && i + 1 < items.size()) {  // the count, then that many elements into the array
      Word count = buf_[begin];
      const Item& arr = items[i + 1];
      std::size_t elems = (ends_[k + 1] - ends_[k]) / std::size_t(std::max(1, arr.span.elem_words));
      Word b = eval(p_.nodes, arr.span.addr, mem, t);
      if (count < 0 || std::size_t(count) > span_words(arr.span, mem, t) / std::size_t(std::max(1, arr.span.elem_words)) ||
          std::size_t(count) > elems)
        throw RunError{site, t, "counted array input: the count " + std::to_string(count) + " does not fit the array"};
      mem[a] = count;
      std::copy(buf_.begin() + std::ptrdiff_t(ends_[k]), buf_.begin() + std::ptrdiff_t(ends_[k]) + count * arr.span.elem_words, mem + b);
      ++i;
      ++k;
      continue;
    }
    if (n != room) throw RunError{site, t, "array sizes differ (" + std::to_string(n) + " words into " + std::to_string(room) + ")"};
    std::copy(buf_.begin() + std::ptrdiff_t(begin), buf_.begin() + std::ptrdiff_t(begin + n), mem + a);
  }
}

void Machine::print(std::int32_t t, const std::vector<Item>& items, const Word* mem) {
  buf_.clear();
  ends_.clear();
  read_items(items, mem, t);
  if (!capture_) return;
  std::string text;
  for (Word w : buf_) {
    if (w == 255) continue;  // flush
    if (w == '\n') text += "*n";
    else if (w >= 32 && w < 127) text += char(w);
    else text += "*#" + std::to_string(w);
  }
  std::string& out = capture_->printed;
  std::string head = "     " + p_.threads[std::size_t(t)].name + " prints \"";
  if (out.size() >= head.size() && out.compare(out.rfind('\n', out.size() - 2) + 1, head.size(), head) == 0 &&
      out.back() == '\n') {
    out.erase(out.size() - 2);  // the same process printing on: one line
    out += text + "\"\n";
  } else {
    out += head + text + "\"\n";
  }
}

void Machine::run_thread(Word* s, std::int32_t t) {
  Word* mem = s + threads_;
  for (long steps = 0;; ++steps) {
    if (steps > kStepLimit)
      throw RunError{p_.code[std::size_t(s[t])].site, t,
                     "more than " + std::to_string(kStepLimit) + " steps without a communication (a loop that never waits?)"};
    const Instr& i = p_.code[std::size_t(s[t])];
    switch (i.op) {
      case Op::Assign:
        buf_.clear();
        ends_.clear();
        read_items(i.sources, mem, t);
        write_items(i.targets, mem, t, i.site, 0);
        ++s[t];
        break;
      case Op::Jump: s[t] = i.target; break;
      case Op::JumpIfNot: s[t] = eval(p_.nodes, i.cond, mem, t) ? s[t] + 1 : i.target; break;
      case Op::Spawn:
        for (std::int32_t c = i.first; c < i.first + i.count; ++c) {
          s[c] = p_.threads[std::size_t(c)].start;
          ready_.push_back(c);
        }
        ++s[t];
        break;
      case Op::Join:
        for (std::int32_t c = i.first; c < i.first + i.count; ++c)
          if (s[c] != 0) return;
        ++s[t];
        break;
      case Op::End: {
        s[t] = 0;
        std::int32_t parent = p_.threads[std::size_t(t)].parent;
        if (parent >= 0) ready_.push_back(parent);
        return;
      }
      case Op::Stop: return;
      case Op::Output: {
        Word c = eval(p_.nodes, i.chan, mem, t);
        if (c != kScreen && c != kError) return;
        print(t, i.sources, mem);
        ++s[t];
        break;
      }
      case Op::Input:
      case Op::CaseInput:
      case Op::Alt: {
        if (i.op != Op::Alt && eval(p_.nodes, i.chan, mem, t) == kKeyboard && !options_.stdin_text)
          throw Refused(p_.site_text(i.site) + ": verify: the program reads the keyboard: give its input with --stdin TEXT");
        return;
      }
      case Op::Zero: std::fill(mem + i.first, mem + i.first + i.count, 0); ++s[t]; break;
      case Op::Fail: throw RunError{i.site, t, i.message};
    }
  }
}

void Machine::settle(Word* s) {
  while (!ready_.empty()) {
    std::int32_t t = ready_.back();
    ready_.pop_back();
    if (s[t] != 0) run_thread(s, t);
  }
}

std::string Machine::fault_text(const RunError& e) const {
  return "transit: error in process " + p_.threads[std::size_t(e.thread)].name + " (#" + std::to_string(e.thread + 1) +
         ") at " + p_.site_text(e.site) + ": " + e.message;
}

bool Machine::initial(State& out, std::string& fault) {
  out.assign(width(), 0);
  out[0] = p_.threads[0].start;
  ready_.assign(1, 0);
  try {
    settle(out.data());
  } catch (const RunError& e) {
    ready_.clear();
    fault = fault_text(e);
    return false;
  }
  if (options_.symmetry && !symmetry_sought_) symmetry_ = Symmetry::find(p_, out);
  symmetry_sought_ = true;
  return true;
}

// The end of every transition: `change` (made to next_) then the woken threads run to their next
// waits; a run-time error on the way is the transition's end instead of a state.
template <class Change>
void Machine::step(Successors& out, Change change) {
  try {
    change();
    settle(next_.data());
  } catch (const RunError& e) {
    ready_.clear();
    out.fault(fault_text(e));
    return;
  }
  out.state(next_);
}

void Machine::communicate(const Word* s, std::int32_t w, std::int32_t r, std::int32_t next_pc,
                          const std::vector<Item>* targets, const std::vector<Arm>* arms, std::int32_t tag,
                          const ir::Site& rsite, Successors& out) {
  State& next = next_;
  next.assign(s, s + width());
  Word* mem = next.data() + threads_;
  const Instr& out_i = p_.code[std::size_t(s[w])];
  step(out, [&] {
    buf_.clear();
    ends_.clear();
    if (out_i.tag >= 0) {  // a variant's tag travels first
      buf_.push_back(out_i.tag);
      ends_.push_back(1);
    }
    read_items(out_i.sources, mem, w);
    if (capture_) {
      label_ = Label{};
      label_.writer = w;
      label_.guard = alt_guard_;
      label_.reader = r;
      label_.writer_site = out_i.site;
      label_.chan = eval(p_.nodes, out_i.chan, mem, w);
      std::size_t from = 0, k = 0;
      std::string v;
      for (std::size_t e : ends_) {
        if (out_i.tag >= 0 && k == 0) v = out_i.tag_name;
        else {
          std::size_t item = k - (out_i.tag >= 0 ? 1 : 0);
          std::string type = item < out_i.item_types.size() ? out_i.item_types[item] : "INT";
          if (!v.empty()) v += "; ";
          if (e - from == 1 && type != "array") v += show(type, buf_[from]);
          else {
            v += "[";
            for (std::size_t j = from; j < e; ++j) v += (j > from ? ", " : "") + std::to_string(buf_[j]);
            v += "]";
          }
        }
        from = e;
        ++k;
      }
      label_.value = v;
    }
    std::size_t skip = out_i.tag >= 0 ? 1 : 0;
    if (arms) {
      const Arm* arm = nullptr;
      for (const Arm& a : *arms)
        if (a.tag == buf_[0]) arm = &a;
      if (!arm) throw RunError{rsite, r, "CASE input: no option for the tag received"};
      write_items(arm->targets, mem, r, rsite, skip);
      next_pc = arm->pc;
    } else {
      if (tag >= 0 && buf_[0] != tag) throw RunError{rsite, r, "CASE input: the tag received is not the one expected"};
      write_items(*targets, mem, r, rsite, skip);
    }
    if (capture_) label_.reader_site = rsite;
    next[std::size_t(w)] = s[w] + 1;
    next[std::size_t(r)] = next_pc;
    ready_.assign({w, r});
  });
}

void Machine::choose(const Word* s, std::int32_t t, std::int32_t next_pc, Successors& out) {
  State& next = next_;
  next.assign(s, s + width());
  if (capture_) {
    label_ = Label{};
    label_.kind = Label::Choice;
    label_.guard = alt_guard_;
    label_.reader = t;
    label_.reader_site = p_.code[std::size_t(s[t])].site;
  }
  next[std::size_t(t)] = next_pc;
  ready_.assign(1, t);
  step(out, [] {});
}

// Past the end of the --stdin text the keyboard gives END.OF.FILE (255) for ever, as a run does.
bool Machine::keyboard_ready(const Word*) const { return options_.stdin_text.has_value(); }

void Machine::keyboard(const Word* s, std::int32_t t, std::int32_t next_pc, const std::vector<Item>* targets,
                       Successors& out) {
  State& next = next_;
  next.assign(s, s + width());
  Word* mem = next.data() + threads_;
  Word& pos = mem[p_.keyboard_slot];
  Word byte = 255;
  if (std::size_t(pos) < options_.stdin_text->size()) byte = static_cast<unsigned char>((*options_.stdin_text)[std::size_t(pos++)]);
  if (capture_) {
    label_ = Label{};
    label_.kind = Label::Keyboard;
    label_.guard = alt_guard_;
    label_.reader = t;
    label_.reader_site = p_.code[std::size_t(s[t])].site;
    label_.chan = kKeyboard;
    label_.value = show("BYTE", byte);
  }
  step(out, [&] {
    buf_.assign(1, byte);
    ends_.assign(1, 1);
    write_items(*targets, mem, t, p_.code[std::size_t(s[t])].site, 0);
    next[std::size_t(t)] = next_pc;
    ready_.assign(1, t);
  });
}

bool Machine::successors(StateView sv, Successors& out, bool reduce) {
  try {
    return expand(sv, out, reduce);
  } catch (const RunError& e) {  // a channel or precondition of a waiting process fails
    alt_guard_ = -1;
    for (Word c : used_) writer_of_[std::size_t(c)] = -1;
    ready_.clear();
    if (capture_) {
      label_ = Label{};
      label_.kind = Label::Waiting;
    }
    out.fault(fault_text(e));
    return false;
  }
}

bool Machine::expand(StateView sv, Successors& out, bool reduce) {
  const Word* s = sv.data();
  const Word* mem = s + threads_;
  // Outputs waiting, by channel.
  std::vector<Word>& used = used_;
  used.clear();
  for (std::int32_t t = 0; t < threads_; ++t) {
    if (s[t] == 0) continue;
    const Instr& i = p_.code[std::size_t(s[t])];
    if (i.op != Op::Output) continue;
    Word c = eval(p_.nodes, i.chan, mem, t);
    writer_of_[std::size_t(c)] = t;
    used.push_back(c);
  }
  auto clear = [&] {
    for (Word c : used) writer_of_[std::size_t(c)] = -1;
    used.clear();
  };
  if (reduce) {
    // Partial-order reduction: an input (not an ALT) whose writer waits is the only transition either
    // process can take next, and no other process can touch them or their channel (occam's channels
    // are point-to-point, its PAR branches share no variables): that one transition is persistent.
    for (std::int32_t t = 0; t < threads_; ++t) {
      if (s[t] == 0) continue;
      const Instr& i = p_.code[std::size_t(s[t])];
      if (i.op != Op::Input && i.op != Op::CaseInput) continue;
      Word c = eval(p_.nodes, i.chan, mem, t);
      if (c == kKeyboard) continue;
      std::int32_t w = writer_of_[std::size_t(c)];
      if (w < 0 || w == t) continue;
      clear();
      communicate(s, w, t, s[t] + 1, &i.targets, i.op == Op::CaseInput ? &i.arms : nullptr, i.tag, i.site, out);
      return true;
    }
  }
  for (std::int32_t t = 0; t < threads_; ++t) {
    if (s[t] == 0) continue;
    const Instr& i = p_.code[std::size_t(s[t])];
    switch (i.op) {
      case Op::Input:
      case Op::CaseInput: {
        Word c = eval(p_.nodes, i.chan, mem, t);
        if (c == kKeyboard) {
          if (keyboard_ready(s) && i.op == Op::Input) keyboard(s, t, s[t] + 1, &i.targets, out);
          else if (keyboard_ready(s)) throw Refused(p_.site_text(i.site) + ": verify: a CASE input from the keyboard");
          break;
        }
        std::int32_t w = writer_of_[std::size_t(c)];
        if (w >= 0 && w != t)
          communicate(s, w, t, s[t] + 1, &i.targets, i.op == Op::CaseInput ? &i.arms : nullptr, i.tag, i.site, out);
        break;
      }
      case Op::Alt:
        for (const Guard& g : i.guards) {
          alt_guard_ = std::int32_t(&g - i.guards.data());
          if (g.pre >= 0 && !eval(p_.nodes, g.pre, mem, t)) continue;
          bool certain = false;
          if (g.kind == GuardKind::Skip || g.kind == GuardKind::Timer) {
            choose(s, t, g.pc, out);
            certain = g.kind == GuardKind::Skip;
          } else {
            Word c = eval(p_.nodes, g.chan, mem, t);
            if (c == kKeyboard) {
              if (!options_.stdin_text) throw Refused(p_.site_text(g.site) + ": verify: the program reads the keyboard: give its input with --stdin TEXT");
              if (keyboard_ready(s) && g.kind == GuardKind::Input) {
                keyboard(s, t, g.pc, &g.targets, out);
                certain = true;
              }
            } else if (std::int32_t w = writer_of_[std::size_t(c)]; w >= 0 && w != t) {
              communicate(s, w, t, g.pc, &g.targets, g.kind == GuardKind::CaseInput ? &g.arms : nullptr, g.tag, g.site, out);
              certain = true;
            }
          }
          if (i.pri && certain) break;  // PRI ALT: a ready guard hides those after it (a timeout may not be due)
        }
        alt_guard_ = -1;
        break;
      default: break;
    }
  }
  clear();
  return false;
}

// ---------------------------------------------------------------------------------- explaining

namespace {
struct Finder : Successors {
  std::function<void(bool, StateView)> on;
  void state(StateView next) override { on(true, next); }
  void fault(const std::string&) override { on(false, {}); }
};
}  // namespace

// The label of the step from `from` to `to` (one of its successors, or its faulting transition when
// `to` is empty); none when it is neither.
std::optional<Machine::Label> Machine::label_of(StateView from, StateView to) {
  std::optional<Label> label;
  Finder f;
  Label scratch;
  capture_ = &scratch;
  f.on = [&](bool ok, StateView next) {
    if (label) return;
    bool match = to.empty() ? !ok : ok && std::equal(next.begin(), next.end(), to.begin(), to.end());
    if (match) {
      label = label_;
      label->printed = scratch.printed;
    }
    scratch.printed.clear();
  };
  successors(from, f, false);
  capture_ = nullptr;
  return label;
}

std::vector<std::string> Machine::explain(StateView from, StateView to, int& communications) {
  std::optional<Label> found = label_of(from, to);
  std::vector<std::string> lines;
  explained_ = {};
  if (!found) return lines;
  const Label& label = *found;
  explained_ = {std::uint64_t(label.writer + 1), std::uint64_t(label.reader + 1),
                label.kind == Label::Comm ? p_.chan_text(label.chan) : ""};
  std::string name_r = label.reader >= 0 ? p_.threads[std::size_t(label.reader)].name : "";
  switch (label.kind) {
    case Label::Comm:
      ++communications;
      lines.push_back(p_.threads[std::size_t(label.writer)].name + " -> " + name_r + " on " + p_.chan_text(label.chan) +
                      ": " + label.value + "  (" + file_line(p_, label.writer_site) + " -> " + file_line(p_, label.reader_site) + ")");
      break;
    case Label::Keyboard:
      ++communications;
      lines.push_back("keyboard -> " + name_r + ": " + label.value + "  (" + file_line(p_, label.reader_site) + ")");
      break;
    case Label::Choice:
      lines.push_back("~" + name_r + " takes a SKIP or timeout guard of its ALT  (" + file_line(p_, label.reader_site) + ")");
      break;
    case Label::Waiting: break;  // the error is in evaluating what a process waits for: no step
  }
  printed_lines(label.printed, lines);
  return lines;
}

// A native run's key for the process that runs thread t: the entry PROC is branch 0 of the PAR
// that runs it beside the console's processes (occam-front/backend/support/occam_main.cpp, top()),
// and every PAR branch is keyed under its parent's key by its index (transit/choice_file.h).
std::uint64_t Machine::native_key(std::int32_t t) const {
  const Thread& th = p_.threads[std::size_t(t)];
  if (th.parent < 0) return child_choice_key(root_choice_key, 0);
  std::uint64_t parent = native_key(th.parent);
  return th.branch < 0 ? parent : child_choice_key(parent, std::size_t(th.branch));
}

std::vector<RecordedChoice> Machine::alt_choices(const std::vector<State>& trace, bool fault) {
  std::vector<RecordedChoice> choices;
  auto note = [&](const std::optional<Label>& l) {
    if (l && l->guard >= 0) choices.push_back({native_key(l->reader), std::uint32_t(l->guard)});
  };
  for (std::size_t k = 1; k < trace.size(); ++k) note(label_of(trace[k - 1], trace[k]));
  if (fault && !trace.empty()) note(label_of(trace.back(), {}));
  return choices;
}

void Machine::printed_lines(const std::string& printed, std::vector<std::string>& lines) {
  for (std::size_t start = 0; start < printed.size();) {
    std::size_t nl = printed.find('\n', start);
    lines.push_back("~" + printed.substr(start + 5, nl - start - 5));
    start = nl + 1;
  }
}

std::vector<std::string> Machine::explain_start() {
  Label scratch;
  capture_ = &scratch;
  State s;
  std::string fault;
  initial(s, fault);
  capture_ = nullptr;
  std::vector<std::string> lines;
  printed_lines(scratch.printed, lines);
  return lines;
}

std::vector<Machine::Activity> Machine::activity(StateView s) {
  struct Mark : Successors {
    Machine* m;
    std::vector<Activity> of;
    void state(StateView) override { mark(); }
    void fault(const std::string&) override { mark(); }
    void mark() {
      for (std::int32_t t : {m->label_.writer, m->label_.reader})
        if (t >= 0) of[std::size_t(t)] = kMoves;
    }
  } mark;
  mark.m = this;
  mark.of.assign(std::size_t(threads_), kIdle);
  for (std::int32_t t = 0; t < threads_; ++t) {
    Op op = s[t] ? p_.code[std::size_t(s[t])].op : Op::End;
    if (op == Op::Input || op == Op::CaseInput || op == Op::Output || op == Op::Alt) mark.of[std::size_t(t)] = kWaits;
  }
  Label scratch;
  capture_ = &scratch;
  successors(s, mark, false);
  capture_ = nullptr;
  return mark.of;
}

std::string Machine::starved_report(StateView s, const std::vector<bool>& starved) {
  std::string text;
  for (std::int32_t t = 0; t < threads_; ++t) {
    if (!starved[std::size_t(t)]) continue;
    const Instr& i = p_.code[std::size_t(s[t])];
    std::string what = i.op == Op::Alt ? "an ALT" : i.op == Op::Output ? "output on " : "input on ";
    if (i.op != Op::Alt) what += "channel '" + p_.chan_text(eval(p_.nodes, i.chan, s.data() + threads_, t)) + "'";
    text += "  #" + std::to_string(t + 1) + " " + p_.threads[std::size_t(t)].name + " waits for ever: " + what + " at " +
            p_.site_text(i.site) + "\n";
  }
  return text;
}

const char* Machine::keep(std::string s) {
  strings_.push_back(std::move(s));
  return strings_.back().c_str();
}

std::string Machine::blocked_report(StateView sv) {
  std::vector<transit::ProcessInfo> infos = processes(sv);
  return transit::deadlock_text(infos, transit::wait_for_cycles(infos));
}

std::vector<transit::ProcessInfo> Machine::processes(StateView sv) {
  const Word* s = sv.data();
  const Word* mem = s + threads_;
  auto live = [&](std::int32_t t) { return s[t] != 0; };
  // The processes holding the other end of channel c from thread t: each thread whose code uses
  // that end, or its nearest live ancestor when it has ended (a PAR branch that will run again).
  auto holders = [&](std::int32_t t, Word c, bool output) {
    std::vector<std::uint64_t> ids;
    auto ancestor_of_t = [&](std::int32_t a) {
      for (std::int32_t x = t; x >= 0; x = p_.threads[std::size_t(x)].parent)
        if (x == a) return true;
      return false;
    };
    for (std::int32_t u = 0; u < threads_; ++u) {
      const auto& uses = output ? p_.threads[std::size_t(u)].outputs : p_.threads[std::size_t(u)].inputs;
      if (std::find(uses.begin(), uses.end(), std::int32_t(c)) == uses.end()) continue;
      std::int32_t a = u;
      while (a >= 0 && !live(a)) a = p_.threads[std::size_t(a)].parent;
      if (a < 0 || ancestor_of_t(a)) continue;
      if (std::find(ids.begin(), ids.end(), std::uint64_t(a + 1)) == ids.end()) ids.push_back(std::uint64_t(a + 1));
    }
    return ids;
  };
  auto site = [&](const ir::Site& x, std::int32_t t) {
    std::string f = x.file > 0 && std::size_t(x.file) < p_.files.size() ? p_.files[std::size_t(x.file)] : "?";
    return transit::Site{keep(f), x.line, x.col, keep(p_.threads[std::size_t(t)].name)};
  };
  std::vector<transit::ProcessInfo> infos;
  std::function<void(std::int32_t)> add = [&](std::int32_t t) {
    if (!live(t)) return;
    const Instr& i = p_.code[std::size_t(s[t])];
    transit::ProcessInfo info;
    info.id = std::uint64_t(t + 1);
    info.name = p_.threads[std::size_t(t)].name;
    info.site = site(i.site, t);
    info.spawned = site(p_.threads[std::size_t(t)].spawned, t);
    auto quote = [&](Word c) { return "'" + p_.chan_text(c) + "'"; };
    switch (i.op) {
      case Op::Output: {
        Word c = eval(p_.nodes, i.chan, mem, t);
        info.state = "output";
        info.waits_on = "output on channel " + quote(c);
        info.waits_for = holders(t, c, false);
        break;
      }
      case Op::Input:
      case Op::CaseInput: {
        Word c = eval(p_.nodes, i.chan, mem, t);
        info.state = "input";
        info.waits_on = "input on channel " + quote(c);
        info.waits_for = holders(t, c, true);
        break;
      }
      case Op::Alt: {
        std::string over;
        for (const Guard& g : i.guards) {
          if (g.pre >= 0 && !eval(p_.nodes, g.pre, mem, t)) continue;
          if (!over.empty()) over += ", ";
          if (g.kind == GuardKind::Input || g.kind == GuardKind::CaseInput) {
            Word c = eval(p_.nodes, g.chan, mem, t);
            over += quote(c) + "?";
            for (std::uint64_t h : holders(t, c, true))
              if (std::find(info.waits_for.begin(), info.waits_for.end(), h) == info.waits_for.end()) info.waits_for.push_back(h);
          } else {
            over += g.kind == GuardKind::Skip ? "SKIP" : "AFTER";
          }
        }
        info.state = over.empty() ? "stopped" : "alt";
        info.waits_on = over.empty() ? "ALT with every precondition FALSE" : "ALT over: " + over;
        break;
      }
      case Op::Join: {
        int running = 0;
        for (std::int32_t c = i.first; c < i.first + i.count; ++c)
          if (live(c)) {
            ++running;
            info.waits_for.push_back(std::uint64_t(c + 1));
          }
        info.state = "par";
        info.waits_on = "PAR: " + std::to_string(running) + " of " + std::to_string(i.count) + " branches still running";
        break;
      }
      default:
        info.state = "stopped";
        info.waits_on = "STOP";
        break;
    }
    infos.push_back(std::move(info));
    if (i.op == Op::Join)
      for (std::int32_t c = i.first; c < i.first + i.count; ++c) add(c);
  };
  add(0);
  return infos;
}

}  // namespace transit::occam::verify
