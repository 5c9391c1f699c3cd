// users.create / list / show / set-plan (core/auth/user_store).
#include "core/admin/key_json.hpp"
#include "core/admin/ops.hpp"
#include "core/auth/user_store.hpp"
#include "core/billing/plan_quotas.hpp"

namespace tokenrouter::admin {

namespace {

Json user_json(const auth::UserRow& user)
{
  return {{"id", user.id},
          {"email", user.email},
          {"name", user.name},
          {"plan", user.plan},
          {"created_at", user.created_at}};
}

Result<Json> create(AdminContext& context, const Json& args)
{
  auth::UserSpec spec;
  TKR_TRY_ASSIGN(spec.email, required_string(args, "email"));
  spec.name = optional_string(args, "name");
  spec.plan = optional_string(args, "plan", "free");
  TKR_TRY_ASSIGN(auto user, auth::create_user(context.db, spec, context.clock.now_ms() / 1000));
  TKR_TRY(billing::sync_user_plan_quota(context.db, user.id, context.clock.now_ms()));
  return user_json(user);
}

Result<Json> list(AdminContext& context, const Json&)
{
  TKR_TRY_ASSIGN(auto users, auth::list_users(context.db));
  Json out = Json::array();
  for (const auto& user : users) {
    out.push_back(user_json(user));
  }
  return Json{{"users", std::move(out)}};
}

Result<Json> show(AdminContext& context, const Json& args)
{
  TKR_TRY_ASSIGN(auto id, required_string(args, "id"));
  TKR_TRY_ASSIGN(auto user, auth::require_user(context.db, id));
  TKR_TRY_ASSIGN(auto keys, auth::list_user_keys(context.db, user.id));
  Json out = user_json(user);
  out["keys"] = Json::array();
  for (const auto& key : keys) {
    out["keys"].push_back(key_json(key, context.clock.now_ms() / 1000));
  }
  return out;
}

Result<Json> set_plan(AdminContext& context, const Json& args)
{
  TKR_TRY_ASSIGN(auto id, required_string(args, "id"));
  TKR_TRY_ASSIGN(auto plan, required_string(args, "plan"));
  TKR_TRY_ASSIGN(auto user, auth::set_user_plan(context.db, id, plan));
  TKR_TRY(billing::sync_user_plan_quota(context.db, user.id, context.clock.now_ms()));
  return user_json(user);
}

} // namespace

std::vector<OpSpec> user_ops()
{
  return {{"users.create", create},
          {"users.list", list},
          {"users.show", show},
          {"users.set-plan", set_plan}};
}

} // namespace tokenrouter::admin
