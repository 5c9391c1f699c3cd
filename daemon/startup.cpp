#include "daemon/startup.hpp"

#include <cstdio>
#include <cstdlib>

#include <spdlog/spdlog.h>

#include "core/auth/key_store.hpp"
#include "core/config/env.hpp"
#include "core/config/paths.hpp"
#include "core/replay/cassette.hpp"

namespace tokenrouter::daemon {

Result<Startup> load_startup(const Flags& flags)
{
  const config::EnvLookup env = config::process_env();
  Startup startup;
  TKR_TRY_ASSIGN(startup.config, config::load_effective_config(flags.config, env));
  // Flags win over everything, validated like the file's keys.
  if (flags.listen) {
    TKR_TRY(config::apply_override(startup.config, "server", "listen", *flags.listen, "--listen"));
  }
  if (flags.log_level) {
    TKR_TRY(config::apply_override(startup.config, "log", "level", *flags.log_level, "--log-level"));
  }
  if (flags.log_format) {
    TKR_TRY(config::apply_override(startup.config, "log", "format", *flags.log_format, "--log-format"));
  }
  TKR_TRY_ASSIGN(startup.db_path, config::resolve_db_path(flags.db, env, startup.config));
  startup.config.replay.dir = replay::cassette_root(startup.config.replay.dir, startup.db_path);
  return startup;
}

void print_dev_key_if_first_start(const config::Config& config, store::Database& db)
{
  if (config.auth.mode != "keys") {
    return;
  }
  auto count = auth::count_keys(db);
  if (!count || *count > 0) {
    return;
  }
  auth::KeySpec spec;
  spec.name = "dev";
  const auto now_s = static_cast<int64_t>(std::time(nullptr));
  auto key = auth::create_key(db, spec, now_s);
  if (!key) {
    spdlog::error("could not create the first dev key: {}", key.error().message);
    return;
  }
  // stdout, once: the only time this secret exists outside the client's hands.
  std::printf("\n  First start: created virtual key 'dev' (%s). It is shown only once:\n\n"
              "      %s\n\n"
              "  Use it as the API key of any OpenAI or Anthropic client pointed at this daemon.\n"
              "  More keys: tokenrouter keys create --name NAME\n\n",
              key->id.c_str(), key->secret.c_str());
  std::fflush(stdout);
}

void log_providers(const config::Config& config)
{
  if (config.providers.empty()) {
    spdlog::warn("no upstream provider configured: set OPENAI_API_KEY, ANTHROPIC_API_KEY or "
                 "DEEPSEEK_API_KEY, or add [[providers]] to the config");
  }
  for (const auto& provider : config.providers) {
    bool has_secret = provider.passthrough;
    for (const auto& credential : provider.credentials) {
      has_secret = has_secret || std::getenv(credential.env.c_str()) != nullptr;
    }
    spdlog::info("provider {} ({}) at {}: {}", provider.name, model::to_string(provider.kind),
                 provider.base_url,
                 provider.passthrough ? "client credential passed through"
                 : has_secret         ? "credential set"
                                      : "NO credential set");
  }
}

} // namespace tokenrouter::daemon
