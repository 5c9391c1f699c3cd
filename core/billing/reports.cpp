#include "core/billing/reports.hpp"

#include <map>

#include "core/billing/ledger_writer.hpp"

namespace tokenrouter::billing {

namespace {

// Group columns by name: never user text in SQL.
Result<std::string> group_column(const std::string& by, bool cache)
{
  const std::pair<std::string_view, std::string_view> columns[] = {
      {"day", "day"}, {"model", "model"}, {"key", "key_id"}, {"user", "user_id"}, {"provider", "provider"}};
  for (const auto& [name, column] : columns) {
    if (name == by && (!cache || name == "day" || name == "model" || name == "key")) {
      return std::string(column);
    }
  }
  return fail(ErrorCode::invalid_request,
              "by: expected " + std::string(cache ? "day, model or key" : "day, model, key, user or provider"));
}

} // namespace

ReportWindow window_of(int64_t since_ms, int64_t until_ms)
{
  return {utc_day(since_ms), utc_day(until_ms)};
}

UsageRow& UsageRow::operator+=(const UsageRow& o)
{
  requests += o.requests;
  input_tokens += o.input_tokens;
  cache_read_tokens += o.cache_read_tokens;
  cache_write_tokens += o.cache_write_tokens;
  output_tokens += o.output_tokens;
  cost_nanousd += o.cost_nanousd;
  return *this;
}

CacheRow& CacheRow::operator+=(const CacheRow& o)
{
  prompt_tokens += o.prompt_tokens;
  cache_read_tokens += o.cache_read_tokens;
  hits += o.hits;
  misses += o.misses;
  saved_nanousd += o.saved_nanousd;
  dedup_hits += o.dedup_hits;
  return *this;
}

Result<std::vector<UsageRow>> usage_report(store::Database& db, const ReportWindow& window, const std::string& by)
{
  TKR_TRY_ASSIGN(auto column, group_column(by, false));
  TKR_TRY_ASSIGN(auto st, db.prepare(
      "SELECT " + column + ", sum(requests), sum(input_tokens), sum(cache_read_tokens), "
      "sum(cache_write_tokens), sum(output_tokens), sum(cost_nanousd) FROM daily_usage "
      "WHERE day BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 1"));
  st.bind_all(window.first_day, window.last_day);
  std::vector<UsageRow> rows;
  while (true) {
    TKR_TRY_ASSIGN(bool more, st.step());
    if (!more) {
      return rows;
    }
    rows.push_back({st.column_text(0), st.column_int64(1), st.column_int64(2), st.column_int64(3),
                    st.column_int64(4), st.column_int64(5), st.column_int64(6)});
  }
}

Result<std::vector<CacheRow>> cache_report(store::Database& db, const ReportWindow& window, const std::string& by)
{
  TKR_TRY_ASSIGN(auto column, group_column(by, true));
  std::map<std::string, CacheRow> groups;
  TKR_TRY_ASSIGN(auto usage, db.prepare(
      "SELECT " + column + ", sum(input_tokens + cache_read_tokens + cache_write_tokens), "
      "sum(cache_read_tokens) FROM daily_usage WHERE day BETWEEN ?1 AND ?2 GROUP BY 1"));
  usage.bind_all(window.first_day, window.last_day);
  while (true) {
    TKR_TRY_ASSIGN(bool more, usage.step());
    if (!more) {
      break;
    }
    auto& row = groups[usage.column_text(0)];
    row.prompt_tokens = usage.column_int64(1);
    row.cache_read_tokens = usage.column_int64(2);
  }
  TKR_TRY_ASSIGN(auto cache, db.prepare(
      "SELECT " + column + ", sum(hits), sum(misses), sum(saved_nanousd), sum(dedup_hits) "
      "FROM cache_stats WHERE day BETWEEN ?1 AND ?2 GROUP BY 1"));
  cache.bind_all(window.first_day, window.last_day);
  while (true) {
    TKR_TRY_ASSIGN(bool more, cache.step());
    if (!more) {
      break;
    }
    auto& row = groups[cache.column_text(0)];
    row.hits = cache.column_int64(1);
    row.misses = cache.column_int64(2);
    row.saved_nanousd = cache.column_int64(3);
    row.dedup_hits = cache.column_int64(4);
  }
  std::vector<CacheRow> rows;
  for (auto& [group, row] : groups) {
    row.group = group;
    rows.push_back(std::move(row));
  }
  return rows;
}

} // namespace tokenrouter::billing
