// Everything generated C++ for an occam program includes (and the precompiled header holds): the
// Transit runtime and occam's types, arithmetic, arrays, messages, timers and library.
#pragma once

#include <deque>
#include <tuple>
#include <vector>

#include "transit/transit.h"

#include "occam_arith.h"
#include "occam_array.h"
#include "occam_lib.h"
#include "occam_main.h"
#include "occam_packet.h"
#include "occam_record.h"
#include "occam_timer.h"
