#include "core/routing/acquisition.hpp"

#include <spdlog/spdlog.h>

#include "core/routing/backoff.hpp"
#include "core/util/run_command.hpp"
#include "core/util/strings.hpp"

namespace tokenrouter::routing {

namespace {

constexpr int64_t k_hour_ms = 3'600'000;
constexpr int64_t k_day_ms = 24 * k_hour_ms;

constexpr std::array<std::string_view, k_acquire_decisions> k_decision_names = {
    "acquired",
    "failed",
    "cache_hit",
    "shared",
    "skip_not_quota",
    "skip_primary_available",
    "skip_hourly_cap",
    "skip_daily_cap",
    "skip_min_interval",
    "skip_backoff",
};

} // namespace

std::string_view to_string(AcquireDecision decision) {
  return k_decision_names[static_cast<size_t>(decision)];
}

AcquisitionGuard::AcquisitionGuard(std::string provider,
                                   std::vector<std::string> argv,
                                   const util::Clock& clock,
                                   AcquireOptions options,
                                   CommandRunner runner)
    : m_provider(std::move(provider))
    , m_argv(std::move(argv))
    , m_clock(clock)
    , m_options(options)
    , m_runner(runner ? std::move(runner) : CommandRunner(util::run_command)) {}

tl::unexpected<Error> AcquisitionGuard::skip(AcquireDecision decision, std::string detail) {
  count(decision);
  spdlog::info(
      "provider {}: acquire_command not run: {} ({})", m_provider, to_string(decision), detail);
  Error error{ErrorCode::rate_limited,
              "provider " + m_provider + ": no credential available; acquisition skipped ("
                  + std::string(to_string(decision)) + ")"};
  return tl::unexpected(std::move(error));
}

int AcquisitionGuard::runs_since(int64_t since_ms) const {
  int n = 0;
  for (const int64_t at : m_runs_ms) {
    n += at > since_ms ? 1 : 0;
  }
  return n;
}

Result<Acquired> AcquisitionGuard::acquire(const AcquireNeed& need) {
  std::unique_lock lock(m_mutex);
  return decide(need, m_clock.now_ms(), lock);
}

Result<Acquired> AcquisitionGuard::decide(const AcquireNeed& need,
                                          int64_t now_ms,
                                          std::unique_lock<std::mutex>& lock) {
  if (!need.quota_error) {
    return skip(AcquireDecision::skip_not_quota, "the upstream error is not about quota");
  }
  if (need.primary_usable) {
    return skip(AcquireDecision::skip_primary_available, "a primary credential still works");
  }
  if (!m_cached.empty() && m_cache_expires_ms > now_ms) {
    count(AcquireDecision::cache_hit);
    return Acquired{m_cached, m_cache_expires_ms, AcquireDecision::cache_hit};
  }
  if (m_in_flight) {
    const int64_t generation = m_generation;
    m_done.wait(lock, [&] { return m_generation != generation; });
    if (m_last_failure || m_cached.empty()) {
      count(AcquireDecision::shared);
      return tl::unexpected(
          m_last_failure.value_or(Error{ErrorCode::rate_limited, "acquisition failed"}));
    }
    count(AcquireDecision::shared);
    return Acquired{m_cached, m_cache_expires_ms, AcquireDecision::shared};
  }
  while (!m_runs_ms.empty() && m_runs_ms.front() <= now_ms - k_day_ms) {
    m_runs_ms.pop_front();
  }
  if (runs_since(now_ms - k_hour_ms) >= m_options.per_hour) {
    return skip(AcquireDecision::skip_hourly_cap,
                std::to_string(m_options.per_hour) + " runs in the last hour");
  }
  if (static_cast<int>(m_runs_ms.size()) >= m_options.per_day) {
    return skip(AcquireDecision::skip_daily_cap,
                std::to_string(m_options.per_day) + " runs in the last day");
  }
  if (!m_runs_ms.empty() && now_ms - m_runs_ms.back() < m_options.min_interval_ms) {
    return skip(AcquireDecision::skip_min_interval,
                "last run " + std::to_string((now_ms - m_runs_ms.back()) / 1000) + " s ago");
  }
  if (m_backoff_until_ms > now_ms) {
    return skip(AcquireDecision::skip_backoff,
                "backing off " + std::to_string((m_backoff_until_ms - now_ms) / 1000) + " s after "
                    + std::to_string(m_failures) + " failure(s)");
  }
  return run_locked(now_ms, lock);
}

// Runs the command with the lock released; waiters sleep on m_done until it is over.
Result<Acquired> AcquisitionGuard::run_locked(int64_t now_ms, std::unique_lock<std::mutex>& lock) {
  m_in_flight = true;
  m_runs_ms.push_back(now_ms);
  lock.unlock();
  auto output = m_runner(m_argv, m_options.timeout_ms);
  std::string secret = output ? std::string(util::trim(*output)) : std::string();
  lock.lock();
  m_in_flight = false;
  ++m_generation;
  const int64_t done_ms = m_clock.now_ms();
  if (secret.empty()) {
    ++m_failures;
    m_backoff_until_ms =
        done_ms
        + capped_backoff_ms(m_options.backoff_base_ms, m_failures - 1, m_options.backoff_cap_ms);
    m_last_failure =
        Error{ErrorCode::rate_limited,
              "provider " + m_provider + ": acquire_command failed: "
                  + (output ? std::string("it printed nothing") : output.error().message)};
    count(AcquireDecision::failed);
    spdlog::warn("provider {}: {}; next attempt in {} s at the earliest",
                 m_provider,
                 m_last_failure->message,
                 (m_backoff_until_ms - done_ms) / 1000);
    m_done.notify_all();
    return tl::unexpected(*m_last_failure);
  }
  m_failures = 0;
  m_backoff_until_ms = 0;
  m_last_failure.reset();
  m_cached = std::move(secret);
  m_cache_expires_ms = done_ms + m_options.ttl_ms;
  count(AcquireDecision::acquired);
  spdlog::info("provider {}: acquire_command gave a new credential, cached for {} s",
               m_provider,
               m_options.ttl_ms / 1000);
  m_done.notify_all();
  return Acquired{m_cached, m_cache_expires_ms, AcquireDecision::acquired};
}

void AcquisitionGuard::invalidate(const std::string& secret) {
  std::lock_guard lock(m_mutex);
  if (!secret.empty() && secret == m_cached) {
    m_cached.clear();
    m_cache_expires_ms = 0;
    spdlog::info("provider {}: the acquired credential ran dry; cache cleared", m_provider);
  }
}

AcquisitionState AcquisitionGuard::state() const {
  const int64_t now_ms = m_clock.now_ms();
  std::lock_guard lock(m_mutex);
  AcquisitionState out;
  out.provider = m_provider;
  out.runs_last_hour = runs_since(now_ms - k_hour_ms);
  out.runs_last_day = runs_since(now_ms - k_day_ms);
  out.cached = !m_cached.empty() && m_cache_expires_ms > now_ms;
  out.cache_expires_ms = out.cached ? m_cache_expires_ms : 0;
  out.backoff_until_ms = m_backoff_until_ms > now_ms ? m_backoff_until_ms : 0;
  out.decisions = m_decisions;
  return out;
}

} // namespace tokenrouter::routing
