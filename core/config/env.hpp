#pragma once
// The environment's part of the config: TOKENROUTER_* overrides and providers enabled by the
// well-known API key variables. The environment is injected so tests need not touch it.

#include "core/config/config.hpp"
#include "core/util/result.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tokenrouter::config {

// The value of an environment variable, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// Looks variables up in the process environment (getenv).
EnvLookup process_env();

// Applies the overrides of the key table (TOKENROUTER_LISTEN, TOKENROUTER_DB,
// TOKENROUTER_LOG_LEVEL, TOKENROUTER_RETENTION_DAYS), validated like the file's keys; an empty
// variable counts as unset. Error: "$TOKENROUTER_LISTEN: expected HOST:PORT, got \"x\"".
[[nodiscard]] Status apply_env_overrides(Config& config, const EnvLookup& env);

// Sets `[section].key` from text (a flag such as --listen), validated like the file's key;
// errors read "ORIGIN: detail", e.g. "--listen: expected HOST:PORT, got \"x\"".
[[nodiscard]] Status apply_override(Config& config,
                                    std::string_view section,
                                    std::string_view key,
                                    const std::string& value,
                                    std::string_view origin);

// When `config` has no [[providers]], enables one provider per well-known key that is set:
// OPENAI_API_KEY (openai: gpt-*, o1*, o3*, o4*, chatgpt-*), ANTHROPIC_API_KEY (anthropic:
// claude-*), DEEPSEEK_API_KEY (deepseek: deepseek-*), each with glob model routes. Returns
// the names of the providers added (none when the config has providers of its own).
std::vector<std::string> add_env_providers(Config& config, const EnvLookup& env);

} // namespace tokenrouter::config
