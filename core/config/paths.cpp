#include "core/config/paths.hpp"

#include "core/config/loader.hpp"

#include <filesystem>

namespace tokenrouter::config {

namespace {

std::optional<std::string> non_empty(const EnvLookup& env, const std::string& name)
{
  auto value = env(name);
  if (value && value->empty()) {
    return std::nullopt;
  }
  return value;
}

// $XDG_<kind>_HOME/tokenrouter/<file>, or $HOME/<fallback>/tokenrouter/<file>; "" if neither.
std::string xdg_file(const EnvLookup& env,
                     const std::string& xdg_variable,
                     const std::string& home_fallback,
                     const std::string& file)
{
  const auto xdg = non_empty(env, xdg_variable);
  if (xdg && std::filesystem::path(*xdg).is_absolute()) {
    return (std::filesystem::path(*xdg) / "tokenrouter" / file).string();
  }
  const auto home = non_empty(env, "HOME");
  if (home) {
    return (std::filesystem::path(*home) / home_fallback / "tokenrouter" / file).string();
  }
  return {};
}

} // namespace

ConfigLocation resolve_config_path(const std::optional<std::string>& flag, const EnvLookup& env)
{
  if (flag && !flag->empty()) {
    return {*flag, true};
  }
  if (auto from_env = non_empty(env, "TOKENROUTER_CONFIG")) {
    return {*from_env, true};
  }
  return {xdg_file(env, "XDG_CONFIG_HOME", ".config", "config.toml"), false};
}

Result<std::string>
resolve_db_path(const std::optional<std::string>& flag, const EnvLookup& env, const Config& config)
{
  if (flag && !flag->empty()) {
    return *flag;
  }
  if (auto from_env = non_empty(env, "TOKENROUTER_DB")) {
    return *from_env;
  }
  if (!config.store.path.empty()) {
    return config.store.path;
  }
  std::string path = xdg_file(env, "XDG_DATA_HOME", ".local/share", "tokenrouter.db");
  if (path.empty()) {
    return fail(ErrorCode::config,
                "cannot place the database: set --db, $TOKENROUTER_DB, [store].path or $HOME");
  }
  return path;
}

Result<Config> load_config_at(const ConfigLocation& location)
{
  std::error_code ec;
  if (location.path.empty() || (!location.given && !std::filesystem::exists(location.path, ec))) {
    return Config{};
  }
  if (!std::filesystem::exists(location.path, ec)) {
    return fail(ErrorCode::config, location.path + ": config file not found");
  }
  return load_config_file(location.path);
}

Result<Config> load_effective_config(const std::optional<std::string>& config_flag,
                                     const EnvLookup& env)
{
  TKR_TRY_ASSIGN(Config config, load_config_at(resolve_config_path(config_flag, env)));
  TKR_TRY(apply_env_overrides(config, env));
  add_env_providers(config, env);
  return config;
}

} // namespace tokenrouter::config
