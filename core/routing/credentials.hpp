#pragma once
// A provider's credential pool. `primary` credentials (e.g. a personal key) are used before
// `pool` ones; within a tier the pick rotates. A credential that answers 429 / a quota error is
// cooled down (retry-after when the upstream gave one, else exponential backoff with jitter,
// capped) and the caller moves on to the next one. A rolling health score (error rate and mean
// latency over the last `health_window` outcomes) takes a credential out of rotation before it
// fails more; after `probe_ms` one request probes it, and a success brings it back.
// Secrets are never logged; snapshots name credentials by their environment variable.

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/util/clock.hpp"

namespace tokenrouter::routing {

struct CredentialSpec {
  std::string name;   // the environment variable, or "acquired" (never the secret)
  std::string secret; // "" = not set: never picked
  bool primary = true;
  int64_t expires_ms = 0; // 0 = never (acquired credentials expire)
};

struct PoolOptions {
  int64_t cooldown_base_ms = 5'000;
  int64_t cooldown_cap_ms = 300'000;
  int health_window = 20;
  int min_samples = 5; // fewer outcomes than this: no health verdict yet
  int error_percent = 30;
  int64_t latency_ms = 5'000;
  int64_t probe_ms = 60'000;
};

// What one request got from the pool; `index` goes back in report().
struct CredentialLease {
  size_t index = 0;
  std::string secret;
  bool primary = true;
};

enum class Outcome { ok, quota, error };

// A read-only snapshot of one credential (stats, metrics).
struct CredentialState {
  std::string name;
  bool primary = true;
  bool present = true; // its secret is set
  std::string status;  // "ready" | "cooling" | "unhealthy" | "probing" | "expired" | "missing"
  int64_t cooldown_until_ms = 0;
  int error_percent = 0; // over the rolling window
  int64_t mean_latency_ms = 0;
  int64_t requests = 0;
  int64_t quota_errors = 0;
  int64_t errors = 0;
};

class CredentialPool {
public:
  CredentialPool(std::string provider,
                 std::vector<CredentialSpec> credentials,
                 const util::Clock& clock,
                 PoolOptions options);

  // The next usable credential not in `tried`; nullopt when every one is cooling down,
  // unhealthy, expired or missing.
  std::optional<CredentialLease> pick(std::span<const size_t> tried = {});

  // The outcome of a request made with credential `index`. `retry_after_s` >= 0 sets a quota
  // cooldown exactly; `latency_ms` feeds the health score.
  void report(size_t index, Outcome outcome, int64_t latency_ms, int retry_after_s = -1);

  // True while some primary credential is usable (the acquisition guard stays off then).
  bool primary_usable() const;
  // True when some credential has a secret (else requests go without one).
  bool has_credentials() const;
  // Adds (or refreshes) a credential from acquire_command; returns its index.
  size_t add_acquired(const std::string& secret, int64_t expires_ms);
  // Seconds until the first credential comes back from its cooldown (-1: none cooling).
  int soonest_retry_s() const;

  const std::string& provider() const { return m_provider; }

  std::vector<CredentialState> state() const;

private:
  struct Entry {
    CredentialSpec spec;
    int64_t cooldown_until_ms = 0;
    int quota_streak = 0;           // consecutive quota errors: the backoff step
    int64_t unhealthy_until_ms = 0; // 0 = healthy
    bool probing = false;           // one request is testing it after unhealthy_until_ms
    std::deque<std::pair<bool, int64_t>> window; // (failed, latency) of recent outcomes
    int64_t requests = 0;
    int64_t quota_errors = 0;
    int64_t errors = 0;
  };

  bool usable(const Entry& e, int64_t now_ms) const;
  void judge_health(Entry& e, int64_t now_ms);
  std::string status_of(const Entry& e, int64_t now_ms) const;

  std::string m_provider;
  const util::Clock& m_clock;
  PoolOptions m_options;
  mutable std::mutex m_mutex;
  std::vector<Entry> m_entries;
  size_t m_rotation = 0;
};

} // namespace tokenrouter::routing
