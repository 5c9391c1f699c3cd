#include "core/billing/quota_store.hpp"

namespace tokenrouter::billing {

namespace {

constexpr std::string_view k_columns =
    "id, scope, subject_id, kind, period, limit_tokens, limit_requests, limit_nanousd, used_tokens, "
    "used_requests, used_nanousd, cache_read_weight_ppm, period_start, revision, origin";

QuotaRow read_row(const store::Statement& st)
{
  QuotaRow r;
  r.id = st.column_int64(0);
  r.scope = st.column_text(1);
  r.subject_id = st.column_text(2);
  r.kind = st.column_text(3);
  r.period = parse_period(st.column_text(4)).value_or(QuotaPeriod::total);
  r.limits = {st.column_optional_int64(5), st.column_optional_int64(6), st.column_optional_int64(7)};
  r.used = {st.column_int64(8), st.column_int64(9), st.column_int64(10)};
  r.cache_read_weight_ppm = st.column_int64(11);
  r.period_start_ms = st.column_int64(12) * 1000; // stored in unix seconds
  r.revision = st.column_int64(13);
  r.origin = st.column_text(14);
  return r;
}

Result<std::vector<QuotaRow>> read_all(store::Statement& st)
{
  std::vector<QuotaRow> out;
  while (true) {
    TKR_TRY_ASSIGN(bool more, st.step());
    if (!more) {
      return out;
    }
    out.push_back(read_row(st));
  }
}

Status audit(store::Database& db, const QuotaRow& q, std::string_view action, const Amount& delta,
             const std::string& actor, int64_t now_ms)
{
  TKR_TRY_ASSIGN(auto st, db.prepare(
      "INSERT INTO quota_ledger (quota_id, action, delta_tokens, delta_requests, delta_nanousd, "
      "balance_after_tokens, balance_after_requests, balance_after_nanousd, actor, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
  st.bind_all(q.id, action, delta.tokens, delta.requests, delta.nanousd, q.used.tokens,
              q.used.requests, q.used.nanousd, actor, now_ms);
  return st.run();
}

} // namespace

Result<std::vector<QuotaRow>> load_quotas(store::Database& db)
{
  TKR_TRY_ASSIGN(auto st, db.prepare("SELECT " + std::string(k_columns) + " FROM quotas ORDER BY id"));
  return read_all(st);
}

Result<QuotaRow> get_quota(store::Database& db, int64_t id)
{
  TKR_TRY_ASSIGN(auto st, db.prepare("SELECT " + std::string(k_columns) + " FROM quotas WHERE id = ?1"));
  st.bind(1, id);
  TKR_TRY_ASSIGN(bool found, st.step());
  if (!found) {
    return fail(ErrorCode::not_found, "no quota " + std::to_string(id));
  }
  return read_row(st);
}

Result<std::vector<QuotaRow>> quotas_of(store::Database& db, const std::string& scope,
                                        const std::string& subject_id)
{
  TKR_TRY_ASSIGN(auto st, db.prepare("SELECT " + std::string(k_columns)
                                     + " FROM quotas WHERE subject_id = ?1 AND (?2 = '' OR scope = ?2)"
                                       " ORDER BY id"));
  st.bind_all(subject_id, scope);
  return read_all(st);
}

Status clear_reservations(store::Database& db)
{
  return db.exec("UPDATE quotas SET reserved_tokens = 0, reserved_requests = 0, reserved_nanousd = 0 "
                 "WHERE reserved_tokens + reserved_requests + reserved_nanousd > 0");
}

Result<QuotaRow> set_quota(store::Database& db, const QuotaSpec& spec, const std::string& actor,
                           int64_t now_ms)
{
  if (spec.scope != "key" && spec.scope != "user") {
    return fail(ErrorCode::invalid_request, "scope: expected key or user");
  }
  TKR_TRY_ASSIGN(auto tx, store::Transaction::begin(db));
  TKR_TRY_ASSIGN(auto st, db.prepare(
      "INSERT INTO quotas (scope, subject_id, kind, period, limit_tokens, limit_requests, "
      "limit_nanousd, cache_read_weight_ppm, period_start, updated_at, origin) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, 100000), ?9, ?10, ?11) "
      "ON CONFLICT (scope, subject_id, period) DO UPDATE SET kind = excluded.kind, "
      "limit_tokens = excluded.limit_tokens, limit_requests = excluded.limit_requests, "
      "limit_nanousd = excluded.limit_nanousd, "
      "cache_read_weight_ppm = coalesce(?8, cache_read_weight_ppm), origin = excluded.origin, "
      "updated_at = excluded.updated_at, revision = revision + 1 RETURNING id"));
  st.bind_all(spec.scope, spec.subject_id, kind_of(spec.limits), to_string(spec.period),
              spec.limits.tokens, spec.limits.requests, spec.limits.nanousd,
              spec.cache_read_weight_ppm, period_start(spec.period, now_ms) / 1000, now_ms / 1000,
              spec.origin);
  TKR_TRY(st.step());
  const int64_t id = st.column_int64(0);
  st = {};
  TKR_TRY_ASSIGN(auto row, get_quota(db, id));
  TKR_TRY(audit(db, row, "set", {}, actor, now_ms));
  TKR_TRY(tx.commit());
  return row;
}

Result<QuotaRow> reset_quota(store::Database& db, int64_t id, const std::string& actor, int64_t now_ms)
{
  TKR_TRY_ASSIGN(auto tx, store::Transaction::begin(db));
  TKR_TRY_ASSIGN(auto before, get_quota(db, id));
  TKR_TRY_ASSIGN(auto st, db.prepare(
      "UPDATE quotas SET used_tokens = 0, used_requests = 0, used_nanousd = 0, period_start = ?2, "
      "revision = revision + 1, updated_at = ?3 WHERE id = ?1"));
  st.bind_all(id, period_start(before.period, now_ms) / 1000, now_ms / 1000);
  TKR_TRY(st.run());
  TKR_TRY_ASSIGN(auto row, get_quota(db, id));
  Amount delta;
  delta -= before.used;
  TKR_TRY(audit(db, row, "reset", delta, actor, now_ms));
  TKR_TRY(tx.commit());
  return row;
}

Status delete_quota(store::Database& db, int64_t id)
{
  TKR_TRY_ASSIGN(auto st, db.prepare("DELETE FROM quotas WHERE id = ?1"));
  st.bind(1, id);
  TKR_TRY(st.run());
  if (db.changes() == 0) {
    return fail(ErrorCode::not_found, "no quota " + std::to_string(id));
  }
  return {};
}

Result<std::vector<QuotaLogEntry>> quota_logs(store::Database& db, int64_t id, int64_t since_ms,
                                              int64_t limit)
{
  TKR_TRY_ASSIGN(auto st, db.prepare(
      "SELECT id, quota_id, coalesce(request_id, ''), action, delta_tokens, delta_requests, "
      "delta_nanousd, balance_after_tokens, balance_after_requests, balance_after_nanousd, actor, "
      "created_at FROM quota_ledger WHERE quota_id = ?1 AND created_at >= ?2 "
      "ORDER BY created_at DESC, id DESC LIMIT ?3"));
  st.bind_all(id, since_ms, limit);
  std::vector<QuotaLogEntry> out;
  while (true) {
    TKR_TRY_ASSIGN(bool more, st.step());
    if (!more) {
      return out;
    }
    out.push_back({st.column_int64(0), st.column_int64(1), st.column_text(2), st.column_text(3),
                   {st.column_int64(4), st.column_int64(5), st.column_int64(6)},
                   {st.column_int64(7), st.column_int64(8), st.column_int64(9)}, st.column_text(10),
                   st.column_int64(11)});
  }
}

} // namespace tokenrouter::billing
