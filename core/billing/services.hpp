#pragma once
// Billing's long-lived parts in a daemon, started together: the quota book, idempotent answers
// and the retention cleanup. run_daemon builds one and hands its parts to the gateway.

#include <memory>
#include <string>

#include "core/billing/idempotency.hpp"
#include "core/billing/quota_book.hpp"
#include "core/billing/retention.hpp"
#include "core/config/config.hpp"
#include "core/util/clock.hpp"

namespace tokenrouter::billing {

class BillingServices {
public:
  // Clears reservations left by a previous process, loads the quotas and starts the retention
  // thread (when enabled).
  [[nodiscard]] static Result<std::unique_ptr<BillingServices>> start(const std::string& db_path,
                                                                      const config::Config& config,
                                                                      const util::Clock& clock);

  // Re-reads what the CLI may have changed (quotas); called by the daemon's store watch.
  void reload(store::Database& db);

  QuotaBook& quotas() { return m_quotas; }
  Idempotency& idempotency() { return *m_idempotency; }

private:
  BillingServices() = default;

  QuotaBook m_quotas;
  std::unique_ptr<Idempotency> m_idempotency;
  std::unique_ptr<Retention> m_retention;
};

} // namespace tokenrouter::billing
