// [[models]]: each table → ModelConfig with its deployments, then checks across models.

#include "core/config/models.hpp"

#include "core/config/fields.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
#include <array>

namespace tokenrouter::config {

namespace {

// A [[models]] table before its shorthand (`provider`, `upstream`) is resolved.
struct ModelDraft {
  ModelConfig model;
  const Node* provider = nullptr;
  const Node* upstream = nullptr;
  int fallbacks_line = 0;
};

const std::array<FieldRule<DeploymentConfig>, 5> k_deployment_rules = {{
    {"provider",
     [](DeploymentConfig& d, const Node& n) {
       d.line = n.line;
       return set_string(d.provider, n);
     }},
    {"upstream", [](DeploymentConfig& d, const Node& n) { return set_string(d.upstream, n); }},
    {"weight", [](DeploymentConfig& d, const Node& n) { return set_int(d.weight, n, 1, 1000000); }},
    {"capacity_tpm",
     [](DeploymentConfig& d, const Node& n) { return set_int64(d.capacity_tpm, n, 0); }},
    {"capacity_concurrent_tokens",
     [](DeploymentConfig& d, const Node& n) {
       return set_int64(d.capacity_concurrent_tokens, n, 0);
     }},
}};

const std::array<FieldRule<ModelDraft>, 6> k_model_rules = {{
    {"name", [](ModelDraft& m, const Node& n) { return set_string(m.model.name, n); }},
    {"provider",
     [](ModelDraft& m, const Node& n) -> Status {
       m.provider = &n;
       return as_string(n).map([](const std::string&) {});
     }},
    {"upstream",
     [](ModelDraft& m, const Node& n) -> Status {
       m.upstream = &n;
       return as_string(n).map([](const std::string&) {});
     }},
    {"fallbacks",
     [](ModelDraft& m, const Node& n) -> Status {
       m.fallbacks_line = n.line;
       TKR_TRY_ASSIGN(m.model.fallbacks, as_string_array(n));
       return {};
     }},
    {"context_window",
     [](ModelDraft& m, const Node& n) { return set_int64(m.model.context_window, n, 0); }},
    {"max_output_tokens",
     [](ModelDraft& m, const Node& n) { return set_int64(m.model.max_output_tokens, n, 0); }},
}};

Status parse_deployments(ModelDraft& draft, const Node& node, const std::string& source)
{
  if (node.type != Node::Type::array) {
    return config_error(source,
                        node.line,
                        "[[models.deployments]]: expected an array of tables, got "
                            + describe(node));
  }
  for (const Node& item : node.items) {
    TKR_TRY(expect_table(item, "[[models.deployments]]", source));
    DeploymentConfig deployment;
    deployment.line = item.line;
    TKR_TRY(apply_fields<DeploymentConfig>(
        deployment, item, k_deployment_rules, "[[models.deployments]]", source));
    if (deployment.provider.empty()) {
      return config_error(source, item.line, "[[models.deployments]]: missing key provider");
    }
    draft.model.deployments.push_back(std::move(deployment));
  }
  return {};
}

// Resolves the `provider` shorthand into one deployment; a model needs one form or the other.
Status resolve_shorthand(ModelDraft& draft, const Node& table, const std::string& source)
{
  ModelConfig& m = draft.model;
  const std::string where = "[[models]] \"" + m.name + "\"";
  if (draft.provider != nullptr && !m.deployments.empty()) {
    return config_error(
        source, draft.provider->line, where + ": use provider or [[models.deployments]], not both");
  }
  const std::string upstream = draft.upstream != nullptr ? draft.upstream->string : "";
  if (draft.provider != nullptr) {
    DeploymentConfig deployment;
    deployment.provider = draft.provider->string;
    deployment.line = draft.provider->line;
    m.deployments.push_back(std::move(deployment));
  } else if (m.deployments.empty()) {
    return config_error(
        source, table.line, where + ": no provider: set provider or add [[models.deployments]]");
  }
  for (DeploymentConfig& d : m.deployments) {
    if (d.upstream.empty()) {
      d.upstream = upstream;
    }
  }
  return {};
}

Status check_providers(const ModelDraft& draft,
                       const std::string& source,
                       const std::vector<ProviderConfig>& providers)
{
  const std::string key =
      draft.provider != nullptr ? "[[models]].provider" : "[[models.deployments]].provider";
  for (const DeploymentConfig& d : draft.model.deployments) {
    const bool known = std::any_of(providers.begin(),
                                   providers.end(),
                                   [&](const ProviderConfig& p) { return p.name == d.provider; });
    if (!known) {
      return config_error(source, d.line, key + ": unknown provider \"" + d.provider + "\"");
    }
  }
  return {};
}

Result<ModelDraft> parse_model(const Node& table,
                               const std::string& source,
                               const std::vector<ProviderConfig>& providers)
{
  TKR_TRY(expect_table(table, "[[models]]", source));
  ModelDraft draft;
  draft.model.line = table.line;
  Node plain = table;
  std::erase_if(plain.fields, [](const Field& f) { return f.key == "deployments"; });
  TKR_TRY(apply_fields<ModelDraft>(draft, plain, k_model_rules, "[[models]]", source));
  if (draft.model.name.empty()) {
    return config_error(source, table.line, "[[models]]: missing key name");
  }
  if (const Node* deployments = table.find("deployments")) {
    TKR_TRY(parse_deployments(draft, *deployments, source));
  }
  TKR_TRY(resolve_shorthand(draft, table, source));
  TKR_TRY(check_providers(draft, source, providers));
  draft.provider = nullptr; // points into `plain`, gone after this function
  draft.upstream = nullptr;
  return draft;
}

bool is_served(const std::vector<ModelDraft>& drafts, const std::string& name)
{
  return std::any_of(drafts.begin(), drafts.end(), [&](const ModelDraft& d) {
    return util::glob_match(d.model.name, name);
  });
}

Status check_across(const std::vector<ModelDraft>& drafts, const std::string& source)
{
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    const ModelConfig& m = drafts[i].model;
    for (std::size_t j = 0; j < i; ++j) {
      if (drafts[j].model.name == m.name) {
        return config_error(source,
                            m.line,
                            "[[models]].name: duplicate model \"" + m.name
                                + "\" (first defined on line "
                                + std::to_string(drafts[j].model.line) + ")");
      }
    }
    for (const std::string& fallback : m.fallbacks) {
      if (fallback == m.name || !is_served(drafts, fallback)) {
        return config_error(source,
                            drafts[i].fallbacks_line,
                            "[[models]].fallbacks: \"" + fallback
                                + "\" is not another [[models]] entry");
      }
    }
  }
  return {};
}

} // namespace

Result<std::vector<ModelConfig>> parse_models(const Node& array,
                                              const std::string& source,
                                              const std::vector<ProviderConfig>& providers)
{
  if (array.type != Node::Type::array) {
    return config_error(
        source, array.line, "models: expected [[models]] tables, got " + describe(array));
  }
  std::vector<ModelDraft> drafts;
  for (const Node& table : array.items) {
    TKR_TRY_ASSIGN(ModelDraft draft, parse_model(table, source, providers));
    drafts.push_back(std::move(draft));
  }
  TKR_TRY(check_across(drafts, source));
  std::vector<ModelConfig> out;
  for (ModelDraft& draft : drafts) {
    out.push_back(std::move(draft.model));
  }
  return out;
}

} // namespace tokenrouter::config
