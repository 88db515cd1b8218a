// The occam 2.1 built-in library for generated C++: one function per FUNCTION row of
// occam-front/lang/builtins.def, named by the row's id, taking the row's parameter types and then the
// call's occam site (for its run-time errors), returning the row's result (several as a std::tuple).
// occam_lib.cpp, which defines them, checks each against its row when it compiles. ASSERT serves
// the IR's Assert process (ASSERT and CAUSEERROR).
#pragma once

#include <tuple>

#include "occam_arith.h"

namespace occ::lib {

INT LONGADD(INT a0, INT a1, INT a2, const transit::Site* site);
INT LONGSUB(INT a0, INT a1, INT a2, const transit::Site* site);
INT ASHIFTRIGHT(INT a0, INT a1, const transit::Site* site);
INT ASHIFTLEFT(INT a0, INT a1, const transit::Site* site);
INT ROTATERIGHT(INT a0, INT a1, const transit::Site* site);
INT ROTATELEFT(INT a0, INT a1, const transit::Site* site);
std::tuple<INT, INT> LONGSUM(INT a0, INT a1, INT a2, const transit::Site* site);
std::tuple<INT, INT> LONGDIFF(INT a0, INT a1, INT a2, const transit::Site* site);
std::tuple<INT, INT> LONGPROD(INT a0, INT a1, INT a2, const transit::Site* site);
std::tuple<INT, INT> LONGDIV(INT a0, INT a1, INT a2, const transit::Site* site);
std::tuple<INT, INT> SHIFTRIGHT(INT a0, INT a1, INT a2, const transit::Site* site);
std::tuple<INT, INT> SHIFTLEFT(INT a0, INT a1, INT a2, const transit::Site* site);
std::tuple<INT, INT, INT> NORMALISE(INT a0, INT a1, const transit::Site* site);
INT FRACMUL(INT a0, INT a1, const transit::Site* site);
INT BITCOUNT(INT a0, INT a1, const transit::Site* site);
INT BITREVWORD(INT a0, const transit::Site* site);
INT BITREVNBITS(INT a0, INT a1, const transit::Site* site);
INT CRCWORD(INT a0, INT a1, INT a2, const transit::Site* site);
INT CRCBYTE(INT a0, INT a1, INT a2, const transit::Site* site);
REAL32 ABS(REAL32 a0, const transit::Site* site);
REAL32 SQRT(REAL32 a0, const transit::Site* site);
BOOL ISNAN(REAL32 a0, const transit::Site* site);
BOOL NOTFINITE(REAL32 a0, const transit::Site* site);
BOOL ORDERED(REAL32 a0, REAL32 a1, const transit::Site* site);
REAL32 MULBY2(REAL32 a0, const transit::Site* site);
REAL32 DIVBY2(REAL32 a0, const transit::Site* site);
REAL32 SCALEB(REAL32 a0, INT a1, const transit::Site* site);
REAL32 COPYSIGN(REAL32 a0, REAL32 a1, const transit::Site* site);
REAL32 MINUSX(REAL32 a0, const transit::Site* site);
REAL32 NEXTAFTER(REAL32 a0, REAL32 a1, const transit::Site* site);
REAL32 LOGB(REAL32 a0, const transit::Site* site);
std::tuple<INT, REAL32> FLOATING_UNPACK(REAL32 a0, const transit::Site* site);
std::tuple<BOOL, INT32, REAL32> ARGUMENT_REDUCE(REAL32 a0, REAL32 a1, REAL32 a2, const transit::Site* site);
REAL32 FPINT(REAL32 a0, const transit::Site* site);
REAL32 REAL32REM(REAL32 a0, REAL32 a1, const transit::Site* site);
BOOL REAL32EQ(REAL32 a0, REAL32 a1, const transit::Site* site);
BOOL REAL32GT(REAL32 a0, REAL32 a1, const transit::Site* site);
INT IEEECOMPARE(REAL32 a0, REAL32 a1, const transit::Site* site);
REAL32 REAL32OP(REAL32 a0, INT a1, REAL32 a2, const transit::Site* site);
std::tuple<BOOL, REAL32> IEEE32OP(REAL32 a0, INT a1, INT a2, REAL32 a3, const transit::Site* site);
std::tuple<REAL32, INT> IEEE32REM(REAL32 a0, REAL32 a1, const transit::Site* site);
REAL64 DABS(REAL64 a0, const transit::Site* site);
REAL64 DSQRT(REAL64 a0, const transit::Site* site);
BOOL DISNAN(REAL64 a0, const transit::Site* site);
BOOL DNOTFINITE(REAL64 a0, const transit::Site* site);
BOOL DORDERED(REAL64 a0, REAL64 a1, const transit::Site* site);
REAL64 DMULBY2(REAL64 a0, const transit::Site* site);
REAL64 DDIVBY2(REAL64 a0, const transit::Site* site);
REAL64 DSCALEB(REAL64 a0, INT a1, const transit::Site* site);
REAL64 DCOPYSIGN(REAL64 a0, REAL64 a1, const transit::Site* site);
REAL64 DMINUSX(REAL64 a0, const transit::Site* site);
REAL64 DNEXTAFTER(REAL64 a0, REAL64 a1, const transit::Site* site);
REAL64 DLOGB(REAL64 a0, const transit::Site* site);
std::tuple<INT, REAL64> DFLOATING_UNPACK(REAL64 a0, const transit::Site* site);
std::tuple<BOOL, INT32, REAL64> DARGUMENT_REDUCE(REAL64 a0, REAL64 a1, REAL64 a2, const transit::Site* site);
REAL64 DFPINT(REAL64 a0, const transit::Site* site);
REAL64 REAL64REM(REAL64 a0, REAL64 a1, const transit::Site* site);
BOOL REAL64EQ(REAL64 a0, REAL64 a1, const transit::Site* site);
BOOL REAL64GT(REAL64 a0, REAL64 a1, const transit::Site* site);
INT DIEEECOMPARE(REAL64 a0, REAL64 a1, const transit::Site* site);
REAL64 REAL64OP(REAL64 a0, INT a1, REAL64 a2, const transit::Site* site);
std::tuple<BOOL, REAL64> IEEE64OP(REAL64 a0, INT a1, INT a2, REAL64 a3, const transit::Site* site);
std::tuple<REAL64, INT> IEEE64REM(REAL64 a0, REAL64 a1, const transit::Site* site);
REAL32 ALOG(REAL32 a0, const transit::Site* site);
REAL32 ALOG10(REAL32 a0, const transit::Site* site);
REAL32 EXP(REAL32 a0, const transit::Site* site);
REAL32 POWER(REAL32 a0, REAL32 a1, const transit::Site* site);
REAL32 SIN(REAL32 a0, const transit::Site* site);
REAL32 COS(REAL32 a0, const transit::Site* site);
REAL32 TAN(REAL32 a0, const transit::Site* site);
REAL32 ASIN(REAL32 a0, const transit::Site* site);
REAL32 ACOS(REAL32 a0, const transit::Site* site);
REAL32 ATAN(REAL32 a0, const transit::Site* site);
REAL32 ATAN2(REAL32 a0, REAL32 a1, const transit::Site* site);
REAL32 SINH(REAL32 a0, const transit::Site* site);
REAL32 COSH(REAL32 a0, const transit::Site* site);
REAL32 TANH(REAL32 a0, const transit::Site* site);
std::tuple<REAL32, INT32> RAN(INT32 a0, const transit::Site* site);
REAL64 DALOG(REAL64 a0, const transit::Site* site);
REAL64 DALOG10(REAL64 a0, const transit::Site* site);
REAL64 DEXP(REAL64 a0, const transit::Site* site);
REAL64 DPOWER(REAL64 a0, REAL64 a1, const transit::Site* site);
REAL64 DSIN(REAL64 a0, const transit::Site* site);
REAL64 DCOS(REAL64 a0, const transit::Site* site);
REAL64 DTAN(REAL64 a0, const transit::Site* site);
REAL64 DASIN(REAL64 a0, const transit::Site* site);
REAL64 DACOS(REAL64 a0, const transit::Site* site);
REAL64 DATAN(REAL64 a0, const transit::Site* site);
REAL64 DATAN2(REAL64 a0, REAL64 a1, const transit::Site* site);
REAL64 DSINH(REAL64 a0, const transit::Site* site);
REAL64 DCOSH(REAL64 a0, const transit::Site* site);
REAL64 DTANH(REAL64 a0, const transit::Site* site);
std::tuple<REAL64, INT64> DRAN(INT64 a0, const transit::Site* site);
void ASSERT(BOOL a0, const transit::Site* site);

}  // namespace occ::lib
