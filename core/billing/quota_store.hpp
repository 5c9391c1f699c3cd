#pragma once
// Quotas in the store: loading them, and the admin changes (set, reset) with their audit rows.
// Charges of requests are written by the ledger writer instead (ledger_sql.cpp).

#include <optional>
#include <string>
#include <vector>

#include "core/billing/quota.hpp"
#include "core/store/database.hpp"

namespace tokenrouter::billing {

[[nodiscard]] Result<std::vector<QuotaRow>> load_quotas(store::Database& db);
[[nodiscard]] Result<QuotaRow> get_quota(store::Database& db, int64_t id);
// The quotas of `subject_id` (a key id or a user id; `scope` "" = either).
[[nodiscard]] Result<std::vector<QuotaRow>> quotas_of(store::Database& db, const std::string& scope,
                                                      const std::string& subject_id);

// Reservations belong to requests in flight; at startup none is, so any left are cleared.
[[nodiscard]] Status clear_reservations(store::Database& db);

struct QuotaSpec {
  std::string scope = "key";
  std::string subject_id;
  QuotaPeriod period = QuotaPeriod::month;
  QuotaLimits limits;                         // the new limits (unset = unlimited)
  std::optional<int64_t> cache_read_weight_ppm;
  std::string origin = "admin"; // "plan": kept in step with the user's plan (plan_quotas.hpp)
};

// Creates the quota of (scope, subject, period) or changes its limits; audited as 'set'.
[[nodiscard]] Result<QuotaRow> set_quota(store::Database& db, const QuotaSpec& spec,
                                         const std::string& actor, int64_t now_ms);
// Sets used_* to 0; audited as 'reset'.
[[nodiscard]] Result<QuotaRow> reset_quota(store::Database& db, int64_t id, const std::string& actor,
                                           int64_t now_ms);
// Removes a quota (and its audit rows).
[[nodiscard]] Status delete_quota(store::Database& db, int64_t id);

struct QuotaLogEntry {
  int64_t id = 0;
  int64_t quota_id = 0;
  std::string request_id;
  std::string action;
  Amount delta;
  Amount balance_after;
  std::string actor;
  int64_t created_at_ms = 0;
};

// Audit rows of quota `id` since `since_ms`, newest first, at most `limit`.
[[nodiscard]] Result<std::vector<QuotaLogEntry>> quota_logs(store::Database& db, int64_t id,
                                                            int64_t since_ms, int64_t limit);

} // namespace tokenrouter::billing
