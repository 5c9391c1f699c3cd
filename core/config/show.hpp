#pragma once
// The config as users see it: `tokenrouter config show` and `tokenrouter config init`.

#include "core/config/config.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace tokenrouter::config {

// The effective config as one JSON object: {"source", "server": {…}, …, "providers": […],
// "models": […]}. Credentials appear as the names of their environment variables only;
// anything that could hold a secret (userinfo in a base_url, acquire_command arguments) is
// shown as "***".
nlohmann::json config_to_json(const Config& config);

// A commented TOML file documenting every key with its built-in default (all commented out)
// and an example provider and model; loading it gives exactly the defaults.
std::string default_config_text();

} // namespace tokenrouter::config
