#include "core/billing/ledger_sql.hpp"

#include <map>
#include <tuple>

#include "core/billing/ledger_writer.hpp"
#include "core/util/crypto.hpp"

namespace tokenrouter::billing {

namespace {

constexpr std::string_view k_insert_request = R"sql(
INSERT INTO requests (request_id, idempotency_key, created_at, user_id, key_id, model,
  upstream_model, provider, dialect, stream, status, error_type, input_tokens,
  cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens,
  cost_nanousd, saved_nanousd, priced, latency_ms, ttfb_ms, overhead_us, prefix_hash, full_hash,
  dedup_hit, replayed)
VALUES (?1, NULLIF(?2, ''), ?3, NULLIF(?4, ''), NULLIF(?5, ''), ?6, ?7, ?8, ?9, ?10, ?11,
  NULLIF(?12, ''), ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, NULLIF(?25, ''),
  NULLIF(?26, ''), ?27, ?28))sql";

constexpr std::string_view k_upsert_daily = R"sql(
INSERT INTO daily_usage (day, user_id, key_id, model, provider, requests, input_tokens,
  cache_read_tokens, cache_write_tokens, output_tokens, cost_nanousd)
VALUES (?1, ?2, ?3, ?4, ?5, ?11, ?6, ?7, ?8, ?9, ?10)
ON CONFLICT (day, key_id, model, provider) DO UPDATE SET
  requests = requests + excluded.requests,
  input_tokens = input_tokens + excluded.input_tokens,
  cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
  cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
  output_tokens = output_tokens + excluded.output_tokens,
  cost_nanousd = cost_nanousd + excluded.cost_nanousd)sql";

constexpr std::string_view k_upsert_cache = R"sql(
INSERT INTO cache_stats (day, model, key_id, provider, hits, misses, cached_tokens,
  saved_tokens, saved_nanousd, dedup_hits)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)
ON CONFLICT (day, model, key_id, provider) DO UPDATE SET
  hits = hits + excluded.hits,
  misses = misses + excluded.misses,
  cached_tokens = cached_tokens + excluded.cached_tokens,
  saved_tokens = saved_tokens + excluded.saved_tokens,
  saved_nanousd = saved_nanousd + excluded.saved_nanousd,
  dedup_hits = dedup_hits + excluded.dedup_hits)sql";

// A charge starting a newer period replaces the balance instead of adding to it (SET
// expressions all see the row as it was).
constexpr std::string_view k_charge_quota = R"sql(
UPDATE quotas SET
  used_tokens = CASE WHEN period_start < ?2 THEN ?3 ELSE used_tokens + ?3 END,
  used_requests = CASE WHEN period_start < ?2 THEN ?4 ELSE used_requests + ?4 END,
  used_nanousd = CASE WHEN period_start < ?2 THEN ?5 ELSE used_nanousd + ?5 END,
  period_start = max(period_start, ?2),
  updated_at = ?6
WHERE id = ?1
RETURNING used_tokens, used_requests, used_nanousd)sql";

constexpr std::string_view k_audit_consume = R"sql(
INSERT INTO quota_ledger (quota_id, request_id, action, delta_tokens, delta_requests,
  delta_nanousd, balance_after_tokens, balance_after_requests, balance_after_nanousd, actor,
  created_at)
VALUES (?1, ?2, 'consume', ?3, ?4, ?5, ?6, ?7, ?8, 'system', ?9))sql";

constexpr std::string_view k_keep_response = R"sql(
INSERT INTO idempotent_responses (key_id, idempotency_key, request_id, created_at, status, body)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT (key_id, idempotency_key) DO UPDATE SET request_id = excluded.request_id,
  created_at = excluded.created_at, status = excluded.status, body = excluded.body)sql";

} // namespace

Result<LedgerStatements> LedgerStatements::prepare(store::Database& db)
{
  LedgerStatements out;
  out.m_db = &db;
  TKR_TRY_ASSIGN(out.m_insert, db.prepare(k_insert_request));
  TKR_TRY_ASSIGN(out.m_daily, db.prepare(k_upsert_daily));
  TKR_TRY_ASSIGN(out.m_cache, db.prepare(k_upsert_cache));
  TKR_TRY_ASSIGN(out.m_charge, db.prepare(k_charge_quota));
  TKR_TRY_ASSIGN(out.m_audit, db.prepare(k_audit_consume));
  TKR_TRY_ASSIGN(out.m_keep, db.prepare(k_keep_response));
  return out;
}

Status LedgerStatements::insert_request(const UsageRecord& r)
{
  const auto& u = r.usage;
  m_insert.reset();
  m_insert.bind_all(r.request_id, r.idempotency_key, r.created_at_ms, r.user_id, r.key_id,
                    r.model, r.upstream_model, r.provider, r.dialect, int64_t{r.stream},
                    int64_t{r.status}, r.error_type, u.input_tokens, u.cache_read_tokens,
                    u.cache_write_tokens, u.cache_write_1h_tokens, u.output_tokens,
                    u.reasoning_tokens, r.cost_nanousd, r.saved_nanousd, int64_t{r.priced},
                    r.latency_ms, r.ttfb_ms, r.overhead_us, r.prefix_hash, r.full_hash,
                    int64_t{r.dedup_hit}, int64_t{r.replayed});
  return m_insert.run();
}

