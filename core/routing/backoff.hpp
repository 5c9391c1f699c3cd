#pragma once
// Exponential backoff with jitter, shared by retries, credential cooldowns and the
// acquisition guard: the delay doubles per step, is capped, and is drawn from [d/2, d] so that
// many waiters do not come back at the same instant.

#include <cstdint>

namespace tokenrouter::routing {

// min(`cap_ms`, `base_ms` · 2^`step`) with jitter in [d/2, d]; `step` 0 is the first delay.
int64_t jittered_backoff_ms(int64_t base_ms, int step, int64_t cap_ms);

// The same without jitter (what the guard promises as the earliest next attempt).
int64_t capped_backoff_ms(int64_t base_ms, int step, int64_t cap_ms);

} // namespace tokenrouter::routing
