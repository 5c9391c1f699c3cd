#include "core/util/time_text.hpp"

#include <charconv>
#include <ctime>

namespace tokenrouter::util {

Result<int64_t> parse_duration_s(std::string_view text)
{
  if (text.size() < 2) {
    return fail(ErrorCode::invalid_request, "'" + std::string(text) + "' is not a duration like 90s, 12h or 30d");
  }
  int64_t count = 0;
  const auto* end = text.data() + text.size() - 1;
  auto [ptr, ec] = std::from_chars(text.data(), end, count);
  if (ec != std::errc{} || ptr != end || count < 0) {
    return fail(ErrorCode::invalid_request, "'" + std::string(text) + "' is not a duration like 90s, 12h or 30d");
  }
  switch (text.back()) {
  case 's': return count;
  case 'm': return count * 60;
  case 'h': return count * 3600;
  case 'd': return count * 86400;
  case 'w': return count * 7 * 86400;
  default:
    return fail(ErrorCode::invalid_request, "'" + std::string(text) + "': unit must be s, m, h, d or w");
  }
}

Result<int64_t> parse_iso8601_s(std::string_view text)
{
  std::tm tm{};
  const std::string copy(text);
  const char* rest = strptime(copy.c_str(), "%Y-%m-%d", &tm);
  if (rest != nullptr && *rest == 'T') {
    rest = strptime(rest + 1, "%H:%M:%S", &tm);
    if (rest != nullptr && *rest == 'Z') {
      ++rest;
    }
  }
  if (rest == nullptr || *rest != 0) {
    return fail(ErrorCode::invalid_request,
                "'" + copy + "' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, UTC)");
  }
  return static_cast<int64_t>(timegm(&tm));
}

Result<int64_t> parse_time_or_duration(std::string_view text, int64_t now_s)
{
  if (!text.empty() && text.find('-') == std::string_view::npos) {
    TKR_TRY_ASSIGN(int64_t seconds, parse_duration_s(text));
    return now_s + seconds;
  }
  return parse_iso8601_s(text);
}

std::string format_iso8601(int64_t unix_s)
{
  const auto seconds = static_cast<std::time_t>(unix_s);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

} // namespace tokenrouter::util
