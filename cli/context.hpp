#pragma once
// What every command shares: global options, the config and database (opened lazily), the
// backend (local database or the daemon's admin API) and the output.

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/config/config.hpp"
#include "core/store/database.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::cli {

using Json = nlohmann::json;

struct GlobalOptions {
  std::string config;
  std::string db;
  std::string server;    // --server URL: use the admin API instead of the local database
  std::string admin_key; // --admin-key (default $TOKENROUTER_ADMIN_KEY)
  bool json = false;
};

class Context {
public:
  GlobalOptions options;

  // The effective config (same lookup order as the daemon).
  [[nodiscard]] Result<const config::Config*> config();
  // The database path the daemon would use.
  [[nodiscard]] Result<std::string> db_path();
  // The local database, opened and migrated.
  [[nodiscard]] Result<store::Database*> database();
  // Runs an admin op locally, or through the daemon with --server; same JSON either way.
  [[nodiscard]] Result<Json> call(std::string_view op, const Json& args);

private:
  [[nodiscard]] Result<Json> call_remote(std::string_view op, const Json& args);

  std::optional<config::Config> m_config;
  std::optional<store::Database> m_db;
};

} // namespace tokenrouter::cli
