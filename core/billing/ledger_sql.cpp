#include "core/billing/ledger_sql.hpp"

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
VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?8, ?9, ?10)
ON CONFLICT (day, key_id, model, provider) DO UPDATE SET
  requests = requests + 1,
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

} // namespace

Result<LedgerStatements> LedgerStatements::prepare(store::Database& db)
{
  LedgerStatements out;
  out.m_db = &db;
  TKR_TRY_ASSIGN(out.m_insert, db.prepare(k_insert_request));
  TKR_TRY_ASSIGN(out.m_daily, db.prepare(k_upsert_daily));
  TKR_TRY_ASSIGN(out.m_cache, db.prepare(k_upsert_cache));
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

Status LedgerStatements::insert(UsageRecord& row)
{
  if (auto inserted = insert_request(row); !inserted) {
    // A duplicate client-supplied request id or idempotency key: keep the row, disambiguated.
    row.request_id += "#" + util::random_hex(4);
    row.idempotency_key.clear();
    TKR_TRY(insert_request(row));
  }
  const auto& u = row.usage;
  const std::string day = utc_day(row.created_at_ms);
  m_daily.reset();
  m_daily.bind_all(day, row.user_id, row.key_id, row.model, row.provider, u.input_tokens,
                   u.cache_read_tokens, u.cache_write_tokens, u.output_tokens, row.cost_nanousd);
  TKR_TRY(m_daily.run());
  const bool hit = u.cache_read_tokens > 0;
  m_cache.reset();
  m_cache.bind_all(day, row.model, row.key_id, row.provider, int64_t{hit}, int64_t{!hit},
                   u.cache_read_tokens, row.saved_nanousd, int64_t{row.dedup_hit});
  return m_cache.run();
}

} // namespace tokenrouter::billing
