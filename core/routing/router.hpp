#pragma once
// Model routing from the config: a client's model name → a provider and the upstream model name.

#include <string>
#include <string_view>
#include <vector>

#include "core/config/config.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::routing {

struct Route {
  const config::ProviderConfig* provider = nullptr;
  const config::ModelConfig* model = nullptr;
  std::string upstream_model; // the name sent upstream
};

class Router {
public:
  explicit Router(const config::Config& config);

  // Exact names win over globs; globs are tried in config order. Unknown → not_found naming
  // the available models.
  [[nodiscard]] Result<Route> resolve(std::string_view model) const;
  // Deployment `index` of a resolved model (0 = the first; the allocator picks later).
  [[nodiscard]] Result<Route> route_for(const config::ModelConfig& model,
                                        std::string_view requested,
                                        size_t index) const;
  // Model names for /v1/models, in config order.
  std::vector<std::string> model_names() const;
  const config::ProviderConfig* provider(std::string_view name) const;

private:
  const config::Config& m_config;
};

} // namespace tokenrouter::routing
