#pragma once
// The live routing state of a daemon, built once from the config: a capacity allocator per
// [[models]] entry, a credential pool per provider, an acquisition guard per provider with an
// acquire_command. The gateway's retry loop uses it; the admin ops and metrics read snapshots.

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/config/config.hpp"
#include "core/routing/acquisition.hpp"
#include "core/routing/allocation_store.hpp"
#include "core/routing/allocator.hpp"
#include "core/routing/credentials.hpp"
#include "core/util/clock.hpp"

namespace tokenrouter::routing {

// "gpt-4o#0@openai-a": the model entry, the deployment's position, its provider.
std::string deployment_id(const config::ModelConfig& model, size_t index);

struct RoutingSnapshot {
  Strategy strategy = Strategy::best;
  std::vector<AllocatorState> models;

  struct Provider {
    std::string name;
    std::vector<CredentialState> credentials;
    std::optional<AcquisitionState> acquisition; // nullopt: no acquire_command
  };

  std::vector<Provider> providers;
};

struct RoutingDeps {
  const config::Config& config;
  const util::Clock& clock = util::system_clock();
  AllocationJournal* journal = nullptr; // persists reservations; nullptr = memory only
  CommandRunner runner = {};            // runs acquire_command; {} = util::run_command
};

class RoutingState {
public:
  // Credentials are read from the environment now (the daemon's environment is fixed).
  explicit RoutingState(RoutingDeps deps);

  // nullptr for a model entry that is not in the config.
  Allocator* allocator(const config::ModelConfig& model);
  // nullptr for passthrough providers (the client's credential is used).
  CredentialPool* pool(std::string_view provider);
  // nullptr without acquire_command.
  AcquisitionGuard* guard(std::string_view provider);

  void set_strategy(Strategy strategy);

  Strategy strategy() const { return m_strategy; }

  // Reservations read back from the allocations table at start.
  void restore(const std::vector<StoredAllocation>& rows);

  const config::Config& config() const { return m_config; }

  const util::Clock& clock() const { return m_clock; }

  RoutingSnapshot snapshot() const;

private:
  const config::Config& m_config;
  const util::Clock& m_clock;
  std::atomic<Strategy> m_strategy;
  std::unordered_map<const config::ModelConfig*, std::unique_ptr<Allocator>> m_allocators;
  std::vector<const config::ModelConfig*> m_model_order;
  std::unordered_map<std::string, std::unique_ptr<CredentialPool>> m_pools;
  std::unordered_map<std::string, std::unique_ptr<AcquisitionGuard>> m_guards;
};

} // namespace tokenrouter::routing
