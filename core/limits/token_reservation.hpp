#pragma once
// The tokens-per-minute charge of one admitted request, to be corrected once
// its usage is known. Settled at most once; destroyed unsettled (the request
// failed before any upstream call) it refunds the whole charge.

#include <atomic>
#include <cstdint>
#include <string>

#include "core/limits/rate_limiter.hpp"

namespace tokenrouter::limits {

class TokenReservation {
public:
  TokenReservation(RateLimiter& limiter, std::string key_id, int64_t reserved)
      : m_limiter(limiter)
      , m_key_id(std::move(key_id))
      , m_reserved(reserved)
  {
  }

  ~TokenReservation() { settle(0); }

  TokenReservation(const TokenReservation&) = delete;
  TokenReservation& operator=(const TokenReservation&) = delete;

  void settle(int64_t actual_tokens)
  {
    if (!m_settled.exchange(true)) {
      m_limiter.settle(m_key_id, m_reserved, actual_tokens);
    }
  }

private:
  RateLimiter& m_limiter;
  std::string m_key_id;
  int64_t m_reserved;
  std::atomic<bool> m_settled{false};
};

} // namespace tokenrouter::limits
