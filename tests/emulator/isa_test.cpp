// The instruction table itself, and the assembler and disassembler that read it.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "transit/emu/asm/assembler.h"
#include "transit/emu/asm/disassembler.h"
#include "transit/emu/isa/chip.h"
#include "transit/emu/isa/instruction.h"
#include "transit/emu/isa/prefix.h"

namespace transit::emu {
namespace {

TEST_CASE("the table: 16 direct functions in order, unique operation codes and mnemonics") {
  std::set<std::string> names;
  std::set<std::uint32_t> ops, entries;
  unsigned direct = 0;
  for (const Instruction& i : instruction_table()) {
    CHECK_MESSAGE(names.insert(std::string(i.mnemonic)).second, "duplicate mnemonic ", i.mnemonic);
    switch (i.kind) {
      case InstructionKind::Direct:
        CHECK(i.code == direct++);
        break;
      case InstructionKind::Operation:
        CHECK_MESSAGE(ops.insert(i.code).second, "duplicate operation code ", i.code);
        break;
      case InstructionKind::FpEntry:
        CHECK_MESSAGE(entries.insert(i.code).second, "duplicate fpentry code ", i.code);
        break;
    }
    CHECK(i.chips != 0);
    CHECK(!i.cycles_formula.empty());
  }
  CHECK(direct == 16);
  // Every T414 operation is there.
  for (const char* m : {"rev", "lb", "bsub", "endp", "diff", "add", "gcall", "in", "prod", "gt", "wsub", "out",
                        "sub", "startp", "outbyte", "outword", "seterr", "resetch", "csub0", "stopp", "ladd",
                        "stlb", "sthf", "norm", "ldiv", "ldpi", "stlf", "xdble", "ldpri", "rem", "ret", "lend",
                        "ldtimer", "testerr", "testpranal", "tin", "div", "dist", "disc", "diss", "lmul", "not",
                        "xor", "bcnt", "lshr", "lshl", "lsum", "lsub", "runp", "xword", "sb", "gajw", "savel",
                        "saveh", "wcnt", "shr", "shl", "mint", "alt", "altwt", "altend", "and", "enbt", "enbc",
                        "enbs", "move", "or", "csngl", "ccnt1", "talt", "ldiff", "sthb", "taltwt", "sum", "mul",
                        "sttimer", "stoperr", "cword", "clrhalterr", "sethalterr", "testhalterr"})
    CHECK_MESSAGE(find_instruction(m), "missing ", m);
}

TEST_CASE("prefix encoding as in the datasheet") {
  CHECK(encode(0x4, 0x754) == std::vector<std::uint8_t>{0x27, 0x25, 0x44});
  CHECK(encode(0x4, Word(-31)) == std::vector<std::uint8_t>{0x61, 0x41});
  CHECK(encode(0xF, 0x16) == std::vector<std::uint8_t>{0x21, 0xF6});  // ladd
  CHECK(encode(0x4, 0) == std::vector<std::uint8_t>{0x40});
}

TEST_CASE("every instruction assembles and disassembles to itself") {
  for (const Instruction& i : instruction_table()) {
    if (i.kind == InstructionKind::FpEntry) continue;
    std::string text(i.mnemonic);
    if (i.operand == OperandKind::Prefix || i.operand == OperandKind::Operation) continue;
    if (i.kind == InstructionKind::Direct) text += " 300";
    AsmResult r = assemble(text, kMemStartT414);
    REQUIRE_MESSAGE(r.ok(), text);
    DecodedInstruction d = decode(r.code, kMemStartT414);
    CHECK(d.length == r.code.size());
    std::string back = format(d);
    if (i.operand == OperandKind::Relative)  // the operand is the target, shown as an address
      CHECK(back == std::string(i.mnemonic) + " #0000012C");
    else
      CHECK(back == text);
  }
}

TEST_CASE("prefix lengths agree with the encoder; decode undoes encode") {
  for (Word v : {0u, 15u, 16u, 0xFFu, 0x100u, 0x754u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu, 0xFFFFFFF0u,
                 0xFFFFFFEFu, Word(-31), Word(-256), Word(-257)}) {
    std::vector<std::uint8_t> bytes = encode(0x4, v);
    CHECK(bytes.size() == encoded_length(v));
    CHECK(prefix_count(v) == bytes.size() - 1);
    DecodedInstruction d = decode(bytes, 0);
    CHECK(d.complete);
    CHECK(d.length == bytes.size());
    CHECK(d.function == 0x4);
    CHECK(d.operand == v);
  }
  DecodedInstruction partial = decode(std::vector<std::uint8_t>{0x21, 0x22}, 0);
  CHECK_FALSE(partial.complete);
  CHECK(partial.length == 2);
}

TEST_CASE("lookups by code and by name agree; the columns say what an instruction does") {
  for (const Instruction& i : instruction_table()) {
    CHECK(find_instruction(i.mnemonic) == &i);
    if (i.kind == InstructionKind::Operation) CHECK(find_operation(i.code) == &i);
    if (i.kind == InstructionKind::FpEntry) CHECK(find_fpentry(i.code) == &i);
    if (i.kind == InstructionKind::Direct) {
      CHECK(&direct_instruction(i.code) == &i);
      CHECK(i.operand != OperandKind::None);
    } else {
      CHECK(i.operand == OperandKind::None);
    }
    if (i.may_wait()) CHECK(i.may_deschedule());  // a process that waits is descheduled
    if (i.link_guarded()) CHECK(i.link_channel() != Register::A);
  }
  CHECK(find_operation(0x11) == nullptr);
  CHECK(find_operation(0xFFFFFFFFu) == nullptr);
  CHECK(function_code("opr") == 0xF);
  CHECK(operation_code("fpentry") == 0xAB);
  CHECK(fpentry_code("fpusqrtfirst") == 0x01);
  CHECK(find_instruction("in")->waits() == WaitKind::Input);
  CHECK(find_instruction("outword")->waits() == WaitKind::Output);
  CHECK(find_instruction("taltwt")->waits() == WaitKind::Alt);
  CHECK(find_instruction("tin")->waits() == WaitKind::Timer);
  CHECK(find_instruction("enbc")->link_channel() == Register::B);
  CHECK(find_instruction("disc")->link_guarded());
  CHECK(find_instruction("resetch")->link_channel() == Register::A);
  CHECK(find_instruction("cj")->is_jump());
  CHECK_FALSE(find_instruction("add")->is_jump());
  CHECK(find_instruction("dup")->on(Chip::T800));
  CHECK_FALSE(find_instruction("dup")->on(Chip::T414));
}

TEST_CASE("chip names: one table, both cases") {
  for (const ChipName& c : kChipNames) {
    CHECK(chip_name(c.chip) == c.name);
    CHECK(parse_chip(c.name) == c.chip);
    std::string lower(c.name);
    lower[0] = 't';
    CHECK(parse_chip(lower) == c.chip);
  }
  CHECK_FALSE(parse_chip("t9000"));
  CHECK_FALSE(parse_chip(""));
  CHECK_FALSE(parse_chip("x414"));
}

TEST_CASE("assembler: labels, data, alignment, errors with positions") {
  AsmResult r = assemble(R"(
  start:  j end        ; forward
          .align 4
  tab:    .word 1, tab - start, -1
          .byte "hi", 0
  end:    ldc end - start
  )", 0x80000100u);
  REQUIRE(r.ok());
  CHECK(r.labels["tab"] % 4 == 0);
  CHECK(r.code[r.labels["tab"] - 0x80000100u] == 1);
  DecodedInstruction last = decode(std::span(r.code).subspan(r.labels["end"] - 0x80000100u), r.labels["end"]);
  CHECK(last.operand == r.labels["end"] - 0x80000100u);

  AsmResult bad = assemble("  ldc nowhere\n  frob 3\n", 0, "x.s");
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0] == "x.s:2:3: unknown instruction 'frob'");
  AsmResult undef = assemble("  ldc nowhere\n", 0, "x.s");
  REQUIRE(undef.errors.size() == 1);
  CHECK(undef.errors[0] == "x.s:1:3: undefined name 'nowhere'");
}

TEST_CASE("disassembler folds prefixes and names operations") {
  std::vector<std::uint8_t> code{0x27, 0x25, 0x44, 0x21, 0xF6, 0x61, 0x41, 0xF5};
  std::string text = disassemble(code, 0x80000048u);
  CHECK(text.find("ldc 1876") != std::string::npos);
  CHECK(text.find("ladd") != std::string::npos);
  CHECK(text.find("ldc -31") != std::string::npos);
  CHECK(text.find("add") != std::string::npos);
}

}  // namespace
}  // namespace transit::emu
