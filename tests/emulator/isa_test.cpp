// The instruction table itself, and the assembler and disassembler that read it.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "asm/assembler.h"
#include "asm/disassembler.h"
#include "isa/instruction.h"

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
    bool has_operand = i.kind == InstructionKind::Direct && i.code != 0x2 && i.code != 0x6;
    if (i.kind == InstructionKind::Direct && (i.code == 0x2 || i.code == 0x6 || i.code == 0xF)) continue;
    if (has_operand) text += " 300";
    AsmResult r = assemble(text, kMemStartT414);
    REQUIRE_MESSAGE(r.ok(), text);
    DecodedInstruction d = decode(r.code, kMemStartT414);
    CHECK(d.length == r.code.size());
    std::string back = format(d);
    bool jump = i.kind == InstructionKind::Direct && (i.code == 0x0 || i.code == 0x9 || i.code == 0xA);
    if (jump)  // the operand is the target, shown as an address
      CHECK(back == std::string(i.mnemonic) + " #0000012C");
    else
      CHECK(back == text);
  }
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
