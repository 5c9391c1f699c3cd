#pragma once
// Rate limits (design.md "limits"): token buckets per virtual key for requests
// per minute and tokens per minute, and a bucket of failed authentications per
// client address so keys cannot be brute-forced. Thread-safe (sharded mutexes);
// idle buckets are reclaimed by a background thread, never on the request path.
//
// Tokens per minute are charged at admission with an estimate (input estimate +
// the maximum output the request allows) and corrected to the actual usage when
// the exchange settles.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/limits/sharded_map.hpp"
#include "core/limits/token_bucket.hpp"
#include "core/util/clock.hpp"

namespace tokenrouter::limits {

// The limits of one key; 0 = unlimited.
struct KeyLimits {
  std::string key_id;
  int64_t rpm = 0;
  int64_t tpm = 0;
};

// What the x-ratelimit-* headers report. A limit of 0 means that dimension is
// unlimited (its headers are left out).
struct RateStatus {
  int64_t limit_requests = 0;
  int64_t remaining_requests = 0;
  int64_t reset_requests_ms = 0; // until the request bucket is full again
  int64_t limit_tokens = 0;
  int64_t remaining_tokens = 0;
  int64_t reset_tokens_ms = 0;
};

struct Admission {
  bool admitted = true;
  int retry_after_s = 0;       // when refused: whole seconds until it would pass
  std::string refused_by;      // "requests" or "tokens" when refused
  int64_t reserved_tokens = 0; // charged to the TPM bucket, to correct at settle
  RateStatus status;
};

struct LimiterOptions {
  int64_t auth_failures_per_minute = 20; // per client address
  int64_t idle_ms = 10 * 60'000;         // a bucket untouched this long (and full) is reclaimed
  int64_t sweep_every_ms = 60'000;       // 0 = no background thread (tests call sweep())
};

class RateLimiter {
public:
  explicit RateLimiter(const util::Clock& clock, LimiterOptions options = {});
  ~RateLimiter();
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Admits one request of about `estimated_tokens` for the key, or refuses it
  // without charging anything. Both dimensions must pass.
  Admission admit(const KeyLimits& limits, int64_t estimated_tokens);
  // Corrects the TPM charge of an admitted request: `reserved` was charged,
  // `actual` was used.
  void settle(const std::string& key_id, int64_t reserved, int64_t actual);

  // Seconds until `address` may try to authenticate again; 0 = it may now.
  int auth_blocked_s(const std::string& address);
  // Counts one failed authentication from `address`.
  void note_auth_failure(const std::string& address);

  // Removes idle buckets (called by the background thread); returns how many.
  size_t sweep();

  size_t tracked_keys() { return m_keys.size(); }

  size_t tracked_addresses() { return m_failures.size(); }

private:
  // A key's buckets; a dimension without a limit has none.
  struct KeyState {
    std::optional<TokenBucket> requests;
    std::optional<TokenBucket> tokens;
    int64_t touched_ms = 0;
  };

  struct FailureState {
    TokenBucket attempts;
    int64_t touched_ms = 0;
  };

  void sweeper_loop();
  void fit_limits(KeyState& state, const KeyLimits& limits, int64_t now_ms) const;
  bool idle(const KeyState& state, int64_t now_ms) const;

  const util::Clock& m_clock;
  LimiterOptions m_options;
  ShardedMap<KeyState> m_keys;
  ShardedMap<FailureState> m_failures;
  std::mutex m_sweeper_mutex;
  std::condition_variable m_sweeper_cv;
  bool m_stop = false;
  std::thread m_sweeper;
};

// A duration as OpenAI writes x-ratelimit-reset-*: "20ms", "1s", "6.5s",
// "1m0s".
std::string format_reset(int64_t ms);

} // namespace tokenrouter::limits
