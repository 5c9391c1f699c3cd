#pragma once
// The daemon's /metrics: one registry with the gateway's families, the process, the usage
// ledger's queue, retention, dedup waits and quota fill per plan, refreshed at each scrape.

#include <memory>
#include <string>

#include "core/billing/ledger_writer.hpp"
#include "core/config/config.hpp"
#include "core/gateway/gateway.hpp"
#include "core/metrics/gateway_metrics.hpp"
#include "core/metrics/registry.hpp"
#include "core/store/database.hpp"

namespace tokenrouter::routing {
class RoutingState;
} // namespace tokenrouter::routing

namespace tokenrouter::daemon {

class DaemonMetrics {
public:
  explicit DaemonMetrics(const config::Config& config);

  // Handed to the gateway: every settled exchange is observed here.
  metrics::GatewayMetrics& gateway() { return m_gateway; }
  metrics::Registry& registry() { return m_registry; }

  // Adds the gauges read at scrape time. `db` is a reader connection owned from now on;
  // `gateway` and `ledger` must outlive this object's last render().
  void watch(const gateway::Gateway& gateway, const billing::LedgerWriter& ledger, store::Database db);

  // Capacity allocators and credential pools (core/routing), read from its snapshot at each
  // scrape; `routing` must outlive this object's last render().
  void watch_routing(const routing::RoutingState& routing);

  // The Prometheus text for GET /metrics.
  std::string render() const { return m_registry.render(); }

private:
  metrics::Registry m_registry;
  metrics::GatewayMetrics m_gateway;
  std::unique_ptr<store::Database> m_db;
};

} // namespace tokenrouter::daemon
