// keys.create / list / show / revoke / rotate: virtual keys
// (core/auth/key_store, key_lifecycle).
#include "core/admin/key_json.hpp"
#include "core/admin/ops.hpp"
#include "core/auth/key_lifecycle.hpp"
#include "core/auth/user_store.hpp"

namespace tokenrouter::admin {

namespace {

int64_t now_s(const AdminContext& context)
{
  return context.clock.now_ms() / 1000;
}

Result<std::vector<std::string>> models_arg(const Json& args)
{
  std::vector<std::string> models;
  if (auto it = args.find("models"); it != args.end() && it->is_array()) {
    for (const auto& model : *it) {
      if (!model.is_string()) {
        return fail(ErrorCode::invalid_request, "models: a list of strings is required");
      }
      models.push_back(model.get<std::string>());
    }
  }
  return models;
}

Result<Json> create(AdminContext& context, const Json& args)
{
  auth::KeySpec spec;
  TKR_TRY_ASSIGN(spec.name, required_string(args, "name"));
  if (const std::string user = optional_string(args, "user"); !user.empty()) {
    TKR_TRY_ASSIGN(auto owner, auth::require_user(context.db, user)); // an id or an email
    spec.user_id = owner.id;
  }
  TKR_TRY_ASSIGN(spec.allowed_models, models_arg(args));
  TKR_TRY_ASSIGN(spec.expires_at, optional_int(args, "expires_at"));
  TKR_TRY_ASSIGN(spec.rpm, optional_int(args, "rpm"));
  TKR_TRY_ASSIGN(spec.tpm, optional_int(args, "tpm"));
  TKR_TRY_ASSIGN(auto key, auth::create_key(context.db, spec, now_s(context)));
  return Json{{"id", key.id}, {"key", key.secret}, {"prefix", key.prefix}, {"name", spec.name}};
}

Result<Json> list(AdminContext& context, const Json&)
{
  TKR_TRY_ASSIGN(auto keys, auth::list_keys(context.db));
  Json out = Json::array();
  for (const auto& key : keys) {
    out.push_back(key_json(key, now_s(context)));
  }
  return Json{{"keys", std::move(out)}};
}

Result<Json> show(AdminContext& context, const Json& args)
{
  TKR_TRY_ASSIGN(auto id, required_string(args, "id"));
  TKR_TRY_ASSIGN(auto key, auth::find_key(context.db, id));
  if (!key) {
    return fail(ErrorCode::not_found, "no key " + id);
  }
  return key_json(*key, now_s(context));
}

Result<Json> revoke(AdminContext& context, const Json& args)
{
  TKR_TRY_ASSIGN(auto id, required_string(args, "id"));
  TKR_TRY_ASSIGN(auto key, auth::revoke_key(context.db, id));
  return key_json(key, now_s(context));
}

Result<Json> rotate(AdminContext& context, const Json& args)
{
  TKR_TRY_ASSIGN(auto id, required_string(args, "id"));
  TKR_TRY_ASSIGN(auto grace, optional_int(args, "grace_s"));
  const int64_t grace_s = grace.value_or(auth::k_default_rotation_grace_s);
  TKR_TRY_ASSIGN(auto rotation, auth::rotate_key(context.db, id, grace_s, now_s(context)));
  return Json{{"id", rotation.key.id},
              {"key", rotation.key.secret},
              {"prefix", rotation.key.prefix},
              {"name", rotation.old.name},
              {"replaces", rotation.old.id},
              {"grace_s", grace_s},
              {"old_key_valid_until", *rotation.old.revoke_at}};
}

} // namespace

std::vector<OpSpec> key_ops()
{
  return {{"keys.create", create},
          {"keys.list", list},
          {"keys.show", show},
          {"keys.revoke", revoke},
          {"keys.rotate", rotate}};
}

} // namespace tokenrouter::admin
