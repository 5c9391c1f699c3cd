// keys.create / keys.list: virtual keys (core/auth/key_store).
#include "core/admin/ops.hpp"
#include "core/auth/key_store.hpp"

namespace tokenrouter::admin {

namespace {

Json key_json(const auth::KeyRow& key, int64_t now_s)
{
  auto optional = [](const std::optional<int64_t>& value) {
    return value ? Json(*value) : Json(nullptr);
  };
  return {{"id", key.id},
          {"prefix", key.prefix},
          {"name", key.name},
          {"user", key.user_id.empty() ? Json(nullptr) : Json(key.user_id)},
          {"models", key.allowed_models},
          {"expires_at", optional(key.expires_at)},
          {"rpm", optional(key.rpm)},
          {"tpm", optional(key.tpm)},
          {"revoked", key.revoked},
          {"active", auth::key_usable(key, now_s)},
          {"created_at", key.created_at},
          {"last_used_at", optional(key.last_used_at)}};
}

Result<Json> create(AdminContext& context, const Json& args)
{
  auth::KeySpec spec;
  TKR_TRY_ASSIGN(spec.name, required_string(args, "name"));
  spec.user_id = optional_string(args, "user");
  if (auto models = args.find("models"); models != args.end() && models->is_array()) {
    for (const auto& model : *models) {
      if (!model.is_string()) {
        return fail(ErrorCode::invalid_request, "models: a list of strings is required");
      }
      spec.allowed_models.push_back(model.get<std::string>());
    }
  }
  TKR_TRY_ASSIGN(spec.expires_at, optional_int(args, "expires_at"));
  TKR_TRY_ASSIGN(spec.rpm, optional_int(args, "rpm"));
  TKR_TRY_ASSIGN(spec.tpm, optional_int(args, "tpm"));
  TKR_TRY_ASSIGN(auto key, auth::create_key(context.db, spec, context.clock.now_ms() / 1000));
  return Json{{"id", key.id}, {"key", key.secret}, {"prefix", key.prefix}, {"name", spec.name}};
}

Result<Json> list(AdminContext& context, const Json&)
{
  TKR_TRY_ASSIGN(auto keys, auth::list_keys(context.db));
  Json out = Json::array();
  const int64_t now_s = context.clock.now_ms() / 1000;
  for (const auto& key : keys) {
    out.push_back(key_json(key, now_s));
  }
  return Json{{"keys", std::move(out)}};
}

} // namespace

std::vector<OpSpec> key_ops()
{
  return {{"keys.create", create}, {"keys.list", list}};
}

} // namespace tokenrouter::admin
