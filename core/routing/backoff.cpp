#include "core/routing/backoff.hpp"

#include <algorithm>
#include <random>

namespace tokenrouter::routing {

int64_t capped_backoff_ms(int64_t base_ms, int step, int64_t cap_ms) {
  int64_t delay = std::max<int64_t>(0, base_ms);
  for (int i = 0; i < step && delay < cap_ms; ++i) {
    delay *= 2;
  }
  return std::min(delay, cap_ms);
}

int64_t jittered_backoff_ms(int64_t base_ms, int step, int64_t cap_ms) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  const int64_t delay = capped_backoff_ms(base_ms, step, cap_ms);
  if (delay < 2) {
    return delay;
  }
  std::uniform_int_distribution<int64_t> pick(delay / 2, delay);
  return pick(rng);
}

} // namespace tokenrouter::routing
