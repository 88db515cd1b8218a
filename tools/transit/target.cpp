// The transputer target's pipeline: occam -> IR -> assembly -> boot file -> one emulated chip.
// A failed check halts the chip (halt-on-error); the check's line table entry names the occam line.
#include "target.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <variant>

#include "transit/emu/asm/assembler.h"
#include "transit/occam/backend/transputer/emit_transputer.h"
#include "commands.h"
#include "transit/emu/node/transputer.h"
#include "transit/emu/host/session.h"
#include "line_table.h"
#include "target_report.h"
#include "transit/attach.h"

namespace transit::cli {

namespace {

namespace drv = occam::driver;
namespace be = occam::backend;

constexpr int kExitDeadlock = 3;
constexpr int kExitRuntimeError = 4;

emu::Chip emu_chip(TargetChip c) { return c == TargetChip::T800 ? emu::Chip::T800 : emu::Chip::T414; }
emu::Word mem_start(TargetChip c) { return c == TargetChip::T800 ? emu::kMemStartT800 : emu::kMemStartT414; }

std::variant<TargetImage, drv::Failure> to_image(const std::string& file, TargetChip chip, const drv::Options& options) {
  auto m = target_front_end(file, options);
  if (auto* f = std::get_if<drv::Failure>(&m)) return std::move(*f);
  return target_image(std::get<occam::ir::Module>(m), chip, {}, file);
}

std::variant<be::TransputerAsm, drv::Failure> to_asm(const std::string& file, TargetChip chip, const drv::Options& options) {
  auto m = target_front_end(file, options);
  if (auto* f = std::get_if<drv::Failure>(&m)) return std::move(*f);
  auto r = be::emit_transputer(std::get<occam::ir::Module>(m), chip == TargetChip::T800 ? be::Chip::T800 : be::Chip::T414);
  if (auto* e = std::get_if<be::TransputerError>(&r)) return drv::Failure{1, e->message + "\n"};
  return std::move(std::get<be::TransputerAsm>(r));
}

using Image = TargetImage;

TargetSymbols symbols(const Image& img) { return {img.text, img.labels, img.files}; }

// A word or byte of the chip's memory; 0 outside it (a line table read from a file may be wrong).
emu::Word peek(const emu::Transputer& node, emu::Word address) {
  emu::Word off = address - emu::kMostNeg;
  if (off > node.cpu().mem_size - 4) return 0;
  const std::uint8_t* m = node.cpu().mem + off;
  return emu::Word(m[0]) | emu::Word(m[1]) << 8 | emu::Word(m[2]) << 16 | emu::Word(m[3]) << 24;
}

// A halted chip's links stop, so output the program wrote before the error may still be in a packet
// on its way (hs_sent counts the bytes handed to link 0 and the host has fewer) or in the host
// server's buffer (hs_count bytes at hs_req + 9, counted only while no packet is on its way): the
// host is given them from memory, as the program's output came before the error.
void deliver_unsent_output(const emu::Transputer& node, const emu::HostLink& host, emu::IServer& server,
                           const TargetSymbols& s) {
  auto label = [&](const std::string& name) -> std::optional<emu::Word> {
    auto it = s.labels.find(name);
    if (it == s.labels.end()) return std::nullopt;
    return it->second;
  };
  auto req = label(s.text.image_end_label), sent = label("hs_sent"), count_at = label("hs_count"),
       stream = label("hs_stream");
  if (!req || !sent || !count_at || !stream) return;
  const emu::Cpu& cpu = node.cpu();
  auto bytes = [&](emu::Word from, std::size_t n) -> std::vector<std::uint8_t> {
    emu::Word off = from - emu::kMostNeg;
    if (off > cpu.mem_size || n > cpu.mem_size - off) return {};
    return {cpu.mem + off, cpu.mem + off + n};
  };
  if (peek(node, *sent) > host.bytes_to_host()) {
    std::vector<std::uint8_t> head = bytes(*req, 2);
    if (head.size() < 2) return;
    std::size_t length = std::size_t(head[0]) | std::size_t(head[1]) << 8;
    if (length > emu::kSpMaxPacket + 16) return;  // not a packet the host server made
    std::vector<std::uint8_t> packet = bytes(*req + 2, length);
    if (!packet.empty() && packet[0] == emu::kSpWrite) server.serve(packet);
    return;
  }
  emu::Word count = peek(node, *count_at);
  if (count == 0 || count > 512) return;
  std::vector<std::uint8_t> packet{emu::kSpWrite, std::uint8_t(peek(node, *stream)), 0, 0, 0,
                                   std::uint8_t(count), std::uint8_t(count >> 8)};
  std::vector<std::uint8_t> text = bytes(*req + 9, count);
  if (text.size() != count) return;
  packet.insert(packet.end(), text.begin(), text.end());
  server.serve(packet);
}

int fail(const drv::Failure& f) {
  std::fputs(f.message.c_str(), stderr);
  return f.status;
}

}  // namespace

std::variant<occam::ir::Module, drv::Failure> target_front_end(const std::string& file, drv::Options options) {
  options.units = false;  // the routines of #USEd libraries compile into the image
  std::string warnings;
  auto m = drv::occam_to_ir(file, options, &warnings);
  if (auto* f = std::get_if<drv::Failure>(&m)) return std::move(*f);
  std::fputs(warnings.c_str(), stderr);
  if (!std::get<occam::ir::Module>(m).entry)
    return drv::Failure{1, file + ": error: no PROC to run (the last PROC of the file is the program)\n"};
  return m;
}

std::variant<TargetImage, drv::Failure> target_image(const occam::ir::Module& mod, TargetChip chip,
                                                     const be::NetworkRole& role, const std::string& file) {
  TargetImage img;
  img.files = mod.files;
  auto a = be::emit_transputer(mod, chip == TargetChip::T800 ? be::Chip::T800 : be::Chip::T414, role);
  if (auto* e = std::get_if<be::TransputerError>(&a)) return drv::Failure{1, e->message + "\n"};
  img.text = std::move(std::get<be::TransputerAsm>(a));
  emu::AsmResult r = emu::assemble(img.text.text, mem_start(chip), file + ".s");
  if (!r.ok()) {
    std::string msg = "transit: internal error: the transputer back end wrote assembly that does not assemble:\n";
    for (const std::string& e : r.errors) msg += e + "\n";
    return drv::Failure{drv::kExitInternal, msg};
  }
  std::size_t boot_len = r.labels.at(img.text.boot_end_label) - mem_start(chip);
  if (boot_len < 2 || boot_len > 255) return drv::Failure{drv::kExitInternal, "transit: internal error: bootstrap of " + std::to_string(boot_len) + " bytes\n"};
  img.boot.push_back(std::uint8_t(boot_len));
  img.boot.insert(img.boot.end(), r.code.begin(), r.code.end());
  img.labels = std::move(r.labels);
  emu::Word end = img.labels.at(img.text.image_end_label) + img.text.after_image;
  img.memory_bytes = end - emu::kMostNeg;
  return img;
}

std::optional<TargetChip> parse_target(const char* name) {
  if (std::strcmp(name, "t800") == 0) return TargetChip::T800;
  if (std::strcmp(name, "t414") == 0) return TargetChip::T414;
  return std::nullopt;
}

int run_on_target(const std::string& file, TargetChip chip, const drv::Options& options,
                  const std::vector<std::string>& args) {
  auto built = to_image(file, chip, options);
  if (auto* f = std::get_if<drv::Failure>(&built)) return fail(*f);
  const Image& img = std::get<Image>(built);

  emu::NodeConfig node_config;
  node_config.chip = emu_chip(chip);
  node_config.memory_bytes = 4u << 20;
  node_config.stop_on_error = true;
  if (img.memory_bytes > node_config.memory_bytes) {
    std::fprintf(stderr, "transit: %s needs %u bytes of memory, more than the %u of the emulated board\n", file.c_str(),
                 unsigned(img.memory_bytes), node_config.memory_bytes);
    return kExitFailure;
  }
  emu::HostOptions host_options;
  host_options.program = file;
  host_options.args = args;
  host_options.board_size = node_config.memory_bytes;
  emu::IServer server(host_options);
  emu::Transputer node(node_config);
  emu::HostLink host(server, node.links().bit_cycles());
  // Attach (transit attach PID): asked between two runs of the chip, about every 20,000 cycles (1 ms).
  std::unique_ptr<AttachListener> attach;
  if (const char* no = std::getenv("TRANSIT_NO_ATTACH"); !(no && *no == '1')) {
    std::string problem;
    attach = AttachListener::start(problem);
    if (!attach) std::fprintf(stderr, "transit: attach is off: %s\n", problem.c_str());
  }
  const TargetSymbols s = symbols(img);
  const char* chip_name = chip == TargetChip::T800 ? "T800" : "T414";
  emu::Progress answer_attach = [&](const emu::Transputer& t) {
    if (attach->asked()) attach->answer(target_attach_report(t, s, chip_name, long(::getpid())));
  };
  emu::SessionOutcome r =
      emu::run_session(node, host, img.boot, emu::kNever, attach ? answer_attach : emu::Progress{}, 20000);
  return occam_outcome(r, node, host, server, s, file);
}

int occam_outcome(const emu::SessionOutcome& r, const emu::Transputer& node, const emu::HostLink& host,
                  emu::IServer& server, const TargetSymbols& s, const std::string& file) {
  std::fflush(stdout);
  const char* chip = node.config().chip == emu::Chip::T800 ? "T800" : "T414";
  switch (r.kind) {
    case emu::SessionOutcome::Kind::Exited:
      return r.exit_status;
    case emu::SessionOutcome::Kind::Halted: {
      deliver_unsent_output(node, host, server, s);
      std::fflush(stdout);
      const be::CheckSite* c = site_at(s, node.cpu().fault_iptr, false);
      if (c && node.cpu().halt == emu::HaltReason::ErrorFlag) {
        std::fprintf(stderr, "transit: error in process %s at %s: %s (on the emulated %s)\n", c->process.c_str(),
                     where(s, c->site).c_str(), c->what.c_str(), chip);
      } else {
        std::fprintf(stderr, "transit: %s: the emulated transputer halted: %s\n", file.c_str(), node.halt_report().c_str());
      }
      return kExitRuntimeError;
    }
    case emu::SessionOutcome::Kind::Deadlock:
      std::fputs(target_deadlock_report(node, s, chip).c_str(), stderr);
      return kExitDeadlock;
    case emu::SessionOutcome::Kind::CycleLimit:
      std::fprintf(stderr, "transit: %s: %s\n", file.c_str(), r.message.c_str());
      return kExitFailure;
  }
  return kExitFailure;
}

int build_for_target(const std::string& file, TargetChip chip, const drv::Options& options, const std::string& out) {
  auto built = to_image(file, chip, options);
  if (auto* f = std::get_if<drv::Failure>(&built)) return fail(*f);
  const Image& img = std::get<Image>(built);
  std::ofstream o(out, std::ios::binary);
  o.write(reinterpret_cast<const char*>(img.boot.data()), std::streamsize(img.boot.size()));
  LineTable lines{img.text, img.labels, img.files, chip == TargetChip::T800 ? "T800" : "T414"};
  lines.tables.text.clear();
  std::ofstream l(line_table_path(out), std::ios::binary);
  l << write_line_table(lines);
  if (!o || !l) {
    std::fprintf(stderr, "transit build: cannot write '%s'\n", (!o ? out : line_table_path(out)).c_str());
    return kExitFailure;
  }
  return kExitOk;
}

int dump_target_asm(const std::string& file, TargetChip chip, const drv::Options& options) {
  auto a = to_asm(file, chip, options);
  if (auto* f = std::get_if<drv::Failure>(&a)) return fail(*f);
  std::fputs(std::get<be::TransputerAsm>(a).text.c_str(), stdout);
  return kExitOk;
}

}  // namespace transit::cli
