#pragma once
// The prepared statements of the ledger writer, and how one batch is written with them.

#include <deque>

#include "core/billing/usage_record.hpp"
#include "core/store/database.hpp"

namespace tokenrouter::billing {

class LedgerStatements {
public:
  [[nodiscard]] static Result<LedgerStatements> prepare(store::Database& db);

  // Writes one batch inside the caller's transaction: every request row (a request id or
  // idempotency key already present is made unique rather than failing the batch: a usage row
  // is never dropped), then the batch's aggregates — daily_usage and cache_stats once per
  // (day, key, model, provider), a quota once per run of charges to the same period — and one
  // quota_ledger row per charge with the balance after it, as if charged one by one.
  [[nodiscard]] Status write(std::deque<UsageRecord>& batch);

private:
  LedgerStatements() = default;
  [[nodiscard]] Status insert_row(UsageRecord& row);
  [[nodiscard]] Status insert_request(const UsageRecord& row);
  [[nodiscard]] Status keep_response(const UsageRecord& row, const std::string& key);

  store::Database* m_db = nullptr;
  store::Statement m_insert;
  store::Statement m_daily;
  store::Statement m_cache;
  store::Statement m_charge; // quotas.used_* += a charge
  store::Statement m_audit;  // its quota_ledger 'consume' row
  store::Statement m_keep;   // the answer an idempotent repeat gets
};

} // namespace tokenrouter::billing
