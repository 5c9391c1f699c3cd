#include "core/billing/plan_usage.hpp"

#include "core/billing/quota.hpp"

namespace tokenrouter::billing {

namespace {

constexpr std::string_view k_usage_by_plan = R"sql(
SELECT COALESCE(NULLIF(u.plan, ''), 'none'),
  max(CASE WHEN (q.period = 'day' AND q.period_start < ?1)
             OR (q.period = 'month' AND q.period_start < ?2) THEN 0.0
      ELSE max(CASE WHEN q.limit_tokens > 0 THEN 100.0 * q.used_tokens / q.limit_tokens ELSE 0.0 END,
               CASE WHEN q.limit_requests > 0 THEN 100.0 * q.used_requests / q.limit_requests ELSE 0.0 END,
               CASE WHEN q.limit_nanousd > 0 THEN 100.0 * q.used_nanousd / q.limit_nanousd ELSE 0.0 END)
      END)
FROM quotas q
LEFT JOIN api_keys k ON q.scope = 'key' AND k.id = q.subject_id
LEFT JOIN users u ON u.id = CASE WHEN q.scope = 'user' THEN q.subject_id ELSE k.user_id END
WHERE q.limit_tokens IS NOT NULL OR q.limit_requests IS NOT NULL OR q.limit_nanousd IS NOT NULL
GROUP BY 1 ORDER BY 1)sql";

} // namespace

Result<std::vector<PlanUsage>> quota_usage_by_plan(store::Database& db, int64_t now_ms)
{
  TKR_TRY_ASSIGN(auto st, db.prepare(k_usage_by_plan));
  st.bind_all(period_start(QuotaPeriod::day, now_ms), period_start(QuotaPeriod::month, now_ms));
  std::vector<PlanUsage> out;
  while (true) {
    TKR_TRY_ASSIGN(const bool row, st.step());
    if (!row) {
      break;
    }
    out.push_back({st.column_text(0), st.column_double(1)});
  }
  return out;
}

} // namespace tokenrouter::billing
