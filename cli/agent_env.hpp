#pragma once
// The environment an agent needs to talk to tokenrouterd: base URLs for the Anthropic and
// OpenAI SDKs (and the CLIs built on them) and the virtual key in their key variables.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/config/config.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::cli {

using EnvVars = std::vector<std::pair<std::string, std::string>>;

// "http://HOST:PORT" for clients of a daemon listening on `listen` ("HOST:PORT"); a wildcard
// host (0.0.0.0, ::) is reached on loopback.
[[nodiscard]] Result<std::string> client_base_url(std::string_view listen);

// The key for `exec`/`env`: `flag` if given, else `env_key` ($TOKENROUTER_KEY); with
// [auth] mode = "open" any placeholder will do; otherwise an error saying how to make one.
[[nodiscard]] Result<std::string> resolve_agent_key(const std::string& flag,
                                                    const char* env_key,
                                                    const config::Config& config);

// ANTHROPIC_BASE_URL, OPENAI_BASE_URL (with /v1), ANTHROPIC_API_KEY, OPENAI_API_KEY; and
// ANTHROPIC_AUTH_TOKEN when `replace_auth_token` (the caller's environment has one: Claude
// Code would send it as a bearer token, which the gateway reads before x-api-key).
EnvVars agent_env(const std::string& base_url, const std::string& key, bool replace_auth_token);

// `value` in single quotes for a POSIX shell.
std::string shell_quote(std::string_view value);

} // namespace tokenrouter::cli
