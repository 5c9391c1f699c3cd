#pragma once
// [[providers]]: upstream endpoints and their credentials.

#include "core/config/config.hpp"
#include "core/config/node.hpp"
#include "core/util/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tokenrouter::config {

// Parses the `providers` array of tables. Errors name file, line and key: unknown keys,
// a missing name or kind, an unknown kind, a base_url not http(s)://, duplicate names.
[[nodiscard]] Result<std::vector<ProviderConfig>> parse_providers(const Node& array,
                                                                  const std::string& source);

// The public endpoint of a provider kind; "" for openai-compatible (base_url is required).
std::string_view default_base_url(model::ProviderKind kind);

} // namespace tokenrouter::config
