#include "core/billing/services.hpp"

#include <spdlog/spdlog.h>

#include "core/billing/quota_store.hpp"

namespace tokenrouter::billing {

Result<std::unique_ptr<BillingServices>> BillingServices::start(const std::string& db_path,
                                                                const config::Config& config,
                                                                const util::Clock& clock)
{
  auto services = std::unique_ptr<BillingServices>(new BillingServices());
  TKR_TRY_ASSIGN(auto db, store::Database::open(db_path));
  TKR_TRY(clear_reservations(db));
  TKR_TRY(services->m_quotas.load_from(db));
  services->m_idempotency = std::make_unique<Idempotency>(std::move(db), clock);
  TKR_TRY_ASSIGN(auto retention_db, store::Database::open(db_path));
  services->m_retention = std::make_unique<Retention>(std::move(retention_db), config.retention, clock);
  return services;
}

void BillingServices::reload(store::Database& db)
{
  if (auto loaded = m_quotas.load_from(db); !loaded) {
    spdlog::error("cannot reload quotas: {}", loaded.error().message);
  }
}

} // namespace tokenrouter::billing
