// The occam 2.1 built-in library for generated C++, declared from the one table of predefined
// routines (occam-front/include/transit/occam/lang/builtins.def, installed beside this header): for each FUNCTION row, a
// function occ::lib::<Id> taking the row's parameter types and then the call's occam site (for its
// run-time errors), returning the row's result (several as a std::tuple). The PROC rows are processes
// in the IR; ASSERT serves its Assert process (ASSERT, CAUSEERROR). Definitions: occam_lib.cpp.
#pragma once

#include <tuple>

#include "occam_arith.h"

namespace occ::lib {

// The C++ function type of a row: Signature<std::tuple<results...>, std::tuple<params...>>::type.
template <class... R>
struct Results {
  using type = std::tuple<R...>;
};
template <class R>
struct Results<R> {
  using type = R;
};
template <class ResultTuple, class ParamTuple>
struct Signature;
template <class... R, class... P>
struct Signature<std::tuple<R...>, std::tuple<P...>> {
  using type = typename Results<R...>::type(P..., const transit::Site*);
};

#define OCC_LIB_TYPES(...) __VA_ARGS__
#define OCC_LIB_FUNCTION(id, params, results) \
  Signature<std::tuple<OCC_LIB_TYPES results>, std::tuple<OCC_LIB_TYPES params>>::type id;
#define OCC_LIB_PROC(id, params, results)
#define BUILTIN(id, name, kind, params, results) OCC_LIB_##kind(id, params, results)
#include "builtins.def"
#undef BUILTIN
#undef OCC_LIB_PROC
#undef OCC_LIB_FUNCTION
#undef OCC_LIB_TYPES

void ASSERT(BOOL b, const transit::Site* site);

}  // namespace occ::lib
