#include "core/limits/token_bucket.hpp"

#include <algorithm>

namespace tokenrouter::limits {

namespace {

// Bounds that keep every product below within int64: 1e11 units per minute, a
// debt of at most ten windows.
constexpr int64_t k_max_capacity = 100'000'000'000;
constexpr int64_t k_max_debt_windows = 10;

int64_t bounded_capacity(int64_t per_minute)
{
  return std::clamp<int64_t>(per_minute, 1, k_max_capacity);
}

} // namespace

TokenBucket::TokenBucket(int64_t per_minute, int64_t now_ms)
    : m_capacity(bounded_capacity(per_minute))
    , m_level(m_capacity * k_scale)
    , m_updated_ms(now_ms)
{
}

void TokenBucket::refill(int64_t now_ms)
{
  if (now_ms <= m_updated_ms) {
    return;
  }
  const int64_t elapsed = std::min(now_ms - m_updated_ms, (k_max_debt_windows + 1) * k_window_ms);
  m_updated_ms = now_ms;
  // One unit is k_scale = k_window_ms steps, so `capacity` units per window is
  // exactly `capacity` steps per millisecond: no rounding anywhere.
  m_level = std::min(m_capacity * k_scale, m_level + m_capacity * elapsed);
}

int64_t TokenBucket::clamp_units(int64_t units) const
{
  return std::clamp<int64_t>(units, 0, m_capacity);
}

bool TokenBucket::can_take(int64_t units) const
{
  return m_level >= clamp_units(units) * k_scale;
}

void TokenBucket::take(int64_t units)
{
  const int64_t bounded = std::clamp<int64_t>(units, 0, k_max_debt_windows * m_capacity);
  m_level = std::max(-k_max_debt_windows * m_capacity * k_scale, m_level - bounded * k_scale);
}

void TokenBucket::give(int64_t units)
{
  const int64_t bounded = std::clamp<int64_t>(units, 0, (k_max_debt_windows + 1) * m_capacity);
  m_level = std::min(m_capacity * k_scale, m_level + bounded * k_scale);
}

void TokenBucket::set_capacity(int64_t per_minute)
{
  // The level is kept in units, so it is rescaled neither up nor down (only
  // capped).
  m_capacity = bounded_capacity(per_minute);
  m_level = std::min(m_level, m_capacity * k_scale);
}

int64_t TokenBucket::remaining() const
{
  return std::max<int64_t>(0, m_level / k_scale);
}

int64_t TokenBucket::ms_to_reach(int64_t level) const
{
  const int64_t missing = level - m_level;
  return missing <= 0 ? 0 : (missing + m_capacity - 1) / m_capacity;
}

int64_t TokenBucket::ms_until(int64_t units) const
{
  return ms_to_reach(clamp_units(units) * k_scale);
}

int64_t TokenBucket::ms_until_full() const
{
  return ms_to_reach(m_capacity * k_scale);
}

} // namespace tokenrouter::limits
