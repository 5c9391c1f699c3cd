#include "core/routing/router.hpp"

#include "core/util/strings.hpp"

namespace tokenrouter::routing {

namespace {

bool is_glob(std::string_view name)
{
  return name.find_first_of("*?") != std::string_view::npos;
}

} // namespace

Router::Router(const config::Config& config) : m_config(config) {}

const config::ProviderConfig* Router::provider(std::string_view name) const
{
  for (const auto& provider : m_config.providers) {
    if (provider.name == name) {
      return &provider;
    }
  }
  return nullptr;
}

Result<Route> Router::route_for(const config::ModelConfig& model,
                                std::string_view requested,
                                size_t index) const
{
  if (index >= model.deployments.size()) {
    return fail(ErrorCode::no_route, "model " + model.name + " has no deployment");
  }
  const auto& deployment = model.deployments[index];
  const auto* target = provider(deployment.provider);
  if (target == nullptr) {
    return fail(ErrorCode::no_route, "model " + model.name + ": unknown provider " + deployment.provider);
  }
  std::string upstream = deployment.upstream.empty() ? std::string(requested) : deployment.upstream;
  return Route{target, &model, std::move(upstream)};
}

Result<Route> Router::resolve(std::string_view model) const
{
  for (const auto& entry : m_config.models) {
    if (!is_glob(entry.name) && entry.name == model) {
      return route_for(entry, model, 0);
    }
  }
  for (const auto& entry : m_config.models) {
    if (is_glob(entry.name) && util::glob_match(entry.name, model)) {
      return route_for(entry, model, 0);
    }
  }
  std::string names;
  for (const auto& name : model_names()) {
    names += names.empty() ? name : ", " + name;
  }
  return fail(ErrorCode::not_found,
              "The model `" + std::string(model) + "` does not exist on this gateway. Available: "
                  + (names.empty() ? "(none configured)" : names));
}

std::vector<std::string> Router::model_names() const
{
  std::vector<std::string> names;
  names.reserve(m_config.models.size());
  for (const auto& entry : m_config.models) {
    names.push_back(entry.name);
  }
  return names;
}

} // namespace tokenrouter::routing
