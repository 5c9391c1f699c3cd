#include "core/routing/routing_state.hpp"

#include <cstdlib>

namespace tokenrouter::routing {

namespace {

AllocatorOptions allocator_options(const config::Config& config) {
  const auto& r = config.routing;
  AllocatorOptions o;
  o.strategy = strategy_from_string(r.strategy).value_or(Strategy::best);
  o.large_request_tokens = r.large_request_tokens;
  // No request is still in flight upstream after the total timeout (plus a minute of slack).
  o.expiry_ms = (int64_t{config.upstream.total_s} + 60) * 1000;
  o.cooldown_failures = r.deployment_cooldown_failures;
  o.cooldown_ms = int64_t{r.deployment_cooldown_s} * 1000;
  return o;
}

PoolOptions pool_options(const config::RoutingConfig& r) {
  PoolOptions o;
  o.cooldown_base_ms = int64_t{r.credential_cooldown_base_s} * 1000;
  o.cooldown_cap_ms = int64_t{r.credential_cooldown_cap_s} * 1000;
  o.health_window = r.health_window;
  o.min_samples = std::min(5, r.health_window);
  o.error_percent = r.health_error_percent;
  o.latency_ms = r.health_latency_ms;
  o.probe_ms = int64_t{r.health_probe_s} * 1000;
  return o;
}

AcquireOptions acquire_options(const config::RoutingConfig& r) {
  AcquireOptions o;
  o.per_hour = r.acquire_per_hour;
  o.per_day = r.acquire_per_day;
  o.min_interval_ms = int64_t{r.acquire_min_interval_s} * 1000;
  o.backoff_base_ms = int64_t{r.acquire_backoff_base_s} * 1000;
  o.backoff_cap_ms = int64_t{r.acquire_backoff_cap_s} * 1000;
  o.ttl_ms = int64_t{r.acquire_ttl_s} * 1000;
  o.timeout_ms = int64_t{r.acquire_timeout_s} * 1000;
  return o;
}

std::vector<CredentialSpec> credentials_from_env(const config::ProviderConfig& provider) {
  std::vector<CredentialSpec> out;
  for (const auto& credential : provider.credentials) {
    const char* value = std::getenv(credential.env.c_str());
    out.push_back(
        {credential.env, value == nullptr ? "" : value, credential.priority == "primary"});
  }
  return out;
}

} // namespace

std::string deployment_id(const config::ModelConfig& model, size_t index) {
  return model.name + "#" + std::to_string(index) + "@" + model.deployments[index].provider;
}

RoutingState::RoutingState(RoutingDeps deps)
    : m_config(deps.config)
    , m_clock(deps.clock)
    , m_strategy(allocator_options(deps.config).strategy) {
  const AllocatorOptions options = allocator_options(m_config);
  for (const auto& model : m_config.models) {
    std::vector<DeploymentCapacity> capacities;
    for (size_t i = 0; i < model.deployments.size(); ++i) {
      const auto& d = model.deployments[i];
      capacities.push_back(
          {deployment_id(model, i), d.weight, d.capacity_tpm, d.capacity_concurrent_tokens});
    }
    m_allocators.emplace(&model,
                         std::make_unique<Allocator>(
                             model.name, std::move(capacities), m_clock, options, deps.journal));
    m_model_order.push_back(&model);
  }
  for (const auto& provider : m_config.providers) {
    if (provider.passthrough) {
      continue;
    }
    m_pools.emplace(provider.name,
                    std::make_unique<CredentialPool>(provider.name,
                                                     credentials_from_env(provider),
                                                     m_clock,
                                                     pool_options(m_config.routing)));
    if (!provider.acquire_command.empty()) {
      m_guards.emplace(provider.name,
                       std::make_unique<AcquisitionGuard>(provider.name,
                                                          provider.acquire_command,
                                                          m_clock,
                                                          acquire_options(m_config.routing),
                                                          deps.runner));
    }
  }
}

Allocator* RoutingState::allocator(const config::ModelConfig& model) {
  const auto it = m_allocators.find(&model);
  return it == m_allocators.end() ? nullptr : it->second.get();
}

CredentialPool* RoutingState::pool(std::string_view provider) {
  const auto it = m_pools.find(std::string(provider));
  return it == m_pools.end() ? nullptr : it->second.get();
}

AcquisitionGuard* RoutingState::guard(std::string_view provider) {
  const auto it = m_guards.find(std::string(provider));
  return it == m_guards.end() ? nullptr : it->second.get();
}

void RoutingState::set_strategy(Strategy strategy) {
  m_strategy.store(strategy);
  for (auto& [model, allocator] : m_allocators) {
    allocator->set_strategy(strategy);
  }
}

void RoutingState::restore(const std::vector<StoredAllocation>& rows) {
  for (const auto& row : rows) {
    for (auto& [model, allocator] : m_allocators) {
      allocator->restore(row.request_id, row.deployment, row.tokens, row.created_ms);
    }
  }
}

RoutingSnapshot RoutingState::snapshot() const {
  RoutingSnapshot out;
  out.strategy = m_strategy.load();
  for (const auto* model : m_model_order) {
    out.models.push_back(m_allocators.at(model)->state());
  }
  for (const auto& provider : m_config.providers) {
    const auto pool = m_pools.find(provider.name);
    if (pool == m_pools.end()) {
      continue;
    }
    RoutingSnapshot::Provider p{provider.name, pool->second->state(), std::nullopt};
    if (const auto guard = m_guards.find(provider.name); guard != m_guards.end()) {
      p.acquisition = guard->second->state();
    }
    out.providers.push_back(std::move(p));
  }
  return out;
}

} // namespace tokenrouter::routing
