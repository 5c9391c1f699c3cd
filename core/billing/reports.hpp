#pragma once
// Usage and cache reports, read from the daily aggregates the ledger writer maintains
// (`daily_usage`, `cache_stats`), so a report costs a range scan of days, not of requests.
// Reports are day-granular: a window covers whole UTC days. Totals are exact integer sums.

#include <string>
#include <vector>

#include "core/store/database.hpp"

namespace tokenrouter::billing {

struct ReportWindow {
  std::string first_day; // "YYYY-MM-DD", inclusive
  std::string last_day;  // inclusive
};

// The UTC days of [`since_ms`, `until_ms`].
ReportWindow window_of(int64_t since_ms, int64_t until_ms);

struct UsageRow {
  std::string group; // the day, model, key, user or provider ("" = none)
  int64_t requests = 0;
  int64_t input_tokens = 0;
  int64_t cache_read_tokens = 0;
  int64_t cache_write_tokens = 0;
  int64_t output_tokens = 0;
  int64_t cost_nanousd = 0;

  UsageRow& operator+=(const UsageRow& other);
};

// `by`: day | model | key | user | provider (invalid_request otherwise). Rows ordered by group.
[[nodiscard]] Result<std::vector<UsageRow>> usage_report(store::Database& db, const ReportWindow& window,
                                                         const std::string& by);

struct CacheRow {
  std::string group;
  int64_t prompt_tokens = 0;     // input + cache read + cache write
  int64_t cache_read_tokens = 0;
  int64_t hits = 0;              // requests with a cache read
  int64_t misses = 0;
  int64_t saved_nanousd = 0;     // cache reads against the prompt price
  int64_t dedup_hits = 0;

  CacheRow& operator+=(const CacheRow& other);
};

// `by`: day | model | key.
[[nodiscard]] Result<std::vector<CacheRow>> cache_report(store::Database& db, const ReportWindow& window,
                                                         const std::string& by);

} // namespace tokenrouter::billing
