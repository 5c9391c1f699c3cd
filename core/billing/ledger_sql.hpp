#pragma once
// The prepared statements of one ledger batch: the request row and its two aggregates.

#include "core/billing/usage_record.hpp"
#include "core/store/database.hpp"

namespace tokenrouter::billing {

class LedgerStatements {
public:
  [[nodiscard]] static Result<LedgerStatements> prepare(store::Database& db);

  // Inserts `row` (a request id or idempotency key already present is made unique rather than
  // failing the batch: a usage row is never dropped) and adds it to the aggregates.
  [[nodiscard]] Status insert(UsageRecord& row);

private:
  LedgerStatements() = default;
  [[nodiscard]] Status insert_request(const UsageRecord& row);
  [[nodiscard]] Status charge_quotas(const UsageRecord& row);
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
