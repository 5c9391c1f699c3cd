#include "cli/context.hpp"

#include <cstdlib>

#include "core/admin/ops.hpp"
#include "core/config/paths.hpp"
#include "core/store/migrate.hpp"
#include "core/upstream/client.hpp"
#include "core/util/clock.hpp"

namespace tokenrouter::cli {

namespace {

std::optional<std::string> non_empty(const std::string& text)
{
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

} // namespace

Result<const config::Config*> Context::config()
{
  if (!m_config) {
    TKR_TRY_ASSIGN(auto loaded,
                   config::load_effective_config(non_empty(options.config), config::process_env()));
    m_config = std::move(loaded);
  }
  return &*m_config;
}

Result<std::string> Context::db_path()
{
  TKR_TRY_ASSIGN(const config::Config* loaded, config());
  return config::resolve_db_path(non_empty(options.db), config::process_env(), *loaded);
}

Result<store::Database*> Context::database()
{
  if (!m_db) {
    TKR_TRY_ASSIGN(auto path, db_path());
    TKR_TRY_ASSIGN(auto db, store::Database::open(path));
    TKR_TRY(store::migrate(db));
    m_db = std::move(db);
  }
  return &*m_db;
}

Result<Json> Context::call(std::string_view op, const Json& args)
{
  if (!options.server.empty()) {
    return call_remote(op, args);
  }
  TKR_TRY_ASSIGN(const config::Config* loaded, config());
  TKR_TRY_ASSIGN(store::Database * db, database());
  admin::AdminContext context{*db, *loaded, util::system_clock(), "cli"};
  return admin::execute(context, op, args);
}

Result<Json> Context::call_remote(std::string_view op, const Json& args)
{
  std::string key = options.admin_key;
  if (key.empty()) {
    key = config::process_env()("TOKENROUTER_ADMIN_KEY").value_or("");
  }
  upstream::Client client(upstream::Timeouts{5, 30, 30, 60});
  upstream::Request request;
  request.base_url = options.server;
  request.path = "/admin/" + std::string(op);
  request.headers.emplace_back("Authorization", "Bearer " + key);
  request.body = args.dump();
  TKR_TRY_ASSIGN(auto response, client.send(request));
  auto body = Json::parse(response.body, nullptr, false);
  if (response.status != 200) {
    std::string message = "the daemon answered " + std::to_string(response.status);
    if (body.is_object() && body.contains("error") && body["error"].contains("message")) {
      message = body["error"]["message"].get<std::string>();
    }
    const ErrorCode code = response.status == 400   ? ErrorCode::invalid_request
                           : response.status == 401 ? ErrorCode::unauthorized
                           : response.status == 403 ? ErrorCode::forbidden
                           : response.status == 404 ? ErrorCode::not_found
                                                    : ErrorCode::internal;
    return fail(code, message);
  }
  if (body.is_discarded()) {
    return fail(ErrorCode::upstream_failed, "the daemon's answer is not JSON");
  }
  return body;
}

} // namespace tokenrouter::cli
