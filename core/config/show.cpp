// config_to_json: the key table's getters for the scalar sections, then providers and models.

#include "core/config/show.hpp"

#include "core/config/keys.hpp"

namespace tokenrouter::config {

namespace {

using json = nlohmann::json;

// "https://user:secret@host/v1" → "https://***@host/v1".
std::string mask_userinfo(const std::string& url)
{
  const std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) {
    return url;
  }
  const std::size_t host = scheme + 3;
  const std::size_t end = url.find_first_of("/?#", host);
  const std::size_t at = url.rfind('@', end == std::string::npos ? url.size() : end);
  if (at == std::string::npos || at < host) {
    return url;
  }
  return url.substr(0, host) + "***" + url.substr(at);
}

// Only the switches this provider sets; the rest follow [pipeline].
json overrides_to_json(const PipelineOverrides& o)
{
  json out = json::object();
  const std::pair<const char*, const std::optional<bool>*> fields[] = {
      {"arrange", &o.arrange},
      {"canonicalize", &o.canonicalize},
      {"cache_inject", &o.cache_inject},
      {"dedup", &o.dedup}};
  for (const auto& [name, value] : fields) {
    if (value->has_value()) {
      out[name] = **value;
    }
  }
  return out;
}

json provider_to_json(const ProviderConfig& p)
{
  json credentials = json::array();
  for (const CredentialConfig& c : p.credentials) {
    credentials.push_back({{"env", c.env}, {"priority", c.priority}});
  }
  json command = json::array();
  for (std::size_t i = 0; i < p.acquire_command.size(); ++i) {
    command.push_back(i == 0 ? p.acquire_command[i] : std::string("***"));
  }
  return {{"name", p.name},
          {"kind", std::string(model::to_string(p.kind))},
          {"base_url", mask_userinfo(p.base_url)},
          {"credentials", credentials},
          {"passthrough", p.passthrough},
          {"acquire_command", command},
          {"pipeline", overrides_to_json(p.pipeline)}};
}

json model_to_json(const ModelConfig& m)
{
  json deployments = json::array();
  for (const DeploymentConfig& d : m.deployments) {
    deployments.push_back({{"provider", d.provider},
                           {"upstream", d.upstream},
                           {"weight", d.weight},
                           {"capacity_tpm", d.capacity_tpm},
                           {"capacity_concurrent_tokens", d.capacity_concurrent_tokens}});
  }
  return {{"name", m.name},
          {"deployments", deployments},
          {"fallbacks", m.fallbacks},
          {"context_window", m.context_window},
          {"max_output_tokens", m.max_output_tokens}};
}

} // namespace

json config_to_json(const Config& config)
{
  json out = json::object();
  out["source"] = config.source;
  for (const KeyInfo& info : key_table()) {
    out[std::string(info.section)][std::string(info.key)] = info.get(config);
  }
  out["providers"] = json::array();
  for (const ProviderConfig& p : config.providers) {
    out["providers"].push_back(provider_to_json(p));
  }
  out["models"] = json::array();
  for (const ModelConfig& m : config.models) {
    out["models"].push_back(model_to_json(m));
  }
  return out;
}

} // namespace tokenrouter::config
