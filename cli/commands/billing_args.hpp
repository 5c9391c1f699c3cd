#pragma once
// Arguments the billing commands (quota, pricing, usage, cache) share.

#include <cstdint>
#include <ctime>
#include <string_view>

#include "core/util/result.hpp"
#include "core/util/time_text.hpp"

namespace tokenrouter::cli {

// "7d" → 7 days ago; "2026-12-01" → that instant; in unix ms.
[[nodiscard]] inline Result<int64_t> past_time_ms(std::string_view text)
{
  const int64_t now_s = std::time(nullptr);
  if (auto duration = util::parse_duration_s(text)) {
    return (now_s - *duration) * 1000;
  }
  TKR_TRY_ASSIGN(int64_t at, util::parse_iso8601_s(text));
  return at * 1000;
}

} // namespace tokenrouter::cli
