// plans.list / plans.set (core/auth/plan_store).
#include <charconv>
#include <cmath>

#include "core/admin/ops.hpp"
#include "core/auth/plan_store.hpp"
#include "core/billing/plan_quotas.hpp"

namespace tokenrouter::admin {

namespace {

constexpr int64_t k_ppm = 1'000'000;

Json nullable(const std::optional<int64_t>& value)
{
  return value ? Json(*value) : Json(nullptr);
}

Json plan_json(const auth::PlanRow& plan)
{
  return {{"name", plan.name},
          {"monthly_token_quota", nullable(plan.monthly_token_quota)},
          {"rpm", nullable(plan.rpm)},
          {"tpm", nullable(plan.tpm)},
          {"price_multiplier", static_cast<double>(plan.price_multiplier_ppm) / k_ppm},
          {"price_multiplier_ppm", plan.price_multiplier_ppm}};
}

// "0.8" → 800000, exactly (no binary floating point on the way); at most 6
// decimals.
std::optional<int64_t> decimal_ppm(std::string_view text)
{
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  int64_t units = 0;
  if (whole.empty() || fraction.size() > 6
      || std::from_chars(whole.data(), whole.data() + whole.size(), units).ptr
             != whole.data() + whole.size()) {
    return std::nullopt;
  }
  int64_t micro = 0;
  std::string padded = std::string(fraction) + std::string(6 - fraction.size(), '0');
  if (std::from_chars(padded.data(), padded.data() + 6, micro).ptr != padded.data() + 6) {
    return std::nullopt;
  }
  return units * k_ppm + micro;
}

Result<std::optional<int64_t>> multiplier_arg(const Json& args)
{
  if (auto ppm = args.find("price_multiplier_ppm"); ppm != args.end()) {
    return optional_int(args, "price_multiplier_ppm");
  }
  const auto it = args.find("price_multiplier");
  if (it == args.end()) {
    return std::optional<int64_t>{};
  }
  std::optional<int64_t> ppm;
  if (it->is_string()) {
    ppm = decimal_ppm(it->get_ref<const std::string&>());
  } else if (it->is_number()) {
    ppm = std::llround(it->get<double>() * k_ppm);
  }
  if (!ppm || *ppm < 0) {
    return fail(ErrorCode::invalid_request,
                "price_multiplier: a non-negative decimal such as 0.8 is required");
  }
  return ppm;
}

Result<Json> list(AdminContext& context, const Json&)
{
  TKR_TRY_ASSIGN(auto plans, auth::list_plans(context.db));
  Json out = Json::array();
  for (const auto& plan : plans) {
    out.push_back(plan_json(plan));
  }
  return Json{{"plans", std::move(out)}};
}

Result<Json> set(AdminContext& context, const Json& args)
{
  TKR_TRY_ASSIGN(auto name, required_string(args, "name"));
  auth::PlanChange change;
  TKR_TRY_ASSIGN(change.monthly_token_quota, optional_limit(args, "quota_tokens"));
  TKR_TRY_ASSIGN(change.rpm, optional_limit(args, "rpm"));
  TKR_TRY_ASSIGN(change.tpm, optional_limit(args, "tpm"));
  TKR_TRY_ASSIGN(change.price_multiplier_ppm, multiplier_arg(args));
  TKR_TRY_ASSIGN(auto plan, auth::update_plan(context.db, name, change));
  TKR_TRY(billing::sync_plan_quotas(context.db, plan.name, context.clock.now_ms()));
  return plan_json(plan);
}

} // namespace

std::vector<OpSpec> plan_ops()
{
  return {{"plans.list", list}, {"plans.set", set}};
}

} // namespace tokenrouter::admin
