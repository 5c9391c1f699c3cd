// Environment: config priority defaults < file < TOKENROUTER_* variables < command-line flags
// (the flags are applied by daemon/ and cli/).

#include "core/config/env.hpp"

#include "core/config/keys.hpp"
#include "core/config/node.hpp"
#include "core/config/providers.hpp"

#include <array>
#include <charconv>
#include <cstdlib>
#include <string_view>

namespace tokenrouter::config {

namespace {

Result<Node> node_from_text(ValueKind kind, const std::string& text)
{
  Node node;
  node.type = Node::Type::string;
  node.string = text;
  if (kind == ValueKind::integer) {
    int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
      return fail(ErrorCode::config, "expected an integer, got \"" + text + "\"");
    }
    node.type = Node::Type::integer;
    node.integer = value;
  } else if (kind == ValueKind::boolean) {
    if (text != "true" && text != "false" && text != "1" && text != "0") {
      return fail(ErrorCode::config, "expected true or false, got \"" + text + "\"");
    }
    node.type = Node::Type::boolean;
    node.boolean = text == "true" || text == "1";
  }
  return node;
}

struct EnvProvider {
  std::string_view variable;
  std::string_view name;
  model::ProviderKind kind;
  std::array<std::string_view, 5> globs; // "" = unused
};

constexpr std::array<EnvProvider, 3> k_env_providers = {{
    {"OPENAI_API_KEY",
     "openai",
     model::ProviderKind::openai,
     {"gpt-*", "o1*", "o3*", "o4*", "chatgpt-*"}},
    {"ANTHROPIC_API_KEY", "anthropic", model::ProviderKind::anthropic, {"claude-*"}},
    {"DEEPSEEK_API_KEY", "deepseek", model::ProviderKind::deepseek, {"deepseek-*"}},
}};

} // namespace

EnvLookup process_env()
{
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str()); // NOLINT(concurrency-mt-unsafe): read-only use
    if (value == nullptr) {
      return std::nullopt;
    }
    return std::string(value);
  };
}

Status apply_env_overrides(Config& config, const EnvLookup& env)
{
  for (const KeyInfo& info : key_table()) {
    if (info.env.empty()) {
      continue;
    }
    const std::string variable(info.env);
    const std::optional<std::string> value = env(variable);
    if (!value || value->empty()) {
      continue;
    }
    TKR_TRY(apply_override(config, info.section, info.key, *value, "$" + variable));
  }
  return {};
}

Status apply_override(Config& config,
                      std::string_view section,
                      std::string_view key,
                      const std::string& value,
                      std::string_view origin)
{
  const KeyInfo* info = find_key(section, key);
  if (info == nullptr) {
    return fail(ErrorCode::internal,
                "no config key [" + std::string(section) + "]." + std::string(key));
  }
  auto node = node_from_text(info->kind, value);
  auto status = node ? info->set(config, *node) : Status(tl::unexpected(node.error()));
  if (!status) {
    return fail(ErrorCode::config, std::string(origin) + ": " + status.error().message);
  }
  return {};
}

std::vector<std::string> add_env_providers(Config& config, const EnvLookup& env)
{
  std::vector<std::string> added;
  if (!config.providers.empty()) {
    return added;
  }
  for (const EnvProvider& source : k_env_providers) {
    const auto key = env(std::string(source.variable));
    if (!key || key->empty()) {
      continue;
    }
    ProviderConfig provider;
    provider.name = source.name;
    provider.kind = source.kind;
    provider.base_url = default_base_url(source.kind);
    provider.credentials.push_back(CredentialConfig{.env = std::string(source.variable)});
    config.providers.push_back(std::move(provider));
    for (std::string_view glob : source.globs) {
      if (!glob.empty()) {
        ModelConfig route;
        route.name = glob;
        DeploymentConfig deployment;
        deployment.provider = source.name;
        route.deployments.push_back(std::move(deployment));
        config.models.push_back(std::move(route));
      }
    }
    added.emplace_back(source.name);
  }
  return added;
}

} // namespace tokenrouter::config
