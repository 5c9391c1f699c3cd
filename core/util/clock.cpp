#include "core/util/clock.hpp"

namespace tokenrouter::util {

const Clock& system_clock()
{
  static const SystemClock k_clock;
  return k_clock;
}

} // namespace tokenrouter::util
