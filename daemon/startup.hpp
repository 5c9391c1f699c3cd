#pragma once
// What the daemon needs before it can serve: the effective config and the database path.

#include <string>

#include "core/config/config.hpp"
#include "core/store/database.hpp"
#include "core/util/result.hpp"
#include "daemon/flags.hpp"

namespace tokenrouter::daemon {

struct Startup {
  config::Config config;
  std::string db_path;
};

// Config lookup order: --config, $TOKENROUTER_CONFIG, $XDG_CONFIG_HOME/tokenrouter/config.toml
// (absent = built-in defaults); then TOKENROUTER_* environment overrides; then flags.
[[nodiscard]] Result<Startup> load_startup(const Flags& flags);

// With `[auth] mode = "keys"` and no key at all yet, creates a `dev` key and prints it once, so
// a fresh install can be used at once.
void print_dev_key_if_first_start(const config::Config& config, store::Database& db);

// One log line per provider: name, kind, where, whether it has a credential.
void log_providers(const config::Config& config);

} // namespace tokenrouter::daemon
