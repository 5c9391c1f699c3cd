#pragma once
// A token bucket that refills its capacity evenly over one minute (requests or
// tokens per minute). Levels are kept in 1/60000 of a unit, so a capacity of C
// per minute refills exactly C steps per millisecond: integer arithmetic, no
// rounding drift. The level may go below zero: a request that used more tokens
// than it reserved leaves a debt that the refill pays back before anything else
// is admitted.

#include <cstdint>

namespace tokenrouter::limits {

class TokenBucket {
public:
  static constexpr int64_t k_window_ms = 60'000;

  // A full bucket of `per_minute` units (> 0) at `now_ms`.
  TokenBucket(int64_t per_minute, int64_t now_ms);

  // Adds what accrued since the last refill (never above capacity). Time going
  // backwards is ignored.
  void refill(int64_t now_ms);
  // True when `units` (clamped to the capacity, so an oversized request waits
  // for a full bucket instead of never passing) are available now.
  bool can_take(int64_t units) const;
  // Removes `units`; the level may go negative.
  void take(int64_t units);
  // Returns `units` (a refund), never above capacity.
  void give(int64_t units);
  // A new capacity (the plan or key changed); the level keeps its absolute
  // value, capped.
  void set_capacity(int64_t per_minute);

  int64_t capacity() const { return m_capacity; }

  // Whole units available now, never negative.
  int64_t remaining() const;
  // Milliseconds until can_take(units) would be true (0 = now).
  int64_t ms_until(int64_t units) const;
  // Milliseconds until the bucket is full again.
  int64_t ms_until_full() const;

  bool full() const { return m_level >= m_capacity * k_scale; }

private:
  static constexpr int64_t k_scale = k_window_ms; // steps per unit
  int64_t clamp_units(int64_t units) const;
  int64_t ms_to_reach(int64_t level) const;

  int64_t m_capacity;
  int64_t m_level; // in steps, may be negative (a debt)
  int64_t m_updated_ms;
};

} // namespace tokenrouter::limits
