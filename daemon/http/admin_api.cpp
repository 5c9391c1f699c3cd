#include "daemon/http/admin_api.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/admin/ops.hpp"
#include "core/auth/admin_key.hpp"
#include "core/gateway/gateway.hpp"
#include "core/util/strings.hpp"

namespace tokenrouter::daemon {

namespace {

gateway::HttpReply openai_error(const Error& error)
{
  return gateway::error_reply(model::Dialect::openai_chat, error);
}

bool has_op(std::string_view name)
{
  const auto& ops = admin::all_ops();
  return std::any_of(ops.begin(), ops.end(), [&](const admin::OpSpec& op) { return op.name == name; });
}

} // namespace

std::string admin_op_for(const std::string& method, const std::string& path)
{
  std::string op = path.substr(std::min(path.size(), std::string("/admin/").size()));
  std::replace(op.begin(), op.end(), '/', '.');
  if (method == "GET" && !has_op(op) && has_op(op + ".list")) {
    op += ".list";
  }
  return op;
}

AdminApi::AdminApi(store::Database db, const config::Config& config, std::string admin_key)
    : m_db(std::move(db))
    , m_config(config)
    , m_admin_key(std::move(admin_key))
{
}

gateway::HttpReply AdminApi::handle(const gateway::HttpRequest& request)
{
  if (m_admin_key.empty()) {
    return openai_error({ErrorCode::forbidden,
                         "the admin API is disabled: start tokenrouterd with TOKENROUTER_ADMIN_KEY set"});
  }
  const std::string auth = request.header("authorization");
  const std::string presented =
      util::starts_with_ci(auth, "bearer ") ? std::string(util::trim(std::string_view(auth).substr(7))) : "";
  if (!auth::admin_key_matches(presented, m_admin_key)) {
    return openai_error({ErrorCode::unauthorized, "invalid or missing admin key"});
  }
  nlohmann::json args = nlohmann::json::object();
  if (!request.body.empty()) {
    args = nlohmann::json::parse(request.body, nullptr, false);
    if (args.is_discarded() || !args.is_object()) {
      return openai_error({ErrorCode::invalid_request, "the body must be a JSON object of arguments"});
    }
  }
  for (const auto& [name, value] : request.query) {
    args.emplace(name, value);
  }
  const std::string op = admin_op_for(request.method, request.path);
  std::lock_guard lock(m_mutex);
  admin::AdminContext context{m_db, m_config, util::system_clock(), "admin-api"};
  auto result = admin::execute(context, op, args);
  if (!result) {
    return openai_error(result.error());
  }
  gateway::HttpReply reply;
  reply.body = result->dump();
  return reply;
}

} // namespace tokenrouter::daemon
