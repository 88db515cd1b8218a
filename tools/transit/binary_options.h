// Option rows shared by the commands that read or write transputer code (asm, dis): written once
// here, used as rows of both tables. T has `emu::Word origin` and `bool boot`.
#pragma once

#include "option_table.h"

namespace transit::cli {

template <class T>
constexpr Option origin_option() {
  return {"--origin", "ADDR", "the code's address (default: the T414's MemStart; decimal, 0x hex or 0 octal)",
          on<T>([](T& t, const char* v) {
            auto address = parse_u32(v);
            if (address) t.origin = *address;
            return address.has_value();
          })};
}

template <class T>
constexpr Option boot_option() {
  return {"--boot", "", "a boot-from-link file: a length byte, then the bootstrap (2 to 255 bytes) at MemStart",
          on<T>([](T& t, const char*) { return t.boot = true; })};
}

}  // namespace transit::cli