namespace {

// What a batch adds to one daily_usage / cache_stats row.
using UsageKey = std::tuple<std::string, std::string, std::string, std::string>;

struct DailySum {
  std::string user_id;
  int64_t requests = 0;
  model::Usage usage;
  int64_t cost_nanousd = 0;
};

struct CacheSum {
  int64_t hits = 0;
  int64_t misses = 0;
  int64_t cached_tokens = 0;
  int64_t saved_nanousd = 0;
  int64_t dedup_hits = 0;
};

// Consecutive charges of a batch to one quota and one period: one UPDATE, then one audit row
// per charge with the balance after it — exactly what charging them one by one would give.
struct ChargeRun {
  int64_t quota_id = 0;
  int64_t period_start_ms = 0;
  Amount total;
  int64_t updated_at_s = 0;
  std::vector<std::pair<const UsageRecord*, Amount>> charges;
};

Status charge_run(store::Statement& charge, store::Statement& audit, const ChargeRun& run)
{
  charge.reset();
  charge.bind_all(run.quota_id, run.period_start_ms / 1000, run.total.tokens, run.total.requests,
                    run.total.nanousd, run.updated_at_s);
  TKR_TRY_ASSIGN(bool found, charge.step());
  if (!found) {
    return {}; // the quota was deleted meanwhile: nothing left to charge or audit
  }
  Amount balance{charge.column_int64(0), charge.column_int64(1), charge.column_int64(2)};
  TKR_TRY(charge.step()); // finish the statement before the next one runs
  balance -= run.total;
  for (const auto& [row, amount] : run.charges) {
    balance += amount;
    audit.reset();
    audit.bind_all(run.quota_id, row->request_id, amount.tokens, amount.requests, amount.nanousd,
                     balance.tokens, balance.requests, balance.nanousd, row->created_at_ms);
    TKR_TRY(audit.run());
  }
  return {};
}

} // namespace

Status LedgerStatements::keep_response(const UsageRecord& row, const std::string& key)
{
  m_keep.reset();
  m_keep.bind_all(row.key_id, key, row.request_id, row.created_at_ms, int64_t{row.status},
                  row.idempotent_body);
  return m_keep.run();
}

Status LedgerStatements::insert_row(UsageRecord& row)
{
  const std::string idempotency_key = row.idempotency_key;
  if (auto inserted = insert_request(row); !inserted) {
    // A duplicate client-supplied request id or idempotency key: keep the row, disambiguated.
    row.request_id += "#" + util::random_hex(4);
    row.idempotency_key.clear();
    TKR_TRY(insert_request(row));
  }
  if (!row.idempotent_body.empty() && !idempotency_key.empty()) {
    TKR_TRY(keep_response(row, idempotency_key));
  }
  return {};
}

Status LedgerStatements::write(std::deque<UsageRecord>& batch)
{
  std::map<UsageKey, DailySum> daily;
  std::map<UsageKey, CacheSum> cache;
  std::map<int64_t, std::vector<ChargeRun>> runs; // per quota, in batch order
  for (auto& row : batch) {
    TKR_TRY(insert_row(row));
    const auto& u = row.usage;
    const std::string day = utc_day(row.created_at_ms);
    auto& d = daily[{day, row.key_id, row.model, row.provider}];
    d.user_id = row.user_id;
    ++d.requests;
    d.usage.input_tokens += u.input_tokens;
    d.usage.cache_read_tokens += u.cache_read_tokens;
    d.usage.cache_write_tokens += u.cache_write_tokens;
    d.usage.output_tokens += u.output_tokens;
    d.cost_nanousd += row.cost_nanousd;
    auto& c = cache[{day, row.model, row.key_id, row.provider}];
    (u.cache_read_tokens > 0 ? c.hits : c.misses) += 1;
    c.cached_tokens += u.cache_read_tokens;
    c.saved_nanousd += row.saved_nanousd;
    c.dedup_hits += row.dedup_hit ? 1 : 0;
    for (const auto& charge : row.charges) {
      auto& quota_runs = runs[charge.quota_id];
      if (quota_runs.empty() || quota_runs.back().period_start_ms != charge.period_start_ms) {
        quota_runs.push_back({charge.quota_id, charge.period_start_ms, {}, 0, {}});
      }
      auto& run = quota_runs.back();
      run.total += charge.amount;
      run.updated_at_s = row.created_at_ms / 1000;
      run.charges.emplace_back(&row, charge.amount);
    }
  }
  for (const auto& [key, d] : daily) {
    const auto& [day, key_id, model, provider] = key;
    m_daily.reset();
    m_daily.bind_all(day, d.user_id, key_id, model, provider, d.usage.input_tokens,
                     d.usage.cache_read_tokens, d.usage.cache_write_tokens, d.usage.output_tokens,
                     d.cost_nanousd, d.requests);
    TKR_TRY(m_daily.run());
  }
  for (const auto& [key, c] : cache) {
    const auto& [day, model, key_id, provider] = key;
    m_cache.reset();
    m_cache.bind_all(day, model, key_id, provider, c.hits, c.misses, c.cached_tokens,
                     c.saved_nanousd, c.dedup_hits);
    TKR_TRY(m_cache.run());
  }
  for (const auto& [quota_id, quota_runs] : runs) {
    for (const auto& run : quota_runs) {
      TKR_TRY(charge_run(m_charge, m_audit, run));
    }
  }
  return {};
}

} // namespace tokenrouter::billing
