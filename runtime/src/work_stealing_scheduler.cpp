#include <stdexcept>

#include "scheduler.h"

namespace transit::detail {

std::unique_ptr<Scheduler> make_work_stealing_scheduler(const RunOptions&, unsigned) {
  throw std::logic_error("transit::run: the work-stealing scheduler is not built yet (use threads = 1)");
}

}  // namespace transit::detail
