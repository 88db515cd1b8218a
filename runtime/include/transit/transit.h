// Transit's CSP runtime in one include: processes (proc.h), channels (channel.h,
// shared_channel.h), PAR (par.h), ALT (alt.h), timers (timer.h), STOP (stop.h), yield (yield.h),
// outside events (blocking.h), errors (error.h), inspection (inspect.h) and run (run.h).
#pragma once

#include "transit/alt.h"
#include "transit/blocking.h"
#include "transit/channel.h"
#include "transit/ends.h"
#include "transit/error.h"
#include "transit/inspect.h"
#include "transit/par.h"
#include "transit/proc.h"
#include "transit/run.h"
#include "transit/shared_channel.h"
#include "transit/site.h"
#include "transit/stop.h"
#include "transit/timer.h"
#include "transit/yield.h"
