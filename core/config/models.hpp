#pragma once
// [[models]]: what clients may ask for and where each name is served.

#include "core/config/config.hpp"
#include "core/config/node.hpp"
#include "core/util/result.hpp"

#include <string>
#include <vector>

namespace tokenrouter::config {

// Parses the `models` array of tables against the already parsed `providers`. A model with
// `provider` is one deployment; with [[models.deployments]] several; with neither, an error.
// Also errors: unknown keys, a provider that does not exist, duplicate names, a fallback that
// no [[models]] entry serves.
[[nodiscard]] Result<std::vector<ModelConfig>> parse_models(
    const Node& array, const std::string& source, const std::vector<ProviderConfig>& providers);

} // namespace tokenrouter::config
