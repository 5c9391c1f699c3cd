#include "core/billing/provider_health.hpp"

namespace tokenrouter::billing {

namespace {

// requests_time keeps this a range scan of the window.
constexpr std::string_view k_health = R"sql(
SELECT COALESCE(provider, ''), count(*),
  sum(status >= 500 OR status = 429),
  COALESCE(max(CASE WHEN status >= 500 OR status = 429 THEN created_at END), 0),
  COALESCE((SELECT r2.error_type FROM requests r2
            WHERE r2.provider = r.provider AND r2.created_at >= ?1 AND (r2.status >= 500 OR r2.status = 429)
            ORDER BY r2.created_at DESC LIMIT 1), '')
FROM requests r WHERE created_at >= ?1 GROUP BY provider ORDER BY provider)sql";

} // namespace

Result<std::vector<ProviderHealth>> provider_health(store::Database& db, int64_t since_ms)
{
  TKR_TRY_ASSIGN(auto st, db.prepare(k_health));
  st.bind(1, since_ms);
  std::vector<ProviderHealth> out;
  while (true) {
    TKR_TRY_ASSIGN(const bool row, st.step());
    if (!row) {
      break;
    }
    out.push_back({st.column_text(0), st.column_int64(1), st.column_int64(2), st.column_int64(3),
                   st.column_text(4)});
  }
  return out;
}

std::string health_word(const ProviderHealth& health)
{
  if (health.requests == 0) {
    return "idle";
  }
  if (health.errors * 20 < health.requests) {
    return "ok";
  }
  return health.errors * 2 < health.requests ? "degraded" : "failing";
}

} // namespace tokenrouter::billing
