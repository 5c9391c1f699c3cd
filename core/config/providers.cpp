// [[providers]]: each table → ProviderConfig, then checks across fields and across providers.

#include "core/config/providers.hpp"

#include "core/config/fields.hpp"

#include <array>

namespace tokenrouter::config {

namespace {

Status set_env_name(std::string& out, const Node& node)
{
  TKR_TRY_ASSIGN(std::string name, as_string(node));
  if (!is_env_name(name)) {
    return fail(ErrorCode::config, "expected an environment variable name, got \"" + name + "\"");
  }
  out = std::move(name);
  return {};
}

const std::array<FieldRule<CredentialConfig>, 2> k_credential_rules = {{
    {"env", [](CredentialConfig& c, const Node& n) { return set_env_name(c.env, n); }},
    {"priority",
     [](CredentialConfig& c, const Node& n) {
       return set_enum(c.priority, n, {"primary", "pool"});
     }},
}};

Status set_kind(ProviderConfig& p, const Node& node)
{
  TKR_TRY_ASSIGN(const std::string text, as_string(node));
  const auto kind = model::provider_kind_from_string(text);
  if (!kind) {
    return fail(ErrorCode::config,
                "unknown provider kind \"" + text
                    + "\" (expected openai, anthropic, deepseek or openai-compatible)");
  }
  p.kind = *kind;
  return {};
}

Status set_base_url(ProviderConfig& p, const Node& node)
{
  TKR_TRY_ASSIGN(std::string url, as_string(node));
  if (!is_http_url(url)) {
    return fail(ErrorCode::config, "expected an http:// or https:// URL, got \"" + url + "\"");
  }
  while (url.size() > 1 && url.back() == '/') {
    url.pop_back(); // "https://host/v1/" and "https://host/v1" mean the same
  }
  p.base_url = std::move(url);
  return {};
}

// api_key_env: one name (a primary credential) or a list of names (equal peers).
Status set_api_key_env(ProviderConfig& p, const Node& node)
{
  std::vector<Node> names = node.type == Node::Type::array ? node.items : std::vector<Node>{node};
  if (node.type == Node::Type::array && names.empty()) {
    return fail(ErrorCode::config,
                "expected a name or a non-empty list of names, got an empty array");
  }
  for (const Node& name : names) {
    if (name.type != Node::Type::string) {
      return fail(ErrorCode::config, "expected a name or a list of names, got " + describe(name));
    }
    CredentialConfig credential;
    TKR_TRY(set_env_name(credential.env, name));
    p.credentials.push_back(std::move(credential));
  }
  return {};
}

Status set_credentials(ProviderConfig& p, const Node& node, const std::string& source)
{
  if (node.type != Node::Type::array) {
    return config_error(source,
                        node.line,
                        "[[providers.credentials]]: expected an array of tables, got "
                            + describe(node));
  }
  for (const Node& item : node.items) {
    TKR_TRY(expect_table(item, "[[providers.credentials]]", source));
    CredentialConfig credential;
    TKR_TRY(apply_fields<CredentialConfig>(
        credential, item, k_credential_rules, "[[providers.credentials]]", source));
    if (credential.env.empty()) {
      return config_error(source, item.line, "[[providers.credentials]]: missing key env");
    }
    p.credentials.push_back(std::move(credential));
  }
  return {};
}

Status set_override(std::optional<bool>& out, const Node& node)
{
  bool value = false;
  TKR_TRY(set_bool(value, node));
  out = value;
  return {};
}

const std::array<FieldRule<PipelineOverrides>, 4> k_pipeline_override_rules = {{
    {"arrange", [](PipelineOverrides& o, const Node& n) { return set_override(o.arrange, n); }},
    {"canonicalize",
     [](PipelineOverrides& o, const Node& n) { return set_override(o.canonicalize, n); }},
    {"cache_inject",
     [](PipelineOverrides& o, const Node& n) { return set_override(o.cache_inject, n); }},
    {"dedup", [](PipelineOverrides& o, const Node& n) { return set_override(o.dedup, n); }},
}};

// [providers.pipeline] (or `pipeline = { … }`): the [pipeline] switches for this provider only.
Status set_pipeline_overrides(ProviderConfig& p, const Node& node, const std::string& source)
{
  TKR_TRY(expect_table(node, "[[providers]].pipeline", source));
  return apply_fields<PipelineOverrides>(
      p.pipeline, node, k_pipeline_override_rules, "[[providers]].pipeline", source);
}

const std::array<FieldRule<ProviderConfig>, 6> k_provider_rules = {{
    {"name", [](ProviderConfig& p, const Node& n) { return set_string(p.name, n); }},
    {"kind", set_kind},
    {"base_url", set_base_url},
    {"api_key_env", set_api_key_env},
    {"credential",
     [](ProviderConfig& p, const Node& n) -> Status {
       std::string value;
       TKR_TRY(set_enum(value, n, {"passthrough"}));
       p.passthrough = true;
       return {};
     }},
    {"acquire_command",
     [](ProviderConfig& p, const Node& n) -> Status {
       TKR_TRY_ASSIGN(p.acquire_command, as_string_array(n));
       if (p.acquire_command.empty() || p.acquire_command.front().empty()) {
         return fail(ErrorCode::config, "expected a command line [\"program\", \"arg\", …]");
       }
       return {};
     }},
}};

// Checks that need several fields: required keys, defaults by kind, credential sources.
Status complete_provider(ProviderConfig& p, const Node& table, const std::string& source)
{
  if (p.name.empty()) {
    return config_error(source, table.line, "[[providers]]: missing key name");
  }
  const std::string where = "[[providers]] \"" + p.name + "\"";
  if (table.find("kind") == nullptr) {
    return config_error(source, table.line, where + ": missing key kind");
  }
  if (p.base_url.empty()) {
    p.base_url = std::string(default_base_url(p.kind));
    if (p.base_url.empty()) {
      return config_error(source, table.line, where + ": missing key base_url");
    }
  }
  if (table.find("api_key_env") != nullptr && table.find("credentials") != nullptr) {
    return config_error(
        source, table.line, where + ": use api_key_env or [[providers.credentials]], not both");
  }
  return {};
}

Result<ProviderConfig> parse_provider(const Node& table, const std::string& source)
{
  TKR_TRY(expect_table(table, "[[providers]]", source));
  ProviderConfig p;
  p.line = table.line;
  Node plain = table; // `credentials` and `pipeline` are tables, parsed with their own rules
  std::erase_if(plain.fields,
                [](const Field& f) { return f.key == "credentials" || f.key == "pipeline"; });
  TKR_TRY(apply_fields<ProviderConfig>(p, plain, k_provider_rules, "[[providers]]", source));
  if (const Node* credentials = table.find("credentials")) {
    TKR_TRY(set_credentials(p, *credentials, source));
  }
  if (const Node* pipeline = table.find("pipeline")) {
    TKR_TRY(set_pipeline_overrides(p, *pipeline, source));
  }
  TKR_TRY(complete_provider(p, table, source));
  return p;
}

} // namespace

std::string_view default_base_url(model::ProviderKind kind)
{
  switch (kind) {
  case model::ProviderKind::openai:
    return "https://api.openai.com/v1";
  case model::ProviderKind::anthropic:
    return "https://api.anthropic.com";
  case model::ProviderKind::deepseek:
    return "https://api.deepseek.com";
  case model::ProviderKind::openai_compatible:
    return "";
  }
  return "";
}

Result<std::vector<ProviderConfig>> parse_providers(const Node& array, const std::string& source)
{
  if (array.type != Node::Type::array) {
    return config_error(
        source, array.line, "providers: expected [[providers]] tables, got " + describe(array));
  }
  std::vector<ProviderConfig> out;
  for (const Node& table : array.items) {
    TKR_TRY_ASSIGN(ProviderConfig provider, parse_provider(table, source));
    for (const ProviderConfig& earlier : out) {
      if (earlier.name == provider.name) {
        return config_error(source,
                            table.find("name")->line,
                            "[[providers]].name: duplicate provider \"" + provider.name
                                + "\" (first defined on line " + std::to_string(earlier.line)
                                + ")");
      }
    }
    out.push_back(std::move(provider));
  }
  return out;
}

} // namespace tokenrouter::config
