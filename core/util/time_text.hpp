#pragma once
// Times as users type them: durations ("90s", "12h", "30d", "2w") and ISO-8601 instants.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/result.hpp"

namespace tokenrouter::util {

// "90s" / "15m" / "12h" / "30d" / "2w" → seconds. invalid_request otherwise.
[[nodiscard]] Result<int64_t> parse_duration_s(std::string_view text);

// "2026-12-31", "2026-12-31T23:59:59Z" (UTC) → unix seconds.
[[nodiscard]] Result<int64_t> parse_iso8601_s(std::string_view text);

// A duration from `now_s`, or an absolute ISO-8601 time.
[[nodiscard]] Result<int64_t> parse_time_or_duration(std::string_view text, int64_t now_s);

// Unix seconds → "2026-12-31T23:59:59Z".
std::string format_iso8601(int64_t unix_s);

} // namespace tokenrouter::util
