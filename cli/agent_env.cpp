#include "cli/agent_env.hpp"

namespace tokenrouter::cli {

namespace {

// Accepted by [auth] mode = "open" (no key is checked) and by SDKs that insist on one.
constexpr std::string_view k_open_mode_key = "tokenrouter-open";

} // namespace

Result<std::string> client_base_url(std::string_view listen)
{
  const auto colon = listen.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == listen.size()) {
    return fail(ErrorCode::config, "[server] listen '" + std::string(listen) + "' is not HOST:PORT");
  }
  std::string host(listen.substr(0, colon));
  const std::string_view port = listen.substr(colon + 1);
  if (host == "0.0.0.0" || host.empty()) {
    host = "127.0.0.1";
  } else if (host == "::" || host == "[::]") {
    host = "[::1]";
  } else if (host.find(':') != std::string::npos && host.front() != '[') {
    host = "[" + host + "]";
  }
  return "http://" + host + ":" + std::string(port);
}

Result<std::string> resolve_agent_key(const std::string& flag, const char* env_key, const config::Config& config)
{
  if (!flag.empty()) {
    return flag;
  }
  if (env_key != nullptr && *env_key != '\0') {
    return std::string(env_key);
  }
  if (config.auth.mode == "open") {
    return std::string(k_open_mode_key);
  }
  return fail(ErrorCode::invalid_request,
              "no virtual key: pass --key KEY or set $TOKENROUTER_KEY "
              "(create one with: tokenrouter keys create --name agent)");
}

EnvVars agent_env(const std::string& base_url, const std::string& key, bool replace_auth_token)
{
  EnvVars vars = {{"ANTHROPIC_BASE_URL", base_url},
                  {"OPENAI_BASE_URL", base_url + "/v1"},
                  {"ANTHROPIC_API_KEY", key},
                  {"OPENAI_API_KEY", key}};
  if (replace_auth_token) {
    vars.emplace_back("ANTHROPIC_AUTH_TOKEN", key);
  }
  return vars;
}

std::string shell_quote(std::string_view value)
{
  std::string out = "'";
  for (const char c : value) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

} // namespace tokenrouter::cli
