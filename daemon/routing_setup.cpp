#include "daemon/routing_setup.hpp"

#include <spdlog/spdlog.h>

#include "core/admin/ops.hpp"
#include "core/routing/routing_settings.hpp"

namespace tokenrouter::daemon {

namespace {

constexpr std::chrono::milliseconds k_flush_interval{100};

template <class T>
T or_fatal(Result<T> result, std::string_view what) {
  if (!result) {
    throw Fatal(std::string(what) + ": " + result.error().message);
  }
  return std::move(*result);
}

} // namespace

RoutingRuntime::RoutingRuntime(const config::Config& config, const std::string& db_path) {
  auto db = or_fatal(store::Database::open(db_path), "cannot open the database");
  const auto rows = or_fatal(routing::load_live_allocations(db, util::system_clock().now_ms()),
                             "cannot read the allocations");
  m_store = or_fatal(routing::AllocationStore::start(db_path, k_flush_interval),
                     "cannot start the allocation writer");
  m_state = std::make_unique<routing::RoutingState>(
      routing::RoutingDeps{config, util::system_clock(), m_store.get()});
  m_state->restore(rows);
  if (!rows.empty()) {
    spdlog::info("allocations: restored {} reservation(s) of requests in flight before the restart",
                 rows.size());
  }
  reload(db);
  admin::set_live_routing(m_state.get());
}

RoutingRuntime::~RoutingRuntime() {
  admin::set_live_routing(nullptr);
  m_store->stop();
}

void RoutingRuntime::reload(store::Database& db) {
  auto persisted = routing::load_strategy(db);
  if (!persisted) {
    spdlog::error("cannot read the routing strategy: {}", persisted.error().message);
    return;
  }
  if (*persisted && **persisted != m_state->strategy()) {
    spdlog::info("routing strategy: {} (set with `tokenrouter strategy set`)",
                 routing::to_string(**persisted));
    m_state->set_strategy(**persisted);
  }
}

} // namespace tokenrouter::daemon
