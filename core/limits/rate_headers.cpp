#include "core/limits/rate_headers.hpp"

namespace tokenrouter::limits {

std::vector<std::pair<std::string, std::string>> rate_headers(const RateStatus& status)
{
  std::vector<std::pair<std::string, std::string>> headers;
  if (status.limit_requests > 0) {
    headers.emplace_back("x-ratelimit-limit-requests", std::to_string(status.limit_requests));
    headers.emplace_back("x-ratelimit-remaining-requests",
                         std::to_string(status.remaining_requests));
    headers.emplace_back("x-ratelimit-reset-requests", format_reset(status.reset_requests_ms));
  }
  if (status.limit_tokens > 0) {
    headers.emplace_back("x-ratelimit-limit-tokens", std::to_string(status.limit_tokens));
    headers.emplace_back("x-ratelimit-remaining-tokens", std::to_string(status.remaining_tokens));
    headers.emplace_back("x-ratelimit-reset-tokens", format_reset(status.reset_tokens_ms));
  }
  return headers;
}

} // namespace tokenrouter::limits
