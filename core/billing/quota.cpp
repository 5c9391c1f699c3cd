#include "core/billing/quota.hpp"

#include <algorithm>
#include <ctime>

namespace tokenrouter::billing {

std::string_view to_string(QuotaPeriod period)
{
  switch (period) {
  case QuotaPeriod::day:
    return "day";
  case QuotaPeriod::month:
    return "month";
  case QuotaPeriod::total:
    return "total";
  }
  return "total";
}

Result<QuotaPeriod> parse_period(std::string_view text)
{
  for (auto period : {QuotaPeriod::day, QuotaPeriod::month, QuotaPeriod::total}) {
    if (to_string(period) == text) {
      return period;
    }
  }
  return fail(ErrorCode::invalid_request,
              "period: expected day, month or total, got '" + std::string(text) + "'");
}

Amount& Amount::operator+=(const Amount& other)
{
  tokens += other.tokens;
  requests += other.requests;
  nanousd += other.nanousd;
  return *this;
}

Amount& Amount::operator-=(const Amount& other)
{
  tokens -= other.tokens;
  requests -= other.requests;
  nanousd -= other.nanousd;
  return *this;
}

int64_t period_start(QuotaPeriod period, int64_t now_ms)
{
  if (period == QuotaPeriod::total) {
    return 0;
  }
  constexpr int64_t k_day_ms = 86'400'000;
  const int64_t day_start = now_ms - now_ms % k_day_ms;
  if (period == QuotaPeriod::day) {
    return day_start;
  }
  const std::time_t seconds = static_cast<std::time_t>(day_start / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return day_start - static_cast<int64_t>(tm.tm_mday - 1) * k_day_ms;
}

int64_t weighted_tokens(const model::Usage& usage, int64_t weight_ppm)
{
  const int64_t weighted_reads = (usage.cache_read_tokens * weight_ppm + k_ppm - 1) / k_ppm;
  return usage.input_tokens + usage.cache_write_tokens + usage.output_tokens + weighted_reads;
}

int64_t max_cost_nanousd(int64_t input_tokens, int64_t output_tokens, const Prices& prices,
                         int64_t multiplier_ppm)
{
  Prices dearest = prices;
  dearest.prompt = std::max({prices.prompt, prices.cache_write_5m, prices.cache_write_1h});
  model::Usage usage;
  usage.input_tokens = input_tokens;
  usage.output_tokens = output_tokens;
  return cost_nanousd(usage, dearest, multiplier_ppm);
}

namespace {

bool unit_fits(const std::optional<int64_t>& limit, int64_t committed, int64_t want)
{
  if (!limit) {
    return true;
  }
  return want > 0 ? committed + want <= *limit : committed < *limit;
}

} // namespace

bool fits(const QuotaLimits& limits, const Amount& committed, const Amount& want,
          std::string_view* which)
{
  const struct {
    const std::optional<int64_t>& limit;
    int64_t committed;
    int64_t want;
    std::string_view name;
  } units[] = {{limits.requests, committed.requests, want.requests, "requests"},
               {limits.tokens, committed.tokens, want.tokens, "tokens"},
               {limits.nanousd, committed.nanousd, want.nanousd, "usd"}};
  for (const auto& unit : units) {
    if (!unit_fits(unit.limit, unit.committed, unit.want)) {
      if (which != nullptr) {
        *which = unit.name;
      }
      return false;
    }
  }
  return true;
}

std::string kind_of(const QuotaLimits& limits)
{
  const int set = int{limits.tokens.has_value()} + int{limits.requests.has_value()}
                  + int{limits.nanousd.has_value()};
  if (set != 1) {
    return "hybrid";
  }
  return limits.tokens ? "tokens" : limits.requests ? "requests" : "usd";
}

} // namespace tokenrouter::billing
