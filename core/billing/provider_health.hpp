#pragma once
// How each provider has been doing lately, from the usage ledger: for `tokenrouter status`.

#include <string>
#include <vector>

#include "core/store/database.hpp"

namespace tokenrouter::billing {

struct ProviderHealth {
  std::string provider;
  int64_t requests = 0;
  int64_t errors = 0;            // answered 5xx or 429 (the client's own 499 is not an error)
  int64_t last_error_ms = 0;     // 0 = none in the window
  std::string last_error_type;
};

// Requests recorded since `since_ms`, per provider (providers without any are absent).
[[nodiscard]] Result<std::vector<ProviderHealth>> provider_health(store::Database& db, int64_t since_ms);

// "idle" (no requests), "ok" (errors < 5 %), "degraded" (< 50 %) or "failing".
std::string health_word(const ProviderHealth& health);

} // namespace tokenrouter::billing
