#include "core/limits/rate_limiter.hpp"

#include <algorithm>

namespace tokenrouter::limits {

namespace {

int64_t steady_ms(const util::Clock& clock)
{
  return clock.steady_ns() / 1'000'000;
}

int seconds_rounded_up(int64_t ms)
{
  return static_cast<int>(std::max<int64_t>(1, (ms + 999) / 1000));
}

// Makes `bucket` match `per_minute` (0 = no bucket), refilled to `now_ms`.
void fit_bucket(std::optional<TokenBucket>& bucket, int64_t per_minute, int64_t now_ms)
{
  if (per_minute <= 0) {
    bucket.reset();
    return;
  }
  if (!bucket) {
    bucket.emplace(per_minute, now_ms);
    return;
  }
  bucket->refill(now_ms);
  if (bucket->capacity() != per_minute) {
    bucket->set_capacity(per_minute);
  }
}

RateStatus status_of(const std::optional<TokenBucket>& requests,
                     const std::optional<TokenBucket>& tokens)
{
  RateStatus status;
  if (requests) {
    status.limit_requests = requests->capacity();
    status.remaining_requests = requests->remaining();
    status.reset_requests_ms = requests->ms_until_full();
  }
  if (tokens) {
    status.limit_tokens = tokens->capacity();
    status.remaining_tokens = tokens->remaining();
    status.reset_tokens_ms = tokens->ms_until_full();
  }
  return status;
}

} // namespace

RateLimiter::RateLimiter(const util::Clock& clock, LimiterOptions options)
    : m_clock(clock)
    , m_options(options)
{
  if (m_options.sweep_every_ms > 0) {
    m_sweeper = std::thread([this] { sweeper_loop(); });
  }
}

RateLimiter::~RateLimiter()
{
  {
    std::lock_guard lock(m_sweeper_mutex);
    m_stop = true;
  }
  m_sweeper_cv.notify_all();
  if (m_sweeper.joinable()) {
    m_sweeper.join();
  }
}

void RateLimiter::fit_limits(KeyState& state, const KeyLimits& limits, int64_t now_ms) const
{
  fit_bucket(state.requests, limits.rpm, now_ms);
  fit_bucket(state.tokens, limits.tpm, now_ms);
  state.touched_ms = now_ms;
}

Admission RateLimiter::admit(const KeyLimits& limits, int64_t estimated_tokens)
{
  Admission admission;
  if (limits.rpm <= 0 && limits.tpm <= 0) {
    return admission; // nothing to count: no state is created for unlimited
                      // keys
  }
  const int64_t now = steady_ms(m_clock);
  const int64_t tokens = std::max<int64_t>(0, estimated_tokens);
  return m_keys.with(
      limits.key_id,
      [] { return KeyState{}; },
      [&](KeyState& state) {
        fit_limits(state, limits, now);
        const int64_t wait_requests = state.requests ? state.requests->ms_until(1) : 0;
        const int64_t wait_tokens = state.tokens ? state.tokens->ms_until(tokens) : 0;
        if (wait_requests > 0 || wait_tokens > 0) {
          admission.admitted = false;
          admission.retry_after_s = seconds_rounded_up(std::max(wait_requests, wait_tokens));
          admission.refused_by = wait_requests > 0 ? "requests" : "tokens";
        } else {
          if (state.requests) {
            state.requests->take(1);
          }
          if (state.tokens) {
            state.tokens->take(tokens);
            admission.reserved_tokens = tokens;
          }
        }
        admission.status = status_of(state.requests, state.tokens);
        return admission;
      });
}

void RateLimiter::settle(const std::string& key_id, int64_t reserved, int64_t actual)
{
  if (reserved == actual) {
    return;
  }
  const int64_t now = steady_ms(m_clock);
  m_keys.if_present(key_id, [&](KeyState& state) {
    if (!state.tokens) {
      return;
    }
    state.tokens->refill(now);
    if (actual < reserved) {
      state.tokens->give(reserved - actual);
    } else {
      state.tokens->take(actual - reserved);
    }
  });
}

int RateLimiter::auth_blocked_s(const std::string& address)
{
  const int64_t now = steady_ms(m_clock);
  int64_t wait_ms = 0;
  m_failures.if_present(address, [&](FailureState& state) {
    state.attempts.refill(now);
    wait_ms = state.attempts.ms_until(1);
  });
  return wait_ms > 0 ? seconds_rounded_up(wait_ms) : 0;
}

void RateLimiter::note_auth_failure(const std::string& address)
{
  const int64_t now = steady_ms(m_clock);
  const int64_t per_minute = m_options.auth_failures_per_minute;
  m_failures.with(
      address,
      [&] {
        return FailureState{TokenBucket(per_minute, now), now};
      },
      [&](FailureState& state) {
        state.attempts.refill(now);
        state.attempts.take(1);
        state.touched_ms = now;
      });
}

bool RateLimiter::idle(const KeyState& state, int64_t now_ms) const
{
  if (now_ms - state.touched_ms < m_options.idle_ms) {
    return false;
  }
  // Forgetting a bucket refills it: only forget buckets that are full by now
  // anyway.
  for (const auto* bucket : {&state.requests, &state.tokens}) {
    if (*bucket) {
      TokenBucket copy = **bucket;
      copy.refill(now_ms);
      if (!copy.full()) {
        return false;
      }
    }
  }
  return true;
}

size_t RateLimiter::sweep()
{
  const int64_t now = steady_ms(m_clock);
  size_t removed = m_keys.sweep([&](const KeyState& state) { return idle(state, now); });
  removed += m_failures.sweep([&](const FailureState& state) {
    TokenBucket copy = state.attempts;
    copy.refill(now);
    return now - state.touched_ms >= m_options.idle_ms && copy.full();
  });
  return removed;
}

void RateLimiter::sweeper_loop()
{
  std::unique_lock lock(m_sweeper_mutex);
  while (!m_stop) {
    m_sweeper_cv.wait_for(lock, std::chrono::milliseconds(m_options.sweep_every_ms));
    if (m_stop) {
      break;
    }
    lock.unlock();
    sweep();
    lock.lock();
  }
}

std::string format_reset(int64_t ms)
{
  if (ms < 1000) {
    return std::to_string(std::max<int64_t>(0, ms)) + "ms";
  }
  const int64_t minutes = ms / 60'000;
  const int64_t seconds = (ms % 60'000) / 1000;
  const int64_t millis = ms % 1000;
  std::string out = minutes > 0 ? std::to_string(minutes) + "m" : "";
  out += std::to_string(seconds);
  if (millis > 0) {
    std::string fraction = std::to_string(1000 + millis).substr(1); // zero-padded to 3 digits
    fraction.erase(fraction.find_last_not_of('0') + 1);
    out += "." + fraction;
  }
  return out + "s";
}

} // namespace tokenrouter::limits
