#pragma once
// /admin/…: the CLI's operations over HTTP, behind the admin key ($TOKENROUTER_ADMIN_KEY,
// `Authorization: Bearer`, compared in constant time). A data-plane key never opens it.
// POST /admin/keys.create (or /admin/keys/create) runs op "keys.create" with the JSON body as
// arguments; GET /admin/keys runs "keys.list". Answers are exactly what the CLI prints with --json.

#include <mutex>
#include <string>

#include "core/config/config.hpp"
#include "core/gateway/http_types.hpp"
#include "core/store/database.hpp"

namespace tokenrouter::daemon {

class AdminApi {
public:
  // `admin_key` "" disables the API (every call is 403 saying how to enable it).
  AdminApi(store::Database db, const config::Config& config, std::string admin_key);

  gateway::HttpReply handle(const gateway::HttpRequest& request);

private:
  std::mutex m_mutex; // one connection, one operation at a time
  store::Database m_db;
  const config::Config& m_config;
  std::string m_admin_key;
};

// "/admin/keys/create" → "keys.create"; GET "/admin/keys" → "keys.list".
std::string admin_op_for(const std::string& method, const std::string& path);

} // namespace tokenrouter::daemon
