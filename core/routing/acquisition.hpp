#pragma once
// The guard around a provider's `acquire_command` (a program printing a fresh credential), so
// that it can never storm the provider. It runs only for quota errors and only when no primary
// credential works; at most `per_hour` / `per_day` runs, `min_interval` between runs,
// exponential backoff after failures; one run in flight at a time (concurrent callers wait for
// it and share its result); the acquired credential is cached for `ttl` and reused. Every
// decision is counted and logged (never the credential).

#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/clock.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::routing {

struct AcquireOptions {
  int per_hour = 3;
  int per_day = 20;
  int64_t min_interval_ms = 300'000;
  int64_t backoff_base_ms = 600'000;
  int64_t backoff_cap_ms = 3'600'000;
  int64_t ttl_ms = 3'600'000;
  int64_t timeout_ms = 30'000;
};

enum class AcquireDecision {
  acquired,               // the command ran and printed a credential
  failed,                 // the command ran and failed (or printed nothing)
  cache_hit,              // the cached credential was still valid
  shared,                 // waited for a run in flight and got its result
  skip_not_quota,         // the error was not a quota error
  skip_primary_available, // a primary credential still works
  skip_hourly_cap,
  skip_daily_cap,
  skip_min_interval,
  skip_backoff, // failed recently
};
constexpr size_t k_acquire_decisions = 10;

std::string_view to_string(AcquireDecision decision);

struct AcquireNeed {
  bool quota_error = true;
  bool primary_usable = false;
};

struct Acquired {
  std::string secret;
  int64_t expires_ms = 0;
  AcquireDecision how = AcquireDecision::acquired;
};

// Counters for stats and metrics.
struct AcquisitionState {
  std::string provider;
  int runs_last_hour = 0;
  int runs_last_day = 0;
  bool cached = false; // a valid credential is cached
  int64_t cache_expires_ms = 0;
  int64_t backoff_until_ms = 0; // 0 = none
  std::array<int64_t, k_acquire_decisions> decisions{};
};

using CommandRunner =
    std::function<Result<std::string>(const std::vector<std::string>& argv, int64_t timeout_ms)>;

class AcquisitionGuard {
public:
  // `runner` defaults to util::run_command.
  AcquisitionGuard(std::string provider,
                   std::vector<std::string> argv,
                   const util::Clock& clock,
                   AcquireOptions options,
                   CommandRunner runner = {});

  // A credential (fresh, cached, or shared with a concurrent caller), or why there is none:
  // rate_limited with the decision's name in the message.
  [[nodiscard]] Result<Acquired> acquire(const AcquireNeed& need);

  // The cached credential ran dry (quota): it is not handed out again.
  void invalidate(const std::string& secret);

  AcquisitionState state() const;

  const std::string& provider() const { return m_provider; }

private:
  Result<Acquired>
  decide(const AcquireNeed& need, int64_t now_ms, std::unique_lock<std::mutex>& lock);
  Result<Acquired> run_locked(int64_t now_ms, std::unique_lock<std::mutex>& lock);
  tl::unexpected<Error> skip(AcquireDecision decision, std::string detail);

  void count(AcquireDecision decision) { ++m_decisions[static_cast<size_t>(decision)]; }

  int runs_since(int64_t since_ms) const;

  std::string m_provider;
  std::vector<std::string> m_argv;
  const util::Clock& m_clock;
  AcquireOptions m_options;
  CommandRunner m_runner;

  mutable std::mutex m_mutex;
  std::condition_variable m_done;
  bool m_in_flight = false;
  int64_t m_generation = 0; // completed runs
  std::string m_cached;     // "" = nothing cached
  int64_t m_cache_expires_ms = 0;
  std::optional<Error> m_last_failure; // of the last run, for callers who waited on it
  std::deque<int64_t> m_runs_ms;       // start of each run within the last day
  int m_failures = 0;                  // consecutive failed runs
  int64_t m_backoff_until_ms = 0;
  std::array<int64_t, k_acquire_decisions> m_decisions{};
};

} // namespace tokenrouter::routing
