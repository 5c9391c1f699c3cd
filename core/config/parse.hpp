#pragma once
// The parsed document → Config, without knowing TOML syntax (loader.cpp does that part).

#include "core/config/config.hpp"
#include "core/config/node.hpp"
#include "core/util/result.hpp"

#include <string>

namespace tokenrouter::config {

// Builds a Config from the root table: defaults, overridden by every key present. Any unknown
// key or table, wrong type or bad value is an ErrorCode::config error "SOURCE:LINE: KEY: …".
[[nodiscard]] Result<Config> config_from_node(const Node& root, const std::string& source);

} // namespace tokenrouter::config
