// The transputer target's pipeline: occam -> IR -> assembly -> boot file -> one emulated chip.
// A failed check halts the chip (halt-on-error); the check's line table entry names the occam line.
#include "target.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <variant>

#include "transit/emu/asm/assembler.h"
#include "transit/occam/backend/transputer/emit_transputer.h"
#include "commands.h"
#include "transit/emu/node/transputer.h"
#include "transit/emu/host/session.h"

namespace transit::cli {

namespace {

namespace drv = occam::driver;
namespace be = occam::backend;

constexpr int kExitDeadlock = 3;
constexpr int kExitRuntimeError = 4;

struct Image {
  std::vector<std::uint8_t> boot;  // the boot file: bootstrap length, bootstrap, the rest
  be::TransputerAsm text;
  std::map<std::string, emu::Word, std::less<>> labels;
  std::vector<std::string> files;
};

emu::Chip emu_chip(TargetChip c) { return c == TargetChip::T800 ? emu::Chip::T800 : emu::Chip::T414; }
emu::Word mem_start(TargetChip c) { return c == TargetChip::T800 ? emu::kMemStartT800 : emu::kMemStartT414; }

std::variant<be::TransputerAsm, drv::Failure> to_asm(const std::string& file, TargetChip chip, drv::Options options,
                                                     std::vector<std::string>* files = nullptr) {
  options.units = false;  // the routines of #USEd libraries compile into the image
  std::string warnings;
  auto m = drv::occam_to_ir(file, options, &warnings);
  if (auto* f = std::get_if<drv::Failure>(&m)) return std::move(*f);
  std::fputs(warnings.c_str(), stderr);
  const occam::ir::Module& mod = std::get<occam::ir::Module>(m);
  if (!mod.entry) return drv::Failure{1, file + ": error: no PROC to run (the last PROC of the file is the program)\n"};
  if (files) *files = mod.files;
  auto r = be::emit_transputer(mod, chip == TargetChip::T800 ? be::Chip::T800 : be::Chip::T414);
  if (auto* e = std::get_if<be::TransputerError>(&r)) return drv::Failure{1, e->message + "\n"};
  return std::move(std::get<be::TransputerAsm>(r));
}

std::variant<Image, drv::Failure> to_image(const std::string& file, TargetChip chip, const drv::Options& options) {
  Image img;
  auto a = to_asm(file, chip, options, &img.files);
  if (auto* f = std::get_if<drv::Failure>(&a)) return std::move(*f);
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
  return img;
}

emu::Word peek(const emu::Transputer& node, emu::Word address) {
  const std::uint8_t* m = node.cpu().mem + (address - emu::kMostNeg);
  return emu::Word(m[0]) | emu::Word(m[1]) << 8 | emu::Word(m[2]) << 16 | emu::Word(m[3]) << 24;
}

// The check (or, with `wait`, the waiting instruction) whose label is the last at or before iptr.
const be::CheckSite* site_at(const Image& img, emu::Word iptr, bool wait) {
  const be::CheckSite* best = nullptr;
  emu::Word best_at = 0;
  for (const be::CheckSite& c : img.text.checks) {
    auto it = img.labels.find(c.label);
    if (c.wait != wait || it == img.labels.end() || it->second > iptr) continue;
    if (!best || it->second >= best_at) best = &c, best_at = it->second;
  }
  return best;
}

std::string where(const Image& img, const be::CheckSite& c) {
  std::string file = std::size_t(c.site.file) < img.files.size() ? img.files[std::size_t(c.site.file)] : "?";
  return file + ":" + std::to_string(c.site.line) + ":" + std::to_string(c.site.col);
}

// The deadlock report in occam terms: each waiting process of the program (the host processes
// have no wait sites) at the line where it waits, and the last STOP reached.
std::string deadlock_report(const emu::Transputer& node, const Image& img) {
  std::string s;
  for (const emu::WaitingProcess& w : node.waiting_processes()) {
    const be::CheckSite* c = site_at(img, w.iptr - 1, true);
    if (c) s += "  " + c->what + " at " + where(img, *c) + " in " + c->process + "\n";
  }
  emu::Word stop = peek(node, img.labels.at("last_stop"));
  if (stop < img.text.checks.size())
    s += "  STOP at " + where(img, img.text.checks[stop]) + " in " + img.text.checks[stop].process + "\n";
  return s;
}


// A halted chip's links stop, so output the program wrote before the error may still be in a packet
// on its way (hs_sent counts the bytes handed to link 0 and the host has fewer) or in the host
// server's buffer (hs_count bytes at hs_req + 9, counted only while no packet is on its way): the
// host is given them from memory, as the program's output came before the error.
void deliver_unsent_output(const emu::Transputer& node, const emu::HostLink& host, emu::IServer& server,
                           const Image& img) {
  emu::Word req = img.labels.at(img.text.image_end_label);
  const std::uint8_t* mem = node.cpu().mem;
  auto byte = [&](emu::Word a) { return mem[a - emu::kMostNeg]; };
  if (peek(node, img.labels.at("hs_sent")) > host.bytes_to_host()) {
    std::size_t length = std::size_t(byte(req)) | std::size_t(byte(req + 1)) << 8;
    if (length > emu::kSpMaxPacket + 16) return;  // not a packet the host server made
    std::vector<std::uint8_t> packet(mem + (req + 2 - emu::kMostNeg), mem + (req + 2 + length - emu::kMostNeg));
    if (!packet.empty() && packet[0] == emu::kSpWrite) server.serve(packet);
    return;
  }
  emu::Word count = peek(node, img.labels.at("hs_count"));
  if (count == 0 || count > 512) return;
  std::vector<std::uint8_t> packet{emu::kSpWrite, std::uint8_t(peek(node, img.labels.at("hs_stream"))), 0, 0, 0,
                                   std::uint8_t(count), std::uint8_t(count >> 8)};
  for (emu::Word k = 0; k < count; ++k) packet.push_back(byte(req + 9 + k));
  server.serve(packet);
}

int fail(const drv::Failure& f) {
  std::fputs(f.message.c_str(), stderr);
  return f.status;
}

}  // namespace

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
  emu::Word end = img.labels.at(img.text.image_end_label) + img.text.after_image;
  if (end - emu::kMostNeg > node_config.memory_bytes) {
    std::fprintf(stderr, "transit: %s needs %u bytes of memory, more than the %u of the emulated board\n", file.c_str(),
                 unsigned(end - emu::kMostNeg), node_config.memory_bytes);
    return kExitFailure;
  }
  emu::HostOptions host_options;
  host_options.program = file;
  host_options.args = args;
  host_options.board_size = node_config.memory_bytes;
  emu::IServer server(host_options);
  emu::Transputer node(node_config);
  emu::HostLink host(server, node.links().bit_cycles());
  emu::SessionOutcome r = emu::run_session(node, host, img.boot, emu::kNever);
  std::fflush(stdout);
  switch (r.kind) {
    case emu::SessionOutcome::Kind::Exited:
      return r.exit_status;
    case emu::SessionOutcome::Kind::Halted: {
      deliver_unsent_output(node, host, server, img);
      std::fflush(stdout);
      const be::CheckSite* c = site_at(img, node.cpu().fault_iptr, false);
      if (c && node.cpu().halt == emu::HaltReason::ErrorFlag) {
        std::fprintf(stderr, "transit: error in process %s at %s: %s (on the emulated %s)\n", c->process.c_str(),
                     where(img, *c).c_str(), c->what.c_str(), chip == TargetChip::T800 ? "T800" : "T414");
      } else {
        std::fprintf(stderr, "transit: %s: the emulated transputer halted: %s\n", file.c_str(), node.halt_report().c_str());
      }
      return kExitRuntimeError;
    }
    case emu::SessionOutcome::Kind::Deadlock:
      std::fprintf(stderr, "transit: %s: deadlock on the emulated %s: no process can run\n%s", file.c_str(),
                   chip == TargetChip::T800 ? "T800" : "T414", deadlock_report(node, img).c_str());
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
  if (!o) {
    std::fprintf(stderr, "transit build: cannot write '%s'\n", out.c_str());
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
