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

  store::Database* m_db = nullptr;
  store::Statement m_insert;
  store::Statement m_daily;
  store::Statement m_cache;
};

} // namespace tokenrouter::billing
