#pragma once
// The OpenAI-style x-ratelimit-* response headers for a RateStatus. A dimension
// without a limit has no headers.

#include <string>
#include <utility>
#include <vector>

#include "core/limits/rate_limiter.hpp"

namespace tokenrouter::limits {

std::vector<std::pair<std::string, std::string>> rate_headers(const RateStatus& status);

} // namespace tokenrouter::limits
