#pragma once
// The daemon's routing state: allocators restored from the `allocations` table (rows older than
// the upstream total timeout are dropped: their requests cannot still be in flight), the
// reservation writer, the strategy persisted by `tokenrouter strategy set`, and the hook that
// lets the admin ops (`upstreams stats`, `strategy`) see all of it live.

#include <memory>
#include <string>

#include "core/config/config.hpp"
#include "core/routing/allocation_store.hpp"
#include "core/routing/routing_state.hpp"

namespace tokenrouter::daemon {

class RoutingRuntime {
public:
  // Throws Fatal when the database cannot be read.
  RoutingRuntime(const config::Config& config, const std::string& db_path);
  ~RoutingRuntime();
  RoutingRuntime(const RoutingRuntime&) = delete;
  RoutingRuntime& operator=(const RoutingRuntime&) = delete;

  routing::RoutingState& state() { return *m_state; }

  // Applies the strategy persisted in `db` (run by the store watch after other writers commit).
  void reload(store::Database& db);

private:
  std::unique_ptr<routing::AllocationStore> m_store;
  std::unique_ptr<routing::RoutingState> m_state;
};

} // namespace tokenrouter::daemon
